import { afterEach, describe, expect, it } from 'vitest';
import { instrument, withSpan } from '../span-api.js';
import { startTestTelemetry, type TestTelemetry } from '../testing/index.js';
import { formatMetricsSnapshot } from './format-metrics-snapshot.js';
import { LatencyRecorder } from './latency-recorder.js';
import { createMetricsBridge as createManualOnlyBridge } from './manual-metrics-bridge.js';
import { createMetricsBridge } from './metrics-bridge-layer.js';
import { metricKindOfSpan } from './span-sources.js';

let telemetry: TestTelemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

describe('metricKindOfSpan', () => {
  it('maps the documented span names to the five summaries', () => {
    expect(metricKindOfSpan('agent.turn')).toBe('turn');
    expect(metricKindOfSpan('llm.chat')).toBe('llm');
    expect(metricKindOfSpan('llm.chat_stream')).toBe('llm');
    expect(metricKindOfSpan('llm.embed')).toBeUndefined();
    expect(metricKindOfSpan('tool.execute_call')).toBe('tool');
    expect(metricKindOfSpan('tool.execute')).toBeUndefined();
    expect(metricKindOfSpan('agent.prepare_context')).toBe('contextPreparation');
    expect(metricKindOfSpan('memory.recall')).toBe('memory');
    expect(metricKindOfSpan('memory.sqlite')).toBe('memory');
    expect(metricKindOfSpan('context.assembly')).toBeUndefined();
  });
});

describe('LatencyRecorder', () => {
  it('computes count, mean, nearest-rank percentiles and max', () => {
    const recorder = new LatencyRecorder();
    for (let v = 1; v <= 100; v++) recorder.record(v);
    expect(recorder.summary()).toEqual({ count: 100, meanMs: 50.5, p50Ms: 50, p95Ms: 95, maxMs: 100 });
  });

  it('keeps count, mean and max exact beyond its sample bound', () => {
    const recorder = new LatencyRecorder(10);
    for (let v = 1; v <= 1000; v++) recorder.record(v);
    const summary = recorder.summary();
    expect(summary).toMatchObject({ count: 1000, meanMs: 500.5, maxMs: 1000 });
    expect(summary.p50Ms).toBeGreaterThanOrEqual(1);
    expect(summary.p50Ms).toBeLessThanOrEqual(1000);
  });

  it('ignores values that are not durations', () => {
    const recorder = new LatencyRecorder();
    recorder.record(Number.NaN);
    recorder.record(-1);
    expect(recorder.summary().count).toBe(0);
  });
});

describe('MetricsBridge layer', () => {
  it('counts only the outermost span of each kind', async () => {
    const bridge = createMetricsBridge();
    telemetry = await startTestTelemetry({ layers: [bridge.layer!] });
    const sqlite = instrument('memory.sqlite', () => 1);
    const embed = instrument('llm.embed', () => sqlite());
    await withSpan('agent.turn', async () => {
      withSpan('memory.recall', () => {
        sqlite();
        embed(); // memory.sqlite under llm.embed under memory.recall: still inside the recall
      });
      withSpan('llm.chat', () => withSpan('llm.chat_stream', () => 1));
      withSpan('memory.remember', () => 1);
    });
    const snapshot = bridge.snapshot();
    expect(snapshot.source).toBe('spans');
    expect(snapshot.turn.count).toBe(1);
    expect(snapshot.memory.count).toBe(2);
    expect(snapshot.llm.count).toBe(1);
    expect(snapshot.tool.count).toBe(0);
  });

  it('registers as the metrics-bridge layer', async () => {
    const bridge = createMetricsBridge();
    expect(bridge.layer?.kind).toBe('metrics-bridge');
    telemetry = await startTestTelemetry({ layers: [bridge.layer!] });
    expect(telemetry.handle.layers.map((l) => l.kind)).toContain('metrics-bridge');
  });

  it('falls back to manual timing when the layer never started', async () => {
    const bridge = createMetricsBridge();
    await bridge.timer.time('tool', async () => new Promise((resolve) => setTimeout(resolve, 2)));
    expect(bridge.spanSnapshot()).toBeUndefined();
    const snapshot = bridge.snapshot();
    expect(snapshot.source).toBe('manual');
    expect(snapshot.tool.count).toBe(1);
    expect(snapshot.tool.meanMs).toBeGreaterThan(1);
  });
});

describe('manual timing', () => {
  it('fills the snapshot in builds without profiling, including calls that throw', async () => {
    const bridge = createManualOnlyBridge();
    expect(bridge.layer).toBeUndefined();
    expect(bridge.timer.time('turn', () => 42)).toBe(42);
    await expect(bridge.timer.time('llm', async () => Promise.reject(new Error('provider down')))).rejects.toThrow('provider down');
    expect(() => bridge.timer.time('memory', () => { throw new Error('locked'); })).toThrow('locked');
    const snapshot = bridge.snapshot();
    expect(snapshot.source).toBe('manual');
    expect([snapshot.turn.count, snapshot.llm.count, snapshot.memory.count, snapshot.tool.count]).toEqual([1, 1, 1, 0]);
  });

  it('prints a table naming the source and every operation', () => {
    const bridge = createManualOnlyBridge();
    bridge.timer.record('turn', 12.5);
    bridge.timer.record('turn', 7.5);
    const table = formatMetricsSnapshot(bridge.snapshot());
    expect(table).toContain('from manual timing');
    expect(table).toMatch(/turn\s+2\s+10\.00\s+7\.50\s+12\.50\s+12\.50/);
    for (const label of ['llm chat', 'tool call', 'context preparation', 'memory operation']) expect(table).toContain(label);
  });
});
