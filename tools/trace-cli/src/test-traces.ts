import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes a small, valid trace (two turns unless told) in our writer's format, one event per line. */
export function writeSampleTrace(
  options: { terminated?: boolean; pid?: number; startUs?: number; turns?: number; slower?: Record<string, number>; extraSpan?: string } = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'zeph-trace-test-'));
  const file = join(dir, 'abc123_20261128T021500Z.json');
  const pid = options.pid ?? 4242;
  const t0 = options.startUs ?? 1_764_000_000_000_000;
  const events: object[] = [
    { name: 'process_name', ph: 'M', pid, tid: 0, args: { name: 'zeph-agent' } },
    { name: 'thread_name', ph: 'M', pid, tid: 1, args: { name: 'main' } },
    { name: 'thread_name', ph: 'M', pid, tid: 2, args: { name: 'async-1' } },
  ];
  // `slower` multiplies the duration of the named spans (they keep their start).
  const dur = (name: string, us: number) => Math.round(us * (options.slower?.[name] ?? 1));
  for (let turn = 0; turn < (options.turns ?? 2); turn++) {
    const base = t0 + turn * 100_000;
    if (options.extraSpan) events.push({ name: options.extraSpan, cat: options.extraSpan.split('.')[0], ph: 'X', ts: base + 45_000, dur: 1_000, pid, tid: 1, args: {} });
    events.push(
      { name: 'agent.security_prescreen', cat: 'agent', ph: 'X', ts: base + 100, dur: dur('agent.security_prescreen', 900), pid, tid: 1, args: {} },
      { name: 'llm.chat', cat: 'llm', ph: 'X', ts: base + 2_000, dur: dur('llm.chat', 40_000), pid, tid: 1, args: { 'alloc.bytes': 2048 } },
      { name: 'memory.recall', cat: 'memory', ph: 'X', ts: base + 2_500, dur: dur('memory.recall', 5_000), pid, tid: 2, args: { 'alloc.bytes': 1024 } },
      { name: 'agent.turn', cat: 'agent', ph: 'X', ts: base, dur: 50_000, pid, tid: 1, args: {} },
      { name: 'process.rss_bytes', ph: 'C', ts: base + 60_000, pid, tid: 0, args: { value: 1e8 } },
    );
  }
  const body = `[\n${events.map((e) => JSON.stringify(e)).join(',\n')}`;
  writeFileSync(file, options.terminated === false ? `${body},\n` : `${body}\n]\n`);
  return file;
}

export function writeTraceText(text: string, name = 'bad.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'zeph-trace-test-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
