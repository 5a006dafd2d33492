import { trace } from '@opentelemetry/api';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { telemetryConfigSchema } from './config/schema.js';
import { createLogger } from './global-registry.js';
import { initTelemetry } from './init-telemetry.js';
import { createJsonLogLayer, createStderrLogLayer, jsonLogLine } from './log-layers.js';
import { registerSecretValue } from './redact.js';
import { withSpan } from './span-api.js';
import { captureProcessOutput } from './testing/capture-process-output.js';
import { useTempDirs } from './test-fixtures/temp-dir.js';
import type { LogRecord } from './types.js';

const tempDir = useTempDirs();

/** Collects what the process writes while `fn` runs, without letting it through. */
async function stderrDuring(fn: () => Promise<void> | void): Promise<string> {
  const output = captureProcessOutput({ silent: true });
  try {
    await fn();
  } finally {
    output.restore();
  }
  return output.text();
}

const record = (level: LogRecord['level'], message: string, fields?: Record<string, unknown>): LogRecord => ({
  level,
  message,
  scope: 'test',
  time: Date.UTC(2026, 10, 28, 1, 2, 3),
  fields,
});

let shutdown: (() => Promise<void>) | undefined;
afterEach(async () => {
  await shutdown?.();
  shutdown = undefined;
});

describe('JSON log file layer', () => {
  it('writes one JSON object per line through telemetry loggers, with secrets scrubbed', async () => {
    const logFile = join(tempDir(), '.local', 'zeph.log');
    const handle = await initTelemetry({
      config: telemetryConfigSchema.parse({ system_metrics_interval_secs: 3600 }),
      withoutBackend: true,
      logFile,
      handleSignals: false,
      stderrLevel: 'error',
    });
    shutdown = handle.shutdown;
    registerSecretValue('sk-live-abcdef123456');
    const log = createLogger('demo');
    log.info('connected', { attempt: 2 });
    log.warn('token sk-live-abcdef123456 rejected', { api_key: 'sk-live-abcdef123456' });
    await handle.shutdown();
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', scope: 'demo', msg: 'connected', attempt: 2 }));
    const warn = lines.find((l) => l.level === 'warn' && l.scope === 'demo');
    expect(JSON.stringify(warn)).not.toContain('sk-live-abcdef123456');
    expect(warn.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('stamps lines logged inside a sampled span with its trace and span ids', async () => {
    for (const sampleRate of [1, 0]) {
      const logFile = join(tempDir(), '.local', 'zeph.log');
      const handle = await initTelemetry({
        config: telemetryConfigSchema.parse({ system_metrics_interval_secs: 3600, sample_rate: sampleRate }),
        withoutBackend: true,
        logFile,
        handleSignals: false,
        stderrLevel: 'error',
      });
      shutdown = handle.shutdown;
      const log = createLogger('demo');
      log.info('before');
      const ids = await withSpan('agent.turn', async () => {
        log.info('inside');
        return trace.getActiveSpan()!.spanContext();
      });
      log.info('after');
      await handle.shutdown();
      const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.scope === 'demo');
      const byMsg = Object.fromEntries(lines.map((l) => [l.msg, l]));
      expect(Object.keys(byMsg).sort()).toEqual(['after', 'before', 'inside']);
      expect(byMsg.before.trace_id).toBeUndefined();
      expect(byMsg.after.span_id).toBeUndefined();
      if (sampleRate === 1) {
        expect(byMsg.inside).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });
        expect(ids.traceId).toMatch(/^[0-9a-f]{32}$/);
      } else {
        // An unsampled trace is recorded nowhere, so its ids would be a dead link.
        expect(byMsg.inside.trace_id).toBeUndefined();
      }
    }
  });

  it('returns before anything is written and appends across runs', async () => {
    const path = join(tempDir(), 'zeph.log');
    for (const run of [1, 2]) {
      const layer = createJsonLogLayer(path);
      await layer.start!({} as never);
      layer.onLog!(record('info', `run ${run}`));
      if (run === 1) expect(readFileSync(path, 'utf8')).toBe('');
      await layer.shutdown!();
    }
    expect(readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l).msg)).toEqual(['run 1', 'run 2']);
  });

  it('keeps fixed keys over fields and survives unserialisable fields', () => {
    expect(JSON.parse(jsonLogLine(record('warn', 'real', { msg: 'spoofed', n: 1 })))).toMatchObject({ msg: 'real', n: 1 });
    expect(JSON.parse(jsonLogLine(record('warn', 'big', { n: 1n })))).toMatchObject({ msg: 'big', fields: '[unserialisable]' });
  });

  it('reports a full disk once on stderr and goes on', async () => {
    const path = join(tempDir(), 'zeph.log');
    symlinkSync('/dev/full', path);
    const layer = createJsonLogLayer(path);
    const stderr = await stderrDuring(async () => {
      await layer.start!({} as never);
      for (let i = 0; i < 20; i++) {
        layer.onLog!(record('info', `line ${i}`));
        await layer.flush();
      }
      await layer.shutdown!();
    });
    expect(stderr.match(/cannot write/g)).toHaveLength(1);
    expect(stderr).toMatch(/\[json-log\] cannot write .*zeph\.log: ENOSPC/);
  });

  it('reports a directory that refuses files once and goes on', async () => {
    // Root ignores mode bits; sysfs refuses new files even to root.
    const path = process.getuid?.() === 0 ? '/sys/zeph.log' : '/proc/zeph.log';
    const layer = createJsonLogLayer(path);
    const stderr = await stderrDuring(async () => {
      await layer.start!({} as never);
      layer.onLog!(record('info', 'dropped'));
      await layer.flush();
      await layer.shutdown!();
    });
    expect(stderr.match(/cannot write/g)).toHaveLength(1);
    expect(stderr).toContain(path);
  });
});

describe('stderr log layer', () => {
  it('prints records at or above its level, with fields', async () => {
    const layer = createStderrLogLayer('warn');
    const stderr = await stderrDuring(() => {
      layer.onLog!(record('debug', 'quiet'));
      layer.onLog!(record('info', 'quiet too'));
      layer.onLog!(record('warn', 'loud', { file: 'zeph.toml' }));
      layer.onLog!(record('error', 'louder', { n: 1n }));
    });
    expect(stderr).toBe('zeph warn [test] loud {"file":"zeph.toml"}\nzeph error [test] louder {"fields":"[unserialisable]"}\n');
  });
});
