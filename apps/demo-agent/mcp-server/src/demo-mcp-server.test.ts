import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withSpan, AGENT_SPANS } from '@zeph/telemetry-core';
import { readChromeTrace, validateChromeTrace } from '@zeph/telemetry-core/chrome-trace';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { connectMcpStdio, MCP_SPANS, type InstrumentedMcpClient } from '@zeph/telemetry-mcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const SESSION = 'mcp-demo-test';

let telemetry: TestTelemetry;
let traceDir: string;
let client: InstrumentedMcpClient;
let callSpanIds: { traceId: string; spanId: string } | undefined;

function text(result: { content: unknown }): string {
  return (result.content as { type: string; text: string }[])[0].text;
}

beforeAll(async () => {
  telemetry = await startTestTelemetry();
  traceDir = await mkdtemp(join(tmpdir(), 'zeph-demo-mcp-'));
  client = await connectMcpStdio({
    command: process.execPath,
    args: ['--conditions=zeph-profiling', '--import', 'tsx', join(here, 'main.ts')],
    cwd: repoRoot,
    env: { ZEPH_TELEMETRY_TRACE_DIR: traceDir, ZEPH_MCP_SESSION_ID: SESSION },
    stderr: 'ignore',
  });
});
afterAll(async () => {
  await client?.close();
  await telemetry.shutdown();
  await rm(traceDir, { recursive: true, force: true });
});

describe('the demo MCP server (real child process over stdio)', () => {
  it('offers its tools and answers them', async () => {
    expect((await client.listTools()).map((t) => t.name)).toEqual(['word_count', 'sha256', 'current_time', 'json_query']);
    expect(JSON.parse(text(await client.callTool('word_count', { text: 'a b c\nd' })))).toEqual({ words: 4, lines: 2, characters: 7 });
    expect(text(await client.callTool('sha256', { text: 'abc' }))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const time = JSON.parse(text(await client.callTool('current_time', { timeZone: 'Europe/Berlin' })));
    expect(time.timeZone).toBe('Europe/Berlin');
    expect(Number.isNaN(Date.parse(time.iso))).toBe(false);
    expect(JSON.parse(text(await client.callTool('json_query', { json: '{"a":[1,{"b":"x"}]}', path: 'a[1].b' })))).toBe('x');
  });

  it('answers bad input with a readable tool error', async () => {
    const result = await client.callTool('json_query', { json: '{"a":1}', path: 'b' });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('path "b" does not exist (keys: a)');
  });

  it('records its handler span in its own Chrome trace as a child of the client mcp.call_tool span', async () => {
    telemetry.reset();
    await withSpan(AGENT_SPANS.mcpDispatch, () => client.callTool('sha256', { text: 'link me' }));
    const call = telemetry.span(MCP_SPANS.callTool);
    expect(telemetry.parentOf(call)?.name).toBe(AGENT_SPANS.mcpDispatch);
    callSpanIds = { traceId: call.spanContext().traceId, spanId: call.spanContext().spanId };

    // Closing the client ends the server, which closes its trace file.
    await client.close();
    const files = (await readdir(traceDir)).filter((f) => f.startsWith(`${SESSION}_`) && f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const trace = await readChromeTrace(join(traceDir, files[0]));
    expect(trace.terminated).toBe(true);
    expect(validateChromeTrace(trace.events)).toEqual([]);
    const served = trace.events.filter((e) => e.name === MCP_SPANS.serverCallTool && e.args?.parent_span_id === callSpanIds!.spanId);
    expect(served).toHaveLength(1);
    expect(served[0].args).toMatchObject({ trace_id: callSpanIds.traceId, 'gen_ai.tool.name': 'sha256', 'mcp.method.name': 'tools/call' });
    // The earlier calls are in the same file, each in the trace of the client call that made it.
    expect(trace.events.filter((e) => e.name === MCP_SPANS.serverCallTool)).toHaveLength(6);
  });
});
