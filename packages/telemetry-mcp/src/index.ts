// Public surface of @zeph/telemetry-mcp (the `profiling` build).
import { createMcpConnectors } from './mcp-connect.js';
import { traceTransport } from './traced-transport.js';

export const { connectMcpStdio, connectMcpUrl } = createMcpConnectors(traceTransport);
export { InstrumentedMcpClient } from './instrumented-mcp-client.js';
export { McpToolCallError } from './mcp-tool-call-error.js';
export { traceTransport } from './traced-transport.js';
export { injectTraceContext, extractTraceContext } from './trace-context-meta.js';
export { instrumentMcpServer, traceMcpToolHandler } from './mcp-server-instrumentation.js';
export { createSpanJsonlLayer, parseSpanJsonl } from './span-jsonl-layer.js';
export {
  MCP_SPANS,
  MCP_ATTRIBUTES,
  MCP_METHODS,
  MCP_METRICS,
  MCP_NETWORK_TRANSPORT,
  MCP_TOOL_ERROR_TYPE,
  TRACE_CONTEXT_META_KEYS,
  GEN_AI_OPERATION_EXECUTE_TOOL,
} from './spans.js';
export type * from './types.js';
