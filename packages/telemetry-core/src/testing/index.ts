import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { telemetryConfigSchema, type TelemetryConfigInput } from '../config/schema.js';
import { initTelemetry, type TelemetryHandle } from '../init-telemetry.js';
import type { TelemetryLayer } from '../types.js';

export interface TestTelemetry {
  readonly handle: TelemetryHandle;
  readonly exporter: InMemorySpanExporter;
  /** Finished spans in the order they ended. */
  spans(): ReadableSpan[];
  /** Names of finished spans in the order they ended. */
  names(): string[];
  /** The finished span with this name (the first one); throws when absent. */
  span(name: string): ReadableSpan;
  /** The parent of a finished span, when that parent has finished too. */
  parentOf(span: ReadableSpan): ReadableSpan | undefined;
  reset(): void;
  shutdown(): Promise<void>;
}

/**
 * Starts real telemetry with an in-memory exporter and no file output, for tests of span order,
 * nesting and attributes. Extra layers (alloc, metrics bridge...) can be added.
 */
export async function startTestTelemetry(
  options: { config?: TelemetryConfigInput; layers?: TelemetryLayer[] } = {},
): Promise<TestTelemetry> {
  const exporter = new InMemorySpanExporter();
  const memoryLayer: TelemetryLayer = { kind: 'test-memory', spanProcessor: new SimpleSpanProcessor(exporter) };
  const handle = await initTelemetry({
    config: telemetryConfigSchema.parse(options.config ?? {}),
    layers: [memoryLayer, ...(options.layers ?? [])],
    logFile: false,
    handleSignals: false,
    withoutBackend: true,
  });
  const spans = () => exporter.getFinishedSpans();
  return {
    handle,
    exporter,
    spans,
    names: () => spans().map((s) => s.name),
    span(name) {
      const found = spans().find((s) => s.name === name);
      if (!found) throw new Error(`no finished span named ${name}; have: ${spans().map((s) => s.name).join(', ')}`);
      return found;
    },
    parentOf(span) {
      const parentId = span.parentSpanContext?.spanId;
      return parentId ? spans().find((s) => s.spanContext().spanId === parentId) : undefined;
    },
    reset: () => exporter.reset(),
    shutdown: () => handle.shutdown(),
  };
}
export { bundleDefaultBuild, PROFILING_ONLY_INPUTS } from './default-build-check.js';
export { CollectingMetricReader } from './collecting-metric-reader.js';
export type { DefaultBuild, DefaultBuildCheckOptions } from './default-build-check.js';
export { captureProcessOutput } from './capture-process-output.js';
export type { CapturedProcessOutput } from './capture-process-output.js';
