import { headerOf, httpStatusOf, isAbortError } from './llm-errors.js';
import type { RetryPolicy } from './types.js';

export type ResolvedRetryPolicy = Required<RetryPolicy>;

const DEFAULT_POLICY: ResolvedRetryPolicy = {
  maxAttempts: 3,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  jitter: 0.25,
  maxRetryAfterMs: 60_000,
};

export function resolveRetryPolicy(policy: RetryPolicy | undefined): ResolvedRetryPolicy {
  const resolved = { ...DEFAULT_POLICY, ...policy };
  for (const [key, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`retry.${key} must be a finite number >= 0, got ${String(value)}`);
    }
  }
  if (resolved.maxAttempts < 1) throw new TypeError(`retry.maxAttempts must be at least 1, got ${resolved.maxAttempts}`);
  if (resolved.jitter > 1) throw new TypeError(`retry.jitter must be within 0..1, got ${resolved.jitter}`);
  return resolved;
}

/** 408, 409, 429 and 5xx, and connection failures (no status) other than caller aborts. */
export function isRetryable(error: unknown): boolean {
  if (isAbortError(error)) return false;
  const status = httpStatusOf(error);
  if (status === undefined) {
    const name = (error as { name?: unknown } | null)?.name;
    return name === 'APIConnectionError' || name === 'APIConnectionTimeoutError' || (error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message));
  }
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Delay the server asked for: `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const ms = headerOf(error, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headerOf(error, 'retry-after');
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff for the given failed attempt (1-based), with part of it drawn at random. */
export function backoffMs(policy: ResolvedRetryPolicy, failedAttempt: number, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (failedAttempt - 1));
  return Math.round(exponential * (1 - policy.jitter * random()));
}

export interface RetryDecision {
  retry: boolean;
  /** Wait before the next attempt. */
  delayMs: number;
  /** What the server asked for, when it did. */
  retryAfterMs?: number;
}

export function decideRetry(policy: ResolvedRetryPolicy, error: unknown, failedAttempt: number): RetryDecision {
  if (failedAttempt >= policy.maxAttempts || !isRetryable(error)) return { retry: false, delayMs: 0 };
  const asked = retryAfterMs(error);
  if (asked !== undefined) {
    if (asked > policy.maxRetryAfterMs) return { retry: false, delayMs: 0, retryAfterMs: asked };
    return { retry: true, delayMs: Math.round(asked), retryAfterMs: asked };
  }
  return { retry: true, delayMs: backoffMs(policy, failedAttempt) };
}
