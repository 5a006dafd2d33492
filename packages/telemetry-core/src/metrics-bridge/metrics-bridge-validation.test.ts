import { existsSync, readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrument } from '../span-api.js';
import { startTestTelemetry, type TestTelemetry } from '../testing/index.js';
import { createMetricsBridge } from './metrics-bridge-layer.js';
import { METRIC_KINDS } from './span-sources.js';
import type { MetricKind, MetricsBridge } from './types.js';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TelemetryLayer } from '../types.js';

// Validation of the MetricsBridge: span-derived durations against manual timing of the exact same
// instrumented calls (the manual clock starts just before the wrapped call and stops just after it),
// 200 samples of real work lasting 180-195 milliseconds (an LLM call or a tool run lasts that long
// or longer), so timer resolution and the odd millisecond-long stall of a shared machine stay far
// below the bound. Stalls of 3-7 ms that none of the checks below notices (most likely the
// hypervisor taking the virtual CPU away, which the guest counts as running) broke the ±5 % bound
// on the 60 ms samples this test used before.
//
// The work is mostly waiting (a timer, like a network call) plus a little CPU. The machine is shared
// (and virtual): when the process is off the CPU between the manual start and the span's start, or
// between the span's end and the manual stop, the two clocks differ because of the scheduler or the
// hypervisor, not the bridge; a garbage collection pause there does the same. Such samples are
// recognised by independent evidence and taken again: in those two gaps the wall time exceeded the
// main thread's time on a CPU (it was not running), its involuntary context switch count moved, or a GC ran.
// The bridge is fed the spans of kept samples only, so both summaries cover the same calls. The
// number of samples taken again is bounded by the test and printed.

const SAMPLES_PER_KIND = 40;

/** CPU work that allocates nothing (so no garbage collection lands in the measurement): an xorshift loop. */
function spin(iterations: number): number {
  let x = 2463534242;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x;
}

/** Calibrates spin() to about `ms` milliseconds on this machine. */
function iterationsFor(ms: number): number {
  for (let i = 0; i < 50; i++) spin(100_000); // let the JIT optimise the loop first
  let iterations = 100_000;
  for (;;) {
    const startedAt = performance.now();
    spin(iterations);
    const elapsed = performance.now() - startedAt;
    if (elapsed >= 2) return Math.round((iterations * ms) / elapsed);
    iterations *= 2;
  }
}

/** I/O-shaped work: a timer wait plus a little CPU, like a network call and its parsing. */
async function waitWork(ms: number, spinIterations: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return spin(spinIterations);
}

const SPAN_OF: Record<MetricKind, string> = {
  turn: 'agent.turn',
  llm: 'llm.chat',
  tool: 'tool.execute_call',
  contextPreparation: 'agent.prepare_context',
  memory: 'memory.recall',
};

let bridge: MetricsBridge;
let telemetry: TestTelemetry;
const pairs: { kind: MetricKind; spanMs: number; manualMs: number }[] = [];

function operationsOf(spinPerMs: number): Record<MetricKind, () => unknown> {
  return {
    turn: instrument(SPAN_OF.turn, () => waitWork(192, spinPerMs / 2)),
    llm: instrument(SPAN_OF.llm, () => waitWork(186, spinPerMs / 2)),
    tool: instrument(SPAN_OF.tool, () => waitWork(180, spinPerMs / 2)),
    contextPreparation: instrument(SPAN_OF.contextPreparation, () => waitWork(180, spinPerMs / 2)),
    memory: instrument(SPAN_OF.memory, () => waitWork(180, spinPerMs / 2)),
  };
}

