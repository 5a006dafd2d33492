// The openai SDK talks to a loopback stand-in for the OpenAI API (no real endpoint is reachable
// here); the stand-in speaks the Chat Completions, SSE streaming and Embeddings wire format.
import { SpanKind } from '@opentelemetry/api';
import OpenAI from 'openai';
import { withConversation } from '@zeph/telemetry-core';
import { describe, expect, it } from 'vitest';
import { instrumentOpenAI } from './openai-instrumentation.js';
import { chatCompletion, chatCompletionStream, embeddingResponse } from './test-fixtures/openai-wire.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

const FAKE_KEY = 'sk-test-fake-key-0123456789abcdef';

const { server, telemetry } = await useTracedLoopback();

function client(options: Parameters<typeof instrumentOpenAI>[1] = {}) {
  return instrumentOpenAI(new OpenAI({ apiKey: FAKE_KEY, baseURL: `${server.origin}/v1` }), options);
}

describe('instrumentOpenAI', () => {
  it('records llm.chat with GenAI attributes, an attempt and the HTTP exchange nested under it', async () => {
    server.script(chatCompletion('Hello there', { model: 'gpt-test-2026-01-01', id: 'chatcmpl-42' }));
    const completion = await client().chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Say hello' }],
      max_tokens: 64,
      temperature: 0.2,
    });
    expect(completion.choices[0].message.content).toBe('Hello there');
    expect(telemetry.names()).toEqual(['llm.http_request', 'llm.retry', 'llm.chat']);

    const chat = telemetry.span('llm.chat');
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'llm.provider': 'openai',
      'gen_ai.request.model': 'gpt-test',
      'gen_ai.response.model': 'gpt-test-2026-01-01',
      'gen_ai.response.id': 'chatcmpl-42',
      'gen_ai.request.max_tokens': 64,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 5,
    });
    expect(chat.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(chat.attributes['gen_ai.input.messages']).toBeUndefined();

    const attempt = telemetry.span('llm.retry');
    expect(telemetry.parentOf(attempt)?.name).toBe('llm.chat');
    expect(attempt.attributes['llm.retry.attempt']).toBe(1);
    expect(attempt.attributes['http.response.status_code']).toBe(200);
    const http = telemetry.span('llm.http_request');
    expect(telemetry.parentOf(http)?.name).toBe('llm.retry');
    // Calls to the provider are client spans; the retry span only groups attempts.
    expect([telemetry.span('llm.chat').kind, attempt.kind, http.kind]).toEqual([SpanKind.CLIENT, SpanKind.INTERNAL, SpanKind.CLIENT]);
    expect(http.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.full': `${server.origin}/v1/chat/completions`,
      'http.response.status_code': 200,
    });
    expect(http.attributes['http.request.body.size']).toBeGreaterThan(0);
    expect(http.attributes['http.response.body.size']).toBeGreaterThan(0);
    // the SDK's own retries are off: one request reached the server
    expect(server.requests).toHaveLength(1);
  });

  it('carries gen_ai.conversation.id on calls made inside withConversation, and none outside it', async () => {
    server.script(chatCompletion('one'), chatCompletionStream(['tw', 'o']), chatCompletion('three'));
    const llm = client();
    await withConversation('conv-7f3a', async () => {
      await llm.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'first' }] });
      const stream = await llm.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'second' }], stream: true });
      for await (const _chunk of stream);
    });
    await llm.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'third' }] });
    const ids = (name: string) => telemetry.spans().filter((s) => s.name === name).map((s) => s.attributes['gen_ai.conversation.id']);
    expect(ids('llm.chat')).toEqual(['conv-7f3a', undefined]);
    expect(ids('llm.chat_stream')).toEqual(['conv-7f3a']);
  });

  it('keeps llm.chat_stream open while the stream is read and records first chunk time and chunk count', async () => {
    server.script(chatCompletionStream(['Hel', 'lo', '!'], { withUsage: true }));
    const stream = await client().chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Say hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(telemetry.names()).not.toContain('llm.chat_stream');
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Hello!');
    expect(telemetry.names()).toEqual(['llm.http_request', 'llm.retry', 'llm.chat_stream']);
    const span = telemetry.span('llm.chat_stream');
    expect(span.attributes['llm.stream.chunk_count']).toBe(6);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes['llm.stream.aborted']).toBe(false);
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(3);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(span.status.code).toBe(0);
  });

  it('records embeddings as llm.embed with the vector dimension', async () => {
    server.script(embeddingResponse([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]));
    const result = await client().embeddings.create({ model: 'text-embedding-test', input: ['a', 'b'], encoding_format: 'float' });
    expect(result.data[1].embedding).toEqual([0.4, 0.5, 0.6]);
    const span = telemetry.span('llm.embed');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': 'text-embedding-test',
      'gen_ai.embeddings.dimension.count': 3,
      'gen_ai.usage.input_tokens': 4,
    });
  });

  it('records json_schema structured output as llm.extract, and parse() still works through the wrapper', async () => {
    server.script(chatCompletion('{"city":"Oslo","population":700000}'));
    const parsed = await client().chat.completions.parse({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Largest city in Norway?' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'city', strict: true, schema: { type: 'object', properties: { city: { type: 'string' }, population: { type: 'number' } }, required: ['city', 'population'], additionalProperties: false } },
      },
    });
    expect(parsed.choices[0].message.parsed).toEqual({ city: 'Oslo', population: 700000 });
    const span = telemetry.span('llm.extract');
    expect(span.attributes['gen_ai.output.type']).toBe('json');
    expect(telemetry.names()).not.toContain('llm.chat');
  });

  it('keeps the chat.completions.stream() helper working through the wrapper', async () => {
    server.script(chatCompletionStream(['Hi', ' there']));
    const runner = client().chat.completions.stream({ model: 'gpt-test', messages: [{ role: 'user', content: 'greet' }] });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0].message.content).toBe('Hi there');
    expect(telemetry.span('llm.chat_stream').attributes['llm.stream.aborted']).toBe(false);
  });

  it('leaves the original client untouched', async () => {
    const original = new OpenAI({ apiKey: FAKE_KEY, baseURL: `${server.origin}/v1` });
    instrumentOpenAI(original);
    server.script(chatCompletion('plain'));
    await original.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }] });
    expect(telemetry.names()).toEqual([]);
  });
});
