import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadTelemetryConfig } from './index.js';

// Each fixture states what its error must say in header comments:
//   # expect: <line> <key path> <value as shown> | <what was expected (substring)>
//   # forbid: <text that must not appear, e.g. a secret>
const CORPUS = fileURLToPath(new URL('../../test/fixtures/bad-configs/', import.meta.url));
const EXPECT = /^# expect: (\d+) (\S+) (.*?) \| (.*)$/;

interface Expectation {
  line: number;
  keyPath: string;
  shownValue: string;
  expected: string;
}

function expectationsOf(text: string): { expectations: Expectation[]; forbidden: string[] } {
  const expectations: Expectation[] = [];
  const forbidden: string[] = [];
  for (const line of text.split('\n')) {
    const match = EXPECT.exec(line);
    if (match) expectations.push({ line: Number(match[1]), keyPath: match[2], shownValue: match[3], expected: match[4] });
    if (line.startsWith('# forbid: ')) forbidden.push(line.slice('# forbid: '.length));
  }
  return { expectations, forbidden };
}

const fixtures = readdirSync(CORPUS).filter((name) => name.endsWith('.toml')).sort();

describe('bad config corpus', () => {
  it('has a fixture for each kind of mistake', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  it.each(fixtures)('%s: names file, line, key path, value and what was expected', (name) => {
    const path = join(CORPUS, name);
    const text = readFileSync(path, 'utf8');
    const { expectations, forbidden } = expectationsOf(text);
    expect(expectations.length, 'fixture declares its expected problems').toBeGreaterThan(0);

    let error: unknown;
    try {
      loadTelemetryConfig({ path, env: {}, logger: { warn() {} } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, problems } = error as ConfigError;
    expect(message).toContain(path);
    expect(problems).toHaveLength(expectations.length);

    const messageLines = message.split('\n');
    for (const e of expectations) {
      // One line of the message carries all of it: `file:line[:col]: key = value: expected ...`.
      const lineOfMessage = messageLines.find((l) => l.includes(`${path}:${e.line}`) && l.includes(` ${e.keyPath} = ${e.shownValue}: `));
      expect(lineOfMessage, `a message line for ${e.keyPath} at line ${e.line} in:\n${message}`).toBeDefined();
      expect(lineOfMessage).toContain(e.expected);
      expect(problems.some((p) => p.keyPath === e.keyPath && p.line === e.line && p.file === path)).toBe(true);
    }
    for (const secret of forbidden) expect(message).not.toContain(secret);
  });
});
