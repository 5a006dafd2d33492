/** A complete event reduced to what nesting needs. */
export interface LaneSpan {
  index: number;
  ts: number;
  dur: number;
}

export interface NestingResult {
  /** For each input span (by position), the position of its parent on the lane, or -1. */
  parent: Int32Array;
  /** Pairs (by event index) that overlap without one containing the other. */
  overlaps: Array<[number, number]>;
}

// Chrome trace timestamps are microseconds with sub-µs fractions; allow rounding noise.
const EPSILON_US = 0.001;

/**
 * Sorts one lane's spans by start (longer first on ties) and walks them with a stack: each span's
 * parent is the innermost open span that contains it. Partial overlaps are reported.
 */
export function nestLane(spans: LaneSpan[]): NestingResult {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a].ts - spans[b].ts || spans[b].dur - spans[a].dur);
  const parent = new Int32Array(spans.length).fill(-1);
  const overlaps: Array<[number, number]> = [];
  const stack: number[] = [];
  for (const i of order) {
    const s = spans[i];
    while (stack.length > 0) {
      const top = spans[stack[stack.length - 1]];
      if (top.ts + top.dur <= s.ts + EPSILON_US) stack.pop();
      else break;
    }
    if (stack.length > 0) {
      const top = spans[stack[stack.length - 1]];
      if (s.ts + s.dur > top.ts + top.dur + EPSILON_US) overlaps.push([top.index, s.index]);
      parent[i] = stack[stack.length - 1];
    }
    stack.push(i);
  }
  return { parent, overlaps };
}
