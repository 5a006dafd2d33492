import { describe, expect, it } from 'vitest';
import { LlmHttpError } from './llm-errors.js';
import { backoffMs, decideRetry, isRetryable, resolveRetryPolicy, retryAfterMs } from './retry-policy.js';

const httpError = (status: number, headers: Record<string, string> = {}) => new LlmHttpError(status, 'http://127.0.0.1/x', new Headers(headers), '');

describe('retry policy', () => {
  it('retries 408, 409, 429 and 5xx and connection failures, not other 4xx or aborts', () => {
    for (const status of [408, 409, 429, 500, 503]) expect(isRetryable(httpError(status))).toBe(true);
    for (const status of [400, 401, 403, 404, 422]) expect(isRetryable(httpError(status))).toBe(false);
    expect(isRetryable(new TypeError('fetch failed'))).toBe(true);
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    expect(isRetryable(abort)).toBe(false);
  });

  it('reads retry-after-ms, retry-after seconds and retry-after HTTP dates', () => {
    expect(retryAfterMs(httpError(429, { 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(httpError(429, { 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(httpError(503, { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(httpError(503))).toBeUndefined();
    expect(retryAfterMs(httpError(503, { 'retry-after': 'soon' }))).toBeUndefined();
  });

  it('doubles the backoff up to the ceiling and takes at most the jitter fraction off', () => {
    const policy = resolveRetryPolicy({ initialDelayMs: 100, maxDelayMs: 1000, jitter: 0.5 });
    expect(backoffMs(policy, 1, () => 0)).toBe(100);
    expect(backoffMs(policy, 3, () => 0)).toBe(400);
    expect(backoffMs(policy, 10, () => 0)).toBe(1000);
    expect(backoffMs(policy, 3, () => 0.999)).toBeGreaterThanOrEqual(200);
  });

  it('honours Retry-After, gives up past maxAttempts and when the server asks for too long', () => {
    const policy = resolveRetryPolicy({ maxAttempts: 3, maxRetryAfterMs: 5000 });
    expect(decideRetry(policy, httpError(429, { 'retry-after': '1' }), 1)).toEqual({ retry: true, delayMs: 1000, retryAfterMs: 1000 });
    expect(decideRetry(policy, httpError(429), 3).retry).toBe(false);
    expect(decideRetry(policy, httpError(429, { 'retry-after': '60' }), 1)).toMatchObject({ retry: false, retryAfterMs: 60000 });
    expect(decideRetry(policy, httpError(400), 1).retry).toBe(false);
  });

  it('rejects a bad policy with an error naming the field', () => {
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(/retry.maxAttempts/);
    expect(() => resolveRetryPolicy({ jitter: 2 })).toThrow(/retry.jitter/);
    expect(() => resolveRetryPolicy({ initialDelayMs: Number.NaN })).toThrow(/retry.initialDelayMs/);
  });
});
