import { hostname } from 'node:os';
import { encode, heap, time } from '@datadog/pprof';
import type { Context, ContextManager } from '@opentelemetry/api';
import type { LayerContext, Logger, TelemetryLayer } from '@zeph/telemetry-core';
import { applicationNameWithTags } from './ingest-url.js';
import { LabelingContextManager } from './labeling-context-manager.js';
import { ProfileUploader } from './profile-uploader.js';
import { SpanProfileLabels } from './profile-labels.js';
import { DEFAULT_PROFILED_SPANS, PYROSCOPE_LAYER_KIND } from './spans.js';
import type { PyroscopeLayerOptions } from './types.js';

const HEAP_SAMPLING_BYTES = 512 * 1024;
const HEAP_STACK_DEPTH = 64;
const SHUTDOWN_DEADLINE_MS = 3000;

export type PyroscopeLayer = TelemetryLayer & {
  /** Collects the current profiles and waits until they were sent (or given up on). */
  flush(): Promise<void>;
  readonly stats: { sent: number; dropped: number };
};

/**
 * Continuous wall-clock (with CPU time) and heap profiles pushed to Pyroscope in pprof format.
 * Samples taken while a profiled span runs carry its span id as a label, and the span carries the
 * same value as `pyroscope.profile.id`: Grafana's "profiles for this span" joins on it.
 */
export function createPyroscopeLayer(options: PyroscopeLayerOptions = {}): PyroscopeLayer {
  const labels = new SpanProfileLabels(new Set(options.profiledSpanNames ?? DEFAULT_PROFILED_SPANS));
  const intervalMicros = options.samplingIntervalMicros ?? 10_000;
  let profiling = false;
  let uploader: ProfileUploader | undefined;
  let timer: NodeJS.Timeout | undefined;
  let windowStart = Date.now();
  let log: Logger | undefined;
  let collecting: Promise<void> = Promise.resolve();

  // Most context switches stay under the same profiled span, whose labels object is shared by its
  // descendants: the profiler's context (a native setter) is set only when the labels change.
  let appliedContext: object | undefined;
  const setProfilerContext = (value: object) => {
    if (!profiling || value === appliedContext) return;
    appliedContext = value;
    time.setContext(value);
  };

  const collectOnce = async (restart: boolean) => {
    if (!profiling || !uploader) return;
    const fromSeconds = Math.floor(windowStart / 1000);
    const now = Date.now();
    windowStart = now;
    const untilSeconds = Math.max(fromSeconds + 1, Math.ceil(now / 1000));
    const wall = time.stop(restart, ({ context }) => (context?.context as Record<string, string> | undefined) ?? {});
    appliedContext = undefined;
    if (!restart) profiling = false;
    uploader.enqueue({ kind: 'wall', fromSeconds, untilSeconds, body: await encode(wall), sampleRate: Math.round(1e6 / intervalMicros) });
    if (options.heap !== false) {
      uploader.enqueue({ kind: 'heap', fromSeconds, untilSeconds, body: await encode(heap.profile()) });
    }
  };
  // Collections never overlap: a slow encode delays the next one instead of racing it.
  const collect = (restart: boolean) => (collecting = collecting.then(() => collectOnce(restart)).catch((error) => {
    log?.error('profile collection failed', { error: error instanceof Error ? error.message : String(error) });
  }));

  return {
    kind: PYROSCOPE_LAYER_KIND,
    spanProcessor: labels,
    wrapContextManager(manager: ContextManager): ContextManager {
      return new LabelingContextManager(manager, (ctx: Context) => labels.labelsFor(ctx), setProfilerContext).enable();
    },
    start(ctx: LayerContext) {
      log = ctx.log;
      const app = options.applicationName ?? ctx.config.service_name;
      const tags = {
        service: ctx.config.service_name,
        version: options.serviceVersion ?? 'unknown',
        host: hostname(),
        ...options.tags,
      };
      uploader = new ProfileUploader(
        options.endpoint ?? ctx.config.pyroscope_endpoint,
        applicationNameWithTags(app, tags),
        options.requestTimeoutMs ?? 5000,
        ctx.log,
      );
      time.start({ intervalMicros, withContexts: true, collectCpuTime: true, durationMillis: 60 * 60 * 1000 });
      appliedContext = undefined;
      if (options.heap !== false) heap.start(HEAP_SAMPLING_BYTES, HEAP_STACK_DEPTH);
      profiling = true;
      windowStart = Date.now();
      timer = setInterval(() => void collect(true), options.uploadIntervalMs ?? 10_000);
      timer.unref();
    },
    async flush() {
      await collect(true);
      await uploader?.idle();
    },
    get stats() {
      return { sent: uploader?.sent ?? 0, dropped: uploader?.dropped ?? 0 };
    },
    async shutdown() {
      if (timer) clearInterval(timer);
      await collect(false);
      if (options.heap !== false) heap.stop();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_DEADLINE_MS).unref());
      await Promise.race([uploader?.idle(), deadline]);
    },
  };
}
