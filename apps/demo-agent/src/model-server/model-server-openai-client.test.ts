// The demo model server is a stand-in for an OpenAI-compatible endpoint (no real model can run
// here); these tests drive it through the real `openai` client over loopback HTTP.
import OpenAI from 'openai';
import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_MODEL, startModelServer, type ModelServer } from './model-server.js';

const TOOLS: ChatCompletionTool[] = [
  { type: 'function', function: { name: 'current_time', description: 'time now', parameters: { type: 'object', properties: { timeZone: { type: 'string' } } } } },
  { type: 'function', function: { name: 'word_count', description: 'count words', parameters: { type: 'object', properties: { text: { type: 'string' } } } } },
];

let server: ModelServer;
let client: OpenAI;
beforeEach(async () => {
  server = await startModelServer();
  client = new OpenAI({ baseURL: server.baseURL, apiKey: 'loopback', maxRetries: 0 });
});
afterEach(async () => {
  await server.close();
});

describe('demo model server through the openai client', () => {
  it('listens on loopback with a free port and answers plain questions deterministically', async () => {
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const ask = () => client.chat.completions.create({ model: DEMO_MODEL, messages: [{ role: 'user', content: 'Hello, who are you?' }] });
    const first = await ask();
    const second = await ask();
    expect(first.choices[0].message.content).toContain('Hello, who are you?');
    expect(second.choices[0].message.content).toBe(first.choices[0].message.content);
    expect(first.choices[0].finish_reason).toBe('stop');
    expect(first.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(server.requests).toBe(2);
  });

  it('asks for an offered tool in OpenAI tool_calls format, then answers from the tool result', async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What time is it in Europe/Berlin?' }];
    const asked = await client.chat.completions.create({ model: DEMO_MODEL, messages, tools: TOOLS });
    const choice = asked.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function tool call');
    expect(call.function.name).toBe('current_time');
    expect(JSON.parse(call.function.arguments)).toEqual({ timeZone: 'Europe/Berlin' });
    expect(call.id).not.toBe('');

    messages.push(choice.message, { role: 'tool', tool_call_id: call.id, content: '2026-11-28T04:00:00+01:00' });
    const answered = await client.chat.completions.create({ model: DEMO_MODEL, messages, tools: TOOLS });
    expect(answered.choices[0].finish_reason).toBe('stop');
    expect(answered.choices[0].message.content).toContain('2026-11-28T04:00:00+01:00');
  });

  it('does not ask for a tool the request did not offer', async () => {
    const reply = await client.chat.completions.create({ model: DEMO_MODEL, messages: [{ role: 'user', content: 'What time is it?' }] });
    expect(reply.choices[0].message.tool_calls ?? []).toEqual([]);
    expect(reply.choices[0].message.content).toContain('current_time');
  });

  it('streams text as server-sent events that the client reassembles, with usage at the end', async () => {
    const plain = await client.chat.completions.create({ model: DEMO_MODEL, messages: [{ role: 'user', content: 'Tell me about traces' }] });
    const stream = await client.chat.completions.create({
      model: DEMO_MODEL,
      messages: [{ role: 'user', content: 'Tell me about traces' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(plain.choices[0].message.content);
    expect(finish).toBe('stop');
    expect(usage?.total_tokens).toBe(plain.usage?.total_tokens);
  });

  it('streams tool calls as deltas that the SDK stream helper assembles', async () => {
    const runner = client.chat.completions.stream({ model: DEMO_MODEL, messages: [{ role: 'user', content: 'Please count the words in: one two three' }], tools: TOOLS });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0].message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function tool call');
    expect(call.function.name).toBe('word_count');
    expect(JSON.parse(call.function.arguments)).toEqual({ text: 'one two three' });
    expect(final.choices[0].finish_reason).toBe('tool_calls');
  });

  it('rejects bad requests with an OpenAI-style error naming the field', async () => {
    await expect(client.chat.completions.create({ model: DEMO_MODEL, messages: [] })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('messages') });
    const res = await fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: '{not json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('not valid JSON');
    const missing = await fetch(`${server.baseURL}/embeddings`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
  });
});
