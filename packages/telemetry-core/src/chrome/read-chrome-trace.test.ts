import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test-fixtures/temp-dir.js';
import { ChromeTraceReadError, parseChromeTrace, readChromeTrace } from './read-chrome-trace.js';

const tempDir = useTempDirs();
const A = '{"name":"a","ph":"X","ts":1,"dur":2,"pid":1,"tid":1}';
const B = '{"name":"b","ph":"X","ts":5,"dur":1,"pid":1,"tid":1}';

function errorOf(text: string): ChromeTraceReadError {
  try {
    parseChromeTrace(text, 'trace.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ChromeTraceReadError);
    return error as ChromeTraceReadError;
  }
  throw new Error('expected a ChromeTraceReadError');
}

describe('parseChromeTrace', () => {
  it('reads a closed array', () => {
    expect(parseChromeTrace(`[\n${A},\n${B}\n]\n`)).toMatchObject({ terminated: true, layout: 'array', events: [{ name: 'a' }, { name: 'b' }] });
  });

  it('reads the object layout', () => {
    const file = parseChromeTrace(`{"traceEvents":[${A}],"displayTimeUnit":"ms"}`);
    expect(file).toMatchObject({ terminated: true, layout: 'object' });
    expect(file.events).toHaveLength(1);
  });

  it('accepts an array without its closing bracket, with or without a trailing comma', () => {
    for (const text of [`[\n${A},\n${B}`, `[\n${A},\n${B},\n`, `[\n${A},\n${B}\n`]) {
      const file = parseChromeTrace(text);
      expect(file.terminated).toBe(false);
      expect(file.events.map((e) => e.name)).toEqual(['a', 'b']);
    }
    expect(parseChromeTrace('[\n')).toEqual({ events: [], terminated: false, layout: 'array' });
  });

  it('accepts an unterminated object layout and pretty-printed events', () => {
    const pretty = `{"traceEvents": [\n  {\n    "name": "a", "ph": "i", "ts": 1, "pid": 1, "s": "p"\n  },\n`;
    expect(parseChromeTrace(pretty)).toMatchObject({ terminated: false, layout: 'object', events: [{ name: 'a' }] });
  });

  it('names an empty file', () => {
    expect(errorOf('').message).toMatch(/trace\.json is empty/);
    expect(errorOf('  \n ').message).toMatch(/is empty/);
  });

  it('names non-JSON input and where it starts', () => {
    const error = errorOf('\n\nhello world');
    expect(error.message).toMatch(/is not JSON: found "hello world".*line 3, byte 2/);
    expect(error.line).toBe(3);
    expect(error.byte).toBe(2);
  });

  it('names the line and byte of an event truncated mid-write', () => {
    const text = `[\n${A},\n${B},\n{"name":"c","ph":"X","ts":`;
    const error = errorOf(text);
    expect(error.message).toMatch(/truncated mid-event: event 2 is incomplete \(line 4, byte \d+\)/);
    expect(error.line).toBe(4);
    expect(error.byte).toBe(Buffer.byteLength(`[\n${A},\n${B},\n`));
  });

  it('names an invalid event, a missing comma and trailing garbage', () => {
    expect(errorOf(`[\n${A},\n{"name": oops}\n]`).message).toMatch(/invalid event 1: .*\(line 3, byte/);
    expect(errorOf(`[\n${A}\n${B}\n]`).message).toMatch(/missing ',' between events \(line 3/);
    expect(errorOf(`[\n${A}\n]\nxyz`).message).toMatch(/unexpected data after the closing \] \(line 4/);
    expect(errorOf(`[\n,${A}\n]`).message).toMatch(/unexpected ','/);
  });

  it('counts bytes, not characters, before the error', () => {
    const wide = '{"name":"ü€","ph":"i","ts":1,"pid":1,"s":"p"}';
    const error = errorOf(`[\n${wide},\n{"bad"}`);
    expect(error.byte).toBe(Buffer.byteLength(`[\n${wide},\n`));
  });

  it('rejects an object without traceEvents', () => {
    expect(errorOf('{"events": []}').message).toMatch(/without a "traceEvents" array/);
  });
});

describe('readChromeTrace', () => {
  it('reads a file and names a missing one', async () => {
    const path = join(tempDir(), 'x.json');
    writeFileSync(path, `[\n${A}`);
    expect(await readChromeTrace(path)).toMatchObject({ terminated: false, events: [{ name: 'a' }] });
    await expect(readChromeTrace(`${path}.missing`)).rejects.toThrow(/cannot read trace file .*x\.json\.missing: ENOENT/);
  });
});
