// Content capture through the real openai and anthropic SDKs against loopback stand-ins for their
// APIs (no real endpoint is reachable here).
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { instrumentAnthropic } from './anthropic-instrumentation.js';
import { instrumentOpenAI } from './openai-instrumentation.js';
import { anthropicStream } from './test-fixtures/anthropic-wire.js';
import { chatCompletion, chatCompletionStream } from './test-fixtures/openai-wire.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

const OPENAI_KEY = 'sk-test-capture-openai-9f8e7d6c5b4a';
const ANTHROPIC_KEY = 'sk-ant-test-capture-1a2b3c4d5e6f';

const { server, telemetry } = await useTracedLoopback();

/** Everything a span exports: attributes, events with their attributes, status message. */
function everythingRecorded(spans: ReadableSpan[]): string {
  return JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status })));
}

const openai = (captureContent: boolean) => instrumentOpenAI(new OpenAI({ apiKey: OPENAI_KEY, baseURL: `${server.origin}/v1` }), { captureContent });

describe('content capture', () => {
  it('records no prompt or completion by default', async () => {
    server.script(chatCompletion('the secret recipe is salt'));
    await openai(false).chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'tell me the recipe' }] });
    const recorded = everythingRecorded(telemetry.spans());
    expect(recorded).not.toContain('recipe');
    expect(telemetry.span('llm.chat').attributes['gen_ai.input.messages']).toBeUndefined();
    expect(recorded).not.toContain(OPENAI_KEY);
  });

  it('records prompt and completion in the conventions message shape when on', async () => {
    server.script(chatCompletion('salt and time'));
    await openai(true).chat.completions.create({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'You are a cook.' },
        { role: 'user', content: 'tell me the recipe' },
      ],
    });
    const chat = telemetry.span('llm.chat');
    expect(JSON.parse(chat.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are a cook.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'tell me the recipe' }] },
    ]);
    expect(JSON.parse(chat.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'salt and time' }], finish_reason: 'stop' },
    ]);
  });

  it('scrubs an API key that turns up inside captured content, and never records it elsewhere', async () => {
    server.script(chatCompletion(`your key is ${OPENAI_KEY}`), chatCompletionStream(['a', OPENAI_KEY]));
    const client = openai(true);
    await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: `is ${OPENAI_KEY} valid?` }] });
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'again' }], stream: true });
    for await (const _chunk of stream) {
      // read it all
    }
    const recorded = everythingRecorded(telemetry.spans());
    expect(recorded).toContain('[REDACTED]');
    expect(recorded).not.toContain(OPENAI_KEY);
    // the key really was on the wire, so its absence above is the redaction at work
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
  });

  it('captures a streamed Anthropic answer, with the system prompt, and no key', async () => {
    server.script(anthropicStream(['Hel', 'lo']));
    const client = instrumentAnthropic(new Anthropic({ apiKey: ANTHROPIC_KEY, baseURL: server.origin }), { captureContent: true });
    const stream = await client.messages.create({ model: 'claude-test', max_tokens: 20, system: 'Be kind.', messages: [{ role: 'user', content: 'greet' }], stream: true });
    for await (const _event of stream) {
      // read it all
    }
    const span = telemetry.span('llm.chat_stream');
    expect(JSON.parse(span.attributes['gen_ai.input.messages'] as string)[0]).toEqual({ role: 'system', parts: [{ type: 'text', content: 'Be kind.' }] });
    expect(JSON.parse(span.attributes['gen_ai.output.messages'] as string)[0].parts[0].content).toBe('Hello');
    // the key was sent (this SDK version sends it as a bearer token), and is recorded nowhere
    expect(JSON.stringify(server.requests[0].headers)).toContain(ANTHROPIC_KEY);
    expect(everythingRecorded(telemetry.spans())).not.toContain(ANTHROPIC_KEY);
  });
});
