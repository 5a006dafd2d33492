import { METRIC_KINDS } from './span-sources.js';
import type { MetricKind, MetricsSnapshot } from './types.js';

/** A record of one recorder per kind. */
export type RecordersByKind<R> = { [K in MetricKind]: R };

export function recordersByKind<R>(create: () => R): RecordersByKind<R> {
  const out = {} as RecordersByKind<R>;
  for (const kind of METRIC_KINDS) out[kind] = create();
  return out;
}

export function snapshotOf(source: MetricsSnapshot['source'], recorders: RecordersByKind<{ summary(): MetricsSnapshot[MetricKind] }>): MetricsSnapshot {
  return {
    source,
    turn: recorders.turn.summary(),
    llm: recorders.llm.summary(),
    tool: recorders.tool.summary(),
    contextPreparation: recorders.contextPreparation.summary(),
    memory: recorders.memory.summary(),
  };
}
