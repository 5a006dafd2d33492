import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_SPANS, withSpan } from '@zeph/telemetry-core';
import { readChromeTrace } from '@zeph/telemetry-core/chrome-trace';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { MCP_SPANS } from '@zeph/telemetry-mcp';
import { TOOL_SPANS } from '@zeph/telemetry-tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentToolbox, type AgentToolbox } from './agent-toolbox.js';

let telemetry: TestTelemetry;
let dir: string;
let toolbox: AgentToolbox;

beforeAll(async () => {
  telemetry = await startTestTelemetry();
  dir = await mkdtemp(join(tmpdir(), 'zeph-demo-tools-'));
  toolbox = await createAgentToolbox({
    workspaceRoot: join(dir, 'workspace'),
    auditLogFile: join(dir, 'audit.jsonl'),
    mcpServer: { traceDir: join(dir, 'traces'), sessionId: 'mcp-toolbox-test' },
  });
  await writeFile(join(dir, 'workspace', 'notes.md'), 'hello from the workspace\n');
});
afterAll(async () => {
  await toolbox?.close();
  await telemetry.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe('agent toolbox', () => {
  it('offers local and MCP tools to the LLM', () => {
    expect(toolbox.openAiTools().map((t) => t.function.name)).toEqual([
      'file',
      'search_code',
      'shell',
      'web_scrape',
      'word_count',
      'sha256',
      'current_time',
      'json_query',
    ]);
    const wordCount = toolbox.openAiTools().find((t) => t.function.name === 'word_count')!;
    expect(toolbox.definitions().find((d) => d.name === 'word_count')).toEqual({
      name: 'word_count',
      description: wordCount.function.description,
      parameters: wordCount.function.parameters,
    });
    expect(wordCount.function.parameters).toMatchObject({ type: 'object', properties: { text: { type: 'string' } }, required: ['text'] });
  });

  it('runs a mixed batch: local calls under tool.execute, MCP calls under agent.mcp_dispatch > mcp.call_tool', async () => {
    telemetry.reset();
    const results = await withSpan(AGENT_SPANS.toolBatch, () =>
      toolbox.runToolCalls([
        { id: 'c1', name: 'file', arguments: '{"operation":"read","path":"notes.md"}' },
        { id: 'c2', name: 'word_count', arguments: '{"text":"one two three"}' },
        { id: 'c3', name: 'json_query', arguments: { json: '{"a":1}', path: 'zzz' } },
      ]),
    );
    expect(results.map((r) => [r.callId, r.ok])).toEqual([
      ['c1', true],
      ['c2', true],
      ['c3', false],
    ]);
    expect(JSON.parse(results[1].output)).toEqual({ words: 3, lines: 1, characters: 13 });
    expect(results[2].error).toBe('path "zzz" does not exist (keys: a)');

    const dispatches = telemetry.spans().filter((s) => s.name === AGENT_SPANS.mcpDispatch);
    expect(dispatches).toHaveLength(2);
    for (const call of telemetry.spans().filter((s) => s.name === MCP_SPANS.callTool)) {
      expect(telemetry.parentOf(call)?.name).toBe(AGENT_SPANS.mcpDispatch);
      expect(telemetry.parentOf(telemetry.parentOf(call)!)?.name).toBe(AGENT_SPANS.toolBatch);
    }
    expect(telemetry.parentOf(telemetry.span(TOOL_SPANS.execute))?.name).toBe(AGENT_SPANS.toolBatch);
    expect(telemetry.parentOf(telemetry.span(TOOL_SPANS.file))?.name).toBe(TOOL_SPANS.executeCall);

    await toolbox.auditLog.flush();
    const audit = (await readFile(join(dir, 'audit.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.map((r) => r.callId)).toEqual(['c1']);
  });

  it('the MCP server traces its side into its own Chrome trace, in the same trace', async () => {
    telemetry.reset();
    await withSpan(AGENT_SPANS.toolBatch, () => toolbox.runToolCalls([{ id: 'c9', name: 'sha256', arguments: { text: 'x' } }]));
    const call = telemetry.span(MCP_SPANS.callTool);
    await toolbox.close();
    const files = (await readdir(join(dir, 'traces'))).filter((f) => f.startsWith('mcp-toolbox-test_'));
    const trace = await readChromeTrace(join(dir, 'traces', files[0]));
    const served = trace.events.find((e) => e.name === MCP_SPANS.serverCallTool && e.args?.parent_span_id === call.spanContext().spanId);
    expect(served?.args?.trace_id).toBe(call.spanContext().traceId);
  });

  it('keeps working with local tools when the MCP server cannot start', async () => {
    const fallback = await createAgentToolbox({
      workspaceRoot: join(dir, 'workspace'),
      auditLogFile: join(dir, 'audit2.jsonl'),
      mcpServer: { command: { command: '/nonexistent/zeph-mcp', args: [], cwd: dir } },
    });
    expect(fallback.mcp).toBeUndefined();
    expect(fallback.openAiTools().map((t) => t.function.name)).toEqual(['file', 'search_code', 'shell', 'web_scrape']);
    const [result] = await fallback.runToolCalls([{ id: 'x', name: 'word_count', arguments: {} }]);
    expect(result).toMatchObject({ ok: false, error: 'no tool named "word_count" (known: file, search_code, shell, web_scrape)' });
    await fallback.close();
  });
});
