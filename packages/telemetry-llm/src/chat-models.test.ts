// The provider-neutral ChatModel over each real client (openai SDK, @anthropic-ai/sdk, and this
// package's Ollama and Gemini clients), all pointed at one loopback stand-in server speaking each
// provider's wire format, since no provider endpoint is reachable here.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createAnthropicChatModel } from './anthropic-chat-model.js';
import { instrumentAnthropic } from './anthropic-instrumentation.js';
import { createGeminiChatModel } from './gemini-chat-model.js';
import { createGeminiClient } from './gemini-client.js';
import { createOllamaChatModel } from './ollama-chat-model.js';
import { createOllamaClient } from './ollama-client.js';
import { createOpenAIChatModel } from './openai-chat-model.js';
import { instrumentOpenAI } from './openai-instrumentation.js';
import { anthropicMessage, anthropicStream } from './test-fixtures/anthropic-wire.js';
import { geminiBatchEmbed, geminiGenerate, geminiStream } from './test-fixtures/gemini-wire.js';
import { ollamaChat, ollamaChatStream, ollamaEmbed } from './test-fixtures/ollama-wire.js';
import { chatCompletion, chatCompletionStream, embeddingResponse } from './test-fixtures/openai-wire.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';
import type { ChatModel, ChatStream } from './types.js';

const { server, telemetry } = await useTracedLoopback();

async function collect(stream: ChatStream) {
  let text = '';
  let finishReason: string | undefined;
  for await (const chunk of stream) {
    text += chunk.text;
    finishReason = chunk.finishReason ?? finishReason;
  }
  return { text, finishReason };
}

const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'], additionalProperties: false };
const messages = [
  { role: 'system' as const, content: 'Answer with a number.' },
  { role: 'user' as const, content: 'What is 6 times 7?' },
];

const models: Record<string, () => ChatModel> = {
  openai: () => createOpenAIChatModel(instrumentOpenAI(new OpenAI({ apiKey: 'sk-test-models-1', baseURL: `${server.origin}/v1` })), { model: 'gpt-test', embeddingModel: 'emb-test' }),
  claude: () => createAnthropicChatModel(instrumentAnthropic(new Anthropic({ apiKey: 'sk-ant-test-models-1', baseURL: server.origin })), { model: 'claude-test' }),
  ollama: () => createOllamaChatModel(createOllamaClient({ baseUrl: server.origin }), { model: 'llama-test', embeddingModel: 'emb-test' }),
  gemini: () => createGeminiChatModel(createGeminiClient({ apiKey: 'AIzaTestModels1', baseUrl: server.origin }), { model: 'gemini-test', embeddingModel: 'emb-test' }),
};

const wire = {
  openai: { chat: chatCompletion('42'), stream: chatCompletionStream(['4', '2']), extract: chatCompletion('{"answer":42}') },
  claude: { chat: anthropicMessage('42'), stream: anthropicStream(['4', '2']), extract: anthropicMessage('{"answer":42}') },
  ollama: { chat: ollamaChat('42'), stream: ollamaChatStream(['4', '2']), extract: ollamaChat('{"answer":42}') },
  gemini: { chat: geminiGenerate('42'), stream: geminiStream(['4', '2']), extract: geminiGenerate('{"answer":42}') },
};

describe.each(Object.keys(models))('%s ChatModel', (provider) => {
  const replies = wire[provider as keyof typeof wire];

  it('chats, streams and extracts, each in its llm.* span', async () => {
    const model = models[provider]();
    expect(model.provider).toBe(provider);
    server.script(replies.chat, replies.stream, replies.extract);

    expect((await model.chat({ messages })).text).toBe('42');
    expect(await collect(await model.chatStream({ messages }))).toMatchObject({ text: '42' });
    expect((await model.extract<{ answer: number }>({ messages, schema })).value).toEqual({ answer: 42 });

    const operations = telemetry.names().filter((name) => !['llm.http_request', 'llm.retry'].includes(name));
    expect(operations).toEqual(['llm.chat', 'llm.chat_stream', 'llm.extract']);
    for (const name of operations) expect(telemetry.span(name).attributes['llm.provider']).toBe(provider);
  });
});

describe('ChatModel requests on the wire', () => {
  it('sends the system prompt the way each API wants it', async () => {
    server.script(anthropicMessage('ok'), geminiGenerate('ok'), chatCompletion('ok'));
    await models.claude().chat({ messages });
    await models.gemini().chat({ messages });
    await models.openai().chat({ messages });
    expect(server.requests[0].json()).toMatchObject({ system: 'Answer with a number.', messages: [{ role: 'user', content: 'What is 6 times 7?' }] });
    expect(server.requests[1].json()).toMatchObject({ systemInstruction: { parts: [{ text: 'Answer with a number.' }] }, contents: [{ role: 'user' }] });
    expect(server.requests[2].json().messages[0]).toEqual({ role: 'system', content: 'Answer with a number.' });
  });

  it('embeds through the models that can, and says which cannot', async () => {
    server.script(embeddingResponse([[1, 2]]), ollamaEmbed([[3, 4]]), geminiBatchEmbed([[5, 6], [7, 8]]));
    expect((await models.openai().embed({ input: ['a'] })).vectors).toEqual([[1, 2]]);
    expect((await models.ollama().embed({ input: ['a'] })).vectors).toEqual([[3, 4]]);
    expect((await models.gemini().embed({ input: ['a', 'b'] })).vectors).toEqual([[5, 6], [7, 8]]);
    const claude = models.claude();
    expect(claude.capabilities.has('embed')).toBe(false);
    await expect(claude.embed({ input: ['a'] })).rejects.toThrow(/claude models do not support embed/);
  });

  it('rejects a structured answer that is not JSON with an error naming the model', async () => {
    server.script(chatCompletion('forty-two'));
    await expect(models.openai().extract({ messages, schema })).rejects.toThrow(/openai model gpt-test-2026-01-01 returned text that is not JSON: "forty-two"/);
  });
});