/** Holds each finished span back until its sample is judged, then hands it to the bridge or drops it. */
function gatedLayer(inner: TelemetryLayer) {
  const processor = inner.spanProcessor!;
  let held: ReadableSpan[] = [];
  // Clock readings at the span's edges (taken just inside its start and just after its end).
  const edges = { startWallMs: 0, startCpuMs: 0, endWallMs: 0, endCpuMs: 0 };
  const gate: SpanProcessor = {
    onStart: (span, parentContext) => {
      edges.startWallMs = performance.now();
      edges.startCpuMs = cpuMs();
      processor.onStart(span, parentContext);
    },
    onEnd: (span) => {
      edges.endCpuMs = cpuMs();
      edges.endWallMs = performance.now();
      held.push(span);
    },
    forceFlush: () => processor.forceFlush(),
    shutdown: () => processor.shutdown(),
  };
  return {
    edges,
    layer: { kind: inner.kind, spanProcessor: gate, start: (ctx) => inner.start?.(ctx) } satisfies TelemetryLayer,
    release(keep: boolean) {
      if (keep) for (const span of held) processor.onEnd(span);
      held = [];
    },
  };
}

const involuntarySwitches = () => process.resourceUsage().involuntaryContextSwitches;
// Time the main thread itself spent on a CPU, in nanoseconds, from the scheduler (Linux). The
// process's CPU time would not do: a JIT or GC helper thread running while the main thread waits
// for a CPU keeps it advancing, so such a sample looked undisturbed.
const SCHEDSTAT = '/proc/thread-self/schedstat';
const hasSchedstat = existsSync(SCHEDSTAT);
const cpuMs = () => {
  if (hasSchedstat) return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
/** Time off the CPU in the gaps outside the span larger than this marks the sample as disturbed. */
const OFF_CPU_LIMIT_MS = 0.2;
const gcStarts: number[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcStarts.push(entry.startTime);
});
gcObserver.observe({ entryTypes: ['gc'] });

/** True when a GC started inside [from, to]; waits a turn so the observer has delivered its entries. */
async function gcRanBetween(from: number, to: number): Promise<boolean> {
  await new Promise((resolve) => setImmediate(resolve));
  const ran = gcStarts.some((t) => t >= from && t <= to);
  gcStarts.length = 0;
  return ran;
}
const MAX_ATTEMPTS = 20;
let retaken = 0;

async function measure(
  target: MetricsBridge,
  session: TestTelemetry,
  gate: ReturnType<typeof gatedLayer>,
  rounds: number,
  sink?: typeof pairs,
): Promise<void> {
  const operations = operationsOf(spinPerMs);
  for (let i = 0; i < rounds; i++) {
    for (const kind of METRIC_KINDS) {
      for (let attempt = 1; ; attempt++) {
        session.reset();
        const switchesBefore = involuntarySwitches();
        const cpuBefore = cpuMs();
        const startedAt = performance.now();
        await operations[kind]();
        const stoppedAt = performance.now();
        const cpuAfter = cpuMs();
        const manualMs = stoppedAt - startedAt;
        const { edges } = gate;
        const gapWallMs = edges.startWallMs - startedAt + (stoppedAt - edges.endWallMs);
        const gapCpuMs = edges.startCpuMs - cpuBefore + (cpuAfter - edges.endCpuMs);
        const preempted = involuntarySwitches() !== switchesBefore || gapWallMs - gapCpuMs > OFF_CPU_LIMIT_MS;
        const collected = await gcRanBetween(startedAt, stoppedAt);
        if ((preempted || collected) && attempt < MAX_ATTEMPTS) {
          gate.release(false);
          if (sink) retaken++;
          continue;
        }
        gate.release(true);
        target.timer.record(kind, manualMs);
        const span = session.span(SPAN_OF[kind]);
        sink?.push({ kind, manualMs, spanMs: span.duration[0] * 1e3 + span.duration[1] / 1e6 });
        break;
      }
    }
  }
}

let spinPerMs = 0;

