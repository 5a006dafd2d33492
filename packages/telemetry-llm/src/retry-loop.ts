import type { ZephSpan } from '@zeph/telemetry-core';
import { withDescribedErrors } from './described-error-span.js';
import { httpStatusOf } from './llm-errors.js';
import { decideRetry, type ResolvedRetryPolicy } from './retry-policy.js';
import { HTTP_ATTRIBUTES, LLM_ATTRIBUTES, LLM_SPANS } from './spans.js';

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(): Error {
  const error = new Error('the request was aborted while waiting to retry');
  error.name = 'AbortError';
  return error;
}

/**
 * Runs `attempt` until it succeeds or the policy gives up, each try in its own llm.retry span with
 * its number, status and the backoff that follows it. The last error is rethrown as it came.
 */
export async function runWithRetries<T>(
  policy: ResolvedRetryPolicy,
  signal: AbortSignal | undefined,
  attempt: (span: ZephSpan) => Promise<T>,
  statusOfResult?: (value: T) => number | undefined,
  onAttempts?: (count: number) => void,
): Promise<T> {
  for (let number = 1; ; number++) {
    let decision: ReturnType<typeof decideRetry> | undefined;
    try {
      const value = await withDescribedErrors(
        LLM_SPANS.retry,
        async (span) => {
          try {
            const result = await attempt(span);
            const status = statusOfResult?.(result);
            if (status !== undefined && span.isRecording) span.setAttribute(HTTP_ATTRIBUTES.statusCode, status);
            return result;
          } catch (error) {
            decision = decideRetry(policy, error, number);
            if (span.isRecording) {
              const status = httpStatusOf(error);
              if (status !== undefined) span.setAttribute(HTTP_ATTRIBUTES.statusCode, status);
              span.setAttribute(LLM_ATTRIBUTES.retryWillRetry, decision.retry);
              if (decision.retry) span.setAttribute(LLM_ATTRIBUTES.retryBackoffMs, decision.delayMs);
              if (decision.retryAfterMs !== undefined) span.setAttribute(LLM_ATTRIBUTES.retryAfterMs, decision.retryAfterMs);
            }
            throw error;
          }
        },
        { [LLM_ATTRIBUTES.retryAttempt]: number },
      );
      onAttempts?.(number);
      return value;
    } catch (error) {
      if (!decision?.retry) {
        onAttempts?.(number);
        throw error;
      }
      await sleep(decision.delayMs, signal);
    }
  }
}
