import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs `fn` with an AsyncLocalStorage store that reaches every promise it creates, as an
 * OpenTelemetry context would: context tracking without any telemetry. The storage is disabled
 * afterwards: on Node 20 an enabled storage keeps its promise hooks on for the whole process, and
 * every later run (baseline included) would pay them.
 */
export async function insideAsyncLocalStorage<T>(fn: () => Promise<T>): Promise<T> {
  const storage = new AsyncLocalStorage<object>();
  try {
    return await storage.run({}, fn);
  } finally {
    storage.disable();
  }
}
