import { describe, expect, it } from 'vitest';
import { criticalPath } from './critical-path.js';
import { runCliCaptured as run } from './run-cli-captured.js';
import { writeTraceText } from './test-traces.js';

const ev = (name: string, ts: number, dur: number, span: string, parent?: string) => ({
  name,
  cat: name.split('.')[0],
  ph: 'X',
  ts,
  dur,
  pid: 1,
  tid: 1,
  args: { span_id: span, trace_id: 't', ...(parent ? { parent_span_id: parent } : {}) },
});

// A turn (0..100): context (0..10), a batch of two concurrent calls (10..90: file 10..50, shell
// 15..80), then the model (90..98). Written as a tracer writes them: children before parents.
function turnEvents(offset: number, prefix: string) {
  const at = (t: number) => offset + t;
  return [
    ev('agent.prepare_context', at(0), 10, `${prefix}p`, `${prefix}t`),
    ev('tool.file', at(10), 40, `${prefix}a`, `${prefix}b`),
    ev('tool.shell', at(15), 65, `${prefix}c`, `${prefix}b`),
    ev('agent.tool_batch', at(10), 80, `${prefix}b`, `${prefix}t`),
    ev('llm.chat', at(90), 8, `${prefix}l`, `${prefix}t`),
    ev('agent.turn', at(0), 100, `${prefix}t`),
  ];
}

const traceOf = (events: object[]) => writeTraceText(`[\n${events.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`, 'cp.json');

describe('critical path of turns', () => {
  it('follows what each span waited for last, leaving out the concurrent call that finished first', async () => {
    const report = await criticalPath(traceOf([...turnEvents(0, 'x'), ...turnEvents(1000, 'y')]));
    expect(report.turnCount).toBe(2);
    expect(report.turnTotalUs).toBe(200);
    const us = Object.fromEntries(report.entries.map((e) => [e.name, e.criticalUs]));
    // Per turn: shell 65, batch 15 (10..15 before shell started, 80..90 after it ended), context 10,
    // model 8, the turn itself 2 (98..100). The file call ran beside the shell call and ended first.
    expect(us).toEqual({ 'tool.shell': 130, 'agent.tool_batch': 30, 'agent.prepare_context': 20, 'llm.chat': 16, 'agent.turn': 4 });
    expect(report.entries.reduce((sum, e) => sum + e.share, 0)).toBeCloseTo(1, 9);
    expect(report.entries[0]).toMatchObject({ name: 'tool.shell', share: 0.65, turns: 2 });
  });

  it('lets go of spans whose parent never comes, beyond its bound, and still settles the turns after them', async () => {
    // Spans of a parent that is not in the file (another process's, say), then a whole turn.
    const orphans = Array.from({ length: 10 }, (_, i) => ev('memory.sqlite', i, 1, `o${i}`, `missing${i}`));
    const report = await criticalPath(traceOf([...orphans, ...turnEvents(100, 'x')]), { maxHeldSpans: 4 });
    expect(report.spansLetGo).toBeGreaterThanOrEqual(6);
    expect(report.turnCount).toBe(1);
    expect(report.entries.find((e) => e.name === 'tool.shell')?.criticalUs).toBe(65);
  });

  it('prints the path per span name, and --json gives the same numbers', async () => {
    const file = traceOf(turnEvents(0, 'x'));
    const text = await run('critical-path', file);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/critical path of 1 turns \(0\.1 ms in all\)/);
    expect(text.out).toMatch(/tool\.shell\s+0\.065\s+65\.0\s+1/);
    const json = await run('critical-path', file, '--json');
    expect(JSON.parse(json.out).entries.map((e: { name: string }) => e.name)).toEqual(['tool.shell', 'agent.tool_batch', 'agent.prepare_context', 'llm.chat', 'agent.turn']);
  });

  it('says when spans have no ids to place, and when there is no turn at all', async () => {
    const file = traceOf([{ name: 'agent.turn', ph: 'X', ts: 0, dur: 5, pid: 1, tid: 1 }]);
    const { code, out, err } = await run('critical-path', file);
    expect(code).toBe(0);
    expect(out).toContain('no agent.turn spans with span ids');
    expect(err).toContain('1 complete events without span ids were left out');
    expect((await run('critical-path')).code).toBe(2);
  });
});
