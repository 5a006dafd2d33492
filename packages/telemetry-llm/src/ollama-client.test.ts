// The Ollama client talks to a loopback stand-in for an Ollama server (none runs here) that speaks
// /api/chat JSON and NDJSON streaming and /api/embed.
import { describe, expect, it } from 'vitest';
import { createOllamaClient } from './ollama-client.js';
import { ollamaChat, ollamaChatStream, ollamaChatStreamThenHold, ollamaEmbed } from './test-fixtures/ollama-wire.js';
import { json } from './test-fixtures/loopback-server.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

const { server, telemetry } = await useTracedLoopback();

const client = () => createOllamaClient({ baseUrl: server.origin, retry: { initialDelayMs: 5 } });
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('Ollama client', () => {
  it('records /api/chat as llm.chat with token counts from prompt_eval_count and eval_count', async () => {
    server.script(ollamaChat('hello'));
    const answer = await client().chat({ model: 'llama-test', messages, options: { temperature: 0.1, num_predict: 32 } });
    expect(answer.message?.content).toBe('hello');
    expect(server.requests[0].json()).toMatchObject({ model: 'llama-test', stream: false });
    expect(telemetry.names()).toEqual(['llm.http_request', 'llm.retry', 'llm.chat']);
    expect(telemetry.span('llm.chat').attributes).toMatchObject({
      'gen_ai.provider.name': 'ollama',
      'llm.provider': 'ollama',
      'gen_ai.request.model': 'llama-test',
      'gen_ai.response.model': 'llama-test:1b',
      'gen_ai.request.temperature': 0.1,
      'gen_ai.request.max_tokens': 32,
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 4,
    });
  });

  it('streams NDJSON lines as llm.chat_stream', async () => {
    server.script(ollamaChatStream(['a', 'b', 'c']));
    const stream = await client().chatStream({ model: 'llama-test', messages });
    let text = '';
    for await (const line of stream) text += line.message?.content ?? '';
    expect(text).toBe('abc');
    expect(server.requests[0].json().stream).toBe(true);
    expect(telemetry.span('llm.chat_stream').attributes).toMatchObject({
      'llm.stream.chunk_count': 4,
      'llm.stream.aborted': false,
      'gen_ai.usage.output_tokens': 3,
    });
    expect(telemetry.span('llm.chat_stream').attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('ends an NDJSON stream the consumer leaves early as aborted, and closes the connection', async () => {
    server.script(ollamaChatStreamThenHold(['a', 'b', 'c']));
    const stream = await client().chatStream({ model: 'llama-test', messages });
    for await (const _line of stream) break;
    const span = telemetry.span('llm.chat_stream');
    expect(span.attributes).toMatchObject({ 'llm.stream.chunk_count': 1, 'llm.stream.aborted': true, 'llm.stream.abort_reason': 'consumer_stopped' });
  });

  it('ends an NDJSON stream cut by the server as failed with the lines read so far', async () => {
    server.script(ollamaChatStream(['a', 'b', 'c'], { dropAfter: 2 }));
    const stream = await client().chatStream({ model: 'llama-test', messages });
    const read: string[] = [];
    await expect(
      (async () => {
        for await (const line of stream) read.push(line.message?.content ?? '');
      })(),
    ).rejects.toThrow();
    expect(read).toEqual(['a', 'b']);
    const span = telemetry.span('llm.chat_stream');
    expect(span.attributes).toMatchObject({ 'llm.stream.chunk_count': 2, 'llm.stream.aborted': true });
    expect(span.status.code).toBe(2);
  });

  it('records a JSON-schema format as llm.extract', async () => {
    server.script(ollamaChat('{"ok":true}'));
    await client().chat({ model: 'llama-test', messages, format: { type: 'object', properties: { ok: { type: 'boolean' } } } });
    expect(telemetry.span('llm.extract').attributes['gen_ai.output.type']).toBe('json');
  });

  it('records /api/embed as llm.embed', async () => {
    server.script(ollamaEmbed([[1, 2, 3, 4]]));
    const result = await client().embed({ model: 'embed-test', input: ['x'] });
    expect(result.embeddings).toEqual([[1, 2, 3, 4]]);
    expect(telemetry.span('llm.embed').attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.embeddings.dimension.count': 4 });
  });

  it('turns an error answer into an error naming the URL and status, retrying 503 first', async () => {
    server.script(json({ error: 'busy' }, 503), json({ error: 'model "nope" not found' }, 404));
    await expect(client().chat({ model: 'nope', messages })).rejects.toThrow(`${server.origin}/api/chat answered HTTP 404: model "nope" not found`);
    const attempts = telemetry.spans().filter((span) => span.name === 'llm.retry');
    expect(attempts.map((span) => span.attributes['http.response.status_code'])).toEqual([503, 404]);
    expect(telemetry.span('llm.chat').attributes['error.type']).toBe('404');
  });

  it('rejects a bad base URL with an error naming it', () => {
    expect(() => createOllamaClient({ baseUrl: 'not a url' })).toThrow(/baseUrl must be an absolute http\(s\) URL, got "not a url"/);
  });
});
