import { JsonLogWriter } from './json-log-writer.js';
import { LOG_LEVEL_RANK } from './log-levels.js';
import type { LogLevel, LogRecord, TelemetryLayer } from './types.js';

function fieldsText(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  try {
    return ` ${JSON.stringify(fields)}`;
  } catch {
    return ' {"fields":"[unserialisable]"}';
  }
}

/** Human-readable lines on stderr at or above `minLevel`. */
export function createStderrLogLayer(minLevel: LogLevel): TelemetryLayer {
  const min = LOG_LEVEL_RANK[minLevel];
  return {
    kind: 'stderr-log',
    onLog(record: LogRecord) {
      if (LOG_LEVEL_RANK[record.level] < min) return;
      try {
        process.stderr.write(`zeph ${record.level} [${record.scope}] ${record.message}${fieldsText(record.fields)}\n`);
      } catch {
        // A closed stderr must not take the agent down.
      }
    },
  };
}

/**
 * The JSON form of one record: one object per line, fields flattened beside the fixed keys. Inside a
 * span the line carries `trace_id` and `span_id`, the names Loki's derived fields and Grafana's
 * trace-to-logs links look for.
 */
export function jsonLogLine(record: LogRecord): string {
  const base = {
    time: new Date(record.time).toISOString(),
    level: record.level,
    scope: record.scope,
    msg: record.message,
    ...(record.traceId ? { trace_id: record.traceId, span_id: record.spanId } : {}),
  };
  try {
    return JSON.stringify({ ...record.fields, ...base });
  } catch {
    return JSON.stringify({ ...base, fields: '[unserialisable]' });
  }
}

/**
 * One JSON object per line (default `.local/zeph.log`), written asynchronously through a bounded
 * buffer. If the file cannot be written the failure is reported once on stderr and later records
 * are dropped: logging never stops the agent.
 */
export function createJsonLogLayer(path: string): TelemetryLayer & { flush(): Promise<void> } {
  const writer = new JsonLogWriter(path, {
    onFailure(error) {
      try {
        process.stderr.write(`zeph error [json-log] cannot write ${path}: ${error.code ?? ''} ${error.message}; file logging is off\n`);
      } catch {
        // Nowhere left to report to.
      }
    },
  });
  return {
    kind: 'json-log',
    start: () => writer.open(),
    onLog(record: LogRecord) {
      writer.writeLine(jsonLogLine(record));
    },
    flush: () => writer.flush(),
    forceFlush: () => writer.flush(),
    shutdown: () => writer.close(),
  };
}
