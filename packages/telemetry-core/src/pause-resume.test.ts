import { afterEach, describe, expect, it } from 'vitest';
import { readChromeTrace } from './chrome/read-chrome-trace.js';
import { telemetryConfigSchema } from './config/schema.js';
import { recordSample } from './global-registry.js';
import { initTelemetry } from './init-telemetry.js';
import { instrument, isTelemetryActive, withSpan } from './span-api.js';
import { startChromeTelemetry, type ChromeTelemetry } from './test-fixtures/chrome-telemetry.js';
import { useTempDirs } from './test-fixtures/temp-dir.js';

const tempDir = useTempDirs();
let running: ChromeTelemetry | undefined;
afterEach(async () => {
  await running?.handle.shutdown();
  running = undefined;
});

describe('pausing and resuming telemetry', () => {
  it('records nothing while paused, lets open spans end, and records again after resume', async () => {
    const telemetry = (running = await startChromeTelemetry(tempDir()));
    const step = instrument('test.step', (n: number) => n + 1);
    expect(step(1)).toBe(2);
    let release!: () => void;
    const open = withSpan('test.open_across_pause', () => new Promise<void>((resolve) => (release = resolve)));

    telemetry.handle.pause();
    expect(isTelemetryActive()).toBe(false);
    // Instrumented code still runs and returns its result; the span it is handed records nothing.
    expect(step(10)).toBe(11);
    expect(withSpan('test.while_paused', (span) => span.isRecording)).toBe(false);
    recordSample('test.sample_while_paused', 1);
    release();
    await open;

    telemetry.handle.resume();
    expect(isTelemetryActive()).toBe(true);
    expect(step(20)).toBe(21);
    await telemetry.handle.shutdown();

    const { events } = await readChromeTrace(telemetry.traceFile);
    const names = events.filter((e) => e.ph === 'X').map((e) => e.name);
    expect(names.filter((n) => n === 'test.step')).toHaveLength(2);
    expect(names).toContain('test.open_across_pause');
    expect(names).not.toContain('test.while_paused');
    expect(events.some((e) => e.name.startsWith('test.sample_while_paused'))).toBe(false);
  });

  it('leaves the runtime alone once shut down, also when telemetry was started again', async () => {
    const first = await startChromeTelemetry(tempDir());
    await first.handle.shutdown();
    first.handle.resume();
    expect(isTelemetryActive()).toBe(false);
    running = await startChromeTelemetry(tempDir());
    first.handle.pause();
    expect(isTelemetryActive()).toBe(true);
  });

  it('has pause and resume that change nothing when telemetry is disabled', async () => {
    const handle = await initTelemetry({ config: telemetryConfigSchema.parse({ enabled: false }), logFile: false, handleSignals: false });
    handle.resume();
    expect(isTelemetryActive()).toBe(false);
    handle.pause();
    expect(isTelemetryActive()).toBe(false);
  });
});
