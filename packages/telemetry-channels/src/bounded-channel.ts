import { ChannelClosedError, ChannelOperationCancelledError, InvalidChannelOptionError } from './channel-errors.js';
import type { BoundedChannelOptions, ChannelName, ChannelOperationOptions, ChannelStats, DropReason } from './types.js';
import { WaiterQueue } from './waiter-queue.js';

/** How a parked sender or receiver was released. */
export type WaitOutcome = 'sent' | 'received' | 'closed' | 'aborted';

interface PendingSender<T> {
  settled: boolean;
  ticket: object | undefined;
  value: T;
  resolve(): void;
  reject(error: Error): void;
  detach?: () => void;
}

interface PendingReceiver<T> {
  settled: boolean;
  ticket: object | undefined;
  resolve(result: IteratorResult<T, undefined>): void;
  reject(error: Error): void;
  detach?: () => void;
}

const SENT: Promise<void> = Promise.resolve();
const DONE: IteratorResult<never, undefined> = Object.freeze({ done: true, value: undefined });

/** At most every this-many accepted sends the `onSendSample` hook runs (queue depth sampling). */
export const SEND_SAMPLE_EVERY = 16;
const SAMPLE_MASK = SEND_SAMPLE_EVERY - 1;
/** Every this-many sends the hook runs whether or not its gate moved. */
export const SEND_SAMPLE_EVERY_UNGATED = 16384;
const UNGATED_SAMPLE_MASK = SEND_SAMPLE_EVERY_UNGATED - 1;

/** What the send path watches to decide whether onSendSample is due: see `sampleGate`. */
export interface SampleGate {
  readonly count: number;
}

/** A gate that never moves: the hook runs only every SEND_SAMPLE_EVERY_UNGATED sends. */
const STILL_GATE: SampleGate = Object.freeze({ count: 0 });

/**
 * A waitsUntilHooked countdown that does not run out in practice: a billion waits, after which
 * beginWait sets it again. Kept under 2^30 so that V8 stores it as a small integer.
 */
export const WAITS_NEVER_HOOKED = 2 ** 30 - 1;

/**
 * A bounded multi-producer, multi-consumer async channel.
 * - `send` resolves once the value is in the buffer (or handed to a waiting receiver); when the buffer
 *   is full it waits (backpressure). `trySend` never waits: it drops the value and returns false.
 * - `recv` resolves `{ done: false, value }`, or `{ done: true }` once the channel is closed and drained;
 *   `for await (const v of channel)` does the same.
 * - `close` stops new sends; senders still waiting reject with ChannelClosedError, buffered values can
 *   still be received, and waiting receivers are released with `{ done: true }`.
 * The protected hooks are empty here; InstrumentedChannel fills them with metrics and spans. A wait
 * carries the ticket beginWait returned (none here), and endWait gets it back however the wait ends.
 */
export class BoundedChannel<T> implements AsyncIterable<T> {
  readonly name: ChannelName;
  readonly capacity: number;
  protected sentTotal = 0;
  protected receivedTotal = 0;
  protected droppedTotal = 0;
  /**
   * Waits left before one goes through beginWait; at or below zero every wait does. The countdown
   * lives here, not in the subclass, so that a wait the hooks skip costs one decrement and no call.
   */
  protected waitsUntilHooked = WAITS_NEVER_HOOKED;
  /**
   * onSendSample runs at every SEND_SAMPLE_EVERY-th send once `sampleGate.count` differs from
   * `sampleGateSeen` (the hook records what it saw), and at every SEND_SAMPLE_EVERY_UNGATED-th send
   * regardless. A subclass points the gate at a clock, so that a busy channel calls its hook about
   * once per tick, not tens of thousands of times a second; the ungated calls cover a clock that a
   * timer drives and that stands still while timers are starved.
   */
  protected sampleGate: SampleGate = STILL_GATE;
  protected sampleGateSeen = 0;
  private isClosed = false;
  private readonly ring: (T | undefined)[];
  private head = 0;
  private count = 0;
  private readonly senders = new WaiterQueue<PendingSender<T>>();
  private readonly receivers = new WaiterQueue<PendingReceiver<T>>();

  constructor(name: ChannelName, options: BoundedChannelOptions) {
    if (typeof name !== 'string' || name.length === 0) throw new InvalidChannelOptionError(String(name), 'name', 'a non-empty string', name);
    const capacity = options?.capacity;
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new InvalidChannelOptionError(name, 'capacity', 'a positive integer', capacity);
    }
    this.name = name;
    this.capacity = capacity;
    this.ring = new Array<T | undefined>(capacity);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Values waiting in the buffer. */
  get length(): number {
    return this.count;
  }

  stats(): ChannelStats {
    return { sent: this.sentTotal, received: this.receivedTotal, dropped: this.droppedTotal, queued: this.count, closed: this.isClosed };
  }

  /** Sends without waiting: false (and the value dropped) when the buffer is full or the channel closed. */
  trySend(value: T): boolean {
    if (!this.isClosed && this.offer(value)) return true;
    this.droppedTotal++;
    this.onDrop(this.isClosed ? 'closed' : 'full');
    return false;
  }

  /** Resolves once the value is queued; waits while the buffer is full. Rejects when closed or cancelled. */
  send(value: T, options?: ChannelOperationOptions): Promise<void> {
    if (this.isClosed) return Promise.reject(new ChannelClosedError(this.name, 'send'));
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(new ChannelOperationCancelledError(this.name, 'send', signal.reason));
    if (this.offer(value)) return SENT;
    return this.waitForRoom(value, signal);
  }

