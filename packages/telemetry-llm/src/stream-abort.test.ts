// Streams through the real openai SDK against a loopback stand-in for the OpenAI API (no real
// endpoint is reachable here) that streams SSE, holds the connection open, or drops it midway.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { instrumentOpenAI } from './openai-instrumentation.js';
import { chatCompletionStream, completionChunkEvents } from './test-fixtures/openai-wire.js';
import { sseThenHold } from './test-fixtures/loopback-server.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

const { server, telemetry } = await useTracedLoopback();

const client = () => instrumentOpenAI(new OpenAI({ apiKey: 'sk-test-stream-key-000000', baseURL: `${server.origin}/v1` }), { retry: { maxAttempts: 1 } });
const request = { model: 'gpt-test', messages: [{ role: 'user' as const, content: 'count' }], stream: true as const };
// Role chunk plus five content pieces, then the server waits for the client to leave.
const heldStream = () => sseThenHold(completionChunkEvents(['one', 'two', 'three', 'four', 'five']).slice(0, 6));

describe('aborted llm.chat_stream', () => {
  it('ends the span with what it had when the consumer breaks out', async () => {
    server.script(heldStream());
    const stream = await client().chat.completions.create(request);
    let read = 0;
    for await (const _chunk of stream) {
      if (++read === 3) break;
    }
    const span = telemetry.span('llm.chat_stream');
    expect(span.attributes).toMatchObject({ 'llm.stream.chunk_count': 3, 'llm.stream.aborted': true, 'llm.stream.abort_reason': 'consumer_stopped' });
    expect(span.status.code).toBe(0);
    expect(span.ended).toBe(true);
  });

  it('ends the span as cancelled when the AbortSignal fires midway', async () => {
    server.script(heldStream());
    const controller = new AbortController();
    const stream = await client().chat.completions.create(request, { signal: controller.signal });
    let read = 0;
    const consume = (async () => {
      for await (const _chunk of stream) {
        if (++read === 2) controller.abort();
      }
    })();
    await consume.catch(() => {});
    const span = telemetry.span('llm.chat_stream');
    expect(span.attributes['llm.stream.aborted']).toBe(true);
    expect(span.attributes['llm.stream.abort_reason']).toBe('signal');
    expect(span.attributes['llm.stream.chunk_count']).toBeGreaterThanOrEqual(2);
    expect(span.status.code).toBe(0);
  });

  it('marks the span ERROR, keeping the chunks so far, when the server drops the connection', async () => {
    server.script(chatCompletionStream(['a', 'b', 'c', 'd'], { dropAfter: 3 }));
    const stream = await client().chat.completions.create(request);
    let read = 0;
    await expect(
      (async () => {
        for await (const _chunk of stream) read++;
      })(),
    ).rejects.toThrow();
    const span = telemetry.span('llm.chat_stream');
    expect(span.attributes).toMatchObject({ 'llm.stream.chunk_count': read, 'llm.stream.aborted': true, 'llm.stream.abort_reason': 'connection_lost' });
    expect(read).toBe(3);
    expect(span.status.code).toBe(2);
    expect(span.events.some((event) => event.name === 'exception')).toBe(true);
  });

  it('ends the span when the stream is piped through toReadableStream() and read to its end', async () => {
    server.script(chatCompletionStream(['x', 'y']));
    const stream = await client().chat.completions.create(request);
    const reader = stream.toReadableStream().getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    expect(bytes).toBeGreaterThan(0);
    expect(telemetry.span('llm.chat_stream').attributes['llm.stream.aborted']).toBe(false);
  });
});
