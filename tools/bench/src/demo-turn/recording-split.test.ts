// The pairing arithmetic of the recording split, on a synthetic workload whose turns cost a known
// CPU time depending on whether they were paused (the real workload's figures are noisy by nature;
// the demo app's workload.test.ts checks that pausing really stops the spans).
import { describe, expect, it } from 'vitest';
import { describeSplit, measureRecordingSplit, type SplitWorkload } from './recording-split.js';

/** Recording turns cost 12 ms, paused ones 10 ms; records every pause decision it was asked for. */
function syntheticWorkload(): SplitWorkload & { decisions: boolean[] } {
  const decisions: boolean[] = [];
  return {
    decisions,
    async runDemoTurns(options) {
      const turnCpuMs: number[] = [];
      for (let turn = 0; turn < options.turns; turn++) {
        const paused = options.pauseRecording(turn);
        decisions.push(paused);
        turnCpuMs.push(paused ? 10 : 12);
      }
      return { turnCpuMs };
    },
  };
}

const options = { telemetry: {}, appRoot: '/', workDir: () => '/tmp', runs: 2, turnsPerRun: 103 };

describe('recording split', () => {
  it('pairs each recording block with a paused one, in both orders', async () => {
    const workload = syntheticWorkload();
    const result = await measureRecordingSplit(workload, options, true);
    // 103 turns are cut to whole pairs of five-turn blocks: 100 turns, 10 pairs per run.
    expect(workload.decisions).toHaveLength(200);
    expect(result.ratios).toHaveLength(20);
    for (const ratio of result.ratios) expect(ratio).toBeCloseTo(1.2, 12);
    expect(result.recordingMs).toBeCloseTo(12, 12);
    expect(result.otherMs).toBeCloseTo(10, 12);
    // Blocks are whole: the decision changes only at multiples of five turns.
    for (let turn = 1; turn < 100; turn++) {
      if (turn % 5 !== 0) expect(workload.decisions[turn], `turn ${turn}`).toBe(workload.decisions[turn - 1]);
    }
    // The recording block comes first in some pairs and second in others.
    const pausedFirst = Array.from({ length: 10 }, (_, pair) => workload.decisions[pair * 10]);
    expect(pausedFirst).toContain(true);
    expect(pausedFirst).toContain(false);
    expect(describeSplit(result)).toMatch(/^pair ratios: mean 1\.200 ± 0\.000 \(standard error\), interquartile 1\.200\.\.1\.200 \(20 pairs\)$/);
  });

  it('pauses nothing in the control series', async () => {
    const workload = syntheticWorkload();
    const result = await measureRecordingSplit(workload, options, false);
    expect(workload.decisions.every((paused) => !paused)).toBe(true);
    for (const ratio of result.ratios) expect(ratio).toBe(1);
  });
});
