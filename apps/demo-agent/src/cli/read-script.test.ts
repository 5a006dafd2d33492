import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArgumentError } from './parse-args.js';
import { readScriptFile } from './read-script.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-demo-script-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function script(text: string): string {
  const path = join(dir, 'messages.txt');
  writeFileSync(path, text);
  return path;
}

describe('--script files', () => {
  it('gives one message per non-empty line, skipping # comments, CRLF or LF', () => {
    expect(readScriptFile(script('# warm-up\r\nList the files in the workspace.\r\n\r\n  Search the code for TODO  \n#end\n'))).toEqual([
      'List the files in the workspace.',
      'Search the code for TODO',
    ]);
  });

  it('names the file when it cannot be read or holds no message', () => {
    const missing = join(dir, 'nope.txt');
    expect(() => readScriptFile(missing)).toThrow(ArgumentError);
    expect(() => readScriptFile(missing)).toThrow(`--script ${missing}: cannot read the file (ENOENT)`);
    const empty = script('# only a comment\n\n');
    expect(() => readScriptFile(empty)).toThrow(`--script ${empty}: the file has no user messages`);
  });
});
