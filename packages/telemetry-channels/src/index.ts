// Public surface of @zeph/telemetry-channels (the `profiling` build).
export { InstrumentedChannel, createInstrumentedChannel } from './instrumented-channel.js';
export * from './shared-exports.js';
/** True in builds with the `profiling` feature. */
export const CHANNELS_PROFILING_BUILT = true;
