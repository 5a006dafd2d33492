import { METRIC_KINDS } from './span-sources.js';
import type { MetricKind, MetricsSnapshot } from './types.js';

const LABELS: Record<MetricKind, string> = {
  turn: 'turn',
  llm: 'llm chat',
  tool: 'tool call',
  contextPreparation: 'context preparation',
  memory: 'memory operation',
};

const ms = (value: number) => value.toFixed(2).padStart(10);

/** A fixed-width table for terminals, e.g. at the end of a demo run. */
export function formatMetricsSnapshot(snapshot: MetricsSnapshot): string {
  const lines = [
    `latency (ms), from ${snapshot.source === 'spans' ? 'spans' : 'manual timing'}`,
    `${'operation'.padEnd(20)}${'count'.padStart(7)}${'mean'.padStart(10)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}`,
  ];
  for (const kind of METRIC_KINDS) {
    const s = snapshot[kind];
    lines.push(`${LABELS[kind].padEnd(20)}${String(s.count).padStart(7)}${ms(s.meanMs)}${ms(s.p50Ms)}${ms(s.p95Ms)}${ms(s.maxMs)}`);
  }
  return lines.join('\n');
}