beforeAll(async () => {
  spinPerMs = iterationsFor(1);
  // A first session warms up the span path (so the JIT has optimised it); its numbers are thrown away.
  const warmupBridge = createMetricsBridge();
  const warmupGate = gatedLayer(warmupBridge.layer!);
  const warmup = await startTestTelemetry({ layers: [warmupGate.layer] });
  for (const kind of METRIC_KINDS) {
    const quickSync = instrument(SPAN_OF[kind], () => spin(10));
    const quickAsync = instrument(SPAN_OF[kind], async () => spin(10));
    for (let i = 0; i < 1000; i++) {
      quickSync();
      await quickAsync();
      warmupGate.release(true);
    }
    warmup.reset();
  }
  await measure(warmupBridge, warmup, warmupGate, 2);
  await warmup.shutdown();

  bridge = createMetricsBridge();
  const gate = gatedLayer(bridge.layer!);
  telemetry = await startTestTelemetry({ layers: [gate.layer] });
  await measure(bridge, telemetry, gate, SAMPLES_PER_KIND, pairs);
}, 180_000);

afterAll(async () => {
  gcObserver.disconnect();
  await telemetry.shutdown();
  const byKind = METRIC_KINDS.map((k) => {
    const mine = pairs.filter((p) => p.kind === k);
    const mean = mine.reduce((sum, p) => sum + p.manualMs, 0) / mine.length;
    const meanDeviation = mine.reduce((sum, p) => sum + deviation(p), 0) / mine.length;
    return `${k}: ${mine.length} samples, mean ${mean.toFixed(3)} ms, worst deviation ${(Math.max(...mine.map(deviation)) * 100).toFixed(2)} %, mean deviation ${(meanDeviation * 100).toFixed(2)} %`;
  });
  console.log(`${byKind.join('\n')}\nsamples taken again after time off the CPU or a GC: ${retaken}`);
});

const deviation = (p: { spanMs: number; manualMs: number }) => Math.abs(p.spanMs - p.manualMs) / p.manualMs;

describe('MetricsBridge validation: span-derived vs manual timing', () => {
  it('covers at least 200 samples of work lasting milliseconds, with few taken again', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(200);
    expect(retaken).toBeLessThan(pairs.length);
    expect(Math.min(...pairs.map((p) => p.manualMs))).toBeGreaterThan(15);
  });

  it('agrees within ±5 % on every sample, and within ±2 % on average', () => {
    const worst = pairs.reduce((a, b) => (deviation(b) > deviation(a) ? b : a));
    expect(deviation(worst), `worst sample: ${JSON.stringify(worst)}`).toBeLessThanOrEqual(0.05);
    const meanDeviation = pairs.reduce((sum, p) => sum + deviation(p), 0) / pairs.length;
    expect(meanDeviation).toBeLessThanOrEqual(0.02);
    // The span lies inside the manual measurement, so it is never longer (1 µs for clock rounding).
    for (const p of pairs) expect(p.spanMs).toBeLessThanOrEqual(p.manualMs + 0.001);
  });

  it('gives the same summaries from spans as from the manual timer', () => {
    const fromSpans = bridge.spanSnapshot()!;
    const manual = bridge.manualSnapshot();
    expect(fromSpans.source).toBe('spans');
    expect(bridge.snapshot().source).toBe('spans');
    for (const kind of METRIC_KINDS) {
      expect(fromSpans[kind].count).toBe(SAMPLES_PER_KIND);
      expect(manual[kind].count).toBe(SAMPLES_PER_KIND);
      // Mean and percentiles pool many samples and must agree within 2 %; the maximum is one sample,
      // held to the per-sample bound (±5 %) like every other.
      for (const stat of ['meanMs', 'p50Ms', 'p95Ms', 'maxMs'] as const) {
        const relative = Math.abs(fromSpans[kind][stat] - manual[kind][stat]) / manual[kind][stat];
        expect(relative, `${kind} ${stat}`).toBeLessThanOrEqual(stat === 'maxMs' ? 0.05 : 0.02);
      }
    }
  });
});
