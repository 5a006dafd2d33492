import { describe, expect, it } from 'vitest';
import { LaneAllocator, type LaneEntry } from './lanes.js';

const entry = (startUs: number): LaneEntry => ({ lane: -1, startUs, childEndUs: 0 });

describe('LaneAllocator', () => {
  it('stacks a child on its parent lane and sends a concurrent sibling to the next lane', () => {
    const created: number[] = [];
    const lanes = new LaneAllocator((lane) => created.push(lane));
    const parent = entry(0);
    const first = entry(1);
    const second = entry(2);
    expect(lanes.assign(parent, undefined)).toBe(0);
    expect(lanes.assign(first, parent)).toBe(0);
    expect(lanes.assign(second, parent)).toBe(1);
    expect(created).toEqual([0, 1]);
  });

  it('reuses the lowest lane once it is free again', () => {
    const lanes = new LaneAllocator(() => {});
    const a = entry(0);
    const b = entry(1);
    lanes.assign(a, undefined);
    lanes.assign(b, undefined);
    lanes.release(a, 5);
    lanes.release(b, 6);
    expect(lanes.assign(entry(7), undefined)).toBe(0);
    expect(lanes.laneCount).toBe(2);
  });

  it('moves children that outlive their parent to a lane free since they started', () => {
    const lanes = new LaneAllocator(() => {});
    const parent = entry(10);
    const child = entry(11);
    const grandchild = entry(12);
    lanes.assign(parent, undefined);
    lanes.assign(child, parent);
    lanes.assign(grandchild, child);
    expect(lanes.release(parent, 20)).toBe(1);
    expect([child.lane, grandchild.lane]).toEqual([1, 1]);
    // A new child of the moved span stacks with it.
    const late = entry(25);
    expect(lanes.assign(late, grandchild)).toBe(1);
  });

  it('does not place a span that started in the past over spans already ended on a lane', () => {
    const lanes = new LaneAllocator(() => {});
    const parent = entry(0);
    lanes.assign(parent, undefined);
    const sibling = entry(5);
    lanes.assign(sibling, parent);
    lanes.release(sibling, 9);
    // Started at 3 (explicit start time), while `sibling` [5, 9] occupied the parent's lane.
    expect(lanes.assign(entry(3), parent)).toBe(1);
    expect(lanes.assign(entry(9), parent)).toBe(0);
  });

  it('raises the parent end to cover a child that ended later by its own clock', () => {
    const lanes = new LaneAllocator(() => {});
    const parent = entry(0);
    const child = entry(1);
    lanes.assign(parent, undefined);
    lanes.assign(child, parent);
    lanes.release(child, 50);
    expect(parent.childEndUs).toBe(50);
  });
});
