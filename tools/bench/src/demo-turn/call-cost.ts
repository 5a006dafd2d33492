// Nanoseconds per call of a trivial function, plain and wrapped by instrument() with telemetry off.

function increment(x: number): number {
  return x + 1;
}

function incrementToo(x: number): number {
  return x + 1;
}

// One loop per side, each only ever called with one function, so both call sites stay monomorphic.
function loopPlain(f: (x: number) => number, n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc = f(acc);
  return acc;
}

function loopInstrumented(f: (x: number) => number, n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc = f(acc);
  return acc;
}

function nsPerCall(loop: (f: (x: number) => number, n: number) => number, f: (x: number) => number, calls: number): number {
  const start = process.hrtime.bigint();
  const result = loop(f, calls);
  const elapsed = Number(process.hrtime.bigint() - start);
  if (result !== calls) throw new Error(`call-cost loop returned ${result}, expected ${calls}`);
  return elapsed / calls;
}

export interface CallCost {
  plainNs: number[];
  instrumentedNs: number[];
}

/** Alternates plain and instrumented measurements (after a warm-up) so noise hits both. */
export function measureCallCost(instrument: (name: string, fn: (x: number) => number) => (x: number) => number, calls: number, runs: number): CallCost {
  const wrapped = instrument('bench.trivial', incrementToo);
  nsPerCall(loopPlain, increment, calls);
  nsPerCall(loopInstrumented, wrapped, calls);
  const cost: CallCost = { plainNs: [], instrumentedNs: [] };
  for (let r = 0; r < runs; r++) {
    cost.plainNs.push(nsPerCall(loopPlain, increment, calls));
    cost.instrumentedNs.push(nsPerCall(loopInstrumented, wrapped, calls));
  }
  return cost;
}
