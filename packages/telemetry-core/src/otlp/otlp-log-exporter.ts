import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { Resource } from '@opentelemetry/resources';
import type { LogLevel, LogRecord } from '../types.js';
import type { OtlpHttpSender } from './otlp-http-sender.js';
import { LOG_LEVEL_RANK } from '../log-levels.js';

type ExportedLogRecord = Parameters<typeof ProtobufLogsSerializer.serializeRequest>[0][number];
type InstrumentationScope = ExportedLogRecord['instrumentationScope'];

// OpenTelemetry's severity numbers: the first of each range (DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20).
const SEVERITY: Record<LogLevel, { number: number; text: string }> = {
  debug: { number: 5, text: 'DEBUG' },
  info: { number: 9, text: 'INFO' },
  warn: { number: 13, text: 'WARN' },
  error: { number: 17, text: 'ERROR' },
};

export interface OtlpLogExporterOptions {
  /** Records below this level are not sent (default info: debug lines stay in the local log file). */
  minLevel?: LogLevel;
  /** Records waiting to be sent at most; newer ones are dropped and counted beyond it (default 2048). */
  maxQueued?: number;
  /** Records per request (default 512). */
  batchSize?: number;
  /** A batch goes out at least this often while records wait (default 5 s). */
  intervalMs?: number;
  /** Records given up: the queue was full, or a batch failed after the sender's retries. */
  onDrop(count: number, reason: 'queue_full' | 'export_failed', detail?: string): void;
  onExported(count: number): void;
}

const msToHrTime = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

/** A log field as an attribute value: primitives and arrays of them as they are, anything else as JSON. */
function attributeValue(value: unknown): AttributeValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '[unserialisable]';
  }
}

function fieldAttributes(fields: Record<string, unknown> | undefined): Attributes {
  const attributes: Attributes = {};
  if (!fields) return attributes;
  for (const [key, value] of Object.entries(fields)) {
    const converted = attributeValue(value);
    if (converted !== undefined) attributes[key] = converted;
  }
  return attributes;
}

/**
 * Sends log records to an OTLP/HTTP logs endpoint (`/v1/logs`): the logger's name becomes the
 * instrumentation scope, a record made inside a span carries its trace and span id, and the resource
 * is the spans'. Records wait in a bounded queue and go out in batches, one request at a time, through
 * the retrying sender; `add` never blocks and never throws. Records arrive already redacted (the
 * logger scrubs messages and fields).
 */
export class OtlpLogExporter {
  private queue: ExportedLogRecord[] = [];
  private readonly scopes = new Map<string, InstrumentationScope>();
  private readonly minRank: number;
  private readonly maxQueued: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private flushSoon = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly sender: OtlpHttpSender,
    private readonly resource: Resource,
    private readonly options: OtlpLogExporterOptions,
  ) {
    this.minRank = LOG_LEVEL_RANK[options.minLevel ?? 'info'];
    this.maxQueued = options.maxQueued ?? 2048;
    this.batchSize = options.batchSize ?? 512;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.intervalMs ?? 5000);
    this.timer.unref();
  }

  get queued(): number {
    return this.queue.length;
  }

  add(record: LogRecord): void {
    if (LOG_LEVEL_RANK[record.level] < this.minRank) return;
    if (this.queue.length >= this.maxQueued) {
      this.options.onDrop(1, 'queue_full');
      return;
    }
    this.queue.push(this.toExported(record));
    if (this.queue.length >= this.batchSize && !this.flushSoon) {
      // Not from inside the logger call: the batch goes out from its own macrotask.
      this.flushSoon = true;
      setImmediate(() => {
        this.flushSoon = false;
        void this.flush();
      }).unref();
    }
  }

  /** Sends what waits, batch by batch; resolves when the queue is empty or a batch failed. */
  flush(): Promise<void> {
    this.sending ??= this.sendAll().finally(() => {
      this.sending = undefined;
    });
    return this.sending;
  }

  /** Sends what waits within `deadlineMs`, then cuts any request still retrying. */
  async shutdown(deadlineMs: number): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, deadlineMs).unref());
    await Promise.race([this.flush(), deadline]);
    this.abort.abort();
    if (this.queue.length > 0) this.options.onDrop(this.queue.length, 'export_failed', 'shutdown deadline');
    this.queue = [];
  }

  private async sendAll(): Promise<void> {
    while (this.queue.length > 0 && !this.abort.signal.aborted) {
      const batch = this.queue.splice(0, this.batchSize);
      const body = ProtobufLogsSerializer.serializeRequest(batch);
      if (!body) {
        this.options.onDrop(batch.length, 'export_failed', 'records could not be serialized');
        continue;
      }
      const outcome = await this.sender.send(body, this.abort.signal);
      if (!outcome.ok) {
        this.options.onDrop(batch.length, 'export_failed', outcome.reason);
        return;
      }
      this.options.onExported(batch.length);
    }
  }

  private toExported(record: LogRecord): ExportedLogRecord {
    const time = msToHrTime(record.time);
    const severity = SEVERITY[record.level];
    return {
      hrTime: time,
      hrTimeObserved: time,
      severityNumber: severity.number,
      severityText: severity.text,
      body: record.message,
      attributes: fieldAttributes(record.fields),
      droppedAttributesCount: 0,
      spanContext: record.traceId && record.spanId ? { traceId: record.traceId, spanId: record.spanId, traceFlags: 1 } : undefined,
      resource: this.resource,
      instrumentationScope: this.scopeFor(record.scope),
    } as ExportedLogRecord;
  }

  // The serializer groups records by scope object: one object per logger name.
  private scopeFor(name: string): InstrumentationScope {
    let scope = this.scopes.get(name);
    if (!scope) {
      scope = { name };
      this.scopes.set(name, scope);
    }
    return scope;
  }
}
