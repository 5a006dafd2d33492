// The @anthropic-ai/sdk client talks to a loopback stand-in for the Anthropic API (no real endpoint
// is reachable here); the stand-in speaks the Messages JSON and SSE wire format
// (message_start / content_block_delta / message_delta / message_stop).
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { instrumentAnthropic } from './anthropic-instrumentation.js';
import { anthropicError, anthropicMessage, anthropicStream } from './test-fixtures/anthropic-wire.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

const FAKE_KEY = 'sk-ant-test-fake-key-abcdef0123456789';

const { server, telemetry } = await useTracedLoopback();

function client(options: Parameters<typeof instrumentAnthropic>[1] = {}) {
  return instrumentAnthropic(new Anthropic({ apiKey: FAKE_KEY, baseURL: server.origin }), options);
}

describe('instrumentAnthropic', () => {
  it('records llm.chat for messages.create with billable input tokens, and no span of the SDK itself', async () => {
    server.script(anthropicMessage('Bonjour', { id: 'msg_77' }));
    const message = await client().messages.create({
      model: 'claude-test',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Say hello in French' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Bonjour' });
    expect(telemetry.names()).toEqual(['llm.http_request', 'llm.retry', 'llm.chat']);
    expect(telemetry.span('llm.chat').attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'llm.provider': 'claude',
      'gen_ai.request.model': 'claude-test',
      'gen_ai.response.model': 'claude-test-2026-01-01',
      'gen_ai.response.id': 'msg_77',
      'gen_ai.request.max_tokens': 100,
      'gen_ai.usage.input_tokens': 24,
      'gen_ai.usage.output_tokens': 7,
    });
    expect(telemetry.span('llm.chat').attributes['gen_ai.response.finish_reasons']).toEqual(['end_turn']);
  });

  it('records a streamed message as llm.chat_stream from message_start to message_stop', async () => {
    server.script(anthropicStream(['Bon', 'jour']));
    const stream = await client().messages.create({
      model: 'claude-test',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Say hello in French' }],
      stream: true,
    });
    let text = '';
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    expect(text).toBe('Bonjour');
    const span = telemetry.span('llm.chat_stream');
    // every event the SDK yields is a chunk; it drops `ping` itself, so 8 sent, 7 read
    expect(span.attributes).toMatchObject({
      'llm.stream.chunk_count': 7,
      'llm.stream.aborted': false,
      'gen_ai.response.id': 'msg_s1',
      'gen_ai.usage.input_tokens': 15,
      'gen_ai.usage.output_tokens': 2,
    });
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['end_turn']);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('keeps the messages.stream() helper working through the wrapper', async () => {
    server.script(anthropicStream(['Hal', 'lo']));
    const stream = client().messages.stream({ model: 'claude-test', max_tokens: 50, messages: [{ role: 'user', content: 'Hello in German' }] });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'Hallo' });
    expect(telemetry.span('llm.chat_stream').attributes['llm.stream.aborted']).toBe(false);
  });

  it('marks a failed call ERROR with an exception event and error.type', async () => {
    server.script(anthropicError(400, 'invalid_request_error', 'max_tokens: field required'));
    await expect(client().messages.create({ model: 'claude-test', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow(/max_tokens/);
    const span = telemetry.span('llm.chat');
    expect(span.status.code).toBe(2);
    const exception = span.events.find((event) => event.name === 'exception');
    expect(exception?.attributes?.['exception.type']).toBe('BadRequestError');
    expect(exception?.attributes?.['exception.message']).toMatch(/max_tokens/);
    expect(span.attributes['error.type']).toBe('400');
    const http = telemetry.span('llm.http_request');
    expect(http.attributes['error.type']).toBe('400');
    expect(server.requests).toHaveLength(1);
  });
});
