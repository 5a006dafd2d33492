// Streams nobody reads: the openai SDK and the Ollama client against loopback stand-ins for their
// APIs (no real endpoint is reachable here) that keep the connection open.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createModelRouter } from './model-router.js';
import { createOllamaChatModel } from './ollama-chat-model.js';
import { createOllamaClient } from './ollama-client.js';
import { instrumentOpenAI } from './openai-instrumentation.js';
import { ollamaChatStreamThenHold } from './test-fixtures/ollama-wire.js';
import { completionChunkEvents } from './test-fixtures/openai-wire.js';
import { sseThenHold } from './test-fixtures/loopback-server.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const { server, telemetry } = await useTracedLoopback();

async function collectUntil(done: () => boolean): Promise<void> {
  for (let round = 0; round < 50 && !done(); round++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function startAndDrop(client: OpenAI): Promise<void> {
  // started, then dropped without being read or closed
  await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }], stream: true });
}

describe('abandoned llm.chat_stream', () => {
  it('ends the span as abandoned once the caller has dropped the stream', async () => {
    server.script(sseThenHold(completionChunkEvents(['a']).slice(0, 2)));
    const client = instrumentOpenAI(new OpenAI({ apiKey: 'sk-test-abandon-0000', baseURL: `${server.origin}/v1` }));
    await startAndDrop(client);
    expect(telemetry.names()).not.toContain('llm.chat_stream');
    await collectUntil(() => telemetry.names().includes('llm.chat_stream'));
    const span = telemetry.span('llm.chat_stream');
    expect(span.attributes).toMatchObject({ 'llm.stream.aborted': true, 'llm.stream.abort_reason': 'abandoned', 'llm.stream.chunk_count': 0 });
  });

  it('ends the router span and the model stream span of a routed stream nobody reads', async () => {
    telemetry.reset();
    server.script(ollamaChatStreamThenHold(['a', 'b']));
    const router = createModelRouter([createOllamaChatModel(createOllamaClient({ baseUrl: server.origin }), { model: 'llama-test' })]);
    await (async () => {
      await router.chatStream({ messages: [{ role: 'user', content: 'x' }] });
    })();
    await collectUntil(() => telemetry.names().includes('llm.router') && telemetry.names().includes('llm.chat_stream'));
    expect(telemetry.span('llm.chat_stream').attributes['llm.stream.abort_reason']).toBe('abandoned');
    expect(telemetry.names()).toContain('llm.router');
  });
});
