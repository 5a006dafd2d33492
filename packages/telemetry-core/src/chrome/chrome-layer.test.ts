import { chmodSync, existsSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type HrTime, type Span } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../test-fixtures/capture-logger.js';
import { startChromeTelemetry, type ChromeTelemetry } from '../test-fixtures/chrome-telemetry.js';
import { useTempDirs } from '../test-fixtures/temp-dir.js';
import { telemetryConfigSchema } from '../config/schema.js';
import { recordInstant, recordSample } from '../global-registry.js';
import { initTelemetry } from '../init-telemetry.js';
import { instrument, withSpan } from '../span-api.js';
import type { ChromeTraceEvent } from './chrome-trace-types.js';
import { createChromeTraceLayer } from './chrome-layer.js';
import { readChromeTrace } from './read-chrome-trace.js';
import { TRACE_FILE_NAME_PATTERN } from './trace-file-name.js';
import { validateChromeTrace } from './validate-chrome-trace.js';

const tempDir = useTempDirs();
let running: ChromeTelemetry | undefined;
afterEach(async () => {
  await running?.handle.shutdown();
  running = undefined;
});

async function traceOf(run: () => Promise<void>, config = {}): Promise<{ events: ChromeTraceEvent[]; telemetry: ChromeTelemetry }> {
  const telemetry = (running = await startChromeTelemetry(tempDir(), config));
  await run();
  await telemetry.handle.shutdown();
  const file = await readChromeTrace(telemetry.traceFile);
  expect(file.terminated).toBe(true);
  return { events: file.events, telemetry };
}

const spansNamed = (events: ChromeTraceEvent[], name: string) => events.filter((e) => e.ph === 'X' && e.name === name);
const overlaps = (a: ChromeTraceEvent, b: ChromeTraceEvent) => a.ts! < b.ts! + b.dur! && b.ts! < a.ts! + a.dur!;

