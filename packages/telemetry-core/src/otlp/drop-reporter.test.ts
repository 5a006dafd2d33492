import { describe, expect, it } from 'vitest';
import type { LogRecord, Logger } from '../types.js';
import { DropReporter } from './drop-reporter.js';

function recordingLogger(records: Pick<LogRecord, 'level' | 'message'>[]): Logger {
  const at = (level: LogRecord['level']) => (message: string) => void records.push({ level, message });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('DropReporter', () => {
  it('warns once per burst, counts every drop by reason, and starts a new burst after a recovery', () => {
    const records: Pick<LogRecord, 'level' | 'message'>[] = [];
    const counted: [number, string][] = [];
    const reporter = new DropReporter(() => recordingLogger(records));
    reporter.attachCounter({ add: (n, reason) => void counted.push([n, reason]) });

    reporter.drop(512, 'export_failed', 'HTTP 503 after 5 attempts');
    reporter.drop(1, 'queue_full');
    reporter.drop(1, 'queue_full');
    expect(records.filter((r) => r.level === 'warn')).toHaveLength(1);
    expect(records[0].message).toContain('export_failed: HTTP 503 after 5 attempts');

    reporter.recovered();
    reporter.recovered(); // no burst open: nothing more
    reporter.drop(3, 'shutdown_deadline');
    const warnings = records.filter((r) => r.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[1].message).toContain('shutdown_deadline');
    expect(records.filter((r) => r.level === 'debug')).toHaveLength(1);

    expect(reporter.dropped).toBe(517);
    expect([reporter.droppedBy('export_failed'), reporter.droppedBy('queue_full'), reporter.droppedBy('shutdown_deadline')]).toEqual([512, 2, 3]);
    expect(counted).toEqual([[512, 'export_failed'], [1, 'queue_full'], [1, 'queue_full'], [3, 'shutdown_deadline']]);
  });
});
