import { withSpan } from '@zeph/telemetry-core';
import { startTestTelemetry } from '@zeph/telemetry-core/testing';
import { describe, expect, it, vi } from 'vitest';
import { startConsolidationTimer } from './consolidation-loop.js';
import { MEMORY_SPANS } from './spans.js';

describe('consolidation timer', () => {
  it('keeps running after a failed run, marking that run span as an error', async () => {
    const telemetry = await startTestTelemetry();
    let calls = 0;
    const loop = startConsolidationTimer(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database is locked');
    }, 5);
    try {
      await vi.waitFor(() => expect(loop.runs).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 5 });
    } finally {
      loop.stop();
    }
    const runs = telemetry.spans().filter((s) => s.name === MEMORY_SPANS.consolidationLoop);
    expect(runs[0].status.code).toBe(2);
    expect(runs[1].status.code).not.toBe(2);
    await telemetry.shutdown();
  });

  it('never overlaps runs', async () => {
    let active = 0;
    let maxActive = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loop = startConsolidationTimer(async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await gate;
      active -= 1;
    }, 2);
    await vi.waitFor(() => expect(active).toBe(1), { timeout: 5_000, interval: 2 });
    await new Promise((r) => setTimeout(r, 30)); // many ticks pass while the first run is still going
    release();
    await vi.waitFor(() => expect(loop.runs).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 2 });
    loop.stop();
    expect(maxActive).toBe(1);
  });

  it('runs on demand, in a loop span, without waiting for the interval', async () => {
    const telemetry = await startTestTelemetry();
    let calls = 0;
    const loop = startConsolidationTimer(async () => {
      calls += 1;
    }, 60_000);
    await loop.runNow();
    loop.stop();
    expect(calls).toBe(1);
    expect(loop.runs).toBe(1);
    expect(telemetry.names()).toEqual([MEMORY_SPANS.consolidationLoop]);
    await telemetry.shutdown();
  });

  it('timed runs are root spans even when the loop was started inside a span', async () => {
    const telemetry = await startTestTelemetry();
    const loop = withSpan('test.startup', () => startConsolidationTimer(async () => {}, 5));
    await vi.waitFor(() => expect(loop.runs).toBeGreaterThanOrEqual(1), { timeout: 5_000, interval: 5 });
    loop.stop();
    const run = telemetry.span(MEMORY_SPANS.consolidationLoop);
    expect(run.parentSpanContext).toBeUndefined();
    expect(run.spanContext().traceId).not.toBe(telemetry.span('test.startup').spanContext().traceId);
    await telemetry.shutdown();
  });
});
