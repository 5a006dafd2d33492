import { describe, expect, it } from 'vitest';
import { BoundedChannel, SEND_SAMPLE_EVERY, SEND_SAMPLE_EVERY_UNGATED } from './bounded-channel.js';
import { ChannelClosedError, InvalidChannelOptionError } from './channel-errors.js';

/** Lets every queued microtask and promise reaction run. */
const settleMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Tracks whether a promise has settled, without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe('BoundedChannel', () => {
  it('rejects a capacity that is not a positive integer, naming the channel and the value', () => {
    expect(() => new BoundedChannel('status', { capacity: 0 })).toThrow(InvalidChannelOptionError);
    expect(() => new BoundedChannel('status', { capacity: 0 })).toThrow("channel 'status': capacity must be a positive integer, got 0");
    expect(() => new BoundedChannel('status', { capacity: 1.5 })).toThrow('got 1.5');
    expect(() => new BoundedChannel('', { capacity: 1 })).toThrow('name must be a non-empty string');
  });

  it('delivers values in order and ends iteration after close once drained', async () => {
    const channel = new BoundedChannel<number>('status', { capacity: 4 });
    await channel.send(1);
    await channel.send(2);
    expect(channel.trySend(3)).toBe(true);
    channel.close();
    const seen: number[] = [];
    for await (const value of channel) seen.push(value);
    expect(seen).toEqual([1, 2, 3]);
    expect(await channel.recv()).toEqual({ done: true, value: undefined });
  });

  it('makes send wait while the buffer is full and resumes it when a slot opens (backpressure)', async () => {
    const channel = new BoundedChannel<string>('metrics', { capacity: 2 });
    await channel.send('a');
    await channel.send('b');
    const third = track(channel.send('c'));
    const fourth = track(channel.send('d'));
    await settleMicrotasks();
    expect(third.settled).toBe(false);
    expect(fourth.settled).toBe(false);
    expect(channel.length).toBe(2);

    expect(await channel.recv()).toEqual({ done: false, value: 'a' });
    await settleMicrotasks();
    expect(third.settled).toBe(true);
    expect(fourth.settled).toBe(false);

    const rest = [await channel.recv(), await channel.recv(), await channel.recv()].map((r) => r.value);
    expect(rest).toEqual(['b', 'c', 'd']);
    await settleMicrotasks();
    expect(fourth.settled).toBe(true);
    expect(channel.stats()).toMatchObject({ sent: 4, received: 4, dropped: 0, queued: 0 });
  });

  it('drops with trySend when full and counts the drop', () => {
    const channel = new BoundedChannel<number>('status', { capacity: 1 });
    expect(channel.trySend(1)).toBe(true);
    expect(channel.trySend(2)).toBe(false);
    expect(channel.stats()).toMatchObject({ sent: 1, dropped: 1, queued: 1 });
    expect(channel.tryRecv()).toEqual({ done: false, value: 1 });
    expect(channel.tryRecv()).toBeUndefined();
  });

  it('hands a value straight to a waiting receiver', async () => {
    const channel = new BoundedChannel<string>('elicitation', { capacity: 1 });
    const pending = channel.recv();
    expect(channel.trySend('x')).toBe(true);
    expect(await pending).toEqual({ done: false, value: 'x' });
    expect(channel.length).toBe(0);
  });

  it('releases receivers waiting on an empty channel with done when it closes', async () => {
    const channel = new BoundedChannel<number>('cancel', { capacity: 1 });
    const first = channel.recv();
    const second = channel.recv();
    channel.close();
    expect(await first).toEqual({ done: true, value: undefined });
    expect(await second).toEqual({ done: true, value: undefined });
  });

  it('rejects senders waiting on a full channel with ChannelClosedError when it closes, keeping what was buffered', async () => {
    const channel = new BoundedChannel<number>('config_reload', { capacity: 1 });
    await channel.send(1);
    const waiting = channel.send(2);
    channel.close();
    await expect(waiting).rejects.toThrow(ChannelClosedError);
    await expect(waiting).rejects.toThrow("channel 'config_reload' is closed");
    expect(await channel.recv()).toEqual({ done: false, value: 1 });
    expect(await channel.recv()).toEqual({ done: true, value: undefined });
  });

  it('refuses sends after close: send rejects, trySend drops', async () => {
    const channel = new BoundedChannel<number>('status', { capacity: 2 });
    channel.close();
    channel.close();
    await expect(channel.send(1)).rejects.toBeInstanceOf(ChannelClosedError);
    expect(channel.trySend(1)).toBe(false);
    expect(channel.stats()).toMatchObject({ dropped: 1, closed: true });
  });

  it('cancels a waiting send through its AbortSignal and keeps the queue usable', async () => {
    const channel = new BoundedChannel<string>('skill_reload', { capacity: 1 });
    await channel.send('kept');
    const controller = new AbortController();
    const cancelled = channel.send('cancelled', { signal: controller.signal });
    const after = channel.send('after');
    controller.abort(new Error('shutting down'));
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError', message: "send on channel 'skill_reload' was cancelled" });
    await expect(cancelled).rejects.toHaveProperty('cause.message', 'shutting down');
    expect((await channel.recv()).value).toBe('kept');
    await after;
    expect((await channel.recv()).value).toBe('after');
    expect(channel.stats()).toMatchObject({ sent: 2, received: 2 });
  });

  it('cancels a waiting receive through its AbortSignal; the next value goes to the next receiver', async () => {
    const channel = new BoundedChannel<number>('status', { capacity: 1 });
    const controller = new AbortController();
    const cancelled = channel.recv({ signal: controller.signal });
    const next = channel.recv();
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
    await channel.send(7);
    expect(await next).toEqual({ done: false, value: 7 });
  });

  it('rejects at once when the signal is already aborted', async () => {
    const channel = new BoundedChannel<number>('status', { capacity: 1 });
    const signal = AbortSignal.abort();
    await expect(channel.send(1, { signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(channel.recv({ signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(channel.length).toBe(0);
  });

  it('stops an async iteration when its signal aborts', async () => {
    const channel = new BoundedChannel<number>('metrics', { capacity: 4 });
    const controller = new AbortController();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const value of channel.messages({ signal: controller.signal })) seen.push(value);
    })();
    await channel.send(1);
    await channel.send(2);
    await settleMicrotasks();
    controller.abort();
    await expect(loop).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([1, 2]);
  });

  it('keeps FIFO order and loses nothing with several producers and consumers under backpressure', async () => {
    const channel = new BoundedChannel<number>('metrics', { capacity: 3 });
    const producers = [0, 1, 2].map(async (p) => {
      for (let i = 0; i < 200; i++) await channel.send(p * 1000 + i);
    });
    const received: number[][] = [[], []];
    const consumers = received.map(async (sink) => {
      for await (const value of channel) sink.push(value);
    });
    await Promise.all(producers);
    channel.close();
    await Promise.all(consumers);
    const all = [...received[0], ...received[1]];
    expect(all).toHaveLength(600);
    expect(new Set(all).size).toBe(600);
    // Per producer, each consumer sees that producer's values in increasing order.
    for (const sink of received) {
      for (const p of [0, 1, 2]) {
        const mine = sink.filter((v) => Math.floor(v / 1000) === p);
        expect(mine).toEqual([...mine].sort((a, b) => a - b));
      }
    }
    expect(channel.stats()).toMatchObject({ sent: 600, received: 600 });
  });

  it('runs onSendSample at a 16th send only once its gate moved, and at every SEND_SAMPLE_EVERY_UNGATED-th send regardless', () => {
    const gate = { count: 0 };
    const sampledAt: number[] = [];
    class GatedChannel extends BoundedChannel<number> {
      constructor() {
        super('metrics', { capacity: 3 * SEND_SAMPLE_EVERY_UNGATED });
        this.sampleGate = gate;
        this.sampleGateSeen = -1;
      }
      protected override onSendSample(queueDepth: number): void {
        this.sampleGateSeen = this.sampleGate.count;
        sampledAt.push(queueDepth);
      }
    }
    const channel = new GatedChannel();
    const sendUpTo = (total: number) => {
      while (channel.length < total) channel.trySend(channel.length);
    };
    // The gate differs from what the hook saw at first: the first 16th send runs it.
    sendUpTo(100);
    expect(sampledAt).toEqual([SEND_SAMPLE_EVERY]);
    // It moves: the next 16th send (112) runs the hook, once.
    gate.count++;
    sendUpTo(1000);
    expect(sampledAt).toEqual([16, 112]);
    // It stands still: only the ungated send runs the hook.
    sendUpTo(2 * SEND_SAMPLE_EVERY_UNGATED);
    expect(sampledAt).toEqual([16, 112, SEND_SAMPLE_EVERY_UNGATED, 2 * SEND_SAMPLE_EVERY_UNGATED]);
    // A plain channel's gate never moves: its (empty) hook runs at the ungated sends only.
    const plainHook: number[] = [];
    class CountingPlain extends BoundedChannel<number> {
      protected override onSendSample(queueDepth: number): void {
        plainHook.push(queueDepth);
      }
    }
    const plain = new CountingPlain('metrics', { capacity: 3 * SEND_SAMPLE_EVERY_UNGATED });
    for (let i = 0; i < 2.5 * SEND_SAMPLE_EVERY_UNGATED; i++) plain.trySend(i);
    expect(plainHook).toEqual([SEND_SAMPLE_EVERY_UNGATED, 2 * SEND_SAMPLE_EVERY_UNGATED]);
  });

  it('calls beginWait only when the waitsUntilHooked countdown runs out, and hands its ticket to endWait', async () => {
    const hooked: number[] = [];
    const ended: string[] = [];
    /** Hooks every third wait: a countdown that runs out, the way a busy InstrumentedChannel arms one. */
    class EveryThirdWait extends BoundedChannel<number> {
      private waits = 0;
      constructor() {
        super('metrics', { capacity: 1 });
        this.waitsUntilHooked = 1;
      }
      protected override beginWait(side: 'send' | 'recv'): object {
        this.waitsUntilHooked = 3;
        hooked.push(this.waits);
        return { side, wait: this.waits };
      }
      protected override endWait(ticket: object, side: 'send' | 'recv', outcome: string): void {
        ended.push(`${(ticket as { wait: number }).wait}:${side}:${outcome}`);
      }
      countWait(): void {
        this.waits++;
      }
    }
    const channel = new EveryThirdWait();
    for (let i = 0; i < 7; i++) {
      // The buffer is empty: every receive waits.
      const received = channel.recv();
      await channel.send(i);
      expect(await received).toEqual({ done: false, value: i });
      channel.countWait();
    }
    expect(hooked).toEqual([0, 3, 6]);
    expect(ended).toEqual(['0:recv:received', '3:recv:received', '6:recv:received']);
    // The plain channel never hooks a wait.
    const plain = new BoundedChannel<number>('metrics', { capacity: 1 });
    const spy = { calls: 0 };
    Object.defineProperty(plain, 'beginWait', { value: () => (spy.calls++, undefined) });
    const waiting = plain.recv();
    plain.trySend(1);
    await waiting;
    expect(spy.calls).toBe(0);
  });
});
