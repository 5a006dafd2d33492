import { describe, expect, it } from 'vitest';
import { SpanIndex } from './merge-span-index.js';

const hexId = (n: number) => n.toString(16).padStart(16, '0');

describe('merge span index', () => {
  it('finds every one of many hex ids after the table grew, and nothing it was not given', () => {
    const index = new SpanIndex();
    const n = 50_000;
    // Ids that differ only in their high half, only in their low half, and random ones.
    const ids = [
      ...Array.from({ length: n / 2 }, (_, i) => hexId(i)),
      ...Array.from({ length: n / 4 }, (_, i) => `${(i + 1).toString(16).padStart(8, '0')}00000000`),
      ...Array.from({ length: n / 4 }, (_, i) => `${(0x9e3779b9 * (i + 7) >>> 0).toString(16).padStart(8, '0')}${(0x85ebca6b * (i + 3) >>> 0).toString(16).padStart(8, '0')}`),
    ];
    ids.forEach((id, i) => index.add(id, { file: i % 3, pid: i, tid: i % 7, ts: i * 10 }));
    ids.forEach((id, i) => expect(index.get(id)).toEqual({ file: i % 3, pid: i, tid: i % 7, ts: i * 10 }));
    expect(index.get('ffffffffffffffff')).toBeUndefined();
  });

  it('keeps the first place of an id that two inputs hold, and takes ids of other shapes too', () => {
    const index = new SpanIndex();
    index.add('00f067aa0ba902b7', { file: 0, pid: 1, tid: 1, ts: 5 });
    index.add('00f067aa0ba902b7', { file: 1, pid: 2, tid: 2, ts: 9 });
    index.add('span-from-another-tool', { file: 1, pid: 3, tid: 4, ts: 6 });
    index.add('00F067AA0BA902B7', { file: 1, pid: 5, tid: 5, ts: 7 });
    expect(index.get('00f067aa0ba902b7')).toEqual({ file: 0, pid: 1, tid: 1, ts: 5 });
    expect(index.get('span-from-another-tool')).toEqual({ file: 1, pid: 3, tid: 4, ts: 6 });
    // Upper-case hex is another tool's spelling: a different key, as the strings differ.
    expect(index.get('00F067AA0BA902B7')).toEqual({ file: 1, pid: 5, tid: 5, ts: 7 });
    expect(index.get('0000000000000000')).toBeUndefined();
  });
});
