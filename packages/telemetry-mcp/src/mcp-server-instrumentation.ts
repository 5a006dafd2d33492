import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { context } from '@opentelemetry/api';
import { isTelemetryActive, withSpan, type Attributes } from '@zeph/telemetry-core';
import { McpToolCallError, resultText } from './mcp-tool-call-error.js';
import { GEN_AI_OPERATION_EXECUTE_TOOL, MCP_ATTRIBUTES, MCP_METHODS, MCP_SERVER_SPAN, MCP_SPANS } from './spans.js';
import { extractTraceContext } from './trace-context-meta.js';

/** The part of the SDK's RequestHandlerExtra this wrapper reads. */
interface HandlerExtra {
  _meta?: Record<string, unknown>;
  requestId?: string | number;
  sessionId?: string;
}

function isHandlerExtra(value: unknown): value is HandlerExtra {
  return value !== null && typeof value === 'object' && 'requestId' in value && 'signal' in value;
}

/**
 * Wraps a tool handler (`(args, extra)` or `(extra)`) so that it runs in an mcp.server.call_tool
 * span whose parent is the trace context the client put in `params._meta`.
 */
export function traceMcpToolHandler<H extends (...params: any[]) => unknown>(toolName: string, handler: H): H {
  const wrapped = function (this: unknown, ...params: unknown[]) {
    if (!isTelemetryActive()) return handler.apply(this, params);
    const extra = params.find(isHandlerExtra);
    const attributes: Attributes = {
      [MCP_ATTRIBUTES.methodName]: MCP_METHODS.toolsCall,
      [MCP_ATTRIBUTES.genAiToolName]: toolName,
      [MCP_ATTRIBUTES.genAiOperationName]: GEN_AI_OPERATION_EXECUTE_TOOL,
    };
    if (extra?.requestId !== undefined) attributes[MCP_ATTRIBUTES.jsonrpcRequestId] = String(extra.requestId);
    if (extra?.sessionId) attributes[MCP_ATTRIBUTES.sessionId] = extra.sessionId;
    return context.with(extractTraceContext(extra?._meta), () =>
      withSpan(
        MCP_SPANS.serverCallTool,
        async (span) => {
          const result = (await handler.apply(this, params)) as { isError?: boolean; content?: unknown } | undefined;
          if (result?.isError) span.recordError(new McpToolCallError(toolName, resultText(result.content)));
          return result;
        },
        attributes,
        MCP_SERVER_SPAN,
      ),
    );
  };
  Object.defineProperty(wrapped, 'name', { value: handler.name || toolName });
  return wrapped as unknown as H;
}

const INSTRUMENTED = Symbol.for('zeph.telemetry-mcp.instrumented');

/**
 * Makes every tool registered on the server from now on (registerTool or the older tool()) run in
 * a child span of the calling client's span. Call it before registering tools. Idempotent.
 */
export function instrumentMcpServer<S extends McpServer>(server: S): S {
  const marked = server as S & { [INSTRUMENTED]?: boolean };
  if (marked[INSTRUMENTED]) return server;
  marked[INSTRUMENTED] = true;
  const registerTool = server.registerTool.bind(server) as (...params: unknown[]) => unknown;
  const tool = server.tool.bind(server) as (...params: unknown[]) => unknown;
  const wrapLastCallback = (params: unknown[]) => {
    const last = params.length - 1;
    if (typeof params[0] === 'string' && typeof params[last] === 'function') {
      params[last] = traceMcpToolHandler(params[0], params[last] as (...a: unknown[]) => unknown);
    }
    return params;
  };
  (server as { registerTool: unknown }).registerTool = (...params: unknown[]) => registerTool(...wrapLastCallback(params));
  (server as { tool: unknown }).tool = (...params: unknown[]) => tool(...wrapLastCallback(params));
  return server;
}
