import type { Attributes, AttributeValue, ContextManager } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

export type { Attributes, AttributeValue };

/** The small surface of a span that instrumented code may touch. */
export interface ZephSpan {
  setAttribute(key: string, value: AttributeValue): void;
  setAttributes(attributes: Attributes): void;
  addEvent(name: string, attributes?: Attributes): void;
  recordError(error: unknown): void;
  /** Hex span id, or '' when no span is recorded. */
  readonly spanId: string;
  /** Hex trace id, or '' when no span is recorded. */
  readonly traceId: string;
  /** False for the no-op span handed out when telemetry is off. */
  readonly isRecording: boolean;
}

/**
 * OpenTelemetry's span kind, by name so that builds without profiling load no OpenTelemetry code:
 * `client` for a call to another service (an MCP server, a model API), `server` for handling one.
 */
export type SpanKindName = 'internal' | 'client' | 'server' | 'producer' | 'consumer';

export interface WithSpanOptions {
  /** Default `internal`. */
  kind?: SpanKindName;
}

export interface InstrumentOptions<A extends unknown[] = unknown[]> {
  /** Attributes known at definition time, or computed from the call's arguments. */
  attributes?: Attributes | ((...args: A) => Attributes);
  /** Names of the positional arguments, recorded as zeph.arg.<name> when include_args is on. */
  argNames?: readonly string[];
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  level: LogLevel;
  message: string;
  /** Origin of the record, e.g. "chrome-layer". */
  scope: string;
  time: number;
  fields?: Record<string, unknown>;
  /** The span active when the record was made (sampled spans only), for jumping from a log line to its trace. */
  traceId?: string;
  spanId?: string;
}

/** A point-in-time numeric sample: drawn as a counter track in Chrome, exported as a gauge via OTLP. */
export interface MetricSample {
  name: string;
  value: number;
  time: number;
  attributes?: Attributes;
}

/** A zero-duration marker not attached to a span (span events travel with their span). */
export interface InstantEvent {
  name: string;
  time: number;
  category: string;
  attributes?: Attributes;
}

/**
 * Known layer kinds, in the fixed order of registration (DESIGN.md, "Run-time shape").
 * Layers of other kinds run after these, in the order they were added.
 */
export const LAYER_ORDER = [
  'stderr-log',
  'json-log',
  'chrome',
  'otlp',
  'alloc',
  'pyroscope',
  'metrics-bridge',
  'system-metrics',
] as const;
export type KnownLayerKind = (typeof LAYER_ORDER)[number];

export interface LayerContext {
  readonly config: import('./config/schema.js').TelemetryConfig;
  readonly sessionId: string;
  readonly log: Logger;
}

/**
 * A layer observes; it does not own. Every hook is optional, and a failing hook is logged and
 * isolated so that telemetry never takes the agent down.
 */
export interface TelemetryLayer {
  readonly kind: KnownLayerKind | (string & {});
  /** Processors run in layer order, before the tracer provider is created. */
  readonly spanProcessor?: SpanProcessor;
  /**
   * Lets a layer observe context switches (e.g. to label profiler samples with the active span) by
   * decorating the context manager before it is installed. Layers wrap in registration order.
   */
  wrapContextManager?(manager: ContextManager): ContextManager;
  start?(ctx: LayerContext): void | Promise<void>;
  /** Called once every layer has started and recording is on (samples and spans reach the layers). */
  started?(): void;
  onLog?(record: LogRecord): void;
  onSample?(sample: MetricSample): void;
  onInstant?(event: InstantEvent): void;
  forceFlush?(): Promise<void>;
  shutdown?(): Promise<void>;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
