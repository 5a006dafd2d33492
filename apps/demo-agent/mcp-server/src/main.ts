// Entry point of the demo's MCP server (stdio). It records its own spans as the agent does: the same
// [telemetry] settings (zeph.toml named by DEMO_CONFIG_ENV, else ./zeph.toml, and the ZEPH_TELEMETRY_*
// and OTEL_* variables the agent hands down), under its own service name and session id; and, when
// ZEPH_MCP_SPAN_FILE is set, JSON lines of finished spans that its parent (or a test) can read. Tool
// spans continue the caller's trace.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { initTelemetry, newSessionId, type TelemetryHandle, type TelemetryLayer } from '@zeph/telemetry-core';
import { loadTelemetryConfig, telemetryConfigSchema, type TelemetryConfig } from '@zeph/telemetry-core/config';
import { vaultConfigFromToml, type VaultConfig } from '@zeph/telemetry-core/vault';
import { createSpanJsonlLayer } from '@zeph/telemetry-mcp';
import { DEMO_CONFIG_ENV } from '../../src/agent/child-telemetry-env.js';
import { createDemoMcpServer } from './create-demo-mcp-server.js';

const SERVICE_NAME = 'zeph-demo-mcp-server';
// What the server sets whatever the agent's settings say.
const OWN_SETTINGS = { service_name: SERVICE_NAME, system_metrics_interval_secs: 60 };
const env = process.env;
const layers: TelemetryLayer[] = [];
const spanLayer = env.ZEPH_MCP_SPAN_FILE ? createSpanJsonlLayer({ file: env.ZEPH_MCP_SPAN_FILE }) : undefined;
if (spanLayer) layers.push(spanLayer);

// stderr only: stdout is the protocol channel.
const warn = (message: string) => process.stderr.write(`${SERVICE_NAME}: ${message}\n`);

function loadSettings(): { config: TelemetryConfig; vault?: VaultConfig } {
  const configPath = env[DEMO_CONFIG_ENV] || undefined;
  const loaded = loadTelemetryConfig({ path: configPath, required: configPath !== undefined, env, logger: { warn } });
  return { config: { ...loaded.config, ...OWN_SETTINGS }, vault: vaultConfigFromToml(loaded.file) };
}

async function startTelemetry(): Promise<TelemetryHandle> {
  const common = { sessionId: env.ZEPH_MCP_SESSION_ID || `mcp-${newSessionId()}`, layers, logFile: false as const, handleSignals: false, processName: SERVICE_NAME };
  let settings: ReturnType<typeof loadSettings> | undefined;
  try {
    settings = loadSettings();
    return await initTelemetry({ ...common, config: settings.config, vault: settings.vault });
  } catch (error) {
    // The tools matter more than their spans: a server that cannot record as configured (e.g. built
    // without the otel feature) records a local Chrome trace instead.
    warn(`telemetry as configured is unavailable (${error instanceof Error ? error.message : String(error)}); recording a local trace`);
    const fallback: TelemetryConfig = settings
      ? { ...settings.config, backend: 'local' }
      : telemetryConfigSchema.parse({
          enabled: env.ZEPH_TELEMETRY_ENABLED !== 'false',
          trace_dir: env.ZEPH_TELEMETRY_TRACE_DIR || '.local/traces',
          ...OWN_SETTINGS,
        });
    return initTelemetry({ ...common, config: fallback });
  }
}

const telemetry = await startTelemetry();
if (telemetry.traceFile) process.stderr.write(`zeph-demo-mcp-server: trace file ${telemetry.traceFile}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await telemetry.shutdown();
  process.exit(0);
}

const transport = new StdioServerTransport();
transport.onclose = () => void stop();
process.stdin.once('end', () => void stop());
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
await createDemoMcpServer().connect(transport);
