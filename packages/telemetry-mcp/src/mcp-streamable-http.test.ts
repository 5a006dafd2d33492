import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { SpanKind } from '@opentelemetry/api';
import { withSpan } from '@zeph/telemetry-core';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectMcpUrl } from './index.js';
import type { InstrumentedMcpClient } from './instrumented-mcp-client.js';
import { instrumentMcpServer } from './mcp-server-instrumentation.js';
import { MCP_ATTRIBUTES, MCP_SPANS } from './spans.js';

// A real Streamable HTTP MCP server (the SDK's own transport) on loopback, in this process.
let telemetry: TestTelemetry;
let httpServer: Server;
let url: string;
let client: InstrumentedMcpClient;
const transports = new Map<string, StreamableHTTPServerTransport>();
const seenAuthHeaders: string[] = [];

function newMcpServer(): McpServer {
  const server = instrumentMcpServer(new McpServer({ name: 'http-fixture', version: '0.0.1' }));
  server.registerTool('add', { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({
    content: [{ type: 'text', text: String(a + b) }],
  }));
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.headers.authorization) seenAuthHeaders.push(req.headers.authorization);
  const sessionId = req.headers['mcp-session-id'];
  let transport = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
  if (!transport) {
    const created = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void transports.set(id, created),
    });
    await newMcpServer().connect(created);
    transport = created;
  }
  await transport.handleRequest(req, res);
}

beforeAll(async () => {
  telemetry = await startTestTelemetry();
  httpServer = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/mcp`;
  client = await connectMcpUrl(url, { headers: { authorization: 'Bearer test-token-91b2' } });
});
afterAll(async () => {
  await client?.close();
  for (const transport of transports.values()) await transport.close();
  httpServer.closeAllConnections();
  await new Promise((r) => httpServer.close(r));
  await telemetry.shutdown();
});

describe('MCP over Streamable HTTP (loopback server)', () => {
  it('connects in an mcp.connect_url span with tcp transport, address and session id', () => {
    const span = telemetry.span(MCP_SPANS.connectUrl);
    const port = Number(new URL(url).port);
    expect(span.attributes).toMatchObject({
      [MCP_ATTRIBUTES.networkTransport]: 'tcp',
      [MCP_ATTRIBUTES.networkProtocolName]: 'http',
      [MCP_ATTRIBUTES.serverAddress]: '127.0.0.1',
      [MCP_ATTRIBUTES.serverPort]: port,
      [MCP_ATTRIBUTES.serverName]: 'http-fixture',
    });
    expect(client.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(span.attributes[MCP_ATTRIBUTES.sessionId]).toBe(client.sessionId);
    expect(seenAuthHeaders[0]).toBe('Bearer test-token-91b2');
    // The auth header is sent but never recorded.
    expect(JSON.stringify(telemetry.spans().map((s) => s.attributes))).not.toContain('test-token-91b2');
  });

  it('calls a tool; the server-side span continues the client trace through params._meta', async () => {
    telemetry.reset();
    const result = await withSpan('test.turn', () => client.callTool('add', { a: 2, b: 40 }, { callId: 'c-http' }));
    expect(result.content).toEqual([{ type: 'text', text: '42' }]);

    // Server span (in this process, but reached only through the HTTP request) ends first.
    expect(telemetry.names()).toEqual([MCP_SPANS.serverCallTool, MCP_SPANS.callTool, 'test.turn']);
    const call = telemetry.span(MCP_SPANS.callTool);
    const served = telemetry.span(MCP_SPANS.serverCallTool);
    expect(served.spanContext().traceId).toBe(call.spanContext().traceId);
    expect(served.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
    expect(served.parentSpanContext?.isRemote).toBe(true);
    // Client and server kinds, so that a service graph pairs the two sides of the call.
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(served.kind).toBe(SpanKind.SERVER);
    expect(telemetry.span('test.turn').kind).toBe(SpanKind.INTERNAL);
    expect(call.attributes).toMatchObject({
      [MCP_ATTRIBUTES.sessionId]: client.sessionId,
      [MCP_ATTRIBUTES.networkTransport]: 'tcp',
      [MCP_ATTRIBUTES.genAiToolName]: 'add',
      [MCP_ATTRIBUTES.genAiToolCallId]: 'c-http',
    });
    expect(call.attributes[MCP_ATTRIBUTES.protocolVersion]).toBe(client.protocolVersion);
    expect(served.attributes[MCP_ATTRIBUTES.sessionId]).toBe(client.sessionId);
    expect(served.attributes[MCP_ATTRIBUTES.jsonrpcRequestId]).toBe(call.attributes[MCP_ATTRIBUTES.jsonrpcRequestId]);
  });

  it('lists tools in a root mcp.list_tools span when no span is active', async () => {
    telemetry.reset();
    await client.listTools();
    const list = telemetry.span(MCP_SPANS.listTools);
    expect(list.parentSpanContext).toBeUndefined();
    expect(list.attributes[MCP_ATTRIBUTES.methodName]).toBe('tools/list');
  });

  it('rejects bad URLs clearly', async () => {
    await expect(connectMcpUrl('not a url')).rejects.toThrow('MCP server URL "not a url" is not a valid URL');
    await expect(connectMcpUrl('ftp://127.0.0.1/mcp')).rejects.toThrow('MCP server URL "ftp://127.0.0.1/mcp" must be http: or https:, got ftp:');
  });

  it('names the server and keeps credentials out of the error when the connection fails', async () => {
    const deadPort = await new Promise<number>((resolvePort) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolvePort(port));
      });
    });
    const failure = await connectMcpUrl(`http://user:pw-secret@127.0.0.1:${deadPort}/mcp?key=abc`).catch((e: Error) => e);
    expect((failure as Error).message).toMatch(new RegExp(`^could not connect to MCP server at http://127\\.0\\.0\\.1:${deadPort}/mcp: `));
    expect((failure as Error).message).not.toMatch(/pw-secret|key=abc/);
    const connectSpan = telemetry.spans().filter((s) => s.name === MCP_SPANS.connectUrl).at(-1)!;
    expect(connectSpan.status.code).toBe(2);
    expect(JSON.stringify(connectSpan.events)).not.toMatch(/pw-secret|key=abc/);
  });
});
