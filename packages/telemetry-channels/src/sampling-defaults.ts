// Sampling defaults of InstrumentedChannel, shared by both builds so their values cannot drift.

/** Queue-depth samples at most this often per channel. */
export const DEFAULT_SAMPLE_MIN_INTERVAL_MS = 10;

/** Waits shorter than this get no span (see the class comment). */
export const DEFAULT_SPAN_MIN_WAIT_MS = 1;

/**
 * A busy channel (its last timed wait was short) times one wait per this interval (checked at every
 * 16th send, on the coarse clock). That wait feeds the backpressure histogram, and one that turns
 * out long marks the channel quiet again, so a channel that turned quiet gets its spans back within
 * this time. Timing by count instead (one wait in 8192) still cost about half a point on a channel
 * that parks for every message: each timed wait runs cold, at about 12 µs.
 */
export const BUSY_WAIT_TIMED_EVERY_MS = 100;

/** Queue-depth samples are handed to core in batches of at most this many... */
export const DEPTH_SAMPLE_BATCH = 64;

/** ...or once the oldest held sample is this old (checked whenever a sample is taken). */
export const DEPTH_SAMPLE_MAX_HOLD_MS = 1000;
