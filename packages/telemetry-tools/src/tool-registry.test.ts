import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileTool } from './file-tool.js';
import { createSearchCodeTool } from './search-code-tool.js';
import { GEN_AI_OPERATION_EXECUTE_TOOL, TOOL_ATTRIBUTES, TOOL_SPANS } from './spans.js';
import { createToolCache } from './tool-cache.js';
import { ToolRegistry } from './tool-registry.js';

let telemetry: TestTelemetry;
let root: string;

beforeAll(async () => {
  telemetry = await startTestTelemetry();
  root = await mkdtemp(join(tmpdir(), 'zeph-registry-'));
  await writeFile(join(root, 'notes.txt'), 'alpha\nbeta needle\n');
});
afterAll(async () => {
  await telemetry.shutdown();
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => telemetry.reset());

describe('ToolRegistry', () => {
  it('describes its tools as OpenAI function tools', () => {
    const registry = new ToolRegistry().register(createFileTool({ root })).register(createSearchCodeTool({ root }));
    const tools = registry.openAiTools();
    expect(tools.map((t) => t.function.name)).toEqual(['file', 'search_code']);
    expect(tools[0]).toMatchObject({
      type: 'function',
      function: { parameters: { type: 'object', required: ['operation', 'path'], properties: { operation: { enum: ['read', 'write', 'list'] } } } },
    });
  });

  it('nests tool.execute > tool.execute_call > tool.file and carries the GenAI attributes', async () => {
    const registry = new ToolRegistry().register(createFileTool({ root }));
    const results = await registry.execute([
      { id: 'call_1', name: 'file', arguments: '{"operation":"read","path":"notes.txt"}' },
      { id: 'call_2', name: 'file', arguments: { operation: 'list', path: '.' } },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(JSON.parse(results[0].output)).toMatchObject({ content: 'alpha\nbeta needle\n' });

    const names = telemetry.names();
    // Children end before their parents; the batch span ends last.
    expect(names[names.length - 1]).toBe(TOOL_SPANS.execute);
    expect(names.filter((n) => n === TOOL_SPANS.executeCall)).toHaveLength(2);
    expect(names.filter((n) => n === TOOL_SPANS.file)).toHaveLength(2);
    const batch = telemetry.span(TOOL_SPANS.execute);
    expect(batch.attributes[TOOL_ATTRIBUTES.batchSize]).toBe(2);
    for (const fileSpan of telemetry.spans().filter((s) => s.name === TOOL_SPANS.file)) {
      const callSpan = telemetry.parentOf(fileSpan)!;
      expect(callSpan.name).toBe(TOOL_SPANS.executeCall);
      expect(telemetry.parentOf(callSpan)?.name).toBe(TOOL_SPANS.execute);
      expect(fileSpan.attributes[TOOL_ATTRIBUTES.genAiToolCallId]).toBe(callSpan.attributes[TOOL_ATTRIBUTES.genAiToolCallId]);
      expect(callSpan.attributes[TOOL_ATTRIBUTES.genAiToolName]).toBe('file');
      expect(callSpan.attributes[TOOL_ATTRIBUTES.genAiOperationName]).toBe(GEN_AI_OPERATION_EXECUTE_TOOL);
      expect(callSpan.attributes[TOOL_ATTRIBUTES.genAiToolType]).toBe('function');
    }
    const callIds = telemetry.spans().filter((s) => s.name === TOOL_SPANS.executeCall).map((s) => s.attributes[TOOL_ATTRIBUTES.genAiToolCallId]);
    expect(callIds.sort()).toEqual(['call_1', 'call_2']);
  });

  it('turns unknown tools and bad arguments into failed results with clear errors and ERROR spans', async () => {
    const registry = new ToolRegistry().register(createFileTool({ root }));
    const [unknown, missing, badJson, wrongType] = await registry.execute(
      [
        { id: 'a', name: 'nope', arguments: {} },
        { id: 'b', name: 'file', arguments: { operation: 'read' } },
        { id: 'c', name: 'file', arguments: '{"operation":' },
        { id: 'd', name: 'file', arguments: { operation: 'read', path: 7 } },
      ],
      { sequential: true },
    );
    expect(unknown).toMatchObject({ ok: false, error: 'no tool named "nope" (known: file)' });
    expect(missing.error).toBe('tool "file" is missing required argument "path"');
    expect(badJson.error).toMatch(/^arguments of tool "file" are not valid JSON/);
    expect(wrongType.error).toMatch(/argument "path" of tool "file" must be of type string/);
    const callSpans = telemetry.spans().filter((s) => s.name === TOOL_SPANS.executeCall);
    expect(callSpans.map((s) => s.status.code)).toEqual([2, 2, 2, 2]);
    expect(callSpans[0].attributes['error.type']).toBe('unknown_tool');
    expect(callSpans[1].attributes['error.type']).toBe('invalid_arguments');
  });

  it('memoises idempotent tools through the cache and marks hits and misses', async () => {
    const cache = createToolCache();
    const registry = new ToolRegistry({ cache }).register(createSearchCodeTool({ root })).register(createFileTool({ root }));
    const call = { name: 'search_code', arguments: { pattern: 'needle' } };
    const first = await registry.executeCall({ id: '1', ...call });
    const second = await registry.executeCall({ id: '2', ...call });
    await registry.executeCall({ id: '3', name: 'file', arguments: { operation: 'list', path: '.' } });
    expect(first).toMatchObject({ ok: true, cached: false });
    expect(second).toMatchObject({ ok: true, cached: true });
    expect(second.output).toBe(first.output);
    expect(cache.hits).toBe(1);
    expect(cache.misses).toBe(1);

    const cacheSpans = telemetry.spans().filter((s) => s.name === TOOL_SPANS.cache);
    // The file tool is not idempotent: it never goes through the cache.
    expect(cacheSpans.map((s) => s.attributes[TOOL_ATTRIBUTES.cacheHit])).toEqual([false, true]);
    // A miss computes inside the cache span; a hit does not run the tool at all.
    expect(telemetry.spans().filter((s) => s.name === TOOL_SPANS.searchCode)).toHaveLength(1);
    expect(telemetry.parentOf(telemetry.span(TOOL_SPANS.searchCode))?.name).toBe(TOOL_SPANS.cache);
    expect(telemetry.parentOf(cacheSpans[1])?.name).toBe(TOOL_SPANS.executeCall);
  });

  it('rejects duplicate and malformed tool names', () => {
    const registry = new ToolRegistry().register(createFileTool({ root }));
    expect(() => registry.register(createFileTool({ root }))).toThrow('a tool named "file" is already registered');
    expect(() => registry.register({ ...createFileTool({ root }), name: 'bad name' })).toThrow(/tool name "bad name"/);
  });
});
