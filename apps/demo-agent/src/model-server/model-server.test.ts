// The demo's model server is a loopback stand-in for an OpenAI-compatible endpoint (no real model
// can run here); these tests drive it through the real `openai` client, plain and SSE streaming.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL, startModelServer, type ModelServer } from './model-server.js';

let server: ModelServer;
let client: OpenAI;
const SHELL_TOOL = {
  type: 'function' as const,
  function: { name: 'shell', description: 'run a command', parameters: { type: 'object', properties: { command: { type: 'string' } } } },
};

beforeAll(async () => {
  server = await startModelServer();
  client = new OpenAI({ baseURL: server.baseURL, apiKey: 'test', maxRetries: 0 });
});
afterAll(() => server.close());

describe('demo model server', () => {
  it('listens on 127.0.0.1 on a free port', () => {
    expect(server.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(server.baseURL).not.toMatch(/:0\/v1$/);
  });

  it('answers a plain message with text, the same way every time, with usage', async () => {
    const ask = () =>
      client.chat.completions.create({
        model: DEMO_MODEL,
        messages: [
          { role: 'system', content: 'Skill sql-query: write SQL\n\nKnown facts: staging runs PostgreSQL 16.' },
          { role: 'user', content: 'Why is the database slow?' },
        ],
      });
    const first = await ask();
    const second = await ask();
    expect(first.choices[0].finish_reason).toBe('stop');
    expect(first.choices[0].message.content).toContain('sql-query');
    expect(first.choices[0].message.content).toContain('staging runs PostgreSQL 16');
    expect(second.choices[0].message.content).toBe(first.choices[0].message.content);
    expect(first.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(first.usage!.total_tokens).toBe(first.usage!.prompt_tokens + first.usage!.completion_tokens);
  });

  it('asks for one call per request when a message makes several, each with its own id', async () => {
    const completion = await client.chat.completions.create({
      model: DEMO_MODEL,
      messages: [{ role: 'user', content: 'List the files; count the words in: a b c' }],
      tools: [SHELL_TOOL, { type: 'function', function: { name: 'word_count', description: 'count words', parameters: { type: 'object', properties: {} } } }],
    });
    const calls = completion.choices[0].message.tool_calls!.map((c) => (c.type === 'function' ? [c.function.name, JSON.parse(c.function.arguments)] : [c.type]));
    expect(calls).toEqual([
      ['shell', { command: 'ls', args: ['-1'] }],
      ['word_count', { text: 'a b c' }],
    ]);
    const ids = completion.choices[0].message.tool_calls!.map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
  });

  it('answers with a numbered plan when the system prompt asks for one', async () => {
    const completion = await client.chat.completions.create({
      model: DEMO_MODEL,
      messages: [
        { role: 'system', content: 'You are Zeph.\n\nAnswer with a numbered plan: one short step per line, nothing else.' },
        { role: 'user', content: 'list the files; read the file a.md, then hash it' },
      ],
      tools: [SHELL_TOOL],
    });
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.choices[0].message.content).toBe('1. list the files\n2. read the file a.md\n3. hash it');
  });

  it('does not ask again for a call that a lesson in the system prompt says was denied', async () => {
    const ask = (system: string) =>
      client.chat.completions.create({
        model: DEMO_MODEL,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: 'Please delete the build folder build with rm.' },
        ],
        tools: [SHELL_TOOL],
      });
    const taught = await ask('You are Zeph.\n\nLessons learned: shell rm was denied by policy (no-destructive-shell).');
    expect(taught.choices[0].finish_reason).toBe('stop');
    expect(taught.choices[0].message.content).toBe('Earlier, shell rm was denied by policy, so I will not ask for it again.');
    // A lesson about another command does not stop this one.
    const other = await ask('You are Zeph.\n\nLessons learned: shell ls was denied by policy.');
    expect(other.choices[0].finish_reason).toBe('tool_calls');
  });

  it('asks for a tool call in OpenAI tool_calls format when the tool is offered', async () => {
    const completion = await client.chat.completions.create({
      model: DEMO_MODEL,
      messages: [{ role: 'user', content: 'List the files in the workspace.' }],
      tools: [SHELL_TOOL],
    });
    const choice = completion.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls![0];
    expect(call.type).toBe('function');
    expect(call.id).toMatch(/^call_/);
    if (call.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('shell');
    expect(JSON.parse(call.function.arguments)).toEqual({ command: 'ls', args: ['-1'] });
  });

  it('does not ask for a tool that was not offered, and answers from tool results once they are back', async () => {
    const unoffered = await client.chat.completions.create({ model: DEMO_MODEL, messages: [{ role: 'user', content: 'List the files in the workspace.' }] });
    expect(unoffered.choices[0].finish_reason).toBe('stop');
    expect(unoffered.choices[0].message.content).toContain('not available');

    const answered = await client.chat.completions.create({
      model: DEMO_MODEL,
      tools: [SHELL_TOOL],
      messages: [
        { role: 'user', content: 'Please delete the build folder build with rm.' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'shell', arguments: '{"command":"rm"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'denied: shell call blocked by policy' },
      ],
    });
    expect(answered.choices[0].finish_reason).toBe('stop');
    expect(answered.choices[0].message.content).toMatch(/denied by policy/);
  });

  it('streams text as SSE chunks that add up to the plain answer, with usage when asked', async () => {
    const messages = [{ role: 'user' as const, content: 'How do I read a Chrome trace?' }];
    const plain = await client.chat.completions.create({ model: DEMO_MODEL, messages });
    const stream = await client.chat.completions.create({ model: DEMO_MODEL, messages, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let chunks = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      chunks += 1;
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? '';
        finish = choice.finish_reason ?? finish;
      }
      usage = chunk.usage ?? usage;
    }
    expect(chunks).toBeGreaterThan(5);
    expect(text).toBe(plain.choices[0].message.content);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBe(plain.usage!.completion_tokens);
  });

  it('streams a tool call as tool_calls deltas', async () => {
    const stream = await client.chat.completions.create({
      model: DEMO_MODEL,
      messages: [{ role: 'user', content: 'List the files in the workspace.' }],
      tools: [SHELL_TOOL],
      stream: true,
    });
    let name = '';
    let args = '';
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        for (const delta of choice.delta.tool_calls ?? []) {
          name += delta.function?.name ?? '';
          args += delta.function?.arguments ?? '';
        }
        finish = choice.finish_reason ?? finish;
      }
    }
    expect(name).toBe('shell');
    expect(JSON.parse(args)).toEqual({ command: 'ls', args: ['-1'] });
    expect(finish).toBe('tool_calls');
  });

  it('rejects a malformed request with a 400 that names the field', async () => {
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: DEMO_MODEL, messages: [] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; param: string } };
    expect(body.error.param).toBe('messages');
    expect(body.error.message).toContain('"messages"');
    const notJson = await fetch(`${server.baseURL}/chat/completions`, { method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { message: string } }).error.message).toContain('not valid JSON');
  });
});
