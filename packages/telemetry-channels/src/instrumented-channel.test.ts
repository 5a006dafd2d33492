import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installMeterProvider, type MetricSample, type TelemetryLayer } from '@zeph/telemetry-core';
import { CollectingMetricReader, startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { MeterProvider, type Histogram } from '@opentelemetry/sdk-metrics';
import { SpanStatusCode } from '@opentelemetry/api';
import { SEND_SAMPLE_EVERY_UNGATED } from './bounded-channel.js';
import { InstrumentedChannel, createInstrumentedChannel } from './instrumented-channel.js';
import { BUSY_WAIT_TIMED_EVERY_MS, DEPTH_SAMPLE_BATCH, DEPTH_SAMPLE_MAX_HOLD_MS } from './sampling-defaults.js';
import { CHANNEL_ATTRIBUTES, CHANNEL_METRICS } from './spans.js';

/** Counts the calls of the sampling hook, to check how often a busy channel runs it. */
class SampleHookCountingChannel extends InstrumentedChannel<number> {
  hookCalls = 0;
  protected override onSendSample(queueDepth: number): void {
    this.hookCalls++;
    super.onSendSample(queueDepth);
  }
}

let telemetry: TestTelemetry;
let reader: CollectingMetricReader;
let samples: MetricSample[];

beforeEach(async () => {
  samples = [];
  const sampleSink: TelemetryLayer = { kind: 'test-samples', onSample: (s) => samples.push(s) };
  telemetry = await startTestTelemetry({ layers: [sampleSink] });
  reader = new CollectingMetricReader();
  installMeterProvider(new MeterProvider({ readers: [reader] }));
});

afterEach(async () => {
  installMeterProvider(undefined);
  await telemetry.shutdown();
});

describe('InstrumentedChannel metrics', () => {
  it('adds the counts to the totals at each queue-depth sample and the rest on close', async () => {
    const channel = createInstrumentedChannel<number>('metrics', { capacity: 64, sampleMinIntervalMs: 0 });
    for (let i = 0; i < 40; i++) await channel.send(i);
    const name = { [CHANNEL_ATTRIBUTES.name]: 'metrics' };
    // 40 sends: samples (with their counts) were taken at the 16th and 32nd send; nothing was received.
    expect(await reader.sum(CHANNEL_METRICS.sent, name)).toBe(32);
    expect(await reader.points(CHANNEL_METRICS.received)).toEqual([]);
    for (let i = 0; i < 40; i++) await channel.recv();
    channel.close();
    expect(await reader.sum(CHANNEL_METRICS.sent, name)).toBe(40);
    expect(await reader.sum(CHANNEL_METRICS.received, name)).toBe(40);
  });

  it('adds up the channels of one name, and publishes what flushMetrics hands over between samples', async () => {
    const first = createInstrumentedChannel<number>('status', { capacity: 100, sampleMinIntervalMs: 60_000 });
    const second = createInstrumentedChannel<number>('status', { capacity: 100, sampleMinIntervalMs: 60_000 });
    const other = createInstrumentedChannel<number>('bench_side', { capacity: 100 });
    // No sample is due for a minute: the counts stay with each channel until handed over.
    for (let i = 0; i < 20; i++) first.trySend(i);
    for (let i = 0; i < 16; i++) second.trySend(i);
    other.trySend(1);
    const status = { [CHANNEL_ATTRIBUTES.name]: 'status' };
    expect(await reader.sum(CHANNEL_METRICS.sent, status)).toBe(0);
    (first as InstrumentedChannel<number>).flushMetrics();
    expect(await reader.sum(CHANNEL_METRICS.sent, status)).toBe(20);
    second.close();
    expect(await reader.sum(CHANNEL_METRICS.sent, status)).toBe(36);
    // The other name's one send has not been handed over: no sample, no timed wait, not closed.
    expect(await reader.sum(CHANNEL_METRICS.sent, { [CHANNEL_ATTRIBUTES.name]: 'bench_side' })).toBe(0);
    other.close();
    expect(await reader.sum(CHANNEL_METRICS.sent, { [CHANNEL_ATTRIBUTES.name]: 'bench_side' })).toBe(1);
  });

  it('starts the counts from zero on a newly installed meter provider', async () => {
    const channel = createInstrumentedChannel<number>('elicitation', { capacity: 10 });
    channel.trySend(1);
    channel.close();
    const name = { [CHANNEL_ATTRIBUTES.name]: 'elicitation' };
    expect(await reader.sum(CHANNEL_METRICS.sent, name)).toBe(1);
    const fresh = new CollectingMetricReader();
    installMeterProvider(new MeterProvider({ readers: [fresh] }));
    expect(await fresh.points(CHANNEL_METRICS.sent)).toEqual([]);
    const next = createInstrumentedChannel<number>('elicitation', { capacity: 10 });
    next.trySend(2);
    next.trySend(3);
    next.close();
    expect(await fresh.sum(CHANNEL_METRICS.sent, name)).toBe(2);
  });

  it('samples the queue depth every 16th send as a gauge, handed over in batches with the time each was taken', async () => {
    const channel = createInstrumentedChannel<number>('status', { capacity: 100, sampleMinIntervalMs: 0 });
    const before = Date.now();
    for (let i = 0; i < 48; i++) channel.trySend(i);
    const depthSamples = () => samples.filter((s) => s.name === CHANNEL_METRICS.queueDepth);
    // Held until a batch is full, a timed wait, close or flushMetrics.
    expect(depthSamples()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const handedOverAt = Date.now();
    (channel as InstrumentedChannel<number>).flushMetrics();
    const depth = depthSamples();
    expect(depth.map((s) => s.value)).toEqual([16, 32, 48]);
    expect(depth[0].attributes).toEqual({ [CHANNEL_ATTRIBUTES.name]: 'status' });
    for (const sample of depth) {
      expect(sample.time).toBeGreaterThanOrEqual(before);
      expect(sample.time).toBeLessThan(handedOverAt - 20);
    }
  });

  it('hands a full batch of DEPTH_SAMPLE_BATCH samples over without being asked', async () => {
    const channel = createInstrumentedChannel<number>('status', { capacity: 16 * DEPTH_SAMPLE_BATCH + 16, sampleMinIntervalMs: 0 });
    for (let i = 0; i < 16 * DEPTH_SAMPLE_BATCH + 16; i++) channel.trySend(i);
    const depth = samples.filter((s) => s.name === CHANNEL_METRICS.queueDepth).map((s) => s.value);
    expect(depth).toEqual(Array.from({ length: DEPTH_SAMPLE_BATCH }, (_, i) => 16 * (i + 1)));
    channel.close();
    expect(samples.filter((s) => s.name === CHANNEL_METRICS.queueDepth)).toHaveLength(DEPTH_SAMPLE_BATCH + 1);
  });

  it('hands held samples over at the next sample once the oldest is DEPTH_SAMPLE_MAX_HOLD_MS old', async () => {
    const channel = createInstrumentedChannel<number>('status', { capacity: 100, sampleMinIntervalMs: 0 });
    for (let i = 0; i < 16; i++) channel.trySend(i);
    await new Promise((resolve) => setTimeout(resolve, DEPTH_SAMPLE_MAX_HOLD_MS / 2));
    for (let i = 0; i < 16; i++) channel.trySend(i);
    expect(samples.filter((s) => s.name === CHANNEL_METRICS.queueDepth)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, DEPTH_SAMPLE_MAX_HOLD_MS / 2 + 20));
    for (let i = 0; i < 16; i++) channel.trySend(i);
    expect(samples.filter((s) => s.name === CHANNEL_METRICS.queueDepth).map((s) => s.value)).toEqual([16, 32, 48]);
  });

  it('takes its first queue-depth sample once sampleMinIntervalMs passed since creation, then at most one per interval', async () => {
    const channel = createInstrumentedChannel<number>('status', { capacity: 1000, sampleMinIntervalMs: 40 });
    const depthValues = () => samples.filter((s) => s.name === CHANNEL_METRICS.queueDepth).map((s) => s.value);
    for (let i = 0; i < 64; i++) channel.trySend(i);
    (channel as InstrumentedChannel<number>).flushMetrics();
    expect(depthValues()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    // The next 16th send after the interval takes one sample; the sends right after it take none.
    for (let i = 0; i < 640; i++) channel.trySend(i);
    channel.close();
    expect(depthValues()).toEqual([80]);
  });

  it('calls its sampling code about once per coarse-clock tick on a busy channel, not at every 16th send', async () => {
    const channel = new SampleHookCountingChannel('metrics', { capacity: 1024 });
    const receiving = (async () => {
      let received = 0;
      for await (const _ of channel) received++;
      return received;
    })();
    const sends = 200_000;
    const started = performance.now();
    for (let i = 0; i < sends; i++) await channel.send(i);
    const elapsedMs = performance.now() - started;
    channel.close();
    expect(await receiving).toBe(sends);
    // One microtask burst: the 10 ms timer cannot tick inside it, so the hook ran at every
    // SEND_SAMPLE_EVERY_UNGATED-th send (where it reads the real clock), and at most once per tick
    // around the burst. Every 16th send would be 12 500.
    const ungatedCalls = Math.floor(sends / SEND_SAMPLE_EVERY_UNGATED);
    expect(channel.hookCalls).toBeLessThanOrEqual(1 + ungatedCalls + Math.ceil(elapsedMs / 10));
    expect(channel.hookCalls).toBeGreaterThanOrEqual(ungatedCalls);
    // The real-clock check still took samples through the burst: about one per 10 ms plus the gap
    // between checks (a quarter of that rate leaves room for a stalled machine).
    const depthSamples = samples.filter((s) => s.name === CHANNEL_METRICS.queueDepth).length;
    expect(depthSamples).toBeGreaterThanOrEqual(Math.min(ungatedCalls / 2, Math.floor(elapsedMs / 40)));
  });

  it('samples a busy channel once per coarse-clock tick while timers run, calling its sampling code about as often', async () => {
    const channel = new SampleHookCountingChannel('metrics', { capacity: 1 << 20 });
    // Bursts of 512 sends with a macrotask between them, so that the 10 ms clock ticks, for ~200 ms.
    const started = performance.now();
    let sends = 0;
    while (performance.now() - started < 200) {
      for (let i = 0; i < 512; i++) channel.trySend(sends++);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const elapsedMs = performance.now() - started;
    channel.close();
    const ticks = Math.ceil(elapsedMs / 10);
    // Once per tick (plus the ungated sends), where every 16th send would be sends / 16.
    expect(channel.hookCalls).toBeLessThanOrEqual(ticks + 2 + sends / SEND_SAMPLE_EVERY_UNGATED);
    expect(sends / 16).toBeGreaterThan(10 * (ticks + 2));
    const depthSamples = samples.filter((s) => s.name === CHANNEL_METRICS.queueDepth);
    // One per 10 ms from creation; a loaded machine may run the timer late, never early.
    expect(depthSamples.length).toBeGreaterThanOrEqual(3);
    expect(depthSamples.length).toBeLessThanOrEqual(ticks + 1);
    // The interval is kept on the coarse clock, tick by tick: on average, not between every two.
    const first = depthSamples[0].time;
    const last = depthSamples[depthSamples.length - 1].time;
    expect((last - first) / (depthSamples.length - 1)).toBeGreaterThanOrEqual(9);
  });

  it('times one wait per BUSY_WAIT_TIMED_EVERY_MS once waits are short, and all again after a long one', async () => {
    // A generous threshold: the microtask hand-offs below stay far under it even on a loaded machine.
    const channel = createInstrumentedChannel<string>('metrics', { capacity: 1, spanMinWaitMs: 50 });
    // A long wait first: the channel is quiet, every wait is timed.
    await channel.send('a');
    let waiting = channel.send('b');
    await new Promise((resolve) => setTimeout(resolve, 80));
    await channel.recv();
    await waiting;
    // Now many short waits: the first one timed marks the channel busy.
    const shortWaits = 20_000;
    const started = performance.now();
    for (let i = 0; i < shortWaits; i++) {
      waiting = channel.send('c');
      await channel.recv();
      await waiting;
    }
    const elapsedMs = performance.now() - started;
    const histogram = (await reader.points<Histogram>(CHANNEL_METRICS.backpressureLatencyUs))[0].value;
    // 1 long + 1 short (becoming busy) + one per BUSY_WAIT_TIMED_EVERY_MS of the busy phase, checked
    // on a 10 ms clock (one more for the tick the phase started in). Timing by count would have
    // timed far more: even one wait in 1024 would be 19 here.
    const perInterval = Math.ceil(elapsedMs / BUSY_WAIT_TIMED_EVERY_MS) + 1;
    expect(histogram.count).toBeGreaterThanOrEqual(2);
    expect(histogram.count).toBeLessThanOrEqual(2 + perInterval);
    expect(perInterval).toBeLessThan(shortWaits / 1024);
  });

  it('times the waits of a busy channel again once it turns quiet, within BUSY_WAIT_TIMED_EVERY_MS and 16 sends', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // A generous spanMinWaitMs, so that a stall of the machine does not make a busy wait look long.
    const channel = createInstrumentedChannel<number>('status', { capacity: 1, spanMinWaitMs: 10, sampleMinIntervalMs: 0 });
    // Busy: receives released by a send at once, far under spanMinWaitMs.
    for (let i = 0; i < 4; i++) {
      const received = channel.recv();
      await channel.send(i);
      await received;
    }
    // Quiet: each receive waits ~25 ms. Until a busy channel times its next wait, none of these is
    // timed; the 16th send comes after BUSY_WAIT_TIMED_EVERY_MS.
    const quietWaits = 20;
    for (let i = 0; i < quietWaits; i++) {
      const received = channel.recv();
      await sleep(25);
      await channel.send(100 + i);
      await received;
    }
    const spans = telemetry.spans().filter((s) => s.name === 'channel.status_recv');
    expect(spans.length).toBeGreaterThan(0);
    // Not from the start of the quiet phase: the 16th send (the 12th quiet one) re-armed the timing.
    expect(spans.length).toBeLessThan(quietWaits - 10);
  });

  it('counts drops by reason', async () => {
    const channel = createInstrumentedChannel<number>('status', { capacity: 1 });
    channel.trySend(1);
    for (let i = 0; i < 3; i++) channel.trySend(2);
    channel.close();
    channel.trySend(3);
    expect(await reader.sum(CHANNEL_METRICS.dropped, { [CHANNEL_ATTRIBUTES.dropReason]: 'full' })).toBe(3);
    expect(await reader.sum(CHANNEL_METRICS.dropped, { [CHANNEL_ATTRIBUTES.dropReason]: 'closed' })).toBe(1);
  });

  it('records the wait of a send that met a full channel in the backpressure histogram', async () => {
    const channel = createInstrumentedChannel<string>('config_reload', { capacity: 1 });
    await channel.send('a');
    const waiting = channel.send('b');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await channel.recv();
    await waiting;
    const points = await reader.points<Histogram>(CHANNEL_METRICS.backpressureLatencyUs);
    expect(points).toHaveLength(1);
    const histogram = points[0].value;
    expect(points[0].attributes).toEqual({ [CHANNEL_ATTRIBUTES.name]: 'config_reload', [CHANNEL_ATTRIBUTES.outcome]: 'sent' });
    expect(histogram.count).toBe(1);
    // A lower bound only: the send waited at least the 20 ms before the receive.
    expect(histogram.sum).toBeGreaterThanOrEqual(15_000);
  });
});

describe('InstrumentedChannel spans', () => {
  it('spans a send that waited for room, under the sender’s active span, and not one that found room', async () => {
    const { withSpan } = await import('@zeph/telemetry-core');
    const channel = createInstrumentedChannel<string>('skill_reload', { capacity: 1 });
    let waitStartedAt = 0;
    let waitEndedAt = 0;
    await withSpan('test.producer', async () => {
      await channel.send('fits');
      waitStartedAt = performance.now();
      const waiting = channel.send('waits');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await channel.recv();
      await waiting;
      waitEndedAt = performance.now();
    });
    const sends = telemetry.spans().filter((s) => s.name === 'channel.skill_reload_send');
    expect(sends).toHaveLength(1);
    expect(sends[0].attributes).toMatchObject({
      [CHANNEL_ATTRIBUTES.name]: 'skill_reload',
      [CHANNEL_ATTRIBUTES.capacity]: 1,
      [CHANNEL_ATTRIBUTES.outcome]: 'sent',
    });
    expect(telemetry.parentOf(sends[0])?.name).toBe('test.producer');
    // The span was recorded after the wait but carries the wait's real interval.
    const durationMs = sends[0].duration[0] * 1e3 + sends[0].duration[1] / 1e6;
    expect(durationMs).toBeGreaterThanOrEqual(15);
    expect(durationMs).toBeLessThanOrEqual(waitEndedAt - waitStartedAt);
  });

  it('gives waits shorter than spanMinWaitMs no span, while still measuring them', async () => {
    const channel = createInstrumentedChannel<string>('metrics', { capacity: 1, spanMinWaitMs: Number.POSITIVE_INFINITY });
    await channel.send('a');
    const waiting = channel.send('b');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await channel.recv();
    await waiting;
    await channel.recv();
    const receiving = channel.recv();
    channel.trySend('c');
    await receiving;
    expect(telemetry.names().filter((n) => n.startsWith('channel.'))).toEqual([]);
    expect((await reader.points(CHANNEL_METRICS.backpressureLatencyUs)).length).toBe(1);
  });

  it('spans a receive that waited for a value and records how it ended', async () => {
    const channel = createInstrumentedChannel<string>('elicitation', { capacity: 4, spanMinWaitMs: 0 });
    const waiting = channel.recv();
    await channel.send('question');
    await waiting;
    await channel.send('buffered');
    await channel.recv(); // found a value: no span
    const released = channel.recv();
    channel.close();
    await released;
    const recvs = telemetry.spans().filter((s) => s.name === 'channel.elicitation_recv');
    expect(recvs.map((s) => s.attributes[CHANNEL_ATTRIBUTES.outcome])).toEqual(['received', 'closed']);
  });

  it('marks a cancelled wait as aborted with an error status', async () => {
    const channel = createInstrumentedChannel<string>('cancel', { capacity: 1, spanMinWaitMs: 0 });
    const controller = new AbortController();
    const waiting = channel.recv({ signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    const span = telemetry.span('channel.cancel_recv');
    expect(span.attributes[CHANNEL_ATTRIBUTES.outcome]).toBe('aborted');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('gives a send rejected by close the closed outcome', async () => {
    const channel = createInstrumentedChannel<string>('status', { capacity: 1, spanMinWaitMs: 0 });
    await channel.send('a');
    const waiting = channel.send('b');
    channel.close();
    await expect(waiting).rejects.toThrow('closed');
    expect(telemetry.span('channel.status_send').attributes[CHANNEL_ATTRIBUTES.outcome]).toBe('closed');
  });

  it('emits no spans for channels outside the six named ones, but still counts them', async () => {
    const channel = createInstrumentedChannel<number>('scratch', { capacity: 1, spanMinWaitMs: 0 });
    const waiting = channel.recv();
    await channel.send(1);
    await waiting;
    channel.close();
    expect(telemetry.names().filter((n) => n.startsWith('channel.'))).toEqual([]);
    expect(await reader.sum(CHANNEL_METRICS.sent, { [CHANNEL_ATTRIBUTES.name]: 'scratch' })).toBe(1);
  });

  it('records nothing once telemetry is shut down', async () => {
    await telemetry.shutdown();
    const channel = createInstrumentedChannel<number>('status', { capacity: 64 });
    for (let i = 0; i < 32; i++) channel.trySend(i);
    expect(samples.filter((s) => s.name === CHANNEL_METRICS.queueDepth)).toEqual([]);
  });
});
