import { mkdir } from 'node:fs/promises';
import { AGENT_SPANS, createLogger, withSpan } from '@zeph/telemetry-core';
import { connectMcpStdio, type InstrumentedMcpClient, type McpToolInfo } from '@zeph/telemetry-mcp';
import {
  createAuditLog,
  createFileTool,
  createSearchCodeTool,
  createShellTool,
  createToolCache,
  createToolRegistry,
  createWebScrapeTool,
  type AuditLog,
  type OpenAIToolDefinition,
  type ToolCall,
  type ToolCallResult,
  type ToolParameters,
  type ToolRegistry,
} from '@zeph/telemetry-tools';
import { demoMcpServerCommand, type ServerCommand } from './demo-mcp-server-command.js';

const log = createLogger('demo-agent-tools');

export interface AgentToolboxOptions {
  /** Directory the file, search and shell tools are confined to. */
  workspaceRoot: string;
  auditLogFile: string;
  /** Commands the shell tool may run (default: ls, cat, wc, head, tail, git). */
  allowedCommands?: readonly string[];
  /** Start the demo MCP server and offer its tools (default true). */
  mcpServer?: false | { command?: ServerCommand; traceDir?: string; sessionId?: string };
}

/** Local tools plus the MCP server's tools, as one list for the LLM and one dispatch for its calls. */
export interface AgentToolbox {
  readonly registry: ToolRegistry;
  readonly mcp: InstrumentedMcpClient | undefined;
  readonly auditLog: AuditLog;
  openAiTools(): OpenAIToolDefinition[];
  /** The same tools as flat { name, description, parameters } entries. */
  definitions(): { name: string; description: string; parameters: Record<string, unknown> }[];
  /** Local calls run as one tool.execute batch; MCP calls each in agent.mcp_dispatch > mcp.call_tool. */
  runToolCalls(calls: readonly ToolCall[]): Promise<ToolCallResult[]>;
  close(): Promise<void>;
}

function mcpToolDefinition(tool: McpToolInfo): OpenAIToolDefinition {
  const schema = tool.inputSchema as ToolParameters;
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description ?? '', parameters: { ...schema, type: 'object', properties: schema.properties ?? {} } },
  };
}

function parseArguments(raw: ToolCall['arguments']): Record<string, unknown> {
  if (typeof raw !== 'string') return raw;
  const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('tool arguments must be a JSON object');
  return parsed as Record<string, unknown>;
}

async function dispatchToMcp(mcp: InstrumentedMcpClient, call: ToolCall): Promise<ToolCallResult> {
  return withSpan(AGENT_SPANS.mcpDispatch, async (span) => {
    try {
      const result = await mcp.callTool(call.name, parseArguments(call.arguments), { callId: call.id });
      const text = (result.content as { type: string; text?: string }[])
        .map((item) => (item.type === 'text' ? item.text : `[${item.type}]`))
        .join('\n');
      return { callId: call.id, name: call.name, ok: !result.isError, output: text, value: result, cached: false, ...(result.isError ? { error: text } : {}) };
    } catch (error) {
      span.recordError(error);
      const message = `MCP tool "${call.name}" failed: ${(error as Error).message}`;
      return { callId: call.id, name: call.name, ok: false, output: `error: ${message}`, error: message, cached: false };
    }
  });
}

export async function createAgentToolbox(options: AgentToolboxOptions): Promise<AgentToolbox> {
  await mkdir(options.workspaceRoot, { recursive: true });
  const auditLog = createAuditLog({ file: options.auditLogFile });
  const registry = createToolRegistry({ auditLog, cache: createToolCache({ maxEntries: 128, ttlMs: 5 * 60_000 }) })
    .register(createFileTool({ root: options.workspaceRoot }))
    .register(createSearchCodeTool({ root: options.workspaceRoot }))
    .register(createShellTool({ allowedCommands: options.allowedCommands ?? ['ls', 'cat', 'wc', 'head', 'tail', 'git'], cwd: options.workspaceRoot }))
    .register(createWebScrapeTool());

  let mcp: InstrumentedMcpClient | undefined;
  let mcpTools: McpToolInfo[] = [];
  if (options.mcpServer !== false) {
    const settings = options.mcpServer ?? {};
    const command = settings.command ?? demoMcpServerCommand();
    try {
      mcp = await connectMcpStdio({
        ...command,
        env: {
          ...(settings.traceDir ? { ZEPH_TELEMETRY_TRACE_DIR: settings.traceDir } : {}),
          ...(settings.sessionId ? { ZEPH_MCP_SESSION_ID: settings.sessionId } : {}),
        },
        stderr: 'ignore',
      });
      // Local tool names win: an MCP tool with the same name is not offered.
      mcpTools = (await mcp.listTools()).filter((tool) => !registry.has(tool.name));
      mcp.startToolRefresh({
        intervalMs: 60_000,
        onChange: (tools) => (mcpTools = tools.filter((tool) => !registry.has(tool.name))),
      });
    } catch (error) {
      // The agent still works with its local tools.
      log.warn('demo MCP server unavailable; continuing without its tools', { error: (error as Error).message });
      await mcp?.close().catch(() => {});
      mcp = undefined;
    }
  }
  const isMcpTool = (name: string) => mcpTools.some((tool) => tool.name === name);
  const openAiTools = () => [...registry.openAiTools(), ...mcpTools.map(mcpToolDefinition)];

  return {
    registry,
    get mcp() {
      return mcp;
    },
    auditLog,
    openAiTools,
    definitions: () => openAiTools().map(({ function: fn }) => ({ name: fn.name, description: fn.description, parameters: { ...fn.parameters } })),
    async runToolCalls(calls) {
      const local = calls.filter((call) => !(mcp && isMcpTool(call.name)));
      const remote = calls.filter((call) => mcp && isMcpTool(call.name));
      const [localResults, remoteResults] = await Promise.all([
        local.length ? registry.execute(local) : Promise.resolve([]),
        Promise.all(remote.map((call) => dispatchToMcp(mcp!, call))),
      ]);
      const byId = new Map([...localResults, ...remoteResults].map((result) => [result.callId, result]));
      return calls.map((call) => byId.get(call.id)!);
    },
    async close() {
      await mcp?.close().catch(() => {});
      await auditLog.flush();
    },
  };
}
