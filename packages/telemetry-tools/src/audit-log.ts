import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createLogger, isTelemetryActive, redactFields, scrubSecrets, withSpan } from '@zeph/telemetry-core';
import { TOOL_ATTRIBUTES, TOOL_SPANS } from './spans.js';
import type { AuditLogOptions, AuditRecord } from './types.js';

const log = createLogger('tool-audit-log');
const DEFAULT_MAX_QUEUED = 10_000;

/**
 * Append-only JSONL record of every tool call. `record` never waits on the disk: lines are queued
 * and written by one background append at a time; a full queue drops (and counts) new records.
 */
export class AuditLog {
  private queue: string[] = [];
  private writing: Promise<void> | undefined;
  private ready: Promise<void> | undefined;
  private failedOnce = false;
  dropped = 0;
  written = 0;

  constructor(private readonly options: AuditLogOptions) {}

  get file(): string {
    return this.options.file;
  }

  record(entry: Omit<AuditRecord, 'time' | 'arguments'> & { arguments: Record<string, unknown> }): void {
    withSpan(
      TOOL_SPANS.auditLog,
      (span) => {
        const record: AuditRecord = {
          time: new Date().toISOString(),
          ...entry,
          arguments: redactFields(entry.arguments),
          ...(entry.error !== undefined ? { error: scrubSecrets(entry.error) } : {}),
        };
        const line = `${JSON.stringify(record)}\n`;
        if (this.queue.length >= (this.options.maxQueued ?? DEFAULT_MAX_QUEUED)) {
          this.dropped++;
          span.setAttribute(TOOL_ATTRIBUTES.auditDropped, true);
          return;
        }
        this.queue.push(line);
        if (span.isRecording) span.setAttribute(TOOL_ATTRIBUTES.auditBytes, line.length);
        this.writing ??= this.drain();
      },
      isTelemetryActive() ? { [TOOL_ATTRIBUTES.genAiToolName]: entry.tool, [TOOL_ATTRIBUTES.genAiToolCallId]: entry.callId } : undefined,
    );
  }

  private async drain(): Promise<void> {
    // Start on a later tick so that record() returns before any I/O begins.
    await Promise.resolve();
    try {
      this.ready ??= mkdir(dirname(this.options.file), { recursive: true }).then(() => undefined);
      await this.ready;
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await appendFile(this.options.file, batch.join(''), 'utf8');
        this.written += batch.length;
      }
    } catch (error) {
      this.dropped += this.queue.length;
      this.queue = [];
      if (!this.failedOnce) {
        this.failedOnce = true;
        log.error(`audit log ${this.options.file} could not be written; tool calls go on without it`, { error: (error as Error).message });
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Resolves when every queued record has been written (or dropped after a write error). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }
}

export function createAuditLog(options: AuditLogOptions): AuditLog {
  return new AuditLog(options);
}
