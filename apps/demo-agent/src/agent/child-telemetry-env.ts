/** The variable through which the demo tells its MCP server which zeph.toml the agent read. */
export const DEMO_CONFIG_ENV = 'ZEPH_DEMO_CONFIG';

/**
 * What a child process needs to record as the agent does (the same backend, endpoint, sampling and
 * resource): the ZEPH_TELEMETRY_* and OTEL_* variables, the env-vault variable holding the OTLP
 * headers when it is set, and the zeph.toml path. A stdio MCP server gets only a minimal environment
 * by default, so these are handed down explicitly.
 */
export function childTelemetryEnv(env: NodeJS.ProcessEnv, headersVaultKey: string, configPath?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && (name.startsWith('ZEPH_TELEMETRY_') || name.startsWith('OTEL_'))) out[name] = value;
  }
  const headers = env[headersVaultKey];
  if (headers !== undefined) out[headersVaultKey] = headers;
  if (configPath !== undefined) out[DEMO_CONFIG_ENV] = configPath;
  return out;
}
