import { withSpan, type Attributes, type WithSpanOptions, type ZephSpan } from '@zeph/telemetry-core';
import { describeError } from './llm-errors.js';

// A held span is ended by `release`, which the abandonment watch keeps strongly. Everything that
// `release` can reach (the span's promise, its reactions, the callback given to withSpan) must stay
// clear of the stream handed to the caller, or the stream could never be collected. So the callback
// hands its result out through this slot, read synchronously right after withSpan returns.
let handoff: Promise<unknown> | undefined;

interface Latch {
  promise: Promise<void>;
  release(error?: unknown): void;
}

function createLatch(): Latch {
  let endOk!: () => void;
  let endFailed!: (error: unknown) => void;
  let released = false;
  const promise = new Promise<void>((resolve, reject) => {
    endOk = resolve;
    endFailed = reject;
  });
  return {
    promise,
    release(error) {
      if (released) return;
      released = true;
      if (error === undefined) endOk();
      else endFailed(describeError(error));
    },
  };
}

function ignore(): void {}

/**
 * Runs `body` in a span that outlives it: the span ends when `release` is called (with an error to
 * mark it failed), so a stream handed back to the caller keeps its span open while it is read.
 * When `body` rejects, the span ends with that error.
 */
export function runInHeldSpan<R>(
  name: string,
  attributes: Attributes | undefined,
  body: (span: ZephSpan, release: (error?: unknown) => void) => Promise<R>,
  options?: WithSpanOptions,
): Promise<R> {
  const latch = createLatch();
  const spanDone = withSpan(
    name,
    (span) => {
      handoff = body(span, latch.release);
      return latch.promise;
    },
    attributes,
    options,
  );
  const started = handoff as Promise<R>;
  handoff = undefined;
  // The caller receives the error through `started`; the span's own rejection is only observed.
  spanDone.catch(ignore);
  started.catch((error: unknown) => latch.release(error ?? new Error(`${name} failed without an error value`)));
  return started;
}
