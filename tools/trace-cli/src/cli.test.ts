import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliCaptured as run } from './run-cli-captured.js';
import { writeSampleTrace, writeTraceText } from './test-traces.js';


describe('zeph-trace summary', () => {
  it('reports count, total and self time per span name', async () => {
    const { code, out } = await run('summary', writeSampleTrace(), '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    const turn = summary.spans.find((s: { name: string }) => s.name === 'agent.turn');
    expect(turn).toMatchObject({ count: 2, totalMs: 100 });
    // 50 ms turn minus 0.9 ms prescreen and 40 ms llm.chat on the same lane
    expect(turn.selfMs).toBeCloseTo(2 * (50 - 0.9 - 40), 6);
    expect(summary.turnCount).toBe(2);
    expect(summary.turnShareBySubsystem.llm).toBeCloseTo(0.8, 6);
    expect(summary.topAllocating[0]).toMatchObject({ name: 'llm.chat', allocBytes: 4096 });
  });

  it('prints a readable table and notes an unterminated file', async () => {
    const { code, out, err } = await run('summary', writeSampleTrace({ terminated: false }));
    expect(code).toBe(0);
    expect(out).toMatch(/^span\s+count\s+total ms/m);
    expect(out).toMatch(/agent\.turn\s+2\s+100/);
    expect(err).toContain('unterminated');
  });
});

describe('zeph-trace validate', () => {
  it('accepts a valid trace, also unterminated', async () => {
    expect((await run('validate', writeSampleTrace())).code).toBe(0);
    const killed = await run('validate', writeSampleTrace({ terminated: false }));
    expect(killed.code).toBe(0);
    expect(killed.out).toContain('unterminated');
  });

  it('names the event index and the problem', async () => {
    const lines = [
      { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'p' } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: { name: 'main' } },
      { name: 'agent.turn', cat: 'agent', ph: 'X', ts: 100, dur: 50, pid: 1, tid: 1 },
      { name: 'llm.chat', cat: 'llm', ph: 'X', ts: 120, dur: 100, pid: 1, tid: 1 },
      { name: 'no.such_span', cat: 'no', ph: 'X', ts: 400, dur: 1, pid: 1, tid: 1 },
      { name: 'agent.turn', ph: 'X', ts: 500, pid: 1, tid: 3 },
    ];
    const { code, out } = await run('validate', writeTraceText(`[${lines.map((l) => JSON.stringify(l)).join(',\n')}]`));
    expect(code).toBe(1);
    expect(out).toContain('event 3: overlaps event 2 on lane 1/1 without nesting inside it');
    expect(out).toContain('event 4: span name "no.such_span" is not in the instrumentation map');
    expect(out).toContain('event 5: X event "agent.turn" has no valid dur');
    expect(out).toContain('event 5: X event "agent.turn" has no cat');
  });
});

describe('bad input', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '', /file is empty/],
    ['not JSON', 'hello world', /not a Chrome trace: expected "\[" or "\{"/],
    ['wrong shape', '{"foo": 1}', /no "traceEvents" array/],
    ['truncated mid-event', '[{"name":"agent.turn","ph":"X","ts":1,', /ends in the middle of event 0 \(truncated\)/],
    ['bad event JSON', '[{"name":"a" "ph":"X"}]', /event 0 is not valid JSON/],
    ['non-object event', '[1, 2]', /event 0 is not an object/],
  ];
  for (const [label, text, message] of cases) {
    it(`gives a clear error, not a stack trace, for ${label}`, async () => {
      const { code, err } = await run('summary', writeTraceText(text));
      expect(code).toBe(1);
      expect(err).toMatch(message);
      expect(err).not.toMatch(/\n\s+at /);
    });
  }

  it('places a bad event at the line it starts on, in the middle of a file as at its end', async () => {
    const good = '{"name":"agent.turn","cat":"agent","ph":"X","ts":1,"dur":2,"pid":1,"tid":1}';
    const badInMiddle = await run('summary', writeTraceText(`[\n${good},\n${good},\n{"name":"a" "ph":"X"},\n${good}\n]\n`));
    expect(badInMiddle.code).toBe(1);
    expect(badInMiddle.err).toContain('event 2 is not valid JSON');
    expect(badInMiddle.err).toContain('(line 4, event 2)');
    const truncated = await run('summary', writeTraceText(`[\n${good},\n{"name":"agent.turn",\n"ph":"X",`));
    expect(truncated.err).toContain('file ends in the middle of event 1 (truncated) (line 3, event 1)');
  });

  it('says which complete events it could not read as spans instead of dropping them silently', async () => {
    const lines = [
      '{"name":"agent.turn","cat":"agent","ph":"X","ts":100,"dur":50,"pid":1,"tid":1}',
      '{"name":"llm.chat","cat":"llm","ph":"X","ts":110,"dur":"20","pid":1,"tid":1}',
      '{"name":"tool.execute","cat":"tool","ph":"X","ts":130,"dur":5,"pid":1,"tid":1}',
      '{"ph":"X","ts":140,"dur":5,"pid":1,"tid":1}',
    ];
    const file = writeTraceText(`[\n${lines.join(',\n')}\n]\n`);
    const summary = await run('summary', file);
    expect(summary.code).toBe(0);
    expect(summary.out).toContain('tool.execute');
    expect(summary.out).not.toContain('llm.chat');
    expect(summary.err).toContain('2 complete events could not be read as spans and were left out (the first, event 1 on line 3: its dur is not a number (got "20"))');
    const json = JSON.parse((await run('summary', file, '--json')).out) as { unreadableSpans: unknown };
    expect(json.unreadableSpans).toEqual({ count: 2, first: { index: 1, line: 3, reason: 'its dur is not a number (got "20")' } });
    expect((await run('critical-path', file)).err).toContain('2 complete events could not be read as spans');
    expect((await run('diff', file, file)).err).toContain('2 complete events could not be read as spans');
  });

  it('rejects bad arguments with usage', async () => {
    expect((await run('summary')).code).toBe(2);
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "frobnicate"');
    expect((await run('view', writeSampleTrace(), '--port', 'abc')).err).toContain('--port abc is not a port number');
    expect((await run('summary', '/nonexistent/file.json')).err).toContain('/nonexistent/file.json: cannot read: ENOENT');
  });
});

