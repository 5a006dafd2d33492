/** A waiter parked on a channel; `settled` is set once it was resolved, rejected or cancelled. */
export interface Waiter {
  settled: boolean;
}

/**
 * FIFO of parked senders or receivers. Cancelled waiters stay in place, marked settled, and are skipped
 * when they reach the front: removal from the middle would cost O(n) on every abort.
 */
export class WaiterQueue<W extends Waiter> {
  private items: (W | undefined)[] = [];
  private head = 0;

  push(waiter: W): void {
    this.items.push(waiter);
  }

  /** The oldest waiter that is still waiting, removed from the queue. */
  shift(): W | undefined {
    while (this.head < this.items.length) {
      const waiter = this.items[this.head];
      this.items[this.head++] = undefined;
      if (waiter && !waiter.settled) {
        this.compact();
        return waiter;
      }
    }
    this.items.length = 0;
    this.head = 0;
    return undefined;
  }

  /** Removes and returns every waiter still waiting, oldest first. */
  drain(): W[] {
    const live = this.items.slice(this.head).filter((w): w is W => w !== undefined && !w.settled);
    this.items = [];
    this.head = 0;
    return live;
  }

  // Keeps the array from growing without bound when waiters come and go for a long time.
  private compact(): void {
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
