// Bodies in the OpenAI Chat Completions / Embeddings wire format, for the loopback stand-in.
import { json, sse, type Reply } from './loopback-server.js';

export function chatCompletion(content: string, options: { model?: string; id?: string; finish?: string } = {}): Reply {
  return json({
    id: options.id ?? 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: options.model ?? 'gpt-test-2026-01-01',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: options.finish ?? 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
  });
}

export function completionChunkEvents(pieces: string[], options: { model?: string; withUsage?: boolean } = {}) {
  const model = options.model ?? 'gpt-test-2026-01-01';
  const base = { id: 'chatcmpl-s1', object: 'chat.completion.chunk', created: 1_700_000_000, model };
  const events: Array<{ data: unknown }> = [
    { data: { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] } },
    ...pieces.map((piece) => ({ data: { ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] } })),
    { data: { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] } },
  ];
  if (options.withUsage) events.push({ data: { ...base, choices: [], usage: { prompt_tokens: 9, completion_tokens: pieces.length, total_tokens: 9 + pieces.length } } });
  events.push({ data: '[DONE]' });
  return events;
}

export function chatCompletionStream(pieces: string[], options: { model?: string; withUsage?: boolean; dropAfter?: number } = {}): Reply {
  return sse(completionChunkEvents(pieces, options), { dropAfter: options.dropAfter });
}

export function embeddingResponse(vectors: number[][], model = 'text-embedding-test'): Reply {
  return json({
    object: 'list',
    model,
    data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    usage: { prompt_tokens: 4, total_tokens: 4 },
  });
}

export function openAIError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return json({ error: { message, type: 'server_error', code: null } }, status, headers);
}
