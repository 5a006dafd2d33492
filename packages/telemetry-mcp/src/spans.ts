// The mcp.* slice of the instrumentation map (a public contract: see DESIGN.md), plus the attribute
// keys and values this package writes. This file is the only place they are spelled.

export const MCP_SPANS = {
  connect: 'mcp.connect',
  connectUrl: 'mcp.connect_url',
  listTools: 'mcp.list_tools',
  callTool: 'mcp.call_tool',
  shutdown: 'mcp.shutdown',
  toolRefresh: 'mcp.tool_refresh',
  /** Server side: a tools/call request handled by an instrumented server. */
  serverCallTool: 'mcp.server.call_tool',
} as const;

/**
 * OpenTelemetry span kinds of the spans above: a request to a server (connect, list, call, shut
 * down) is a client span, the server's handling of tools/call a server span, as the MCP semantic
 * conventions ask. Tempo's service graph pairs them. mcp.tool_refresh stays internal: it wraps a list.
 */
export const MCP_CLIENT_SPAN = { kind: 'client' } as const;
export const MCP_SERVER_SPAN = { kind: 'server' } as const;

// OpenTelemetry MCP and GenAI semantic conventions (development status; the JS constants are
// deprecated since the conventions moved to their own repository, so we keep our own names).
export const MCP_ATTRIBUTES = {
  methodName: 'mcp.method.name',
  sessionId: 'mcp.session.id',
  protocolVersion: 'mcp.protocol.version',
  jsonrpcRequestId: 'jsonrpc.request.id',
  jsonrpcProtocolVersion: 'jsonrpc.protocol.version',
  rpcResponseStatusCode: 'rpc.response.status_code',
  genAiToolName: 'gen_ai.tool.name',
  genAiToolCallId: 'gen_ai.tool.call.id',
  genAiOperationName: 'gen_ai.operation.name',
  networkTransport: 'network.transport',
  networkProtocolName: 'network.protocol.name',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  // Ours.
  serverName: 'mcp.server.name',
  serverVersion: 'mcp.server.version',
  toolCount: 'mcp.tools.count',
  toolsChanged: 'mcp.tools.changed',
} as const;

/** Metrics from the OpenTelemetry MCP semantic conventions. */
export const MCP_METRICS = {
  clientOperationDuration: 'mcp.client.operation.duration',
} as const;

/** Bucket boundaries (seconds) the MCP conventions advise for operation durations. */
export const MCP_DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300] as const;

export const MCP_METHODS = {
  initialize: 'initialize',
  toolsList: 'tools/list',
  toolsCall: 'tools/call',
} as const;

/** Values of network.transport: stdio is a pipe, Streamable HTTP runs over TCP. */
export const MCP_NETWORK_TRANSPORT = { pipe: 'pipe', tcp: 'tcp' } as const;

export const GEN_AI_OPERATION_EXECUTE_TOOL = 'execute_tool';

/** error.type when a tool answered with isError: true. */
export const MCP_TOOL_ERROR_TYPE = 'tool_error';

/** Keys of the W3C trace context carried in a request's params._meta. */
export const TRACE_CONTEXT_META_KEYS = ['traceparent', 'tracestate'] as const;
