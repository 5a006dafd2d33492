// Sampling defaults of InstrumentedChannel, shared by both builds so their values cannot drift.

/** Queue-depth samples at most this often per channel. */
export const DEFAULT_SAMPLE_MIN_INTERVAL_MS = 10;

/**
 * Counts reach the counters at most this often from the send path and from timed waits. Exporters
 * read them every few seconds, and on a busy channel each hand-over ran cold (tens of µs), a
 * hundred times a second.
 */
export const DEFAULT_COUNT_PUBLISH_MIN_INTERVAL_MS = 1000;

/** Waits shorter than this get no span (see the class comment). */
export const DEFAULT_SPAN_MIN_WAIT_MS = 1;

/**
 * On a busy channel (its last timed wait was short) one wait in this many is timed, besides the
 * next wait after BUSY_WAIT_REARM_MS without a timed one. A timed wait costs a few µs when its code
 * is cold, so on a channel that parks for every message the count must be high.
 */
export const BUSY_WAIT_SAMPLE_EVERY = 8192;

/**
 * A busy channel times its next wait once this long passed without a timed wait (checked at every
 * 16th send, on the coarse clock): a channel that turned quiet gets its spans back within that
 * time, not after thousands of waits.
 */
export const BUSY_WAIT_REARM_MS = 100;
