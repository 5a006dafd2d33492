import { basename } from 'node:path';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { TRACE_FILE_NAME_PATTERN } from '@zeph/telemetry-core/chrome-trace';
import { encodeTraceExportRequest, OtlpHttpSender, otlpSignalUrl, scrubSpan } from '@zeph/telemetry-core/otlp';
import { argsOf, isRecordedSpan, resourceFor, spanFromEvent, timedEventFrom } from './chrome-to-otlp.js';
import { streamTraceEvents, type StreamOptions } from './event-stream.js';
import { UnreadableSpans, type UnreadableSpansReport } from './unreadable-spans.js';

export interface PushOptions extends StreamOptions {
  /** OTLP/HTTP base URL; spans go to `{endpoint}/v1/traces`. */
  endpoint: string;
  /** Request headers (from the vault); sent, never printed. */
  headers?: Record<string, string>;
  /** service.name of every span; without it, the process name the trace recorded for the span's pid. */
  serviceName?: string;
  /** Spans per request (default 512, as the live exporter). */
  batchSize?: number;
  /** One attempt is abandoned after this long (default 10 s). */
  attemptTimeoutMs?: number;
}

export interface PushResult {
  spans: number;
  spanEvents: number;
  requests: number;
  /** X events without our trace and span ids (written by other tools): not spans we can rebuild. */
  skipped: number;
  /** X events that cannot be read as spans at all (no name, ts or dur not a number). */
  unreadableSpans: UnreadableSpansReport;
  /** Span links left out because their entry was malformed (not an object, or ids that are not hex of the right length). */
  skippedLinks: number;
  terminated: boolean;
}

export class PushError extends Error {
  constructor(
    message: string,
    readonly sentSpans: number,
  ) {
    super(message);
    this.name = 'PushError';
  }
}

type RebuiltSpan = ReadableSpan & { events: TimedEvent[] };

/**
 * Sends the spans of a Chrome trace written by our layer to an OTLP/HTTP endpoint, with the live
 * exporter's encoding, scrubbing and retries. The file streams through: a batch leaves once a later
 * span shows that its spans' events (written right after each span) are all in, so memory stays at
 * about one read chunk and one batch whatever the file's size. Stops at the first request the
 * endpoint refuses for good, saying how many spans went before.
 */
export async function pushTrace(file: string, options: PushOptions): Promise<PushResult> {
  const url = otlpSignalUrl(options.endpoint, 'traces');
  const batchSize = options.batchSize ?? 512;
  const sender = new OtlpHttpSender({
    url,
    headers: options.headers,
    attemptTimeoutMs: options.attemptTimeoutMs,
    // A person waits on this command: three attempts, not the exporter's five.
    retry: { maxAttempts: 3, initialBackoffMs: 250 },
  });
  const sessionId = TRACE_FILE_NAME_PATTERN.exec(basename(file))?.[1];
  const processNames = new Map<unknown, string>();
  const resources = new Map<unknown, Resource>();
  const resourceOf = (pid: unknown): Resource => {
    let resource = resources.get(pid);
    if (!resource) {
      resource = resourceFor({ serviceName: options.serviceName ?? processNames.get(pid) ?? 'zeph-agent', sessionId });
      resources.set(pid, resource);
    }
    return resource;
  };

  const unreadable = new UnreadableSpans();
  const result: PushResult = { spans: 0, spanEvents: 0, requests: 0, skipped: 0, skippedLinks: 0, unreadableSpans: unreadable.report, terminated: false };
  let pending: RebuiltSpan[] = [];
  const pendingById = new Map<string, RebuiltSpan>();

  const send = async (spans: RebuiltSpan[]): Promise<void> => {
    const outcome = await sender.send(encodeTraceExportRequest(spans.map(scrubSpan)));
    if (!outcome.ok) throw new PushError(`push to ${url}: ${outcome.reason}; ${result.spans} spans had been sent`, result.spans);
    result.requests++;
    result.spans += spans.length;
  };
  // Keeps the newest span back: events written after it may still be in the next chunk.
  const sendFullBatches = async (): Promise<void> => {
    while (pending.length > batchSize) {
      const batch = pending.slice(0, batchSize);
      pending = pending.slice(batchSize);
      for (const span of batch) pendingById.delete(span.spanContext().spanId);
      await send(batch);
    }
  };

  try {
    const stream = await streamTraceEvents(
      file,
      (event, index, line) => {
        if (event.ph === 'M' && event.name === 'process_name') {
          const name = argsOf(event).name;
          if (typeof name === 'string' && name !== '') processNames.set(event.pid, name);
          return;
        }
        if (event.ph === 'i' || event.ph === 'I') {
          const owner = pendingById.get(String(argsOf(event).span_id));
          if (owner) {
            owner.events.push(timedEventFrom(event));
            result.spanEvents++;
          }
          return;
        }
        if (!unreadable.isSpan(event, index, line)) return;
        if (!isRecordedSpan(event)) {
          result.skipped++;
          return;
        }
        const span = spanFromEvent(event, resourceOf(event.pid), result);
        pending.push(span);
        pendingById.set(span.spanContext().spanId, span);
      },
      { onProgress: options.onProgress, afterChunk: sendFullBatches },
    );
    result.terminated = stream.terminated;
    while (pending.length > 0) {
      const batch = pending.splice(0, batchSize);
      await send(batch);
    }
    return result;
  } finally {
    sender.close();
  }
}
