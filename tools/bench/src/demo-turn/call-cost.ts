// Nanoseconds per call of a trivial function, plain and wrapped by instrument() with telemetry off.
// Two separate loop functions so that each call site stays monomorphic.

function increment(x: number): number {
  return x + 1;
}

function loopPlain(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc = increment(acc);
  return acc;
}

function makeInstrumentedLoop(wrapped: (x: number) => number): (n: number) => number {
  return function loopInstrumented(n: number): number {
    let acc = 0;
    for (let i = 0; i < n; i++) acc = wrapped(acc);
    return acc;
  };
}

function nsPerCall(loop: (n: number) => number, calls: number): number {
  const start = process.hrtime.bigint();
  const result = loop(calls);
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
  const loopInstrumented = makeInstrumentedLoop(instrument('bench.trivial', increment));
  nsPerCall(loopPlain, calls);
  nsPerCall(loopInstrumented, calls);
  const cost: CallCost = { plainNs: [], instrumentedNs: [] };
  for (let r = 0; r < runs; r++) {
    cost.plainNs.push(nsPerCall(loopPlain, calls));
    cost.instrumentedNs.push(nsPerCall(loopInstrumented, calls));
  }
  return cost;
}