describe('zeph-trace merge', () => {
  it('keeps pids apart and aligns a relative clock onto the epoch one', async () => {
    const a = writeSampleTrace({ pid: 10 });
    const b = writeSampleTrace({ pid: 10, startUs: 5_000, terminated: false });
    const out = `${a}.merged.json`;
    const result = await run('merge', out, a, b);
    expect(result.code).toBe(0);
    expect(result.err).toContain('pid 10 renumbered to 100010');
    const events = JSON.parse(readFileSync(out, 'utf8')) as Array<{ pid: number; ts?: number; ph: string }>;
    const pids = new Set(events.map((e) => e.pid));
    expect(pids).toEqual(new Set([10, 100010]));
    const firstOf = (pid: number) => Math.min(...events.filter((e) => e.pid === pid && e.ph !== 'M').map((e) => e.ts!));
    expect(firstOf(100010)).toBe(firstOf(10));
    expect((await run('validate', out)).code).toBe(0);
  });
});

describe('streaming across chunk boundaries', () => {
  it('finds traceEvents and events split over 1 MiB read chunks', async () => {
    const { streamTraceEvents } = await import('./event-stream.js');
    // Padding pushes the "traceEvents" key and later events across the reader's 1 MiB chunks.
    const padding = 'x'.repeat((1 << 20) - 20);
    const events = Array.from({ length: 3000 }, (_, i) => ({ name: 'llm.chat', ph: 'X', ts: i, dur: 1, pid: 1, tid: 1, args: { note: 'y'.repeat(i % 700) } }));
    const file = writeTraceText(JSON.stringify({ otherData: padding, traceEvents: events }), 'object-form.json');
    const seen: number[] = [];
    const result = await streamTraceEvents(file, (e) => seen.push(e.ts as number));
    expect(result.terminated).toBe(true);
    expect(seen).toEqual(events.map((e) => e.ts));
  });
});

describe('summary with span ids', () => {
  it('uses parent ids across lanes and counts only the turns\' own traces', async () => {
    const ev = (name: string, ts: number, dur: number, tid: number, span: string, parent: string | undefined, trace: string) => ({
      name, cat: name.split('.')[0], ph: 'X', ts, dur, pid: 1, tid, args: { span_id: span, trace_id: trace, ...(parent ? { parent_span_id: parent } : {}) },
    });
    const events = [
      { name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: 'p' } },
      ev('llm.chat', 100, 600, 2, 'b', 'a', 't1'), // a child on another lane
      ev('agent.turn', 0, 1000, 1, 'a', undefined, 't1'),
      ev('channel.cancel_recv', 0, 5000, 3, 'c', undefined, 't2'), // another trace, waiting all along
    ];
    const { out } = await run('summary', writeTraceText(`[${events.map((e) => JSON.stringify(e)).join(',\n')}]`), '--json');
    const summary = JSON.parse(out);
    expect(summary.spans.find((s: { name: string }) => s.name === 'agent.turn').selfMs).toBeCloseTo(0.4, 6);
    expect(summary.turnShareBySubsystem).toEqual({ agent: 0.4, llm: 0.6 });
  });

  it('counts the overlap of concurrent children once in the parent\'s self time, and shares still sum to 1', async () => {
    const ev = (name: string, ts: number, dur: number, tid: number, span: string, parent: string | undefined) => ({
      name, cat: name.split('.')[0], ph: 'X', ts, dur, pid: 1, tid, args: { span_id: span, trace_id: 't1', ...(parent ? { parent_span_id: parent } : {}) },
    });
    // A tool batch: two calls at once (10..80 and 20..90) inside a 100 µs batch inside a 200 µs turn.
    const events = [
      ev('tool.execute_call', 10, 70, 1, 'c1', 'b'),
      ev('tool.execute_call', 20, 70, 2, 'c2', 'b'),
      ev('agent.tool_batch', 0, 100, 1, 'b', 'a'),
      ev('agent.turn', 0, 200, 1, 'a', undefined),
    ];
    const { out } = await run('summary', writeTraceText(`[${events.map((e) => JSON.stringify(e)).join(',\n')}]`), '--json');
    const summary = JSON.parse(out);
    const self = (name: string) => summary.spans.find((s: { name: string }) => s.name === name).selfMs * 1000;
    // The batch waited 10..90 for its calls: 80 µs, not their 140 µs sum.
    expect(self('agent.tool_batch')).toBeCloseTo(20, 6);
    expect(self('agent.turn')).toBeCloseTo(100, 6);
    expect(self('tool.execute_call')).toBeCloseTo(140, 6);
    // 260 µs of span time in a 200 µs turn: agent 120, tool 140.
    expect(summary.turnShareBySubsystem.agent).toBeCloseTo(120 / 260, 6);
    expect(summary.turnShareBySubsystem.tool).toBeCloseTo(140 / 260, 6);
  });
});
