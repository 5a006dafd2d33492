// The build without `profiling`: the same surface, no metrics and no spans. The factory returns the
// plain BoundedChannel. The adapters are shared: their spans go through core, whose default build
// makes withSpan a plain call. Nothing here imports OpenTelemetry.
import { BoundedChannel } from './bounded-channel.js';
import type { ChannelName, InstrumentedChannelOptions } from './types.js';

export * from './shared-exports.js';
export const CHANNELS_PROFILING_BUILT = false;

/** Same shape as the instrumented class; there is nothing to flush. */
export class InstrumentedChannel<T> extends BoundedChannel<T> {
  flushMetrics(): void {}
}

export function createInstrumentedChannel<T>(name: ChannelName, options: InstrumentedChannelOptions): BoundedChannel<T> {
  return new BoundedChannel<T>(name, options);
}
