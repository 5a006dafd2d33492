import { telemetryConfigSchema, type TelemetryConfigInput } from '../config/schema.js';
import { initTelemetry, type TelemetryHandle } from '../init-telemetry.js';
import type { OtlpLayer, OtlpLayerOptions } from '../otlp/otlp-types.js';
import type { LogRecord } from '../types.js';

export interface OtlpTelemetry {
  handle: TelemetryHandle;
  layer: OtlpLayer;
  /** Every log record telemetry made, as the layers saw it. */
  logs: LogRecord[];
}

/**
 * Real telemetry with the OTLP backend pointed at `endpoint`, headers from the env vault under
 * `headersKey` (set here), no log file and quiet stderr; the OTLP layer and the log records are kept.
 */
export async function startOtlpTelemetry(
  endpoint: string,
  options: { headersKey: string; headers?: Record<string, string>; config?: TelemetryConfigInput; otlp?: OtlpLayerOptions; sessionId?: string },
): Promise<OtlpTelemetry> {
  process.env[options.headersKey] = JSON.stringify(options.headers ?? {});
  const logs: LogRecord[] = [];
  const handle = await initTelemetry({
    config: telemetryConfigSchema.parse({ backend: 'otlp', otlp_endpoint: endpoint, otlp_headers_vault_key: options.headersKey, ...options.config }),
    sessionId: options.sessionId,
    logFile: false,
    handleSignals: false,
    stderrLevel: 'error',
    vault: { backend: 'env' },
    otlp: options.otlp,
    layers: [{ kind: 'test-log-capture', onLog: (r) => void logs.push(r) }],
  });
  return { handle, layer: handle.layers.find((l) => l.kind === 'otlp') as OtlpLayer, logs };
}
