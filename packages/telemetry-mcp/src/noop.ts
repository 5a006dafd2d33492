// The build without `profiling`: the same client and server surface, without trace context. The
// client's spans go through core's `withSpan` (a plain call in core's default build); nothing here
// imports OpenTelemetry at run time, and the transport and tool handlers are left untouched.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Context } from '@opentelemetry/api';
import type { TelemetryLayer } from '@zeph/telemetry-core';
import { createMcpConnectors } from './mcp-connect.js';
import type { ExportedSpanRecord, SpanJsonlLayerOptions, Transport } from './types.js';

export const { connectMcpStdio, connectMcpUrl } = createMcpConnectors((transport) => transport);
export * from './shared-exports.js';

export function traceTransport(transport: Transport): Transport {
  return transport;
}

export function injectTraceContext(meta: Record<string, unknown>): Record<string, unknown> {
  return meta;
}
export function extractTraceContext(_meta: Record<string, unknown> | undefined): Context | undefined {
  return undefined;
}

export function instrumentMcpServer<S extends McpServer>(server: S): S {
  return server;
}
export function traceMcpToolHandler<H extends (...params: any[]) => unknown>(_toolName: string, handler: H): H {
  return handler;
}

export function createSpanJsonlLayer(_options: SpanJsonlLayerOptions): TelemetryLayer | undefined {
  return undefined;
}
export function parseSpanJsonl(_text: string): ExportedSpanRecord[] {
  return [];
}
