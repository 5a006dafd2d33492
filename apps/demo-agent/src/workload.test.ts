import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_SPANS } from '@zeph/telemetry-core';
import { readChromeTrace } from '@zeph/telemetry-core/chrome-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDemoTurns } from './workload.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-demo-workload-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runDemoTurns (benchmark workload)', () => {
  it('local tier: times each measured turn and traces warm-up and measured turns', async () => {
    const result = await runDemoTurns({ turns: 3, warmupTurns: 1, telemetry: { enabled: true, system_metrics_interval_secs: 60 }, workDir: dir });
    expect(result.turnMs).toHaveLength(3);
    expect(result.turnCpuMs).toHaveLength(3);
    for (const ms of [...result.turnMs, ...result.turnCpuMs]) expect(ms).toBeGreaterThan(0);
    expect(result.layers).toContain('chrome');
    const trace = await readChromeTrace(result.traceFile!);
    expect(trace.events.filter((e) => e.ph === 'X' && e.name === AGENT_SPANS.turn)).toHaveLength(4);
  });

  it('pauseRecording: paused turns run and are timed but leave no spans', async () => {
    const paused = (turn: number) => turn % 2 === 1;
    const result = await runDemoTurns({ turns: 4, warmupTurns: 1, telemetry: { enabled: true, system_metrics_interval_secs: 60 }, workDir: dir, pauseRecording: paused });
    expect(result.turnCpuMs).toHaveLength(4);
    const trace = await readChromeTrace(result.traceFile!);
    const turns = trace.events.filter((e) => e.ph === 'X' && e.name === AGENT_SPANS.turn);
    // The warm-up turn and measured turns 0 and 2 record; 1 and 3 are paused.
    expect(turns).toHaveLength(3);
    expect(trace.events.filter((e) => e.ph === 'X' && e.name === AGENT_SPANS.prepareContext)).toHaveLength(3);
  });

  it('telemetry.enabled=false: same turns, no layers, no trace file', async () => {
    const result = await runDemoTurns({ turns: 2, warmupTurns: 0, telemetry: { enabled: false }, workDir: dir });
    expect(result.turnMs).toHaveLength(2);
    expect(result.layers).toEqual([]);
    expect(result.traceFile).toBeUndefined();
    expect(readdirSync(dir)).not.toContain('traces');
  });
});
