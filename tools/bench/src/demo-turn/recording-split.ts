// What recording costs in place, apart from context tracking: one process runs the local tier and
// pauses recording (the handle's pause()) for every other block of turns. Both kinds of block have
// the same process, JIT state, memory contents and AsyncLocalStorage, so a pair's ratio is spans +
// layers + attribute work alone, and hundreds of pairs pin it down far tighter than the fresh runs
// of the tier table. Which block of a pair records is drawn per pair: the workload has events that
// recur every few turns, which a fixed order would charge to one side. A control series whose
// blocks all record shows what the method itself reads when there is nothing to find.
import { mean, quartiles } from '../stats.js';

/** Turns per block: one whole cycle of the workload's five kinds of turn. */
const BLOCK_TURNS = 5;

export interface SplitWorkload {
  runDemoTurns(options: {
    turns: number;
    warmupTurns: number;
    telemetry: Record<string, unknown>;
    appRoot: string;
    workDir: string;
    pauseRecording: (turn: number) => boolean;
  }): Promise<{ turnCpuMs: number[] }>;
}

export interface SplitOptions {
  telemetry: Record<string, unknown>;
  appRoot: string;
  /** A fresh folder per run. */
  workDir: () => string;
  runs: number;
  turnsPerRun: number;
}

export interface SplitResult {
  /** Per pair: CPU of the recording block / CPU of the other block. */
  ratios: number[];
  /** Mean CPU ms per turn over all recording blocks, and over all other blocks. */
  recordingMs: number;
  otherMs: number;
}

/** A fixed pseudo-random bit per pair (mulberry32's mixing), the same in every run and without period. */
function recordingFirst(pair: number): boolean {
  let h = Math.imul(pair + 1, 0x6d2b79f5);
  h = Math.imul(h ^ (h >>> 15), h | 1);
  h ^= h + Math.imul(h ^ (h >>> 7), h | 61);
  return ((h ^ (h >>> 14)) & 1) === 1;
}

/** `pausedSide`: whether the other block of each pair is paused (false for the control series). */
export async function measureRecordingSplit(workload: SplitWorkload, options: SplitOptions, pausedSide: boolean): Promise<SplitResult> {
  const ratios: number[] = [];
  const recording: number[] = [];
  const other: number[] = [];
  const turns = options.turnsPerRun - (options.turnsPerRun % (2 * BLOCK_TURNS));
  const isRecordingBlock = (block: number) => (block % 2 === 0) === recordingFirst(block >> 1);
  for (let run = 0; run < options.runs; run++) {
    const result = await workload.runDemoTurns({
      turns,
      // Whole cycles, so that every block starts at the same kind of turn.
      warmupTurns: 2 * BLOCK_TURNS,
      telemetry: options.telemetry,
      appRoot: options.appRoot,
      workDir: options.workDir(),
      pauseRecording: (turn) => pausedSide && !isRecordingBlock(Math.floor(turn / BLOCK_TURNS)),
    });
    const cpuOf = (b: number) => mean(result.turnCpuMs.slice(b * BLOCK_TURNS, (b + 1) * BLOCK_TURNS));
    for (let block = 0; block + 1 < turns / BLOCK_TURNS; block += 2) {
      const [rec, oth] = isRecordingBlock(block) ? [cpuOf(block), cpuOf(block + 1)] : [cpuOf(block + 1), cpuOf(block)];
      ratios.push(rec / oth);
      recording.push(rec);
      other.push(oth);
    }
  }
  return { ratios, recordingMs: mean(recording), otherMs: mean(other) };
}

/** "mean of pair ratios ± standard error; quartiles (n pairs)". */
export function describeSplit(result: SplitResult): string {
  const m = mean(result.ratios);
  const sd = Math.sqrt(mean(result.ratios.map((r) => (r - m) ** 2)));
  const [q1, q3] = quartiles(result.ratios);
  return `pair ratios: mean ${m.toFixed(3)} ± ${(sd / Math.sqrt(result.ratios.length)).toFixed(3)} (standard error), interquartile ${q1.toFixed(3)}..${q3.toFixed(3)} (${result.ratios.length} pairs)`;
}
