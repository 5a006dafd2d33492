import { withSpan, type Attributes, type ZephSpan } from '@zeph/telemetry-core';

/**
 * Runs `body` in a span that outlives it: the span ends when `release` is called (with an error to
 * mark it failed), so a stream handed back to the caller keeps its span open while it is read.
 * When `body` rejects, the span ends with that error.
 */
export function runInHeldSpan<R>(
  name: string,
  attributes: Attributes | undefined,
  body: (span: ZephSpan, release: (error?: unknown) => void) => Promise<R>,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const spanDone = withSpan(
      name,
      (span) =>
        new Promise<void>((endOk, endFailed) => {
          let released = false;
          const release = (error?: unknown) => {
            if (released) return;
            released = true;
            if (error === undefined) endOk();
            else endFailed(error);
          };
          body(span, release).then(resolve, (error: unknown) => {
            release(error ?? new Error(`${name} failed without an error value`));
            reject(error);
          });
        }),
      attributes,
    );
    // The caller receives the error through `reject`; this branch only keeps it from going unhandled.
    spanDone.catch(() => {});
  });
}
