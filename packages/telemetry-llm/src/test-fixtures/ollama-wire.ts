// Bodies in Ollama's /api/chat (JSON and NDJSON) and /api/embed wire format, for the loopback stand-in.
import { json, ndjson, ndjsonThenHold, type Reply } from './loopback-server.js';

export function ollamaChat(content: string, model = 'llama-test:1b'): Reply {
  return json({
    model,
    created_at: '2026-01-01T00:00:00Z',
    message: { role: 'assistant', content },
    done: true,
    done_reason: 'stop',
    total_duration: 1000,
    prompt_eval_count: 11,
    eval_count: 4,
  });
}

export function ollamaStreamLines(pieces: string[], model = 'llama-test:1b'): unknown[] {
  return [
    ...pieces.map((content) => ({ model, created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content }, done: false })),
    { model, created_at: '2026-01-01T00:00:01Z', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 8, eval_count: pieces.length },
  ];
}

export function ollamaChatStream(pieces: string[], options: { dropAfter?: number } = {}): Reply {
  return ndjson(ollamaStreamLines(pieces), options);
}

export function ollamaChatStreamThenHold(pieces: string[]): Reply {
  return ndjsonThenHold(ollamaStreamLines(pieces).slice(0, pieces.length));
}

export function ollamaEmbed(embeddings: number[][], model = 'embed-test'): Reply {
  return json({ model, embeddings, prompt_eval_count: 3 });
}
