// Public types of @zeph/telemetry-mcp.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

export type { Transport };

export interface McpClientIdentity {
  /** Sent to the server in initialize (default zeph-agent). */
  name?: string;
  version?: string;
}

export interface McpStdioOptions extends McpClientIdentity {
  command: string;
  args?: string[];
  /** Added to the SDK's safe default environment (PATH, HOME, ...). */
  env?: Record<string, string>;
  cwd?: string;
  /** Child's stderr: 'inherit' (default), 'pipe' or 'ignore'. */
  stderr?: 'inherit' | 'pipe' | 'ignore';
}

export interface McpUrlOptions extends McpClientIdentity {
  /** Extra request headers (e.g. auth resolved from the vault); never recorded on spans. */
  headers?: Record<string, string>;
}

export interface McpCallToolOptions {
  /** The LLM's tool call id, recorded as gen_ai.tool.call.id. */
  callId?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface McpToolRefreshOptions {
  intervalMs: number;
  /** Called with the new list whenever the set of tool names changed. */
  onChange?: (tools: McpToolInfo[]) => void;
}

/** A tool as the server lists it. */
export interface McpToolInfo {
  name: string;
  description?: string;
  inputSchema: { type: 'object'; properties?: Record<string, unknown>; required?: string[]; [key: string]: unknown };
}

/** Turns a transport into one that carries trace context (the profiling build) or leaves it be. */
export type TransportDecorator = (transport: Transport, networkTransport: 'pipe' | 'tcp') => Transport;

export interface SpanJsonlLayerOptions {
  /** JSON Lines file the finished spans are appended to. */
  file: string;
}

/** One finished span as written by the span JSONL layer. */
export interface ExportedSpanRecord {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: number;
  attributes: Record<string, unknown>;
}
