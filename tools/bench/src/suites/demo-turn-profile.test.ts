// Runs the demo-turn-profile suite in quick mode end to end (bundles, child processes under
// --cpu-prof, a loopback OTLP receiver) and checks that each tier's profile found telemetry code.
// No figure is asserted beyond that: the shares depend on the machine.
import { describe, expect, it } from 'vitest';
import suite, { isTelemetryModule } from './demo-turn-profile.js';

describe('demo-turn-profile suite, quick mode', () => {
  it('knows telemetry modules from the agent\'s own', () => {
    expect(isTelemetryModule('../../work/main/packages/telemetry-core/src/chrome/span-record.ts')).toBe(true);
    expect(isTelemetryModule('packages/telemetry-channels/src/instrumented-channel.ts')).toBe(true);
    expect(isTelemetryModule('packages/telemetry-memory/src/sqlite-span.ts')).toBe(false);
    expect(isTelemetryModule('apps/demo-agent/src/agent/tool-loop.ts')).toBe(false);
  });

  it('profiles the local, OTLP and OTLP + Pyroscope tiers and charges part of each to telemetry code', async () => {
    const rows = await suite.run({ quick: true });
    expect(rows.map((r) => r.case.slice(0, 3))).toEqual(['(c)', '(c)', '(e)', '(e)', '(f)', '(f)']);
    for (const row of rows) {
      expect(row.value, row.case).toBeGreaterThan(0);
      expect(row.value, row.case).toBeLessThan(100);
    }
    for (const row of [rows[0], rows[2], rows[4]]) expect(row.note, row.case).toMatch(/largest: \S+ \(/);
    for (const row of [rows[1], rows[3], rows[5]]) expect(row.case, row.case).toContain('context tracking');
  }, 300_000);
});
