// The contract between the benchmark runner and its suites: each file in src/suites/ default-exports
// a BenchSuite; the runner runs them in one process run and writes bench/results/latest.md.

export interface BenchRow {
  /** Suite name, e.g. "channels". */
  suite: string;
  /** What was measured, e.g. "instrumented vs plain, 1e6 messages". */
  case: string;
  /** Measured value, e.g. ns per op, or overhead in percent. */
  value: number;
  unit: string;
  /** Baseline value in the same unit, measured in the same run. */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** Human-readable target, e.g. "< 1 %". */
  target?: string;
  /** Whether the target was met; undefined when there is no target. */
  pass?: boolean;
  /** Spread from repeated runs, e.g. "±0.4 % (5 runs)". */
  confidence?: string;
  note?: string;
}

export interface BenchContext {
  /** Fewer iterations (used by the runner's smoke test). */
  quick: boolean;
}

export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
