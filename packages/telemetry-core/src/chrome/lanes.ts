// Chrome draws a `tid` as one track, and a track must hold events that are disjoint or properly
// nested. Node interleaves many async operations on one thread, so each span gets a lane (a
// synthetic tid) at start: the lane of its parent when the parent is the innermost open span
// there, otherwise the lowest lane that has been free since the span started.

/** What the allocator needs to know about an open span. */
export interface LaneEntry {
  lane: number;
  readonly startUs: number;
  /** Latest end among the spans that ended on top of this one; its own end may not precede it. */
  childEndUs: number;
}

interface Lane {
  readonly stack: LaneEntry[];
  /** Latest end of any span that was on this lane. */
  lastEndUs: number;
}

export class LaneAllocator {
  private readonly lanes: Lane[] = [];

  /** @param onNewLane called once per lane, when it is first used (for thread_name metadata). */
  constructor(private readonly onNewLane: (lane: number) => void) {}

  get laneCount(): number {
    return this.lanes.length;
  }

  /** Puts a starting span on a lane and returns that lane. */
  assign(entry: LaneEntry, parent: LaneEntry | undefined): number {
    if (parent) {
      const lane = this.lanes[parent.lane];
      const stack = lane?.stack;
      // A start in the past (explicit start time) must not reach back over spans already written there.
      if (stack && stack[stack.length - 1] === parent && entry.startUs >= parent.startUs && entry.startUs >= lane.lastEndUs) {
        stack.push(entry);
        entry.lane = parent.lane;
        return entry.lane;
      }
    }
    entry.lane = this.freeLaneSince(entry.startUs, -1);
    this.lanes[entry.lane].stack.push(entry);
    return entry.lane;
  }

  /**
   * Takes an ending span off its lane. Spans still open above it (children that outlive their
   * parent) cannot stay there without overlapping it, so they move, in order, to another lane that
   * has been free since the first of them started. Returns the lane they moved to, or -1.
   */
  release(entry: LaneEntry, endUs: number): number {
    const lane = this.lanes[entry.lane];
    if (!lane) return -1;
    const stack = lane.stack;
    if (endUs > lane.lastEndUs) lane.lastEndUs = endUs;
    if (stack[stack.length - 1] === entry) {
      stack.pop();
      const below = stack[stack.length - 1];
      if (below && endUs > below.childEndUs) below.childEndUs = endUs;
      return -1;
    }
    const index = stack.lastIndexOf(entry);
    if (index === -1) return -1;
    const moving = stack.splice(index);
    moving.shift();
    const below = stack[stack.length - 1];
    if (below && endUs > below.childEndUs) below.childEndUs = endUs;
    if (moving.length === 0) return -1;
    const target = this.freeLaneSince(moving[0].startUs, entry.lane);
    for (const moved of moving) {
      moved.lane = target;
      this.lanes[target].stack.push(moved);
    }
    return target;
  }

  /** Lowest empty lane whose last span ended no later than `sinceUs`; a new lane when none is. */
  private freeLaneSince(sinceUs: number, exclude: number): number {
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[i];
      if (i !== exclude && lane.stack.length === 0 && lane.lastEndUs <= sinceUs) return i;
    }
    this.lanes.push({ stack: [], lastEndUs: 0 });
    const index = this.lanes.length - 1;
    this.onNewLane(index);
    return index;
  }
}
