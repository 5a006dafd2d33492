/** A push-to-pull queue: producers push, consumers iterate with for-await until it is closed. */
export class AsyncEventQueue<T> implements AsyncIterable<T> {
  private readonly buffered: T[] = [];
  private readonly waiting: ((result: IteratorResult<T>) => void)[] = [];
  private closed = false;

  // Bounded so that a consumer that stopped reading cannot grow memory without limit.
  constructor(private readonly capacity = 64) {}

  push(value: T): void {
    if (this.closed) return;
    const next = this.waiting.shift();
    if (next) return next({ value, done: false });
    if (this.buffered.length >= this.capacity) this.buffered.shift();
    this.buffered.push(value);
  }

  close(): void {
    this.closed = true;
    for (const resolve of this.waiting.splice(0)) resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.buffered.length > 0) return Promise.resolve({ value: this.buffered.shift()!, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => this.waiting.push(resolve));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
