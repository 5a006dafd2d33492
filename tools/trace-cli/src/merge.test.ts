import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured as run } from './run-cli-captured.js';
import { streamTraceEvents } from './event-stream.js';
import { mergeTraces } from './merge.js';
import { TraceFileError } from './trace-event.js';

const T0 = 1_764_000_000_000_000;
const TRACE = '0af7651916cd43dd8448eb211c80319c';

interface SpanSpec {
  name: string;
  ts: number;
  dur: number;
  span: string;
  parent?: string;
  tid?: number;
  links?: unknown[];
}

interface OutEvent {
  ph: string;
  name: string;
  id?: number;
  bp?: string;
  cat?: string;
  pid: number;
  tid?: number;
  ts?: number;
}

/** One process's trace as our writer lays it out: metadata first, then complete events. */
function writeProcess(pid: number, spans: SpanSpec[], processName = `proc-${pid}`): string {
  const lanes = new Set(spans.map((s) => s.tid ?? 1));
  const events: object[] = [
    { name: 'process_name', ph: 'M', pid, args: { name: processName } },
    ...[...lanes].map((tid) => ({ name: 'thread_name', ph: 'M', pid, tid, args: { name: `lane-${tid}` } })),
    ...spans.map((s) => ({
      name: s.name, cat: s.name.split('.')[0], ph: 'X', ts: s.ts, dur: s.dur, pid, tid: s.tid ?? 1,
      args: { trace_id: TRACE, span_id: s.span, ...(s.parent ? { parent_span_id: s.parent } : {}), ...(s.links ? { links: s.links } : {}) },
    })),
  ];
  const file = join(mkdtempSync(join(tmpdir(), 'zeph-merge-test-')), `${processName}.json`);
  writeFileSync(file, `[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`);
  return file;
}

const outFile = () => join(mkdtempSync(join(tmpdir(), 'zeph-merge-out-')), 'merged.json');
const readEvents = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as OutEvent[];
const flowEvents = (events: OutEvent[]) => events.filter((e) => e.ph === 's' || e.ph === 'f');


// The demo's shape: the agent calls a tool over MCP, the server process handles it under the agent's context.
const agentSpans = (): SpanSpec[] => [
  { name: 'mcp.call_tool', ts: T0 + 1_000, dur: 20_000, span: 'c1', parent: 'a1' },
  { name: 'mcp.call_tool', ts: T0 + 30_000, dur: 10_000, span: 'c2', parent: 'a1', tid: 2 },
  { name: 'agent.turn', ts: T0, dur: 50_000, span: 'a1' },
];
const serverSpans = (): SpanSpec[] => [
  { name: 'mcp.server.call_tool', ts: T0 + 5_000, dur: 2_000, span: 's1', parent: 'c1' },
  { name: 'mcp.server.call_tool', ts: T0 + 32_000, dur: 3_000, span: 's2', parent: 'c2' },
];

describe('mergeTraces flow arrows', () => {
  it('draws an arrow from a client span to its server span in another process', async () => {
    const out = outFile();
    const result = await mergeTraces([writeProcess(100, agentSpans()), writeProcess(200, serverSpans())], out);
    expect(result).toMatchObject({ events: 10, flows: 2, linkFlows: 0 });
    const events = readEvents(out);
    // Flows come after every data event.
    expect(events.slice(0, 10).some((e) => e.ph === 's' || e.ph === 'f')).toBe(false);
    const flows = flowEvents(events);
    expect(flows).toHaveLength(4);
    const pair = (id: number) => flows.filter((e) => e.id === id);
    expect(pair(1)).toEqual([
      { ph: 's', id: 1, name: 'trace context', cat: 'flow', pid: 100, tid: 1, ts: T0 + 1_000 },
      { ph: 'f', bp: 'e', id: 1, name: 'trace context', cat: 'flow', pid: 200, tid: 1, ts: T0 + 5_000 },
    ]);
    expect(pair(2).map((e) => [e.ph, e.pid, e.tid, e.ts])).toEqual([
      ['s', 100, 2, T0 + 30_000],
      ['f', 200, 1, T0 + 32_000],
    ]);
  });

  it('draws none for parents in the same file', async () => {
    const out = outFile();
    const sameFile = [...agentSpans(), ...serverSpans()];
    const result = await mergeTraces([writeProcess(100, sameFile), writeProcess(200, [{ name: 'agent.turn', ts: T0, dur: 10, span: 'x1' }])], out);
    expect(result).toMatchObject({ flows: 0, linkFlows: 0 });
    expect(flowEvents(readEvents(out))).toEqual([]);
  });

  it('draws an arrow from a linked span to the span linking it, in any file', async () => {
    const out = outFile();
    const linking: SpanSpec = {
      name: 'agent.turn', ts: T0 + 60_000, dur: 1_000, span: 'l1',
      links: [{ trace_id: TRACE, span_id: 's1' }, { trace_id: TRACE, span_id: 'c2' }, { trace_id: TRACE, span_id: 'unknown' }, 'junk', null, { trace_id: TRACE }],
    };
    const result = await mergeTraces([writeProcess(100, [...agentSpans(), linking]), writeProcess(200, serverSpans())], out);
    expect(result).toMatchObject({ flows: 4, linkFlows: 2 });
    const links = flowEvents(readEvents(out)).filter((e) => e.name === 'link');
    expect(links.map((e) => [e.ph, e.pid, e.ts])).toEqual([
      ['s', 200, T0 + 5_000], // the server span in the other file
      ['f', 100, T0 + 60_000],
      ['s', 100, T0 + 30_000], // a span of the same file
      ['f', 100, T0 + 60_000],
    ]);
    const ids = flowEvents(readEvents(out)).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length / 2);
  });

  it('anchors arrows at remapped pids and shifted timestamps', async () => {
    const out = outFile();
    // The server shares the agent's pid and counts µs from its own start.
    const relative = serverSpans().map((s) => ({ ...s, ts: s.ts - T0 }));
    const result = await mergeTraces([writeProcess(10, agentSpans()), writeProcess(10, relative)], out);
    expect(result.remappedPids).toEqual([expect.objectContaining({ from: 10, to: 100010 })]);
    // Its first event moves to the agent's first.
    const offset = result.offsets[1];
    expect(offset).toBe(T0 - 5_000);
    const flows = flowEvents(readEvents(out));
    expect(flows.filter((e) => e.ph === 'f').map((e) => [e.pid, e.ts])).toEqual([
      [100010, 5_000 + offset],
      [100010, 32_000 + offset],
    ]);
    expect(flows.filter((e) => e.ph === 's').map((e) => e.pid)).toEqual([10, 10]);
  });
});

