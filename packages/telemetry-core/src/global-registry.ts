import { isSpanContextValid, trace } from '@opentelemetry/api';
import { LayerRegistry } from './layer-registry.js';
import { runtimeState } from './runtime-state.js';
import type { Attributes, LogLevel, LogRecord, Logger } from './types.js';
import { redactFields, scrubSecrets } from './redact.js';

/** The one registry of this process; initTelemetry fills it, shutdown empties it. */
export let activeRegistry: LayerRegistry | undefined;

export function setActiveRegistry(registry: LayerRegistry | undefined): void {
  activeRegistry = registry;
}

/** Stamps the record with the active span's ids, as OpenTelemetry's log data model does. */
function addActiveSpan(record: LogRecord): void {
  if (!runtimeState.active) return;
  const ids = trace.getSpan(runtimeState.contextManager.active())?.spanContext();
  // Unsampled spans are not recorded anywhere: their ids would lead nowhere.
  if (!ids || !isSpanContextValid(ids) || (ids.traceFlags & 1) === 0) return;
  record.traceId = ids.traceId;
  record.spanId = ids.spanId;
}

/**
 * A logger for telemetry's own messages. Before start-up (or with telemetry off) warnings and errors
 * go straight to stderr, so configuration problems are never silent.
 */
export function createLogger(scope: string): Logger {
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    const clean = scrubSecrets(message);
    const cleanFields = fields && redactFields(fields);
    if (activeRegistry && activeRegistry.list().some((l) => l.onLog)) {
      const record: LogRecord = { level, message: clean, scope, time: Date.now(), fields: cleanFields };
      addActiveSpan(record);
      activeRegistry.emitLog(record);
    } else if (level === 'warn' || level === 'error') {
      process.stderr.write(`zeph ${level} [${scope}] ${clean}${cleanFields ? ` ${JSON.stringify(cleanFields)}` : ''}\n`);
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/**
 * Records a numeric sample (a gauge): a counter track in Chrome traces, a gauge over OTLP. `time` is
 * when the value was read, in Date.now() milliseconds (default: now), for samples handed over in
 * batches after they were taken; give them in the order they were taken.
 */
export function recordSample(name: string, value: number, attributes?: Attributes, time?: number): void {
  if (!runtimeState.active || !activeRegistry) return;
  activeRegistry.emitSample({ name, value, time: time ?? Date.now(), attributes });
}

/** Records an instant event that belongs to no span (e.g. a config reload). */
export function recordInstant(name: string, category: string, attributes?: Attributes): void {
  if (!runtimeState.active || !activeRegistry) return;
  activeRegistry.emitInstant({ name, category, time: Date.now(), attributes });
}
