import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_SPANS, CONTEXT_SPANS } from '@zeph/telemetry-core';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { MEMORY_SPANS } from '@zeph/telemetry-memory';
import { SKILL_SPANS } from '@zeph/telemetry-skills';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleContext } from './assemble-context.js';
import { openDemoMemory, rememberExchange, type DemoMemory } from './demo-memory.js';
import { SEED_SESSION_ID } from './seed-memory.js';

const SKILLS_DIR = fileURLToPath(new URL('../../skills', import.meta.url));

let dataDir: string;
let memory: DemoMemory | undefined;
let telemetry: TestTelemetry | undefined;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'zeph-demo-memory-'));
});
afterEach(async () => {
  await memory?.close();
  memory = undefined;
  await telemetry?.shutdown();
  telemetry = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo context assembly', () => {
  it('opens seeded memory: the stale message is forgotten and the shipped skills load', async () => {
    memory = await openDemoMemory({ dataDir, skillsDir: SKILLS_DIR, sessionId: 'turns' });
    expect(memory.store.history(SEED_SESSION_ID).some((m) => m.content.includes('Lunch'))).toBe(false);
    expect(memory.store.history(SEED_SESSION_ID).length).toBeGreaterThanOrEqual(4);
    expect(memory.skills.skills.map((s) => s.name).sort()).toEqual(['git-commit', 'sql-query', 'trace-reading', 'weather-report']);
    expect(memory.skills.invalid).toEqual([]);
  });

  it('emits the context.* spans under context.assembly, each wrapping its memory or skill span', async () => {
    const workspaceDir = join(dataDir, 'workspace');
    mkdirSync(join(workspaceDir, 'src'), { recursive: true });
    writeFileSync(join(workspaceDir, 'src', 'billing.ts'), '// The billing service locks the staging database while it closes invoices.\nexport {};\n');
    memory = await openDemoMemory({ dataDir, skillsDir: SKILLS_DIR, sessionId: 'turns', workspaceDir });
    telemetry = await startTestTelemetry();
    const context = await assembleContext(memory, 'Why is the staging database slow when the billing service runs?');

    const assembly = telemetry.span(CONTEXT_SPANS.assembly);
    const childrenOf = (id: string) => telemetry!.spans().filter((s) => s.parentSpanContext?.spanId === id);
    expect(childrenOf(assembly.spanContext().spanId).map((s) => s.name)).toEqual([
      CONTEXT_SPANS.checkSummarization,
      CONTEXT_SPANS.compaction,
      CONTEXT_SPANS.fetchSummaries,
      CONTEXT_SPANS.fetchRecall,
      CONTEXT_SPANS.fetchCrossSession,
      CONTEXT_SPANS.fetchGraphFacts,
      CONTEXT_SPANS.fetchCode,
      SKILL_SPANS.match,
      CONTEXT_SPANS.microcompact,
    ]);
    const only = (name: string) => childrenOf(telemetry!.span(name).spanContext().spanId).map((s) => s.name);
    expect(only(CONTEXT_SPANS.checkSummarization)).toEqual([MEMORY_SPANS.compactionProbe]);
    expect(only(CONTEXT_SPANS.compaction)).toEqual([MEMORY_SPANS.summarize]);
    expect(only(CONTEXT_SPANS.fetchRecall)).toEqual([MEMORY_SPANS.recall]);
    expect(only(CONTEXT_SPANS.fetchCrossSession)).toEqual([MEMORY_SPANS.crossSession]);
    expect(only(CONTEXT_SPANS.fetchGraphFacts)).toEqual([MEMORY_SPANS.recall]);
    expect(only(CONTEXT_SPANS.fetchCode)).toEqual([AGENT_SPANS.codeIndex]);

    // What came back is real: the seeded earlier session and facts, and a summary of this one.
    expect(context.compacted).toBe(true);
    expect(context.summaries).toHaveLength(1);
    expect(context.crossSession.map((h) => h.item.content).join(' ')).toContain('billing service depends on the payments queue');
    expect(context.facts.map((f) => f.item.object)).toContain('payments queue');
    expect(context.skills[0].skill.name).toBe('sql-query');
    expect(context.systemPrompt).toContain('Skill sql-query');
    expect(context.code.map((c) => c.path)).toEqual(['src/billing.ts']);
    expect(context.systemPrompt).toContain('[code src/billing.ts:1] // The billing service locks');
    expect(telemetry.span(CONTEXT_SPANS.microcompact).attributes['context.microcompact.trimmed']).toBeGreaterThan(0);
  });

  it('remembers exchanges so the next turn recalls them, and consolidates on close', async () => {
    memory = await openDemoMemory({ dataDir, skillsDir: SKILLS_DIR, sessionId: 'turns' });
    await rememberExchange(memory, 'I prefer short answers with one example.', 'Understood, short answers with an example.');
    const context = await assembleContext(memory, 'how should answers look');
    expect(context.recalled[0].item.content).toBe('I prefer short answers with one example.');
    telemetry = await startTestTelemetry();
    const store = memory.store;
    await memory.close();
    memory = undefined;
    expect(telemetry.names()).toContain(MEMORY_SPANS.consolidationLoop);
    expect(telemetry.span(MEMORY_SPANS.consolidation).attributes['memory.consolidation.merged']).toBe(1);
    expect(() => store.history('turns')).toThrow();
  });
});
