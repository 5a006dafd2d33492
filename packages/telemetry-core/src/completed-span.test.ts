import { afterEach, beforeEach, expect, it } from 'vitest';
import { captureSpanParent, recordCompletedSpan } from './completed-span.js';
import { withSpan } from './span-api.js';
import { startTestTelemetry, type TestTelemetry } from './testing/index.js';

let telemetry: TestTelemetry;
beforeEach(async () => {
  telemetry = await startTestTelemetry();
});
afterEach(() => telemetry.shutdown());

it('records a span with the given start and end, under the active span', async () => {
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const endedAt = performance.now();
  withSpan('test.parent', () => recordCompletedSpan('test.waited', startedAt, endedAt, { attributes: { 'test.key': 'v' } }));
  const span = telemetry.span('test.waited');
  const durationMs = span.duration[0] * 1e3 + span.duration[1] / 1e6;
  expect(Math.abs(durationMs - (endedAt - startedAt))).toBeLessThan(0.001);
  expect(span.attributes['test.key']).toBe('v');
  expect(telemetry.parentOf(span)?.name).toBe('test.parent');
});

it('marks the span failed when given an error', () => {
  const now = performance.now();
  recordCompletedSpan('test.failed', now - 5, now, { error: new Error('cancelled') });
  const span = telemetry.span('test.failed');
  expect(span.status).toMatchObject({ code: 2, message: 'cancelled' });
  expect(span.events.map((e) => e.name)).toEqual(['exception']);
});

it('uses a parent captured earlier instead of the context active at the end', () => {
  const startedAt = performance.now();
  const parent = withSpan('test.waiter', () => captureSpanParent());
  withSpan('test.other_task', () => recordCompletedSpan('test.wait', startedAt, performance.now(), { parent }));
  expect(telemetry.parentOf(telemetry.span('test.wait'))?.name).toBe('test.waiter');
});
