// Public surface of @zeph/telemetry-channels (the `profiling` build).
export { BoundedChannel, SEND_SAMPLE_EVERY } from './bounded-channel.js';
export { InstrumentedChannel, createInstrumentedChannel } from './instrumented-channel.js';
export { ChannelClosedError, ChannelOperationCancelledError, InvalidChannelOptionError } from './channel-errors.js';
export { CHANNEL_SPANS, INSTRUMENTED_CHANNEL_NAMES, INSTRUMENTED_CHANNEL_SPANS, CHANNEL_METRICS, CHANNEL_ATTRIBUTES } from './spans.js';
export type { BoundedChannelOptions, ChannelName, ChannelOperationOptions, ChannelStats, DropReason, InstrumentedChannelName } from './types.js';
/** True in builds with the `profiling` feature. */
export const CHANNELS_PROFILING_BUILT = true;
