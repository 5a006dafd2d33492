import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createLogger, isTelemetryActive, withSpan, type Attributes } from '@zeph/telemetry-core';
import { timeMcpOperation } from './mcp-client-metrics.js';
import { McpToolCallError, resultText } from './mcp-tool-call-error.js';
import { GEN_AI_OPERATION_EXECUTE_TOOL, MCP_ATTRIBUTES, MCP_CLIENT_SPAN, MCP_METHODS, MCP_SPANS, MCP_TOOL_ERROR_TYPE } from './spans.js';
import type { McpCallToolOptions, McpToolInfo, McpToolRefreshOptions, Transport } from './types.js';

const log = createLogger('telemetry-mcp');

/**
 * A connected MCP client whose operations run in mcp.* spans with the MCP semantic attributes.
 * Built by `connectMcpStdio` / `connectMcpUrl`; the SDK client stays reachable as `client`.
 */
export class InstrumentedMcpClient {
  private refreshTimer: NodeJS.Timeout | undefined;
  private knownToolNames: string | undefined;
  private closed = false;

  constructor(
    readonly client: Client,
    private readonly transport: Transport & { protocolVersion?: string },
    readonly networkTransport: 'pipe' | 'tcp',
  ) {}

  get sessionId(): string | undefined {
    return this.transport.sessionId;
  }

  get protocolVersion(): string | undefined {
    return this.transport.protocolVersion;
  }

  get serverName(): string | undefined {
    return this.client.getServerVersion()?.name;
  }

  /** Attributes every span of this connection carries; built only while telemetry records. */
  commonAttributes(method?: string): Attributes | undefined {
    if (!isTelemetryActive()) return undefined;
    const attributes: Attributes = { [MCP_ATTRIBUTES.networkTransport]: this.networkTransport };
    if (method) attributes[MCP_ATTRIBUTES.methodName] = method;
    if (this.sessionId) attributes[MCP_ATTRIBUTES.sessionId] = this.sessionId;
    if (this.protocolVersion) attributes[MCP_ATTRIBUTES.protocolVersion] = this.protocolVersion;
    if (this.serverName) attributes[MCP_ATTRIBUTES.serverName] = this.serverName;
    return attributes;
  }

  /** Low-cardinality attributes of the operation-duration metric (no session or request ids). */
  private metricAttributes(method: string, toolName?: string): Attributes | undefined {
    if (!isTelemetryActive()) return undefined;
    const attributes: Attributes = { [MCP_ATTRIBUTES.methodName]: method, [MCP_ATTRIBUTES.networkTransport]: this.networkTransport };
    if (toolName) attributes[MCP_ATTRIBUTES.genAiToolName] = toolName;
    if (this.protocolVersion) attributes[MCP_ATTRIBUTES.protocolVersion] = this.protocolVersion;
    return attributes;
  }

  /** Every tool the server offers (all pages). */
  listTools(): Promise<McpToolInfo[]> {
    return withSpan(
      MCP_SPANS.listTools,
      async (span) => {
        const tools: McpToolInfo[] = [];
        let cursor: string | undefined;
        const metricAttributes = this.metricAttributes(MCP_METHODS.toolsList);
        do {
          const page = await timeMcpOperation(metricAttributes, () => this.client.listTools(cursor ? { cursor } : undefined));
          tools.push(...(page.tools as McpToolInfo[]));
          cursor = page.nextCursor;
        } while (cursor);
        span.setAttribute(MCP_ATTRIBUTES.toolCount, tools.length);
        return tools;
      },
      this.commonAttributes(MCP_METHODS.toolsList),
      MCP_CLIENT_SPAN,
    );
  }

  /**
   * Calls a tool. A result with isError: true is returned as is (the LLM should see it) but marks
   * the span with error.type=tool_error.
   */
  callTool(name: string, args: Record<string, unknown> = {}, options: McpCallToolOptions = {}): Promise<CallToolResult> {
    let attributes = this.commonAttributes(MCP_METHODS.toolsCall);
    if (attributes) {
      attributes[MCP_ATTRIBUTES.genAiToolName] = name;
      attributes[MCP_ATTRIBUTES.genAiOperationName] = GEN_AI_OPERATION_EXECUTE_TOOL;
      if (options.callId) attributes[MCP_ATTRIBUTES.genAiToolCallId] = options.callId;
    }
    return withSpan(
      MCP_SPANS.callTool,
      async (span) => {
        const metricAttributes = this.metricAttributes(MCP_METHODS.toolsCall, name);
        const result = await timeMcpOperation(
          metricAttributes,
          async () =>
            (await this.client.callTool({ name, arguments: args }, undefined, {
              timeout: options.timeoutMs,
              signal: options.signal,
            })) as CallToolResult,
          (answer) => (answer.isError ? MCP_TOOL_ERROR_TYPE : undefined),
        );
        if (result.isError) span.recordError(new McpToolCallError(name, resultText(result.content)));
        return result;
      },
      attributes,
      MCP_CLIENT_SPAN,
    );
  }

  /**
   * Re-lists tools every intervalMs in an mcp.tool_refresh span (the timer does not keep the
   * process alive). Failures are logged; the next tick tries again. Returns a stop function.
   */
  startToolRefresh(options: McpToolRefreshOptions): () => void {
    if (!(options.intervalMs >= 10)) throw new Error(`tool refresh intervalMs must be at least 10, got ${options.intervalMs}`);
    this.stopToolRefresh();
    let running = false;
    this.refreshTimer = setInterval(() => {
      if (running || this.closed) return;
      running = true;
      this.refreshTools(options.onChange)
        .catch((error) => log.warn('MCP tool refresh failed; retrying on the next tick', { error: (error as Error).message }))
        .finally(() => {
          running = false;
        });
    }, options.intervalMs);
    this.refreshTimer.unref();
    return () => this.stopToolRefresh();
  }

  stopToolRefresh(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  /** One refresh: lists the tools and reports whether their names changed since the last one. */
  refreshTools(onChange?: (tools: McpToolInfo[]) => void): Promise<McpToolInfo[]> {
    return withSpan(
      MCP_SPANS.toolRefresh,
      async (span) => {
        const tools = await this.listTools();
        const names = tools.map((t) => t.name).sort().join('\n');
        const changed = this.knownToolNames !== undefined && names !== this.knownToolNames;
        this.knownToolNames = names;
        span.setAttribute(MCP_ATTRIBUTES.toolsChanged, changed);
        if (changed && onChange) {
          try {
            onChange(tools);
          } catch (error) {
            log.warn('MCP tool refresh listener failed', { error: (error as Error).message });
          }
        }
        return tools;
      },
      this.commonAttributes(),
    );
  }

  /** Stops refreshing and closes the connection (for stdio: ends the server process). */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.stopToolRefresh();
    return withSpan(MCP_SPANS.shutdown, () => this.client.close(), this.commonAttributes(), MCP_CLIENT_SPAN);
  }
}
