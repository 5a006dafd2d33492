/** How a failed export is retried. Bounded: after `maxAttempts` the batch is given up. */
export interface RetryPolicy {
  /** Total attempts including the first (default 5). */
  maxAttempts: number;
  /** First backoff ceiling; doubles per attempt (default 500 ms). */
  initialBackoffMs: number;
  /** Ceiling of any backoff (default 10 s). */
  maxBackoffMs: number;
  /** A Retry-After longer than this gives the batch up instead of waiting (default 30 s). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialBackoffMs: 500,
  maxBackoffMs: 10_000,
  maxRetryAfterMs: 30_000,
};

// 429 and 503 are the statuses that carry Retry-After; 502/504 are proxies in front of a restarting collector.
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Parses a Retry-After header (delay-seconds or an HTTP-date) into milliseconds from `now`.
 * Returns undefined for an absent or unreadable header.
 */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * "Full jitter" exponential backoff: a uniform delay below a ceiling that doubles per attempt, so that
 * many agents behind one collector do not retry in lockstep. `attempt` counts from 1 (the failed one).
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}
