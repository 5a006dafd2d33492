import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_SPANS } from '@zeph/telemetry-core';
import { startTestTelemetry } from '@zeph/telemetry-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { denialLesson, TurnLearning, turnOutcome, type ToolOutcome } from './turn-learning.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-learning-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const outcome = (name: string, args: Record<string, unknown>, ok: boolean, output: string): ToolOutcome => ({
  call: { id: `call-${name}`, name, arguments: JSON.stringify(args) },
  result: { callId: `call-${name}`, name, ok, output, cached: false },
});
// As the tools package reports a denial: ok (an answer for the model), the output says it did not run.
const denied = outcome('shell', { command: 'rm', args: ['-rf', 'build'] }, true, 'denied: shell call blocked by policy (no-destructive-shell: rm is not allowed)');

describe('turn learning', () => {
  it('phrases a denial as a lesson naming the tool, the command and the rule', () => {
    expect(denialLesson(denied.call, denied.result.output)).toBe('shell rm was denied by policy (no-destructive-shell: rm is not allowed)');
    expect(turnOutcome([denied])).toBe('denied');
    expect(turnOutcome([outcome('file', {}, false, 'error: missing')])).toBe('failure');
    expect(turnOutcome([])).toBe('success');
  });

  it('counts skills and tools, keeps each lesson once, and records agent.learning', async () => {
    const telemetry = await startTestTelemetry();
    try {
      const learning = TurnLearning.open(undefined);
      expect(learning.promptSection()).toBeUndefined();
      expect(learning.learn({ skills: ['sql-query'], tools: [outcome('shell', { command: 'ls' }, true, 'a\nb'), denied] })).toBe('denied');
      learning.learn({ skills: ['sql-query'], tools: [denied] });
      learning.learn({ skills: ['sql-query'], tools: [] });
      expect(learning.tally('skills', 'sql-query')).toEqual({ successes: 1, failures: 2 });
      expect(learning.tally('tools', 'shell')).toEqual({ successes: 1, failures: 2 });
      expect(learning.lessons).toHaveLength(1);
      expect(learning.promptSection()).toBe('Lessons learned: shell rm was denied by policy (no-destructive-shell: rm is not allowed).');
      const spans = telemetry.spans().filter((s) => s.name === AGENT_SPANS.learning);
      expect(spans.map((s) => s.attributes['zeph.learning.outcome'])).toEqual(['denied', 'denied', 'success']);
      expect(spans[0].attributes['zeph.learning.tools']).toBe(2);
    } finally {
      await telemetry.shutdown();
    }
  });

  it('saves what it learned and the next run starts from it', async () => {
    const file = join(dir, 'learned.json');
    const first = TurnLearning.open(file);
    first.learn({ skills: ['git-commit'], tools: [denied] });
    await first.flush();
    const again = TurnLearning.open(file);
    expect(again.lessons).toEqual(first.lessons);
    expect(again.tally('skills', 'git-commit')).toEqual({ successes: 0, failures: 1 });
  });

  it('sets an unreadable file aside with a warning that says what is wrong, and starts afresh', () => {
    const file = join(dir, 'learned.json');
    writeFileSync(file, '{"skills": {"a": {"successes": "many"}}, "tools": {}, "lessons": []}');
    const warnings: string[] = [];
    const learning = TurnLearning.open(file, (m) => warnings.push(m));
    expect(learning.lessons).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${file}: "skills" must map names to {successes, failures} counts`);
    const aside = readdirSync(dir).find((f) => f.startsWith('learned.json.unreadable-'));
    expect(aside).toBeDefined();
    // Nothing is lost: the bad file's bytes are still there to look at.
    expect(readFileSync(join(dir, aside!), 'utf8')).toContain('"many"');
  });

  it('a save that fails is one warning, and learning goes on in memory', async () => {
    const warnings: string[] = [];
    const learning = TurnLearning.open(join(dir, 'missing-folder', 'learned.json'), (m) => warnings.push(m));
    learning.learn({ skills: [], tools: [denied] });
    learning.learn({ skills: [], tools: [outcome('file', { operation: 'read' }, false, 'error: gone')] });
    await learning.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot save learned state to .*learned\.json: ENOENT/);
    expect(learning.lessons).toHaveLength(1);
    expect(learning.tally('tools', 'file')).toEqual({ successes: 0, failures: 1 });
  });
});
