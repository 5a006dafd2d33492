import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BehaviorEvent, BehaviorSink } from './behavior-event.js';

/** POSTs `{ "events": [...] }` as JSON; any non-2xx answer is a failed delivery. */
export function httpBehaviorSink(url: string, options: { headers?: Record<string, string>; timeoutMs?: number } = {}): BehaviorSink {
  return {
    description: `http ${new URL(url).origin}${new URL(url).pathname}`,
    async send(events) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify({ events }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    },
  };
}

/** Appends one JSON line per event. */
export function fileBehaviorSink(path: string): BehaviorSink {
  let ready: Promise<unknown> | undefined;
  return {
    description: `file ${path}`,
    async send(events: readonly BehaviorEvent[]) {
      ready ??= mkdir(dirname(path), { recursive: true });
      await ready;
      await appendFile(path, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    },
  };
}
