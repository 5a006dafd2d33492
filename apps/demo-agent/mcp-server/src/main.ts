// Entry point of the demo's MCP server (stdio). It records its own spans: a Chrome trace under the
// configured trace_dir with its own session id, and, when ZEPH_MCP_SPAN_FILE is set, JSON lines of
// finished spans that its parent (or a test) can read. Tool spans continue the caller's trace.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { initTelemetry, newSessionId, type TelemetryLayer } from '@zeph/telemetry-core';
import { telemetryConfigSchema } from '@zeph/telemetry-core/config';
import { createSpanJsonlLayer } from '@zeph/telemetry-mcp';
import { createDemoMcpServer } from './create-demo-mcp-server.js';

const env = process.env;
const layers: TelemetryLayer[] = [];
const spanLayer = env.ZEPH_MCP_SPAN_FILE ? createSpanJsonlLayer({ file: env.ZEPH_MCP_SPAN_FILE }) : undefined;
if (spanLayer) layers.push(spanLayer);

const telemetry = await initTelemetry({
  config: telemetryConfigSchema.parse({
    enabled: env.ZEPH_TELEMETRY_ENABLED !== 'false',
    trace_dir: env.ZEPH_TELEMETRY_TRACE_DIR || '.local/traces',
    service_name: 'zeph-demo-mcp-server',
    system_metrics_interval_secs: 60,
  }),
  sessionId: env.ZEPH_MCP_SESSION_ID || `mcp-${newSessionId()}`,
  layers,
  // stdout is the protocol channel: logs go to the JSON log file and stderr only.
  logFile: false,
  handleSignals: false,
  processName: 'zeph-demo-mcp-server',
});
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
