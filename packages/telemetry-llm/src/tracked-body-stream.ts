import type { StreamTracker } from './operation-span.js';

/**
 * The chunks of a streamed REST response as an iterable whose reading drives the held span. Reading
 * starts on iteration; an iterable that is never read ends its span as abandoned when collected.
 */
export function trackedBodyStream<C>(
  chunks: () => AsyncIterable<C>,
  track: StreamTracker<C>,
  watch: (held: object) => void,
  signal: AbortSignal | undefined,
): AsyncIterable<C> {
  const iterable: AsyncIterable<C> = {
    [Symbol.asyncIterator]: () => track(chunks(), { wasCancelled: () => signal?.aborted === true, keepAlive: iterable }),
  };
  watch(iterable);
  return iterable;
}
