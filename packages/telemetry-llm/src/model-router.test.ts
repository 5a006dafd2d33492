// The router over real ChatModels (openai SDK, @anthropic-ai/sdk, this package's Ollama client)
// against a loopback stand-in server for their APIs, since no provider endpoint is reachable here.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createAnthropicChatModel } from './anthropic-chat-model.js';
import { instrumentAnthropic } from './anthropic-instrumentation.js';
import { createModelRouter } from './model-router.js';
import { createOllamaChatModel } from './ollama-chat-model.js';
import { createOllamaClient } from './ollama-client.js';
import { createOpenAIChatModel } from './openai-chat-model.js';
import { instrumentOpenAI } from './openai-instrumentation.js';
import { anthropicMessage } from './test-fixtures/anthropic-wire.js';
import { json } from './test-fixtures/loopback-server.js';
import { ollamaChat, ollamaChatStream, ollamaEmbed } from './test-fixtures/ollama-wire.js';
import { chatCompletionStream, openAIError } from './test-fixtures/openai-wire.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

const { server, telemetry } = await useTracedLoopback();

const openai = () =>
  createOpenAIChatModel(instrumentOpenAI(new OpenAI({ apiKey: 'sk-test-router-1', baseURL: `${server.origin}/v1` }), { retry: { maxAttempts: 1 } }), {
    model: 'gpt-test',
  });
const claude = () => createAnthropicChatModel(instrumentAnthropic(new Anthropic({ apiKey: 'sk-ant-test-router-1', baseURL: server.origin })), { model: 'claude-test' });
const ollama = () => createOllamaChatModel(createOllamaClient({ baseUrl: server.origin, retry: { maxAttempts: 1 } }), { model: 'llama-test', embeddingModel: 'emb-test' });
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('llm.router', () => {
  it('uses the primary and says so', async () => {
    server.script(anthropicMessage('from claude'));
    const router = createModelRouter([claude(), ollama()]);
    expect((await router.chat({ messages })).text).toBe('from claude');
    const span = telemetry.span('llm.router');
    expect(span.attributes).toMatchObject({ 'llm.router.choice': 'claude', 'llm.router.model': 'claude-test', 'llm.router.reason': 'primary', 'llm.router.operation': 'chat' });
    expect(telemetry.parentOf(telemetry.span('llm.chat'))).toBe(span);
  });

  it('falls back to the next model after an error, recording the failed one', async () => {
    server.script(openAIError(500, 'primary is down'), ollamaChat('from ollama'));
    const router = createModelRouter([openai(), ollama()]);
    expect((await router.chat({ messages })).text).toBe('from ollama');
    const span = telemetry.span('llm.router');
    expect(span.attributes).toMatchObject({ 'llm.router.choice': 'ollama', 'llm.router.reason': 'fallback_after_error', 'llm.router.candidates': 2 });
    expect(span.status.code).toBe(0);
    const fallback = span.events.find((event) => event.name === 'llm.router.fallback');
    // the same error.type the failed llm.chat span carries
    expect(fallback?.attributes).toMatchObject({ 'llm.provider': 'openai', 'error.type': '500' });
    const chats = telemetry.spans().filter((s) => s.name === 'llm.chat');
    expect(chats.map((s) => [s.attributes['llm.provider'], s.status.code, s.attributes['error.type']])).toEqual([
      ['openai', 2, '500'],
      ['ollama', 0, undefined],
    ]);
    for (const chat of chats) expect(telemetry.parentOf(chat)).toBe(span);
  });

  it('picks a model for its capability when the primary cannot do the operation', async () => {
    server.script(ollamaEmbed([[1, 0]]));
    const router = createModelRouter([claude(), ollama()]);
    expect((await router.embed({ input: ['x'] })).vectors).toEqual([[1, 0]]);
    expect(telemetry.span('llm.router').attributes).toMatchObject({ 'llm.router.choice': 'ollama', 'llm.router.reason': 'capability', 'llm.router.candidates': 1 });
  });

  it('ends ERROR with the last error when every model fails', async () => {
    server.script(openAIError(503, 'down'), json({ error: 'also down' }, 500));
    const router = createModelRouter([openai(), ollama()]);
    await expect(router.chat({ messages })).rejects.toThrow(/answered HTTP 500/);
    const span = telemetry.span('llm.router');
    expect(span.status.code).toBe(2);
    expect(span.events.filter((event) => event.name === 'llm.router.fallback')).toHaveLength(2);
  });

  it('rejects an operation no model supports, naming the models', async () => {
    await expect(createModelRouter([claude()]).embed({ input: ['x'] })).rejects.toThrow(/no model in the router supports embed; models: claude:claude-test/);
  });

  it('keeps the router span open over a fallen-back stream, with llm.chat_stream nested inside', async () => {
    server.script(openAIError(503, 'no stream for you'), ollamaChatStream(['a', 'b']));
    const router = createModelRouter([openai(), ollama()]);
    const stream = await router.chatStream({ messages });
    expect(telemetry.names()).not.toContain('llm.router');
    let text = '';
    for await (const chunk of stream) text += chunk.text;
    expect(text).toBe('ab');
    const routerSpan = telemetry.span('llm.router');
    expect(routerSpan.attributes).toMatchObject({ 'llm.router.choice': 'ollama', 'llm.router.reason': 'fallback_after_error', 'llm.router.operation': 'stream' });
    const streams = telemetry.spans().filter((s) => s.name === 'llm.chat_stream');
    expect(streams.map((s) => s.attributes['llm.provider'])).toEqual(['openai', 'ollama']);
    for (const s of streams) expect(telemetry.parentOf(s)).toBe(routerSpan);
    // children end before their parent
    expect(telemetry.names().at(-1)).toBe('llm.router');
  });

  it('ends the router and the model stream spans, inner first, when the consumer stops early', async () => {
    server.script(chatCompletionStream(['x', 'y', 'z']));
    const router = createModelRouter([openai()]);
    for await (const _chunk of await router.chatStream({ messages })) break;
    const names = telemetry.names().filter((name) => name === 'llm.chat_stream' || name === 'llm.router');
    expect(names).toEqual(['llm.chat_stream', 'llm.router']);
    expect(telemetry.span('llm.chat_stream').attributes['llm.stream.abort_reason']).toBe('consumer_stopped');
  });
});
