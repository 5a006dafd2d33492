import type { StreamTracker } from './operation-span.js';

interface SdkStream<C> extends AsyncIterable<C> {
  controller?: AbortController;
}

/**
 * The SDK's own Stream object (controller, tee, toReadableStream keep working) whose iteration goes
 * through the tracker. Methods run with the proxy as `this`, so toReadableStream() is tracked too.
 */
export function trackSdkStream<C, S extends SdkStream<C>>(stream: S, track: StreamTracker<C>, watch: (held: object) => void): S {
  const proxy: S = new Proxy(stream, {
    get(target, property) {
      if (property === Symbol.asyncIterator) {
        return () => track(target, { wasCancelled: () => target.controller?.signal.aborted === true, keepAlive: proxy });
      }
      return Reflect.get(target, property, target);
    },
  });
  watch(proxy);
  return proxy;
}
