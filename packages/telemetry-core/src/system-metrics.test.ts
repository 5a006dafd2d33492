import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChromeTrace } from './chrome/read-chrome-trace.js';
import { validateChromeTrace } from './chrome/validate-chrome-trace.js';
import { SYSTEM_METRICS, SYSTEM_METRICS_INSTANT } from './spans.js';
import { createSystemMetricsLayer, effectiveIntervalSecs, type SystemMetricsLayer } from './system-metrics.js';
import { captureLogger } from './test-fixtures/capture-logger.js';
import { startChromeTelemetry } from './test-fixtures/chrome-telemetry.js';
import { useTempDirs } from './test-fixtures/temp-dir.js';
import { telemetryConfigSchema } from './config/schema.js';
import { initTelemetry } from './init-telemetry.js';
import type { MetricSample } from './types.js';

const tempDir = useTempDirs();
const onLinux = process.platform === 'linux';

/** Telemetry with only the system metrics task; `rounds(n)` resolves once n samples were taken. */
async function startSampling(intervalSecs: number) {
  const samples: MetricSample[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const taken = () => samples.filter((s) => s.name === SYSTEM_METRICS.cpuPercent).length;
  const handle = await initTelemetry({
    config: telemetryConfigSchema.parse({ system_metrics_interval_secs: intervalSecs }),
    layers: [{ kind: 'test-samples', onSample: (s) => {
      samples.push(s);
      for (const w of waiters) if (taken() >= w.n) w.resolve();
    } }],
    withoutBackend: true,
    logFile: false,
    handleSignals: false,
  });
  const rounds = (n: number) => new Promise<void>((resolve) => (taken() >= n ? resolve() : waiters.push({ n, resolve })));
  return { handle, samples, rounds };
}

describe('system metrics', () => {
  it('samples rss, heap, cpu, threads, fds and loop delay into counters and one instant per tick', async () => {
    let startSampled!: () => void;
    const startSample = new Promise<void>((resolve) => (startSampled = resolve));
    const telemetry = await startChromeTelemetry(tempDir(), {}, [{ kind: 'test-instants', onInstant: () => startSampled() }]);
    const layer = telemetry.handle.layers.find((l) => l.kind === 'system-metrics') as SystemMetricsLayer;
    await startSample;
    let spin = 0;
    for (let i = 0; i < 2e6; i++) spin += Math.sqrt(i);
    expect(spin).toBeGreaterThan(0);
    const first = await layer.sampleNow();
    await telemetry.handle.shutdown();

    expect(first.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(first.heapUsedBytes).toBeGreaterThan(1024 * 1024);
    expect(first.cpuPercent).toBeGreaterThan(0);
    expect(first.eventLoopDelayP99Ms).toBeGreaterThanOrEqual(0);
    if (onLinux) {
      expect(first.threadCount).toBeGreaterThanOrEqual(2);
      expect(first.fdCount).toBeGreaterThanOrEqual(3);
    }

    const { events } = await readChromeTrace(telemetry.traceFile);
    const counters = events.filter((e) => e.ph === 'C');
    const expected = onLinux ? Object.values(SYSTEM_METRICS) : [SYSTEM_METRICS.rssBytes, SYSTEM_METRICS.cpuPercent];
    for (const name of expected) expect(counters.some((c) => c.name === name)).toBe(true);
    expect(counters.filter((c) => c.name === SYSTEM_METRICS.rssBytes).at(-1)?.args).toEqual({ value: first.rssBytes });
    // One instant per sample: the one taken at start, and the one forced here.
    const instants = events.filter((e) => e.ph === 'i' && e.name === SYSTEM_METRICS_INSTANT.name);
    expect(instants).toHaveLength(2);
    expect(instants[1]).toMatchObject({ cat: 'system', args: { [SYSTEM_METRICS.rssBytes]: first.rssBytes } });
    expect(validateChromeTrace(events)).toEqual([]);
  });

  it.runIf(onLinux)('counts descriptors the process opens', async () => {
    const telemetry = await startChromeTelemetry(tempDir());
    const layer = telemetry.handle.layers.find((l) => l.kind === 'system-metrics') as SystemMetricsLayer;
    const before = (await layer.sampleNow()).fdCount!;
    const dir = tempDir();
    const handles: FileHandle[] = [];
    for (let i = 0; i < 64; i++) handles.push(await open(join(dir, `f${i}`), 'w'));
    const during = (await layer.sampleNow()).fdCount!;
    for (const h of handles) await h.close();
    await telemetry.handle.shutdown();
    // Other async work in this process (log and trace writers) may close a descriptor or two meanwhile.
    expect(during - before).toBeGreaterThanOrEqual(60);
  });

  it('raises an interval below one second to one, with a warning', () => {
    const log = captureLogger();
    expect(effectiveIntervalSecs(0.2, log)).toBe(1);
    expect(log.at('warn')[0].message).toMatch(/system_metrics_interval_secs 0.2 is below 1; using 1/);
    expect(effectiveIntervalSecs(Number.NaN, log)).toBe(5);
    expect(effectiveIntervalSecs(7, log)).toBe(7);
    expect(log.at('warn')).toHaveLength(2);
    expect(createSystemMetricsLayer({ intervalSecs: 0.01, log }).intervalMs).toBe(1000);
  });

  it('samples once at start, with the CPU share since the process started, long before the first interval', async () => {
    const { handle, samples, rounds } = await startSampling(3600);
    await rounds(1);
    await handle.shutdown();
    expect(samples.find((s) => s.name === SYSTEM_METRICS.rssBytes)?.value).toBeGreaterThan(10 * 1024 * 1024);
    // This worker has run for a while before: its CPU share since start is above zero.
    expect(samples.find((s) => s.name === SYSTEM_METRICS.cpuPercent)?.value).toBeGreaterThan(0);
  });

  it('ticks on its own timer and stops at shutdown', async () => {
    const { handle, samples, rounds } = await startSampling(1);
    await rounds(2); // the sample at start, then one from the timer
    await handle.shutdown();
    const countAtShutdown = samples.length;
    const layer = handle.layers.find((l) => l.kind === 'system-metrics') as SystemMetricsLayer;
    // After shutdown nothing is emitted, even if a sample is forced.
    await layer.sampleNow();
    expect(samples.length).toBe(countAtShutdown);
  });
});
