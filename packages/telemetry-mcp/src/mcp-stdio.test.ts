import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { withSpan } from '@zeph/telemetry-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstrumentedMcpClient } from './instrumented-mcp-client.js';
import { connectMcpStdio } from './index.js';
import { parseSpanJsonl } from './span-jsonl-layer.js';
import { MCP_ATTRIBUTES, MCP_SPANS } from './spans.js';
import type { ExportedSpanRecord } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const fixture = resolve(here, '../test/fixtures/traced-tools-server.ts');

let telemetry: TestTelemetry;
let dir: string;
let spanFile: string;
let client: InstrumentedMcpClient;

async function waitForServerSpans(predicate: (spans: ExportedSpanRecord[]) => boolean): Promise<ExportedSpanRecord[]> {
  // The child appends spans in the background: poll the file until the expected ones are there.
  for (let attempt = 0; attempt < 200; attempt++) {
    const spans = parseSpanJsonl(await readFile(spanFile, 'utf8').catch(() => ''));
    if (predicate(spans)) return spans;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server spans never matched; file has: ${await readFile(spanFile, 'utf8').catch(() => '(missing)')}`);
}

beforeAll(async () => {
  telemetry = await startTestTelemetry();
  dir = await mkdtemp(join(tmpdir(), 'zeph-mcp-stdio-'));
  spanFile = join(dir, 'server-spans.jsonl');
  client = await connectMcpStdio({
    command: process.execPath,
    args: ['--conditions=zeph-profiling', '--import', 'tsx', fixture],
    cwd: repoRoot,
    env: { ZEPH_SPAN_FILE: spanFile },
    stderr: 'inherit',
  });
});
afterAll(async () => {
  await client?.close();
  await telemetry.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe('MCP over stdio (real child server)', () => {
  it('connects in an mcp.connect span with the MCP attributes', () => {
    const span = telemetry.span(MCP_SPANS.connect);
    expect(span.attributes).toMatchObject({
      [MCP_ATTRIBUTES.networkTransport]: 'pipe',
      [MCP_ATTRIBUTES.methodName]: 'initialize',
      [MCP_ATTRIBUTES.serverName]: 'fixture-tools',
      [MCP_ATTRIBUTES.serverVersion]: '1.2.3',
      [MCP_ATTRIBUTES.jsonrpcRequestId]: '0',
    });
    expect(span.attributes[MCP_ATTRIBUTES.protocolVersion]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(client.protocolVersion).toBe(span.attributes[MCP_ATTRIBUTES.protocolVersion]);
  });

  it('lists tools and calls one, nesting mcp.call_tool under the caller', async () => {
    telemetry.reset();
    const tools = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['upper', 'fail']);
    const result = await withSpan('test.dispatch', () => client.callTool('upper', { text: 'hi there' }, { callId: 'call_42' }));
    expect(result.content).toEqual([{ type: 'text', text: 'HI THERE' }]);

    expect(telemetry.names()).toEqual([MCP_SPANS.listTools, MCP_SPANS.callTool, 'test.dispatch']);
    const list = telemetry.span(MCP_SPANS.listTools);
    expect(list.attributes).toMatchObject({ [MCP_ATTRIBUTES.methodName]: 'tools/list', [MCP_ATTRIBUTES.toolCount]: 2 });
    const call = telemetry.span(MCP_SPANS.callTool);
    expect(telemetry.parentOf(call)?.name).toBe('test.dispatch');
    expect(call.attributes).toMatchObject({
      [MCP_ATTRIBUTES.methodName]: 'tools/call',
      [MCP_ATTRIBUTES.genAiToolName]: 'upper',
      [MCP_ATTRIBUTES.genAiToolCallId]: 'call_42',
      [MCP_ATTRIBUTES.genAiOperationName]: 'execute_tool',
      [MCP_ATTRIBUTES.networkTransport]: 'pipe',
    });
    expect(Number(call.attributes[MCP_ATTRIBUTES.jsonrpcRequestId])).toBeGreaterThan(Number(list.attributes[MCP_ATTRIBUTES.jsonrpcRequestId]));
  });

  it('continues the trace in the server process: its span is a child of mcp.call_tool', async () => {
    telemetry.reset();
    await client.callTool('upper', { text: 'trace me' });
    const call = telemetry.span(MCP_SPANS.callTool);
    const callSpanId = call.spanContext().spanId;
    const serverSpans = await waitForServerSpans((spans) => spans.some((s) => s.parentSpanId === callSpanId));
    const handled = serverSpans.find((s) => s.parentSpanId === callSpanId)!;
    expect(handled.name).toBe(MCP_SPANS.serverCallTool);
    expect(handled.traceId).toBe(call.spanContext().traceId);
    expect(handled.attributes).toMatchObject({
      [MCP_ATTRIBUTES.genAiToolName]: 'upper',
      [MCP_ATTRIBUTES.methodName]: 'tools/call',
      [MCP_ATTRIBUTES.jsonrpcRequestId]: call.attributes[MCP_ATTRIBUTES.jsonrpcRequestId],
    });
  });

  it('marks tool errors on both sides without throwing', async () => {
    telemetry.reset();
    const result = await client.callTool('fail', {});
    expect(result.isError).toBe(true);
    const call = telemetry.span(MCP_SPANS.callTool);
    expect(call.status.code).toBe(2);
    expect(call.attributes[MCP_ATTRIBUTES.errorType]).toBe('tool_error');
    expect(call.events[0]?.attributes?.['exception.message']).toBe('MCP tool "fail" reported an error: the fixture refuses');
    const serverSpans = await waitForServerSpans((spans) => spans.some((s) => s.parentSpanId === call.spanContext().spanId));
    const handled = serverSpans.find((s) => s.parentSpanId === call.spanContext().spanId)!;
    expect(handled.status).toBe(2);
    expect(handled.attributes[MCP_ATTRIBUTES.errorType]).toBe('tool_error');
  });

  it('refreshes tools on an unref-ed timer in mcp.tool_refresh > mcp.list_tools', async () => {
    telemetry.reset();
    let resolveTicks!: () => void;
    const twoTicks = new Promise<void>((r) => (resolveTicks = r));
    let seen = 0;
    const stop = client.startToolRefresh({ intervalMs: 20 });
    const poll = setInterval(() => {
      seen = telemetry.names().filter((n) => n === MCP_SPANS.toolRefresh).length;
      if (seen >= 2) resolveTicks();
    }, 10);
    await twoTicks;
    clearInterval(poll);
    stop();
    const refresh = telemetry.span(MCP_SPANS.toolRefresh);
    expect(refresh.attributes[MCP_ATTRIBUTES.toolsChanged]).toBe(false);
    const listSpans = telemetry.spans().filter((s) => s.name === MCP_SPANS.listTools);
    expect(listSpans.length).toBeGreaterThanOrEqual(2);
    expect(telemetry.parentOf(listSpans[0])?.name).toBe(MCP_SPANS.toolRefresh);
    expect(() => client.startToolRefresh({ intervalMs: 0 })).toThrow('tool refresh intervalMs must be at least 10, got 0');
  });

  it('names the command when the server cannot start', async () => {
    await expect(connectMcpStdio({ command: '/nonexistent/zeph-mcp-server', stderr: 'ignore' })).rejects.toThrow(
      /^could not connect to MCP server "\/nonexistent\/zeph-mcp-server": /,
    );
    expect(telemetry.spans().filter((s) => s.name === MCP_SPANS.connect).at(-1)?.status.code).toBe(2);
  });
});
