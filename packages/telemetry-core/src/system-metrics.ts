import { readdir, readFile } from 'node:fs/promises';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { createLogger, recordInstant, recordSample } from './global-registry.js';
import { SYSTEM_METRICS, SYSTEM_METRICS_INSTANT } from './spans.js';
import type { Logger, TelemetryLayer } from './types.js';

export interface SystemMetricsOptions {
  /** Seconds between samples; below 1 is raised to 1 with a warning. */
  intervalSecs: number;
  log?: Logger;
}

/** One tick's values. Thread and fd counts are absent where /proc is not available. */
export interface ProcessMetrics {
  rssBytes: number;
  heapUsedBytes: number;
  cpuPercent: number;
  threadCount?: number;
  fdCount?: number;
  eventLoopDelayP99Ms: number;
}

export type SystemMetricsLayer = TelemetryLayer & {
  /** The interval actually used, after raising values below one second. */
  readonly intervalMs: number;
  /** Takes one sample now and emits it (the timer calls this; tests may too). */
  sampleNow(): Promise<ProcessMetrics>;
};

const MIN_INTERVAL_SECS = 1;
const DEFAULT_INTERVAL_SECS = 5;
const EVENT_LOOP_RESOLUTION_MS = 10;

/** Effective interval in seconds: defensive even though config validation raises it too. */
export function effectiveIntervalSecs(requested: number, log: Logger): number {
  if (!Number.isFinite(requested) || requested <= 0) {
    log.warn(`system_metrics_interval_secs ${requested} is not a positive number; using ${DEFAULT_INTERVAL_SECS}`);
    return DEFAULT_INTERVAL_SECS;
  }
  if (requested < MIN_INTERVAL_SECS) {
    log.warn(`system_metrics_interval_secs ${requested} is below ${MIN_INTERVAL_SECS}; using ${MIN_INTERVAL_SECS}`);
    return MIN_INTERVAL_SECS;
  }
  return requested;
}

/** `Threads:` from /proc/self/status; undefined off Linux. */
async function readThreadCount(): Promise<number | undefined> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const match = /^Threads:\s+(\d+)/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Open descriptors from /proc/self/fd, minus the one used to list it; undefined off Linux. */
async function readFdCount(): Promise<number | undefined> {
  try {
    return (await readdir('/proc/self/fd')).length - 1;
  } catch {
    return undefined;
  }
}

/**
 * Samples the process every interval and emits each value as a sample (a counter track in Chrome,
 * a gauge over OTLP) plus one instant event carrying all of them. The timer never keeps the
 * process alive, and a tick still reading /proc when the next is due is not doubled up.
 */
export function createSystemMetricsLayer(options: SystemMetricsOptions): SystemMetricsLayer {
  const log = options.log ?? createLogger('system-metrics');
  const intervalMs = effectiveIntervalSecs(options.intervalSecs, log) * 1000;
  let timer: NodeJS.Timeout | undefined;
  let loopDelay: IntervalHistogram | undefined;
  let lastCpu = process.cpuUsage();
  let lastWall = process.hrtime.bigint();
  let ticking = false;

  const sampleNow = async (): Promise<ProcessMetrics> => {
    const [threadCount, fdCount] = await Promise.all([readThreadCount(), readFdCount()]);
    const cpu = process.cpuUsage(lastCpu);
    const wall = process.hrtime.bigint();
    const wallMicros = Number(wall - lastWall) / 1000;
    lastCpu = process.cpuUsage();
    lastWall = wall;
    const memory = process.memoryUsage();
    const p99 = loopDelay && loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 : 0;
    loopDelay?.reset();
    const metrics: ProcessMetrics = {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      cpuPercent: wallMicros > 0 ? ((cpu.user + cpu.system) / wallMicros) * 100 : 0,
      threadCount,
      fdCount,
      eventLoopDelayP99Ms: p99,
    };
    emit(metrics);
    return metrics;
  };

  const tick = () => {
    if (ticking) return;
    ticking = true;
    sampleNow()
      .catch((error: unknown) => log.warn('system metrics sample failed', { error: String(error) }))
      .finally(() => (ticking = false));
  };

  return {
    kind: 'system-metrics',
    intervalMs,
    sampleNow,
    start() {
      loopDelay = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
      loopDelay.enable();
      timer = setInterval(tick, intervalMs).unref();
    },
    started() {
      // A first sample as soon as recording is on, its CPU share measured since the process started:
      // a run shorter than one interval still reports its process metrics.
      lastCpu = { user: 0, system: 0 };
      lastWall = process.hrtime.bigint() - BigInt(Math.round(process.uptime() * 1e9));
      tick();
    },
    async shutdown() {
      if (timer) clearInterval(timer);
      timer = undefined;
      loopDelay?.disable();
      loopDelay = undefined;
    },
  };
}

function emit(metrics: ProcessMetrics): void {
  const attributes: Record<string, number> = {
    [SYSTEM_METRICS.rssBytes]: metrics.rssBytes,
    [SYSTEM_METRICS.heapUsedBytes]: metrics.heapUsedBytes,
    [SYSTEM_METRICS.cpuPercent]: metrics.cpuPercent,
    [SYSTEM_METRICS.eventLoopDelayP99Ms]: metrics.eventLoopDelayP99Ms,
  };
  if (metrics.threadCount !== undefined) attributes[SYSTEM_METRICS.threadCount] = metrics.threadCount;
  if (metrics.fdCount !== undefined) attributes[SYSTEM_METRICS.fdCount] = metrics.fdCount;
  for (const [name, value] of Object.entries(attributes)) recordSample(name, value);
  recordInstant(SYSTEM_METRICS_INSTANT.name, SYSTEM_METRICS_INSTANT.category, attributes);
}
