// What both builds export: the client class, errors, names and types.
export { InstrumentedMcpClient } from './instrumented-mcp-client.js';
export { McpToolCallError } from './mcp-tool-call-error.js';
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
