// With profiling built in but telemetry not started, every wrapper must behave exactly like the plain
// client. The openai SDK and the Ollama client talk to a loopback stand-in for their APIs (no real
// endpoint is reachable here).
import OpenAI from 'openai';
import { isTelemetryActive } from '@zeph/telemetry-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRouter } from './model-router.js';
import { createOllamaChatModel } from './ollama-chat-model.js';
import { createOllamaClient } from './ollama-client.js';
import { instrumentOpenAI } from './openai-instrumentation.js';
import { startLoopbackServer, type LoopbackServer } from './test-fixtures/loopback-server.js';
import { ollamaChatStream } from './test-fixtures/ollama-wire.js';
import { chatCompletion, chatCompletionStream, openAIError } from './test-fixtures/openai-wire.js';

let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

describe('telemetry off at run time', () => {
  it('keeps chat, streams, retries and parse working without spans', async () => {
    expect(isTelemetryActive()).toBe(false);
    const client = instrumentOpenAI(new OpenAI({ apiKey: 'sk-test-off-0000', baseURL: `${server.origin}/v1` }), { retry: { initialDelayMs: 1 } });
    server.script(openAIError(503, 'busy'), chatCompletion('after a retry'), chatCompletionStream(['a', 'b']));
    const completion = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] });
    expect(completion.choices[0].message.content).toBe('after a retry');
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('ab');
    expect(typeof stream.toReadableStream).toBe('function');
  });

  it('streams through the router and the Ollama client', async () => {
    server.script(ollamaChatStream(['x', 'y']));
    const router = createModelRouter([createOllamaChatModel(createOllamaClient({ baseUrl: server.origin }), { model: 'llama-test' })]);
    let text = '';
    for await (const chunk of await router.chatStream({ messages: [{ role: 'user', content: 'x' }] })) text += chunk.text;
    expect(text).toBe('xy');
  });
});
