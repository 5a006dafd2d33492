// Public types of @zeph/telemetry-channels.
import type { InstrumentedChannelName } from './spans.js';

export type { InstrumentedChannelName };

export interface ChannelOperationOptions {
  /** Cancels a waiting send or receive: it rejects with an AbortError and leaves the queue. */
  signal?: AbortSignal;
}

export interface BoundedChannelOptions {
  /** How many values may wait in the buffer before `send` waits and `trySend` drops (a positive integer). */
  capacity: number;
}

export type DropReason = 'full' | 'closed';

/** Totals since the channel was created. */
export interface ChannelStats {
  sent: number;
  received: number;
  dropped: number;
  /** Values in the buffer now. */
  queued: number;
  closed: boolean;
}

/** One of the six instrumented channels, or any other name (metrics only, no spans). */
export type ChannelName = InstrumentedChannelName | (string & {});