describe('merged files with flow events', () => {
  it('are accepted by validate, summary and diff, and the CLI prints the arrow counts', async () => {
    const out = outFile();
    const merge = await run('merge', out, writeProcess(100, agentSpans()), writeProcess(200, serverSpans()));
    expect(merge.code).toBe(0);
    expect(merge.out).toContain('flow arrows: 2 from a parent span in another file, 0 from linked spans');
    const validation = await run('validate', out);
    expect(validation.out).toBe('ok: 14 events');
    expect(validation.code).toBe(0);
    const summary = JSON.parse((await run('summary', out, '--json')).out);
    expect(summary.spans.map((s: { name: string }) => s.name).sort()).toEqual(['agent.turn', 'mcp.call_tool', 'mcp.server.call_tool']);
    expect(summary.turnCount).toBe(1);
    const diff = await run('diff', out, out, '--json', '--fail-above', '0');
    expect(diff.code).toBe(0);
    expect(JSON.parse(diff.out).spans).toHaveLength(3);
  });
});

describe('mergeTraces on large inputs', () => {
  const SPANS = 300_000;
  let big: string;
  let server: string;

  beforeAll(() => {
    // Back-to-back turns on one lane; the server handles a call made by the last one.
    const lines = [
      JSON.stringify({ name: 'process_name', ph: 'M', pid: 7, args: { name: 'zeph-agent' } }),
      JSON.stringify({ name: 'thread_name', ph: 'M', pid: 7, tid: 1, args: { name: 'main' } }),
    ];
    for (let i = 0; i < SPANS; i++) {
      lines.push(JSON.stringify({ name: 'agent.turn', cat: 'agent', ph: 'X', ts: T0 + i * 10, dur: 8, pid: 7, tid: 1, args: { trace_id: TRACE, span_id: i.toString(16).padStart(16, '0') } }));
    }
    big = join(mkdtempSync(join(tmpdir(), 'zeph-merge-big-')), 'big.json');
    writeFileSync(big, `[\n${lines.join(',\n')}\n]\n`);
    const lastSpan = (SPANS - 1).toString(16).padStart(16, '0');
    server = writeProcess(8, [{ name: 'mcp.server.call_tool', ts: T0 + (SPANS - 1) * 10 + 1, dur: 5, span: 's1', parent: lastSpan }]);
  });

  it('writes every event of a few hundred thousand, then the arrow, as a valid trace', async () => {
    const out = outFile();
    const result = await mergeTraces([big, server], out);
    expect(result).toMatchObject({ events: SPANS + 2 + 3, flows: 1 });
    const events = readEvents(out);
    expect(events).toHaveLength(SPANS + 5 + 2);
    expect(events.filter((e) => e.name === 'agent.turn')).toHaveLength(SPANS);
    expect(events.slice(-2).map((e) => [e.ph, e.pid, e.ts])).toEqual([
      ['s', 7, T0 + (SPANS - 1) * 10],
      ['f', 8, T0 + (SPANS - 1) * 10 + 1],
    ]);
    const validation = await run('validate', out);
    expect(validation.out).toBe(`ok: ${SPANS + 7} events`);
  }, 120_000);

  it('fails with the output file named when the disk is full', async () => {
    const failure = mergeTraces([big, server], '/dev/full');
    await expect(failure).rejects.toThrow(TraceFileError);
    await expect(failure).rejects.toThrow(/^\/dev\/full: cannot write: ENOSPC/);
    const cli = await run('merge', '/dev/full', big, server);
    expect(cli.code).toBe(1);
    expect(cli.err).toMatch(/^zeph-trace: \/dev\/full: cannot write: ENOSPC/);
  }, 60_000);

  it('fails with the output file named when its folder is missing', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'zeph-merge-out-')), 'no-such-dir', 'merged.json');
    await expect(mergeTraces([big, server], missing)).rejects.toThrow(`${missing}: cannot write: ENOENT`);
    // Small inputs never fill the stream's buffer: the error surfaces when the file is closed.
    await expect(mergeTraces([writeProcess(1, agentSpans()), writeProcess(2, serverSpans())], missing)).rejects.toThrow(`${missing}: cannot write: ENOENT`);
  }, 60_000);

  it('finds a parent in a later input and streams back complete', async () => {
    const out = outFile();
    await mergeTraces([server, big], out);
    let flows = 0;
    const read = await streamTraceEvents(out, (e) => {
      if (e.ph === 's' || e.ph === 'f') flows++;
    });
    expect(read).toMatchObject({ terminated: true, eventCount: SPANS + 7 });
    expect(flows).toBe(2);
  }, 60_000);
});
