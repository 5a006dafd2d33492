import type { TelemetryHandle } from './init-telemetry.js';

/** The handle of a run without layers (telemetry disabled, or built without `profiling`). */
export function disabledTelemetryHandle(sessionId: string): TelemetryHandle {
  return {
    sessionId,
    enabled: false,
    layers: [],
    forceFlush: async () => {},
    shutdown: async () => {},
    pause() {},
    resume() {},
  };
}
