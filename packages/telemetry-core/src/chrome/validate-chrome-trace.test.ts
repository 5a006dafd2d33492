import { describe, expect, it } from 'vitest';
import { validateChromeTrace } from './validate-chrome-trace.js';

const meta = [
  { name: 'process_name', ph: 'M', pid: 1, args: { name: 'zeph' } },
  { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: { name: 'main' } },
];
const span = (name: string, ts: number, dur: number, tid = 1) => ({ name, ph: 'X', ts, dur, pid: 1, tid, cat: 'agent' });

describe('validateChromeTrace', () => {
  it('accepts nested and disjoint spans, instants and counters', () => {
    const events = [
      ...meta,
      span('child', 10, 5),
      span('grandchild', 11, 4),
      span('parent', 10, 20),
      span('later', 30, 1),
      { name: 'tick', ph: 'i', s: 'p', ts: 12, pid: 1 },
      { name: 'rss', ph: 'C', ts: 12, pid: 1, args: { value: 3 } },
    ];
    expect(validateChromeTrace(events)).toEqual([]);
  });

  it('reports partial overlap on one lane with both event indexes', () => {
    const problems = validateChromeTrace([...meta, span('a', 10, 10), span('b', 15, 10)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ index: 3, code: 'overlap' });
    expect(problems[0].message).toMatch(/event 3 .* overlaps event 2 .* lane pid:tid 1:1/);
  });

  it('allows the same overlap across lanes when every lane has a name', () => {
    const events = [...meta, { name: 'thread_name', ph: 'M', pid: 1, tid: 2, args: { name: 'async-1' } }, span('a', 10, 10), span('b', 15, 10, 2)];
    expect(validateChromeTrace(events)).toEqual([]);
  });

  it('reports missing fields, negative durations, bad scopes and counters', () => {
    const problems = validateChromeTrace([
      ...meta,
      { name: 'no-ts', ph: 'X', dur: 1, pid: 1, tid: 1 },
      { name: 'no-dur', ph: 'X', ts: 1, pid: 1, tid: 1 },
      span('negative', 5, -1),
      { name: 'scope', ph: 'i', ts: 1, pid: 1, s: 'x' },
      { name: 'counter', ph: 'C', ts: 1, pid: 1, args: { value: 'high' } },
      { ph: 'X', ts: 1, dur: 1, pid: 1, tid: 1 },
      'not an event',
    ]);
    expect(problems.map((p) => [p.index, p.code])).toEqual([
      [2, 'missing-field'],
      [3, 'missing-field'],
      [4, 'negative-duration'],
      [5, 'bad-field'],
      [6, 'bad-field'],
      [7, 'missing-field'],
      [8, 'not-an-object'],
    ]);
    expect(problems[0].message).toMatch(/event 2 \(no-ts\) has no ts/);
  });

  it('requires thread_name for lanes with spans and process_name per process', () => {
    const problems = validateChromeTrace([span('a', 1, 1, 4), { name: 'b', ph: 'X', ts: 1, dur: 1, pid: 2, tid: 1 }]);
    expect(problems.map((p) => p.code).sort()).toEqual(['missing-process-name', 'missing-process-name', 'missing-thread-name', 'missing-thread-name']);
  });
});
