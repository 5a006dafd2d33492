import { SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument, withSpan } from './span-api.js';
import { startTestTelemetry, type TestTelemetry } from './testing/index.js';

let telemetry: TestTelemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

describe('span API', () => {
  it('returns the plain result and records nothing while telemetry is inactive', () => {
    const add = instrument('test.add', (a: number, b: number) => a + b);
    expect(add(2, 3)).toBe(5);
  });

  it('nests async spans under the active parent', async () => {
    telemetry = await startTestTelemetry();
    const inner = instrument('test.inner', async (x: number) => {
      await new Promise((r) => setTimeout(r, 5));
      return x * 2;
    });
    const result = await withSpan('test.outer', async (span) => {
      span.setAttribute('test.flag', true);
      return inner(21);
    });
    expect(result).toBe(42);
    expect(telemetry.names()).toEqual(['test.inner', 'test.outer']);
    const innerSpan = telemetry.span('test.inner');
    expect(telemetry.parentOf(innerSpan)?.name).toBe('test.outer');
    expect(telemetry.span('test.outer').attributes['test.flag']).toBe(true);
  });

  it('marks a throwing call as an error and rethrows', async () => {
    telemetry = await startTestTelemetry();
    const boom = instrument('test.boom', () => {
      throw new TypeError('bad input');
    });
    expect(() => boom()).toThrow('bad input');
    const span = telemetry.span('test.boom');
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.events[0].name).toBe('exception');
  });

  it('records arguments only with include_args, redacting sensitive names', async () => {
    telemetry = await startTestTelemetry({ config: { include_args: true } });
    const call = instrument('test.call', (_path: string, _apiKey: string) => 'ok', { argNames: ['path', 'apiKey'] });
    call('/tmp/x', 'sk-live-123456');
    const attrs = telemetry.span('test.call').attributes;
    expect(attrs['zeph.arg.path']).toBe('/tmp/x');
    expect(attrs['zeph.arg.apiKey']).toBe('[REDACTED]');
    expect(JSON.stringify(attrs)).not.toContain('sk-live');
  });

  it('gives a span the kind it is asked for, internal by default', async () => {
    telemetry = await startTestTelemetry();
    await withSpan('test.client', async () => 'sent', { 'test.k': 1 }, { kind: 'client' });
    withSpan('test.server', () => undefined, undefined, { kind: 'server' });
    withSpan('test.plain', () => undefined);
    expect(telemetry.span('test.client').kind).toBe(SpanKind.CLIENT);
    expect(telemetry.span('test.client').attributes['test.k']).toBe(1);
    expect(telemetry.span('test.server').kind).toBe(SpanKind.SERVER);
    expect(telemetry.span('test.plain').kind).toBe(SpanKind.INTERNAL);
  });
});
