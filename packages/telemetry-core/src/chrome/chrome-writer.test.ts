import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureLogger } from '../test-fixtures/capture-logger.js';
import { useTempDirs } from '../test-fixtures/temp-dir.js';
import { CHROME_TRACE_NAMES } from '../spans.js';
import { ChromeTraceWriter } from './chrome-writer.js';

const tempDir = useTempDirs();

describe('ChromeTraceWriter', () => {
  it('writes a JSON array with one event per line and closes it', async () => {
    const filePath = join(tempDir(), 'nested', 'trace.json');
    const writer = new ChromeTraceWriter({ filePath, log: captureLogger() });
    await writer.open();
    for (let i = 0; i < 5; i++) writer.append({ name: `e${i}`, ph: 'i', ts: i, pid: 1, tid: 1 });
    await writer.close();
    const text = readFileSync(filePath, 'utf8');
    const events = JSON.parse(text) as Array<{ name: string }>;
    expect(events.map((e) => e.name)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('[');
    expect(lines.at(-1)).toBe(']');
    expect(lines.slice(1, -1)).toHaveLength(5);
    expect(writer.stats()).toMatchObject({ written: 5, dropped: 0, closed: true, failed: false });
  });

  it('leaves a file that lacks only the closing bracket after a flush', async () => {
    const filePath = join(tempDir(), 'trace.json');
    const writer = new ChromeTraceWriter({ filePath, log: captureLogger(), batchSize: 3 });
    await writer.open();
    for (let i = 0; i < 10; i++) writer.append({ name: `e${i}`, ph: 'i', ts: i, pid: 1, tid: 1 });
    await writer.flush();
    const text = readFileSync(filePath, 'utf8');
    expect(() => JSON.parse(text)).toThrow();
    expect(JSON.parse(`${text}\n]`)).toHaveLength(10);
    await writer.close();
    expect(JSON.parse(readFileSync(filePath, 'utf8'))).toHaveLength(10);
  });

  it('writes a large backlog in bounded batches, in order, nothing lost', async () => {
    const filePath = join(tempDir(), 'trace.json');
    const writer = new ChromeTraceWriter({ filePath, log: captureLogger(), maxBufferedEvents: 20_000 });
    for (let i = 0; i < 12_345; i++) writer.append({ name: 'e', ph: 'i', ts: i, pid: 1, tid: 1 });
    await writer.open();
    await writer.flush();
    for (let i = 12_345; i < 15_000; i++) writer.append({ name: 'e', ph: 'i', ts: i, pid: 1, tid: 1 });
    await writer.close();
    const events = JSON.parse(readFileSync(filePath, 'utf8')) as Array<{ ts: number }>;
    expect(events).toHaveLength(15_000);
    expect(events.every((e, i) => e.ts === i)).toBe(true);
    expect(writer.stats()).toMatchObject({ written: 15_000, dropped: 0 });
  });

  it('closes an empty trace as an empty array', async () => {
    const filePath = join(tempDir(), 'trace.json');
    const writer = new ChromeTraceWriter({ filePath, log: captureLogger() });
    await writer.open();
    await writer.close();
    await writer.close();
    expect(JSON.parse(readFileSync(filePath, 'utf8'))).toEqual([]);
  });

  it('calls toJSON at serialisation time, after append returned', async () => {
    const filePath = join(tempDir(), 'trace.json');
    const writer = new ChromeTraceWriter({ filePath, log: captureLogger() });
    await writer.open();
    const lazy = { value: 'at append', toJSON() { return { name: this.value, ph: 'i', ts: 1, pid: 1, tid: 1 }; } };
    writer.append(lazy);
    lazy.value = 'at flush';
    await writer.close();
    expect(JSON.parse(readFileSync(filePath, 'utf8'))[0].name).toBe('at flush');
  });

  it('leaves events that arrive during a write for the next batch instead of writing them at once', async () => {
    const filePath = join(tempDir(), 'trace.json');
    const writer = new ChromeTraceWriter({ filePath, log: captureLogger(), batchSize: 3, flushIntervalMs: 60_000 });
    await writer.open();
    await writer.flush(); // the opening bracket is on disk: no write is in flight
    const event = (i: number) => ({ name: `e${i}`, ph: 'i', ts: i, pid: 1, tid: 1 });
    for (let i = 0; i < 3; i++) writer.append(event(i));
    // The full batch's write starts in this check phase; the next event arrives while it runs.
    await new Promise((resolve) => setImmediate(resolve));
    writer.append(event(3));
    const writtenNames = () => (JSON.parse(`${readFileSync(filePath, 'utf8')}\n]`) as Array<{ name: string }>).map((e) => e.name);
    for (let waited = 0; writtenNames().length < 3 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    // Long enough for a write started right after the first one to land.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(writtenNames()).toEqual(['e0', 'e1', 'e2']);
    await writer.flush();
    expect(JSON.parse(`${readFileSync(filePath, 'utf8')}\n]`)).toHaveLength(4);
    await writer.close();
  });

  it('drops events beyond its bound, counts them and writes the count into the file', async () => {
    const filePath = join(tempDir(), 'trace.json');
    const log = captureLogger();
    const writer = new ChromeTraceWriter({ filePath, log, maxBufferedEvents: 10, pid: 7 });
    // Appended before the file is open: everything waits in the buffer.
    for (let i = 0; i < 100; i++) writer.append({ name: `e${i}`, ph: 'i', ts: i, pid: 7, tid: 1 });
    await writer.open();
    await writer.close();
    const events = JSON.parse(readFileSync(filePath, 'utf8')) as Array<{ name: string; args?: { dropped?: number } }>;
    expect(events.filter((e) => e.name.startsWith('e'))).toHaveLength(10);
    const counter = events.find((e) => e.name === CHROME_TRACE_NAMES.droppedEvents);
    expect(counter?.args?.dropped).toBe(90);
    expect(writer.stats().dropped).toBe(90);
    expect(log.at('warn').filter((r) => r.message.includes('buffer full'))).toHaveLength(1);
  });

  it('drops an event that cannot be serialised and keeps the rest', async () => {
    const filePath = join(tempDir(), 'trace.json');
    const writer = new ChromeTraceWriter({ filePath, log: captureLogger() });
    await writer.open();
    writer.append({ name: 'ok-1', ph: 'i', ts: 1, pid: 1, tid: 1 });
    writer.append({ name: 'big', ph: 'i', ts: 1, pid: 1, tid: 1, args: { n: 1n } });
    writer.append({ name: 'ok-2', ph: 'i', ts: 2, pid: 1, tid: 1 });
    await writer.close();
    expect((JSON.parse(readFileSync(filePath, 'utf8')) as Array<{ name: string }>).map((e) => e.name)).toEqual(['ok-1', 'ok-2']);
    expect(writer.stats().dropped).toBe(1);
  });

  it('survives a full disk (/dev/full): logs once, then drops quietly', async () => {
    const log = captureLogger();
    const writer = new ChromeTraceWriter({ filePath: '/dev/full', log, batchSize: 2 });
    await writer.open();
    for (let i = 0; i < 50; i++) writer.append({ name: `e${i}`, ph: 'i', ts: i, pid: 1, tid: 1 });
    await writer.flush();
    for (let i = 0; i < 50; i++) writer.append({ name: `late${i}`, ph: 'i', ts: i, pid: 1, tid: 1 });
    await writer.flush();
    await writer.close();
    const errors = log.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('/dev/full');
    expect(errors[0].fields?.code).toBe('ENOSPC');
    expect(writer.stats().failed).toBe(true);
    expect(writer.stats().dropped).toBeGreaterThanOrEqual(50);
  });

  it('survives a directory that refuses new files: logs once with the path and code', async () => {
    // Root ignores mode bits, so a chmod'ed temp dir would accept the file; sysfs refuses new
    // files even to root and stands in for a read-only directory there.
    const dir = process.getuid?.() === 0 ? '/sys' : readOnlyTempDir(tempDir());
    const log = captureLogger();
    const filePath = join(dir, 'zeph-trace-test.json');
    const writer = new ChromeTraceWriter({ filePath, log });
    writer.append({ name: 'e', ph: 'i', ts: 1, pid: 1, tid: 1 });
    await writer.open();
    writer.append({ name: 'e2', ph: 'i', ts: 2, pid: 1, tid: 1 });
    await writer.flush();
    await writer.close();
    expect(log.at('error')).toHaveLength(1);
    expect(log.at('error')[0].message).toContain(filePath);
    expect(log.at('error')[0].fields?.code).toBe('EACCES');
    expect(writer.stats()).toMatchObject({ failed: true, dropped: 2 });
  });
});

function readOnlyTempDir(dir: string): string {
  chmodSync(dir, 0o555);
  return dir;
}
