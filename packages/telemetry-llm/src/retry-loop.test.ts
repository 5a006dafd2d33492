// Retries through the real openai SDK against a loopback stand-in for the OpenAI API (no real
// endpoint is reachable here) that answers 429 with Retry-After and 503 before succeeding.
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { instrumentOpenAI } from './openai-instrumentation.js';
import type { RetryPolicy } from './types.js';
import { chatCompletion, openAIError } from './test-fixtures/openai-wire.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

const { server, telemetry } = await useTracedLoopback();

function client(retry: RetryPolicy) {
  return instrumentOpenAI(new OpenAI({ apiKey: 'sk-test-retry-key-000000', baseURL: `${server.origin}/v1` }), { retry });
}

const ask = (c: OpenAI) => c.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });

describe('llm.retry', () => {
  it('retries 429 after its Retry-After and 503 after a jittered backoff, one span per attempt', async () => {
    server.script(openAIError(429, 'slow down', { 'retry-after': '1' }), openAIError(503, 'overloaded'), chatCompletion('finally'));
    const completion = await ask(client({ initialDelayMs: 20, maxAttempts: 3 }));
    expect(completion.choices[0].message.content).toBe('finally');
    expect(server.requests).toHaveLength(3);

    const chat = telemetry.span('llm.chat');
    const attempts = telemetry.spans().filter((span) => span.name === 'llm.retry');
    expect(attempts.map((span) => span.attributes['llm.retry.attempt'])).toEqual([1, 2, 3]);
    for (const attempt of attempts) expect(telemetry.parentOf(attempt)).toBe(chat);
    expect(attempts.map((span) => span.attributes['http.response.status_code'])).toEqual([429, 503, 200]);

    expect(attempts[0].attributes).toMatchObject({ 'llm.retry.retry_after_ms': 1000, 'llm.retry.backoff_ms': 1000, 'llm.retry.will_retry': true });
    expect(attempts[0].status.code).toBe(2);
    const jittered = attempts[1].attributes['llm.retry.backoff_ms'] as number;
    expect(jittered).toBeGreaterThanOrEqual(30);
    expect(jittered).toBeLessThanOrEqual(40);
    expect(attempts[2].status.code).toBe(0);
    expect(chat.status.code).toBe(0);
    // each attempt carries its own HTTP exchange
    const exchanges = telemetry.spans().filter((span) => span.name === 'llm.http_request');
    expect(exchanges.map((span) => telemetry.parentOf(span)?.attributes['llm.retry.attempt'])).toEqual([1, 2, 3]);
    // the second attempt started no earlier than the Retry-After the server asked for
    const gapMs = (attempts[1].startTime[0] - attempts[0].endTime[0]) * 1000 + (attempts[1].startTime[1] - attempts[0].endTime[1]) / 1e6;
    expect(gapMs).toBeGreaterThanOrEqual(990);
  });

  it('gives up after maxAttempts and ends llm.chat with the last error', async () => {
    server.script(openAIError(503, 'down'), openAIError(503, 'still down'));
    await expect(ask(client({ initialDelayMs: 5, maxAttempts: 2 }))).rejects.toThrow(/still down/);
    const attempts = telemetry.spans().filter((span) => span.name === 'llm.retry');
    expect(attempts).toHaveLength(2);
    expect(attempts[1].attributes['llm.retry.will_retry']).toBe(false);
    const chat = telemetry.span('llm.chat');
    expect(chat.status.code).toBe(2);
    expect(chat.events.some((event) => event.name === 'exception')).toBe(true);
  });

  it('does not retry a client error', async () => {
    server.script(openAIError(401, 'bad key'));
    await expect(ask(client({ initialDelayMs: 5 }))).rejects.toThrow(/bad key/);
    expect(server.requests).toHaveLength(1);
    expect(telemetry.spans().filter((span) => span.name === 'llm.retry')).toHaveLength(1);
  });

  it('stops waiting for the next attempt when the caller aborts', async () => {
    server.script(openAIError(429, 'later', { 'retry-after': '30' }));
    const controller = new AbortController();
    const call = client({ maxRetryAfterMs: 60_000 }).chat.completions.create(
      { model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toThrow();
    expect(server.requests).toHaveLength(1);
    const attempts = telemetry.spans().filter((span) => span.name === 'llm.retry');
    expect(attempts).toHaveLength(1);
    expect(attempts[0].attributes['llm.retry.backoff_ms']).toBe(30_000);
    expect(telemetry.span('llm.chat').status.code).toBe(2);
  });
});
