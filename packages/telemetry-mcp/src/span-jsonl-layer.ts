import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TelemetryLayer } from '@zeph/telemetry-core';
import type { ExportedSpanRecord, SpanJsonlLayerOptions } from './types.js';

const MAX_QUEUED_LINES = 10_000;

function nanos(time: [number, number]): string {
  return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}

/**
 * A layer that appends every finished span as one JSON line to a file, so that a child process
 * (an MCP server) can hand its spans to its parent, or a test can read them. Writes happen off
 * the span path, one append at a time; beyond a bounded queue lines are dropped and counted.
 */
export function createSpanJsonlLayer(options: SpanJsonlLayerOptions): TelemetryLayer & { readonly dropped: number } {
  let queue: string[] = [];
  let writing: Promise<void> | undefined;
  let dropped = 0;
  let ready: Promise<unknown> | undefined;

  const drain = async () => {
    await Promise.resolve();
    try {
      ready ??= mkdir(dirname(options.file), { recursive: true });
      await ready;
      while (queue.length) {
        const batch = queue;
        queue = [];
        await appendFile(options.file, batch.join(''), 'utf8');
      }
    } catch {
      dropped += queue.length;
      queue = [];
    } finally {
      writing = undefined;
    }
  };
  const flush = async () => {
    while (writing) await writing;
  };

  const processor: SpanProcessor = {
    onStart(_span: Span, _parent: Context) {},
    onEnd(span: ReadableSpan) {
      if (queue.length >= MAX_QUEUED_LINES) {
        dropped++;
        return;
      }
      const record: ExportedSpanRecord = {
        name: span.name,
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
        ...(span.parentSpanContext ? { parentSpanId: span.parentSpanContext.spanId } : {}),
        startTimeUnixNano: nanos(span.startTime),
        endTimeUnixNano: nanos(span.endTime),
        status: span.status.code,
        attributes: { ...span.attributes },
      };
      queue.push(`${JSON.stringify(record)}\n`);
      writing ??= drain();
    },
    forceFlush: flush,
    shutdown: flush,
  };
  return {
    kind: 'span-jsonl',
    spanProcessor: processor,
    forceFlush: flush,
    shutdown: flush,
    get dropped() {
      return dropped;
    },
  };
}

/** Reads a file written by the span JSONL layer (a torn last line, from a killed process, is skipped). */
export function parseSpanJsonl(text: string): ExportedSpanRecord[] {
  const out: ExportedSpanRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as ExportedSpanRecord);
    } catch {
      // Incomplete line.
    }
  }
  return out;
}