describe('Chrome trace layer', () => {
  it('puts concurrent siblings on separate lanes and keeps every lane properly nested', async () => {
    const leaf = instrument('tool.leaf', async (ms: number) => {
      await sleep(ms);
    });
    const turn = instrument('agent.turn', async () => {
      await Promise.all([leaf(4), leaf(2), withSpan('memory.recall', async () => leaf(1))]);
      await leaf(1);
    });
    const { events } = await traceOf(async () => {
      await Promise.all([turn(), turn()]);
    });

    expect(validateChromeTrace(events)).toEqual([]);
    const turns = spansNamed(events, 'agent.turn');
    const leaves = spansNamed(events, 'tool.leaf');
    expect(turns).toHaveLength(2);
    expect(leaves).toHaveLength(8);
    expect(turns[0].tid).not.toBe(turns[1].tid);
    for (const a of leaves) {
      for (const b of leaves) if (a !== b && overlaps(a, b)) expect(a.tid).not.toBe(b.tid);
    }
    // The first child of each turn runs on its parent's lane.
    for (const t of turns) {
      const children = leaves.filter((l) => l.args?.parent_span_id === t.args?.span_id);
      expect(children.some((c) => c.tid === t.tid)).toBe(true);
    }
    const threadNames = events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args?.name);
    expect(threadNames).toContain('main');
    expect(threadNames).toContain('async-1');
    const processName = events.find((e) => e.ph === 'M' && e.name === 'process_name');
    expect(processName?.args?.name).toBe('zeph-agent');
  });

  it('nests deep synchronous chains exactly despite microsecond rounding', async () => {
    const depth = (n: number): void => (n === 0 ? undefined : withSpan(`agent.level_${n}`, () => depth(n - 1)));
    const { events } = await traceOf(async () => {
      for (let i = 0; i < 50; i++) depth(20);
    });
    expect(spansNamed(events, 'agent.level_1')).toHaveLength(50);
    expect(validateChromeTrace(events)).toEqual([]);
    // A synchronous child always starts while its parent is the innermost span of its lane.
    const spans = events.filter((e) => e.ph === 'X');
    const bySpanId = new Map(spans.map((e) => [e.args?.span_id, e]));
    for (const child of spans) {
      const parent = bySpanId.get(child.args?.parent_span_id);
      if (parent) expect(child.tid).toBe(parent.tid);
    }
  });

  it('keeps nesting when a child outlives its parent or many tasks interleave', async () => {
    const pending: Promise<unknown>[] = [];
    const { events } = await traceOf(async () => {
      await withSpan('agent.turn', async () => {
        // Fire and forget: this child ends after its parent.
        pending.push(withSpan('agent.learning', async () => withSpan('memory.remember', () => sleep(15))));
        await sleep(2);
      });
      const task = instrument('tool.execute', async (i: number) => {
        for (let k = 0; k < i % 4; k++) await withSpan('tool.shell', async () => sleep((i * 7) % 3));
      });
      await Promise.all(Array.from({ length: 30 }, (_, i) => task(i)));
      await Promise.all(pending);
    });
    expect(spansNamed(events, 'agent.learning')).toHaveLength(1);
    expect(spansNamed(events, 'tool.shell').length).toBeGreaterThan(20);
    expect(validateChromeTrace(events)).toEqual([]);
  });

  it('keeps every lane valid when spans start and end in random order (parents before children too)', async () => {
    // Deterministic pseudo-random sequence, so a failure can be replayed.
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const { events } = await traceOf(async () => {
      const tracer = trace.getTracer('random-order');
      const openSpans: Span[] = [];
      let started = 0;
      while (started < 600 || openSpans.length > 0) {
        if (started < 600 && (openSpans.length === 0 || random() < 0.55)) {
          const parent = openSpans.length > 0 && random() < 0.8 ? openSpans[Math.floor(random() * openSpans.length)] : undefined;
          const ctx = parent ? trace.setSpan(context.active(), parent) : ROOT_CONTEXT;
          openSpans.push(tracer.startSpan(`tool.op_${started++ % 7}`, {}, ctx));
        } else {
          // Mostly the newest span, sometimes any open one: children outlive parents.
          const index = random() < 0.7 ? openSpans.length - 1 : Math.floor(random() * openSpans.length);
          openSpans.splice(index, 1)[0].end();
        }
        if (random() < 0.1) await sleep(0);
      }
    });
    expect(events.filter((e) => e.ph === 'X')).toHaveLength(600);
    expect(validateChromeTrace(events)).toEqual([]);
  });

  it('honours explicit start and end times without breaking nesting', async () => {
    let explicitStartMs = 0;
    const { events } = await traceOf(async () => {
      await withSpan('agent.turn', async () => {
        await withSpan('tool.shell', () => sleep(2));
        const tracer = trace.getTracer('explicit-times');
        explicitStartMs = Date.now() - 50;
        // A retroactive span, as instrumentations built on timing APIs create them.
        const span = tracer.startSpan('tool.cache', { startTime: explicitStartMs });
        span.end(explicitStartMs + 30);
      });
    });
    const cache = spansNamed(events, 'tool.cache')[0];
    expect(cache.dur).toBeGreaterThanOrEqual(29_000);
    expect(cache.dur).toBeLessThanOrEqual(31_000);
    expect(Math.abs(cache.ts! - explicitStartMs * 1000)).toBeLessThan(5_000);
    expect(validateChromeTrace(events)).toEqual([]);
  });

  it('writes ids, attributes, category, error status and span events', async () => {
    const { events } = await traceOf(async () => {
      await withSpan('llm.chat', async (span) => {
        span.setAttribute('llm.provider', 'openai');
        span.addEvent('first_token', { 'llm.tokens': 1 });
        await withSpan('llm.http_request', async () => {
          throw new Error('boom');
        }).catch(() => {});
      });
    });
    const chat = spansNamed(events, 'llm.chat')[0];
    const request = spansNamed(events, 'llm.http_request')[0];
    expect(chat).toMatchObject({ cat: 'llm', ph: 'X', pid: process.pid });
    expect(chat.args).toMatchObject({ 'llm.provider': 'openai' });
    expect(chat.args?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(chat.args?.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(request.args?.parent_span_id).toBe(chat.args?.span_id);
    expect(request.args?.trace_id).toBe(chat.args?.trace_id);
    expect(request.args).toMatchObject({ status: 'ERROR', status_message: 'boom', 'error.type': 'Error' });
    expect(Number.isInteger(chat.ts) && Number.isInteger(chat.dur)).toBe(true);
    expect(chat.ts).toBeGreaterThan(Date.UTC(2020, 0) * 1000);

    const token = events.find((e) => e.ph === 'i' && e.name === 'first_token')!;
    expect(token).toMatchObject({ s: 't', tid: chat.tid, cat: 'llm' });
    expect(token.args).toMatchObject({ 'llm.tokens': 1, span_id: chat.args?.span_id });
    expect(token.ts).toBeGreaterThanOrEqual(chat.ts!);
    expect(token.ts).toBeLessThanOrEqual(chat.ts! + chat.dur!);
    const exception = events.find((e) => e.ph === 'i' && e.name === 'exception')!;
    expect(exception.tid).toBe(request.tid);
  });

  it('turns samples into counter events and instants into process-scoped instant events', async () => {
    let takenAt = 0;
    let handedOverAt = 0;
    const { events } = await traceOf(async () => {
      recordSample('channel.queue_depth', 3);
      recordSample('channel.queue_depth', 5);
      // A sample handed over later, with the time it was taken.
      takenAt = Date.now() - 250;
      recordSample('channel.queue_depth', 8, undefined, takenAt);
      handedOverAt = Date.now();
      recordInstant('config.reload', 'agent', { 'config.file': 'zeph.toml' });
    });
    const counters = events.filter((e) => e.ph === 'C' && e.name === 'channel.queue_depth');
    expect(counters.map((c) => c.args)).toEqual([{ value: 3 }, { value: 5 }, { value: 8 }]);
    expect(counters[0].ts).toBeLessThanOrEqual(counters[1].ts!);
    // The trace clock may drift from the wall clock by a little, never by the 250 ms moved back.
    expect(Math.abs(counters[2].ts! - takenAt * 1000)).toBeLessThan(50_000);
    expect(counters[2].ts!).toBeLessThan(handedOverAt * 1000 - 200_000);
    const instant = events.find((e) => e.ph === 'i' && e.name === 'config.reload');
    expect(instant).toMatchObject({ s: 'p', cat: 'agent', args: { 'config.file': 'zeph.toml' } });
    expect(validateChromeTrace(events)).toEqual([]);
  });

  it('names the file {session_id}_{timestamp}.json under trace_dir', async () => {
    const dir = tempDir();
    const telemetry = (running = await startChromeTelemetry(join(dir, 'traces')));
    const name = basename(telemetry.traceFile);
    const match = TRACE_FILE_NAME_PATTERN.exec(name);
    expect(match?.[1]).toBe('testsession');
    expect(name).not.toContain(':');
    const stamp = match![2];
    const asDate = new Date(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13)}`);
    expect(Math.abs(asDate.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    expect(telemetry.traceFile.startsWith(join(dir, 'traces'))).toBe(true);
    expect(existsSync(telemetry.traceFile)).toBe(true);
  });

  it('writes spans still open at shutdown, marked unfinished', async () => {
    const telemetry = (running = await startChromeTelemetry(tempDir()));
    let release!: () => void;
    const blocked = withSpan('agent.turn', () => withSpan('llm.chat', () => new Promise<void>((r) => (release = r))));
    await telemetry.handle.shutdown();
    release();
    await blocked;
    const { events } = await readChromeTrace(telemetry.traceFile);
    expect(spansNamed(events, 'agent.turn')[0].args?.unfinished).toBe(true);
    expect(spansNamed(events, 'llm.chat')[0].args?.unfinished).toBe(true);
    expect(validateChromeTrace(events)).toEqual([]);
  });

  it('goes on when the trace file sits on a full disk, logging once', async () => {
    const log = captureLogger();
    const layer = createChromeTraceLayer({ traceDir: tempDir(), sessionId: 's', processName: 'p', log, flushIntervalMs: 1 });
    // The layer opens its file in start(): a link made before that sends every write to /dev/full.
    symlinkSync('/dev/full', layer.filePath);
    const handle = await initTelemetry({
      config: telemetryConfigSchema.parse({ system_metrics_interval_secs: 3600 }),
      layers: [layer],
      withoutBackend: true,
      logFile: false,
      handleSignals: false,
    });
    const leaf = instrument('tool.leaf', async () => sleep(0));
    for (let i = 0; i < 60; i++) await leaf();
    await handle.forceFlush();
    for (let i = 0; i < 60; i++) await leaf();
    await handle.shutdown();
    const errors = log.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/cannot write Chrome trace .*ENOSPC/);
    expect(layer.stats()).toMatchObject({ failed: true });
    expect(layer.stats().dropped).toBeGreaterThan(60);
  });

  it('goes on when trace_dir refuses new files, logging once', async () => {
    // Root ignores mode bits, so a chmod'ed temp dir would still accept the file; sysfs refuses new
    // files even to root and stands in for a read-only directory there.
    const dir = process.getuid?.() === 0 ? '/sys' : tempDir();
    if (dir !== '/sys') chmodSync(dir, 0o555);
    const telemetry = (running = await startChromeTelemetry(dir));
    const turn = instrument('agent.turn', async () => withSpan('llm.chat', () => sleep(1)));
    for (let i = 0; i < 5; i++) await turn();
    await telemetry.handle.shutdown();
    const errors = telemetry.logs.filter((l) => l.level === 'error' && l.scope === 'chrome-layer');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/cannot write Chrome trace .*EACCES/);
    expect(existsSync(telemetry.traceFile)).toBe(false);
  });

  it('writes duration 0 and warns once when a span ends before it starts', async () => {
    const log = captureLogger();
    const layer = createChromeTraceLayer({ traceDir: tempDir(), sessionId: 's', processName: 'p', log });
    await layer.start!({} as never);
    // A span from another SDK that does not clamp skewed clocks (ours clamps before we see it).
    const skewed = foreignSpan('llm.chat', [1_700_000_010, 0], [1_700_000_000, 0]);
    layer.spanProcessor!.onEnd(skewed);
    layer.spanProcessor!.onEnd(foreignSpan('llm.embed', [1_700_000_010, 0], [1_700_000_009, 0]));
    await layer.shutdown!();
    const { events } = await readChromeTrace(layer.filePath);
    const chat = spansNamed(events, 'llm.chat')[0];
    expect(chat.dur).toBe(0);
    expect(spansNamed(events, 'llm.embed')[0].dur).toBe(0);
    expect(log.at('warn').filter((r) => r.message.includes('ends before it starts'))).toHaveLength(1);
    expect(validateChromeTrace(events)).toEqual([]);
  });
});

function foreignSpan(name: string, start: HrTime, end: HrTime): ReadableSpan {
  const duration: HrTime = [end[0] - start[0], end[1] - start[1]];
  return {
    name,
    kind: SpanKind.INTERNAL,
    spanContext: () => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }),
    startTime: start,
    endTime: end,
    duration,
    status: { code: SpanStatusCode.UNSET },
    attributes: {},
    links: [],
    events: [],
    ended: true,
    resource: undefined as never,
    instrumentationScope: { name: 'foreign' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}
