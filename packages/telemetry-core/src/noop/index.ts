// The build without `profiling`: same surface, no OpenTelemetry, no layers. `instrument` returns the
// function itself, so an instrumented call costs exactly what the plain call cost.
// Type-only imports from modules that use OpenTelemetry (they vanish from the build output); values
// only from modules free of it.
import type { InitTelemetryOptions, TelemetryHandle } from '../init-telemetry.js';
import type { Attributes, InstrumentOptions, Logger, WithSpanOptions, ZephSpan } from '../types.js';
import { NOOP_SPAN } from '../noop-span.js';
import { disabledTelemetryHandle } from '../disabled-handle.js';

export * from '../metrics-bridge/noop.js';
export * from '../shared-exports.js';

export const PROFILING_BUILT = false;

const NOOP_INSTRUMENT = Object.freeze({ add() {}, record() {} });
export function createCounter(): { add(value: number, attributes?: Attributes): void } {
  return NOOP_INSTRUMENT;
}
export function createHistogram(): { record(value: number, attributes?: Attributes): void } {
  return NOOP_INSTRUMENT;
}
export function installMeterProvider(): void {}
export function createObservedCounter(): void {}

export { NOOP_SPAN };

export function instrument<A extends unknown[], R>(_name: string, fn: (...args: A) => R, _options?: InstrumentOptions<A>): (...args: A) => R {
  return fn;
}

export function withSpan<R>(_name: string, fn: (span: ZephSpan) => R, _attributes?: Attributes, _options?: WithSpanOptions): R {
  return fn(NOOP_SPAN);
}

export function currentSpan(): ZephSpan {
  return NOOP_SPAN;
}

export function isTelemetryActive(): boolean {
  return false;
}

export function markSpanError(): void {}

export function recordSample(): void {}

export function recordInstant(): void {}

export function recordCompletedSpan(): void {}

export function captureSpanParent(): undefined {
  return undefined;
}

export function withConversation<R>(_conversationId: string, fn: () => R): R {
  return fn();
}

export function currentConversationId(): undefined {
  return undefined;
}

export function newSessionId(): string {
  return Math.random().toString(16).slice(2, 14);
}

export function createLogger(scope: string): Logger {
  const toStderr = (level: string) => (message: string) => process.stderr.write(`zeph ${level} [${scope}] ${message}\n`);
  return { debug() {}, info() {}, warn: toStderr('warn'), error: toStderr('error') };
}

export async function initTelemetry(options: InitTelemetryOptions): Promise<TelemetryHandle> {
  return disabledTelemetryHandle(options.sessionId ?? newSessionId());
}
