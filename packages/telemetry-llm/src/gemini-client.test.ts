// The Gemini REST client talks to a loopback stand-in for generativelanguage.googleapis.com (not
// reachable here) that speaks generateContent, streamGenerateContent with alt=sse, and embeddings.
import { describe, expect, it } from 'vitest';
import { createGeminiClient } from './gemini-client.js';
import { geminiBatchEmbed, geminiEmbed, geminiError, geminiGenerate, geminiStream } from './test-fixtures/gemini-wire.js';
import { json } from './test-fixtures/loopback-server.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

const FAKE_KEY = 'AIzaTestFakeGeminiKey0123456789';

const { server, telemetry } = await useTracedLoopback({ telemetry: { config: { include_args: true } } });

const client = (captureContent = false) => createGeminiClient({ apiKey: FAKE_KEY, baseUrl: server.origin, captureContent, retry: { initialDelayMs: 5 } });
const request = { contents: [{ role: 'user' as const, parts: [{ text: 'Name a colour' }] }], generationConfig: { maxOutputTokens: 20, temperature: 0.5 } };

describe('Gemini client', () => {
  it('records generateContent as llm.chat with the gcp.gemini provider, the key in a header only', async () => {
    server.script(geminiGenerate('Blue'));
    const response = await client().generateContent('gemini-test', request);
    expect(response.candidates?.[0].content?.parts[0].text).toBe('Blue');
    expect(server.requests[0].url).toBe('/v1beta/models/gemini-test:generateContent');
    expect(server.requests[0].headers['x-goog-api-key']).toBe(FAKE_KEY);
    expect(telemetry.names()).toEqual(['llm.http_request', 'llm.retry', 'llm.chat']);
    expect(telemetry.span('llm.chat').attributes).toMatchObject({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gemini',
      'llm.provider': 'gemini',
      'gen_ai.request.model': 'gemini-test',
      'gen_ai.response.model': 'gemini-test-001',
      'gen_ai.response.id': 'resp-gem-1',
      'gen_ai.request.max_tokens': 20,
      'gen_ai.usage.input_tokens': 6,
      'gen_ai.usage.output_tokens': 3,
    });
    expect(telemetry.span('llm.chat').attributes['gen_ai.response.finish_reasons']).toEqual(['STOP']);
  });

  it('streams SSE (alt=sse) as llm.chat_stream, usage from the last event', async () => {
    server.script(geminiStream(['Bl', 'u', 'e']));
    const stream = await client(true).streamGenerateContent('gemini-test', request);
    let text = '';
    for await (const part of stream) text += part.candidates?.[0].content?.parts[0].text ?? '';
    expect(text).toBe('Blue');
    expect(server.requests[0].url).toBe('/v1beta/models/gemini-test:streamGenerateContent?alt=sse');
    const span = telemetry.span('llm.chat_stream');
    expect(span.attributes).toMatchObject({ 'llm.stream.chunk_count': 3, 'llm.stream.aborted': false, 'gen_ai.usage.output_tokens': 3 });
    expect(JSON.parse(span.attributes['gen_ai.output.messages'] as string)[0].parts[0].content).toBe('Blue');
    expect(JSON.stringify(telemetry.spans().map((s) => [s.attributes, s.events]))).not.toContain(FAKE_KEY);
  });

  it('records structured output (JSON mime type with a schema) as llm.extract', async () => {
    server.script(geminiGenerate('{"colour":"blue"}'));
    await client().generateContent('gemini-test', {
      ...request,
      generationConfig: { responseMimeType: 'application/json', responseSchema: { type: 'OBJECT', properties: { colour: { type: 'STRING' } } } },
    });
    expect(telemetry.span('llm.extract').attributes['gen_ai.output.type']).toBe('json');
  });

  it('records embedContent and batchEmbedContents as llm.embed', async () => {
    server.script(geminiEmbed([0.5, 0.25]), geminiBatchEmbed([[1, 0, 0], [0, 1, 0]]));
    const single = await client().embedContent('embed-test', { content: { parts: [{ text: 'a' }] } });
    const batch = await client().batchEmbedContents('embed-test', [{ content: { parts: [{ text: 'a' }] } }, { content: { parts: [{ text: 'b' }] } }]);
    expect(single.embedding.values).toEqual([0.5, 0.25]);
    expect(batch.embeddings).toHaveLength(2);
    expect(server.requests[1].json().requests[0].model).toBe('models/embed-test');
    const embeds = telemetry.spans().filter((span) => span.name === 'llm.embed');
    expect(embeds.map((span) => span.attributes['gen_ai.embeddings.dimension.count'])).toEqual([2, 3]);
  });

  it('retries a 429 with Retry-After and keeps the key out of error messages and spans', async () => {
    server.script(geminiError(429, `quota exceeded for key ${FAKE_KEY}`, { 'retry-after': '0' }), geminiGenerate('ok'));
    await client().generateContent('gemini-test', request);
    const attempts = telemetry.spans().filter((span) => span.name === 'llm.retry');
    expect(attempts.map((span) => span.attributes['http.response.status_code'])).toEqual([429, 200]);
    expect(attempts[0].attributes['llm.retry.retry_after_ms']).toBe(0);
    const recorded = JSON.stringify(telemetry.spans().map((span) => [span.attributes, span.events, span.status]));
    expect(recorded).toContain('quota exceeded for key [REDACTED]');
    expect(recorded).not.toContain(FAKE_KEY);
  });

  it('hands back an answer of an unexpected shape as it came; only the span misses its attributes', async () => {
    server.script(json({ candidates: { not: 'a list' }, usageMetadata: { promptTokenCount: 2 } }));
    const response = await client(true).generateContent('gemini-test', request);
    expect(response.candidates).toEqual({ not: 'a list' });
    const span = telemetry.span('llm.chat');
    expect(span.status.code).toBe(0);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('rejects a model name that would change the URL path', () => {
    expect(() => client().generateContent('../files', request)).toThrow(/Gemini model name/);
  });
});
