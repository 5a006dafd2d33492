// Which agent.*, llm.*, memory.*, skill.* and context.* spans a demo run produces. The table below
// lists the names this run cannot reach and why; every other name of those five families must appear
// in the trace of one run through all the scripted turns (plus a skill edited mid-session).
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_SPANS, CONTEXT_SPANS } from '@zeph/telemetry-core';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { LLM_SPANS } from '@zeph/telemetry-llm';
import { MEMORY_SPANS } from '@zeph/telemetry-memory';
import { SKILL_SPANS } from '@zeph/telemetry-skills';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAppPaths, findDemoAppRoot } from '../app-paths.js';
import { openDemoAgent } from '../agent/demo-agent.js';
import { SCRIPTED_TURNS } from '../agent/scripted-turns.js';

const UNREACHABLE: Record<string, string> = {
  [LLM_SPANS.embed]: 'the demo embeds with the deterministic hashed n-gram embedder of @zeph/telemetry-memory, not through an LLM',
  [LLM_SPANS.extract]: 'the turn loop asks for no structured output',
  [LLM_SPANS.router]: 'the demo talks to one model server; there is no router to choose between providers',
  [SKILL_SPANS.generate]: "the scripted model server has no skill-authoring replies and the turn loop has no command for it (packages/telemetry-skills covers it)",
  [SKILL_SPANS.evolution]: 'agent.learning counts how skills fare but never rewrites the shipped skill files (packages/telemetry-skills covers it)',
  [AGENT_SPANS.mcpDispatch]: 'this in-process run leaves out the MCP server child; demo-trace.test.ts runs the built demo with it',
};

const FAMILIES = [AGENT_SPANS, LLM_SPANS, MEMORY_SPANS, SKILL_SPANS, CONTEXT_SPANS].flatMap((family) => Object.values(family) as string[]);

let telemetry: TestTelemetry;
let workDir: string;
let names: Set<string>;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'zeph-demo-reach-'));
  const shipped = demoAppPaths(findDemoAppRoot());
  // The skills are copied so that the run can edit one, as a user would, without touching the app.
  const skillsDir = join(workDir, 'skills');
  cpSync(shipped.skillsDir, skillsDir, { recursive: true });
  telemetry = await startTestTelemetry();
  const agent = await openDemoAgent({
    paths: { ...shipped, skillsDir },
    dataDir: join(workDir, 'data'),
    sessionId: 'reachability',
    traceDir: join(workDir, 'traces'),
    telemetryEnabled: true,
    mcp: false,
  });
  try {
    for (const turn of SCRIPTED_TURNS) await agent.turn(turn.message, { stream: turn.stream });
    const reloads = agent.memory.skillWatcher.events[Symbol.asyncIterator]();
    mkdirSync(join(skillsDir, 'release-notes'));
    writeFileSync(join(skillsDir, 'release-notes', 'SKILL.md'), '---\nname: release-notes\ndescription: Draft release notes from merged changes.\n---\n\nGroup by feature.\n');
    const reload = await reloads.next();
    expect(reload.value?.added).toEqual(['release-notes']);
  } finally {
    await agent.close();
  }
  names = new Set(telemetry.names());
});

afterAll(async () => {
  await telemetry?.shutdown();
  rmSync(workDir, { recursive: true, force: true });
});

describe('span names a demo run reaches', () => {
  it('lists only real names as unreachable', () => {
    for (const name of Object.keys(UNREACHABLE)) expect(FAMILIES).toContain(name);
  });

  it.each(FAMILIES.filter((name) => !(name in UNREACHABLE)))('%s appears in the trace', (name) => {
    expect(names.has(name), `${name} is missing; the run produced: ${[...names].sort().join(', ')}`).toBe(true);
  });

  it.each(Object.entries(UNREACHABLE))('%s stays absent (%s)', (name) => {
    // If the demo starts producing one of these, it belongs in the reachable list instead.
    expect(names.has(name)).toBe(false);
  });

  it('nests memory and skill work under the turn phases that asked for it', () => {
    const spans = telemetry.spans();
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const ancestry = (name: string) => {
      const chain: string[] = [];
      for (let s = spans.find((x) => x.name === name); s; s = s.parentSpanContext ? byId.get(s.parentSpanContext.spanId) : undefined) chain.push(s.name);
      return chain;
    };
    expect(ancestry(MEMORY_SPANS.recall).slice(0, 5)).toEqual([
      MEMORY_SPANS.recall,
      CONTEXT_SPANS.fetchRecall,
      CONTEXT_SPANS.assembly,
      AGENT_SPANS.prepareContext,
      AGENT_SPANS.turn,
    ]);
    expect(ancestry(SKILL_SPANS.bm25Search)).toEqual([SKILL_SPANS.bm25Search, SKILL_SPANS.match, CONTEXT_SPANS.assembly, AGENT_SPANS.prepareContext, AGENT_SPANS.turn]);
    const remembered = spans.filter((s) => s.name === MEMORY_SPANS.remember && s.parentSpanContext && byId.get(s.parentSpanContext.spanId)?.name === AGENT_SPANS.persistMessage);
    expect(remembered.length).toBe(2 * SCRIPTED_TURNS.length);
  });
});
