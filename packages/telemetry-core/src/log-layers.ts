import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { LogLevel, LogRecord, TelemetryLayer } from './types.js';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Human-readable lines on stderr at or above `minLevel`. */
export function createStderrLogLayer(minLevel: LogLevel): TelemetryLayer {
  const min = LEVEL_RANK[minLevel];
  return {
    kind: 'stderr-log',
    onLog(record: LogRecord) {
      if (LEVEL_RANK[record.level] < min) return;
      const fields = record.fields ? ` ${JSON.stringify(record.fields)}` : '';
      process.stderr.write(`zeph ${record.level} [${record.scope}] ${record.message}${fields}\n`);
    },
  };
}

/**
 * One JSON object per line, appended asynchronously. If the file cannot be written the failure is
 * reported once on stderr and later records are dropped: logging never stops the agent.
 */
export function createJsonLogLayer(path: string): TelemetryLayer {
  let stream: WriteStream | undefined;
  let failed = false;
  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    process.stderr.write(`zeph error [json-log] cannot write ${path}: ${(error as Error).message}; file logging is off\n`);
  };
  return {
    kind: 'json-log',
    start() {
      try {
        mkdirSync(dirname(path), { recursive: true });
        stream = createWriteStream(path, { flags: 'a' });
        stream.on('error', fail);
      } catch (error) {
        fail(error);
      }
    },
    onLog(record: LogRecord) {
      if (failed || !stream) return;
      stream.write(
        `${JSON.stringify({ time: new Date(record.time).toISOString(), level: record.level, scope: record.scope, msg: record.message, ...record.fields })}\n`,
      );
    },
    shutdown() {
      return new Promise<void>((resolve) => (stream && !failed ? stream.end(resolve) : resolve()));
    },
  };
}
