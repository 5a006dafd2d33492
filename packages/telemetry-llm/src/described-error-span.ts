import { withSpan, type Attributes, type WithSpanOptions, type ZephSpan } from '@zeph/telemetry-core';
import { describeError } from './llm-errors.js';

/**
 * withSpan, except that a failure is recorded as describeError() sees it (specific name, error.type
 * from the HTTP status or code) before the original error is rethrown to the caller.
 */
export async function withDescribedErrors<R>(name: string, fn: (span: ZephSpan) => Promise<R>, attributes?: Attributes, options?: WithSpanOptions): Promise<R> {
  let failure: { error: unknown } | undefined;
  const value = await withSpan(
    name,
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        failure = { error };
        span.recordError(describeError(error));
        return undefined as R;
      }
    },
    attributes,
    options,
  );
  if (failure) throw failure.error;
  return value;
}
