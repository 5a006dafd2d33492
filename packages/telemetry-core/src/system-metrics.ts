import type { TelemetryLayer } from './types.js';

export interface SystemMetricsOptions {
  intervalSecs: number;
}

// Minimal placeholder; the full task samples rss, cpu, threads, fds and event-loop delay.
export function createSystemMetricsLayer(_options: SystemMetricsOptions): TelemetryLayer {
  return { kind: 'system-metrics' };
}
