import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { registerSecretValue } from '../redact.js';
import { decodeTraceRequest } from '../testing/otlp-receiver.js';
import { encodeForExport } from './encode-for-export.js';
import { encodeTraceExportRequestFrom } from './otlp-trace-encoder.js';

function endedSpans(names: string[]): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
  for (const name of names) tracer.startSpan(name, { attributes: { 'demo.name': name } }).end();
  return exporter.getFinishedSpans();
}

describe('encodeForExport', () => {
  it('encodes scrubbed spans that the request decodes back to, with the official proto files', () => {
    const secret = 'sk-encode-for-export-9f3a';
    registerSecretValue(secret);
    const spans = endedSpans(['first', `carries ${secret}`]);
    const { prepared, failed } = encodeForExport(spans);
    expect(failed).toBe(0);
    const decoded = decodeTraceRequest(Buffer.from(encodeTraceExportRequestFrom(prepared)));
    expect(decoded.map((span) => span.name)).toEqual(['first', 'carries [REDACTED]']);
    expect(decoded.map((span) => span.attributes['demo.name'])).toEqual(['first', 'carries [REDACTED]']);
    expect(JSON.stringify(decoded)).not.toContain(secret);
  });

  it('leaves out only the span that cannot be encoded and says which, without its secret', () => {
    const secret = 'sk-unencodable-77c1';
    registerSecretValue(secret);
    const spans = endedSpans(['good', `broken ${secret}`, 'also good']);
    // An attribute whose value throws when read: what a span built by other code could carry.
    Object.defineProperty(spans[1].attributes, 'boom', { enumerable: true, get: () => { throw new Error(`cannot read ${secret}`); } });
    const { prepared, failed, reason } = encodeForExport(spans);
    expect(failed).toBe(1);
    expect(prepared).toHaveLength(2);
    expect(reason).toMatch(/^span broken \[REDACTED\] could not be serialized: cannot read \[REDACTED\]$/);
    const decoded = decodeTraceRequest(Buffer.from(encodeTraceExportRequestFrom(prepared)));
    expect(decoded.map((span) => span.name)).toEqual(['good', 'also good']);
  });
});
