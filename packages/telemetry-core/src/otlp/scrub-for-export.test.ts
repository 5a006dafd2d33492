import { ROOT_CONTEXT } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { REDACTED, registerSecretValue } from '../redact.js';
import { LeanTracerProvider } from '../tracing/lean-tracer-provider.js';
import { scrubSpan } from './scrub-for-export.js';

const SECRET = 'sk-export-canary-91';

describe('scrubSpan', () => {
  const tracer = new LeanTracerProvider({ resource: resourceFromAttributes({}), processors: [], sampleRate: 1 }).getTracer('scrub');

  it('replaces registered secrets in attributes, events, links and status, leaving the original span alone', () => {
    registerSecretValue(SECRET);
    const other = tracer.startSpan('agent.turn', {}, ROOT_CONTEXT);
    other.end();
    const span = tracer.startSpan('tool.execute', {
      attributes: { 'error.text': `token ${SECRET}` },
      links: [{ context: other.spanContext(), attributes: { 'link.note': SECRET, 'link.index': 1 } }, { context: other.spanContext() }],
    });
    span.addEvent('retry', { reason: `401 for ${SECRET}` });
    span.setStatus({ code: 2, message: `denied ${SECRET}` });
    span.end();

    const readable = span as unknown as ReadableSpan;
    const scrubbed = scrubSpan(readable);
    expect(JSON.stringify([scrubbed.attributes, scrubbed.events, scrubbed.links, scrubbed.status])).not.toContain(SECRET);
    expect(scrubbed.links[0].attributes).toEqual({ 'link.note': REDACTED, 'link.index': 1 });
    expect(scrubbed.links[1]).toBe(readable.links[1]);
    expect(scrubbed.spanContext()).toEqual(readable.spanContext());
    expect(readable.links[0].attributes?.['link.note']).toBe(SECRET);
  });

  it('returns the span itself when nothing holds a secret', () => {
    const span = tracer.startSpan('tool.execute', { attributes: { 'tool.name': 'ls' } });
    span.end();
    expect(scrubSpan(span as unknown as ReadableSpan)).toBe(span);
  });
});
