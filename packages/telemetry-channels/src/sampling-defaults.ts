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

/** On a busy channel (its last timed wait was short) one wait in this many is timed. */
export const BUSY_WAIT_SAMPLE_EVERY = 1024;