  /** Takes a value without waiting, if one is buffered. */
  tryRecv(): IteratorResult<T, undefined> | undefined {
    if (this.count > 0) return { done: false, value: this.take() };
    return this.isClosed ? DONE : undefined;
  }

  /** The next value, waiting for one if the buffer is empty; `{ done: true }` once closed and drained. */
  recv(options?: ChannelOperationOptions): Promise<IteratorResult<T, undefined>> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(new ChannelOperationCancelledError(this.name, 'recv', signal.reason));
    if (this.count > 0) return Promise.resolve({ done: false, value: this.take() });
    if (this.isClosed) return Promise.resolve(DONE);
    return this.waitForMessage(signal);
  }

  /** Async iteration over received values; ends when the channel is closed and drained. */
  messages(options?: ChannelOperationOptions): AsyncIterableIterator<T> {
    const iterator: AsyncIterableIterator<T> = {
      next: () => this.recv(options) as Promise<IteratorResult<T>>,
      // Leaving a for-await loop early does not close the channel: other consumers may still read.
      return: () => Promise.resolve(DONE as IteratorResult<T>),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this.messages();
  }

  /** Stops new sends and releases every waiting sender (rejected) and receiver (`done`). Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const sender of this.senders.drain()) {
      const error = new ChannelClosedError(this.name, 'send');
      this.release(sender, 'send', 'closed', error).reject(error);
    }
    // Receivers only wait while the buffer is empty, so nothing is left for them.
    for (const receiver of this.receivers.drain()) this.release(receiver, 'recv', 'closed').resolve(DONE);
    this.onClose();
  }

  /** Parks a sender until a slot opens. Overridden to time and span the wait. */
  protected waitForRoom(value: T, signal: AbortSignal | undefined): Promise<void> {
    const ticket = --this.waitsUntilHooked <= 0 ? this.beginWait('send') : undefined;
    return new Promise<void>((resolve, reject) => {
      const sender: PendingSender<T> = { settled: false, ticket, value, resolve, reject };
      if (signal) {
        const onAbort = () => {
          if (sender.settled) return;
          const error = new ChannelOperationCancelledError(this.name, 'send', signal.reason);
          this.release(sender, 'send', 'aborted', error).reject(error);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        sender.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.senders.push(sender);
    });
  }

  /** Parks a receiver until a value arrives or the channel closes. Overridden to time and span the wait. */
  protected waitForMessage(signal: AbortSignal | undefined): Promise<IteratorResult<T, undefined>> {
    const ticket = --this.waitsUntilHooked <= 0 ? this.beginWait('recv') : undefined;
    return new Promise<IteratorResult<T, undefined>>((resolve, reject) => {
      const receiver: PendingReceiver<T> = { settled: false, ticket, resolve, reject };
      if (signal) {
        const onAbort = () => {
          if (receiver.settled) return;
          const error = new ChannelOperationCancelledError(this.name, 'recv', signal.reason);
          this.release(receiver, 'recv', 'aborted', error).reject(error);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        receiver.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.receivers.push(receiver);
    });
  }

  /**
   * Called when a sender or receiver parks and the waitsUntilHooked countdown has run out; what it
   * returns comes back to endWait. It sets the countdown for the waits after this one.
   */
  protected beginWait(_side: 'send' | 'recv'): object | undefined {
    this.waitsUntilHooked = WAITS_NEVER_HOOKED;
    return undefined;
  }
  protected endWait(_ticket: object, _side: 'send' | 'recv', _outcome: WaitOutcome, _error?: Error): void {}
  /** Runs on accepted sends as `sampleGate` decides, with the buffer depth after the send. */
  protected onSendSample(_queueDepth: number): void {}
  protected onDrop(_reason: DropReason): void {}
  protected onClose(): void {}

  /** Hands the value to a waiting receiver or buffers it; false when the buffer is full. */
  private offer(value: T): boolean {
    const receiver = this.receivers.shift();
    if (receiver) {
      this.accepted();
      this.receivedTotal++;
      this.release(receiver, 'recv', 'received').resolve({ done: false, value });
      return true;
    }
    if (this.count === this.capacity) return false;
    this.push(value);
    this.accepted();
    return true;
  }

  private accepted(): void {
    const sent = ++this.sentTotal;
    if ((sent & SAMPLE_MASK) === 0 && (this.sampleGate.count !== this.sampleGateSeen || (sent & UNGATED_SAMPLE_MASK) === 0)) {
      this.onSendSample(this.count);
    }
  }

  private push(value: T): void {
    let tail = this.head + this.count;
    if (tail >= this.capacity) tail -= this.capacity;
    this.ring[tail] = value;
    this.count++;
  }

  private take(): T {
    const value = this.ring[this.head] as T;
    this.ring[this.head] = undefined;
    if (++this.head === this.capacity) this.head = 0;
    this.count--;
    this.receivedTotal++;
    // A slot opened: the oldest waiting sender moves in, which keeps FIFO order across the wait.
    const sender = this.senders.shift();
    if (sender) {
      this.push(sender.value);
      this.accepted();
      this.release(sender, 'send', 'sent').resolve();
    }
    return value;
  }

  private release<W extends PendingSender<T> | PendingReceiver<T>>(waiter: W, side: 'send' | 'recv', outcome: WaitOutcome, error?: Error): W {
    settle(waiter);
    if (waiter.ticket) this.endWait(waiter.ticket, side, outcome, error);
    return waiter;
  }
}

function settle<W extends { settled: boolean; detach?: () => void }>(waiter: W): W {
  waiter.settled = true;
  waiter.detach?.();
  return waiter;
}
