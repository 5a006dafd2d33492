import { AGENT_SPANS, withSpan } from '@zeph/telemetry-core';
import { connectMcpStdio, type InstrumentedMcpClient } from '@zeph/telemetry-mcp';
import type { ToolDefinition, ToolParameters } from '@zeph/telemetry-tools';
import { AGENT_ATTRIBUTES as A } from './agent-attributes.js';

export interface DemoMcpConnection {
  readonly client: InstrumentedMcpClient;
  readonly tools: ToolDefinition[];
  close(): Promise<void>;
}

export interface DemoMcpOptions {
  /** The bundled MCP server (dist/mcp-server.mjs). */
  serverBundle: string;
  /** Passed to the server so its own Chrome trace lands beside the agent's. */
  traceDir: string;
  telemetryEnabled: boolean;
  sessionId: string;
  /** Telemetry settings handed down to the server (see childTelemetryEnv). */
  env?: Record<string, string>;
}

function toParameters(schema: { properties?: Record<string, unknown>; required?: string[] }): ToolParameters {
  return { type: 'object', properties: (schema.properties ?? {}) as ToolParameters['properties'], required: schema.required ?? [] };
}

function resultText(result: { content?: Array<{ type: string; text?: string }>; isError?: boolean }): string {
  const text = (result.content ?? []).map((c) => (c.type === 'text' ? c.text ?? '' : `[${c.type}]`)).join('\n');
  return result.isError ? `error: ${text}` : text;
}

/**
 * Starts the demo's MCP server over stdio and offers its tools to the model as ordinary tools:
 * each call runs as agent.mcp_dispatch > mcp.call_tool inside the tools package's tool.execute_call.
 */
export async function connectDemoMcp(options: DemoMcpOptions): Promise<DemoMcpConnection> {
  const client = await connectMcpStdio({
    command: process.execPath,
    args: [options.serverBundle],
    env: {
      ...options.env,
      ZEPH_TELEMETRY_TRACE_DIR: options.traceDir,
      ZEPH_TELEMETRY_ENABLED: String(options.telemetryEnabled),
      ZEPH_MCP_SESSION_ID: `${options.sessionId}-mcp`,
    },
    stderr: 'ignore',
  });
  try {
    const listed = await client.listTools();
    const tools: ToolDefinition[] = listed.map((info) => ({
      name: info.name,
      description: info.description ?? `MCP tool ${info.name}`,
      parameters: toParameters(info.inputSchema),
      execute: (args, context) =>
        withSpan(
          AGENT_SPANS.mcpDispatch,
          async () => resultText((await client.callTool(info.name, args, { callId: context.callId, signal: context.signal })) as never),
          { [A.mcpServer]: 'zeph-demo-tools' },
        ),
    }));
    return { client, tools, close: () => client.close() };
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
}
