import { telemetryConfigSchema, type TelemetryConfigInput } from '../config/schema.js';
import { initTelemetry, type TelemetryHandle } from '../init-telemetry.js';
import type { LogRecord, TelemetryLayer } from '../types.js';

export interface ChromeTelemetry {
  handle: TelemetryHandle;
  traceFile: string;
  logs: LogRecord[];
}

/** Real telemetry with the local (Chrome) backend writing into `traceDir`; log records are kept. */
export async function startChromeTelemetry(traceDir: string, config: TelemetryConfigInput = {}, extraLayers: TelemetryLayer[] = []): Promise<ChromeTelemetry> {
  const logs: LogRecord[] = [];
  const logCapture: TelemetryLayer = { kind: 'test-log-capture', onLog: (record) => logs.push(record) };
  const handle = await initTelemetry({
    config: telemetryConfigSchema.parse({ trace_dir: traceDir, system_metrics_interval_secs: 3600, ...config }),
    sessionId: 'testsession',
    layers: [logCapture, ...extraLayers],
    logFile: false,
    handleSignals: false,
    stderrLevel: 'error',
  });
  if (!handle.traceFile) throw new Error('the local backend did not report a trace file');
  return { handle, traceFile: handle.traceFile, logs };
}
