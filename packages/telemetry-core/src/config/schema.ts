import { z } from 'zod';

// OTLP and Pyroscope speak HTTP; a bare "localhost:4318" would otherwise parse as a URL with scheme "localhost:".
const httpUrl = () => z.url({ protocol: /^https?$/ }).meta({ pattern: '^https?://' });

// The `[telemetry]` section of zeph.toml. Keys are spelled as in the file so that error messages,
// env overrides (ZEPH_TELEMETRY_<KEY>) and the published JSON Schema all use one vocabulary.
export const telemetryConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Register telemetry layers at start-up.'),
    backend: z.enum(['local', 'otlp']).default('local').describe('local: Chrome trace file; otlp: OTLP/HTTP export.'),
    trace_dir: z.string().min(1).default('.local/traces').describe('Directory for Chrome trace files.'),
    include_args: z.boolean().default(false).describe('Record function arguments as span attributes (sensitive names redacted).'),
    otlp_endpoint: httpUrl()
      .default('http://127.0.0.1:4318')
      .describe('OTLP/HTTP base URL; /v1/traces and /v1/metrics are appended.'),
    otlp_headers_vault_key: z
      .string()
      .min(1)
      .default('ZEPH_OTEL_HEADERS')
      .describe('Vault key holding a JSON object of OTLP request headers.'),
    service_name: z.string().min(1).default('zeph-agent').describe('service.name resource attribute.'),
    sample_rate: z.number().min(0).max(1).default(1).describe('Parent-based trace id ratio sampling, 0..1.'),
    pyroscope_endpoint: httpUrl().default('http://127.0.0.1:4040').describe('Pyroscope server base URL.'),
    system_metrics_interval_secs: z
      .number()
      .positive()
      .default(5)
      .describe('Seconds between process metric samples; values below 1 are raised to 1.'),
  })
  .strict();

export type TelemetryConfig = z.output<typeof telemetryConfigSchema>;
export type TelemetryConfigInput = z.input<typeof telemetryConfigSchema>;
export type TelemetryConfigKey = keyof TelemetryConfig;

/** The keys of `[telemetry]`, in schema order. */
export const TELEMETRY_CONFIG_KEYS = Object.keys(telemetryConfigSchema.shape) as TelemetryConfigKey[];

/** Shortest interval the system metrics task accepts; smaller values are raised with a warning. */
export const MIN_SYSTEM_METRICS_INTERVAL_SECS = 1;

export function defaultTelemetryConfig(): TelemetryConfig {
  return telemetryConfigSchema.parse({});
}
