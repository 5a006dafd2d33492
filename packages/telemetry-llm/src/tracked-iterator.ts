import { httpStatusOf, isAbortError } from './llm-errors.js';

export type StreamOutcome = 'completed' | 'consumer_stopped' | 'signal' | 'connection_lost' | 'error' | 'abandoned';

export interface IterationHooks<C> {
  onChunk(chunk: C): void;
  /** Called exactly once, however the iteration ends. */
  onFinish(outcome: StreamOutcome, error?: unknown): void;
  /** True when the request was cancelled; some SDKs end a cancelled stream quietly instead of throwing. */
  wasCancelled?(): boolean;
}

// A stream nobody iterates to its end and nobody closes would keep its span open for ever: when the
// object the caller holds is collected, its span ends as abandoned.
const abandonedStreams = new FinalizationRegistry<() => void>((finish) => finish());

export function watchForAbandonment(held: object, finish: () => void, token: object): void {
  abandonedStreams.register(held, finish, token);
}

export function stopWatching(token: object): void {
  abandonedStreams.unregister(token);
}

function outcomeOfError(error: unknown): StreamOutcome {
  if (isAbortError(error)) return 'signal';
  return httpStatusOf(error) === undefined ? 'connection_lost' : 'error';
}

/**
 * An iterator over `source` that reports each chunk and how the iteration ended: completed, stopped
 * by the consumer (break / return()), cancelled by a signal, or failed midway. `keepAlive` is held so
 * the watched object outlives the iteration.
 */
export function trackIterator<C>(source: AsyncIterable<C>, hooks: IterationHooks<C>, keepAlive?: object): AsyncIterableIterator<C> {
  const inner = source[Symbol.asyncIterator]();
  let finished = false;
  const finish = (outcome: StreamOutcome, error?: unknown) => {
    if (finished) return;
    finished = true;
    hooks.onFinish(outcome, error);
  };
  const iterator: AsyncIterableIterator<C> & { keepAlive?: object } = {
    keepAlive,
    // A plain then() rather than an async function: one promise per chunk instead of three hops.
    next() {
      return inner.next().then(
        (result) => {
          if (result.done) finish(hooks.wasCancelled?.() ? 'signal' : 'completed');
          else if (!finished) hooks.onChunk(result.value);
          return result;
        },
        (error: unknown) => {
          finish(outcomeOfError(error), error);
          throw error;
        },
      );
    },
    async return(value?: unknown) {
      // The source closes first, so spans it holds end before the one this iterator holds.
      try {
        if (inner.return) return await inner.return(value);
        return { done: true, value: value as C };
      } finally {
        finish('consumer_stopped');
      }
    },
    async throw(error?: unknown) {
      finish('error', error);
      if (inner.throw) return inner.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return iterator;
}
