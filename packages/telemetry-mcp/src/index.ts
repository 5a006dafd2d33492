// Public surface of @zeph/telemetry-mcp (the `profiling` build).
import { createMcpConnectors } from './mcp-connect.js';
import { traceTransport } from './traced-transport.js';

export const { connectMcpStdio, connectMcpUrl } = createMcpConnectors(traceTransport);
export * from './shared-exports.js';
export { traceTransport } from './traced-transport.js';
export { injectTraceContext, extractTraceContext } from './trace-context-meta.js';
export { instrumentMcpServer, traceMcpToolHandler } from './mcp-server-instrumentation.js';
export { createSpanJsonlLayer, parseSpanJsonl } from './span-jsonl-layer.js';
