import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Logger, TelemetryLayer } from '../types.js';

export interface ChromeLayerOptions {
  traceDir: string;
  sessionId: string;
  processName: string;
  log: Logger;
}

export type ChromeTraceLayer = TelemetryLayer & { readonly filePath: string };

function timestampForFileName(date = new Date()): string {
  return date.toISOString().replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
}

// First cut: synchronous appends, one lane. To be replaced by the streaming writer with lanes.
export function createChromeTraceLayer(options: ChromeLayerOptions): ChromeTraceLayer {
  const filePath = join(options.traceDir, `${options.sessionId}_${timestampForFileName()}.json`);
  const pid = process.pid;
  const processor: SpanProcessor = {
    onStart() {},
    onEnd(span: ReadableSpan) {
      const ts = span.startTime[0] * 1e6 + span.startTime[1] / 1e3;
      const dur = span.duration[0] * 1e6 + span.duration[1] / 1e3;
      const cat = span.name.split('.')[0];
      const ev = { name: span.name, cat, ph: 'X', ts, dur, pid, tid: 1, args: { ...span.attributes, trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId } };
      appendFileSync(filePath, `,\n${JSON.stringify(ev)}`);
    },
    async forceFlush() {},
    async shutdown() {},
  };
  return {
    kind: 'chrome',
    filePath,
    spanProcessor: processor,
    start() {
      mkdirSync(options.traceDir, { recursive: true });
      writeFileSync(filePath, `[\n${JSON.stringify({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: options.processName } })}`);
    },
    async shutdown() {
      appendFileSync(filePath, '\n]\n');
    },
  };
}
