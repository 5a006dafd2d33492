import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_SPANS, CONTEXT_SPANS } from '@zeph/telemetry-core';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { LLM_SPANS } from '@zeph/telemetry-llm';
import { createProvenanceLayer, generateSigningKey, PROVENANCE_ATTRIBUTES, verifyLedger, type ProvenanceLayer } from '@zeph/telemetry-provenance';
import { SKILL_SPANS } from '@zeph/telemetry-skills';
import { TOOL_SPANS } from '@zeph/telemetry-tools';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoAppPaths, findDemoAppRoot } from '../app-paths.js';
import { openDemoAgent, type DemoAgent } from './demo-agent.js';

let dir: string;
let telemetry: TestTelemetry | undefined;
let agent: DemoAgent | undefined;
const key = generateSigningKey();

async function start(options: { sessionId?: string; resumeSessionId?: string } = {}): Promise<{ agent: DemoAgent; telemetry: TestTelemetry; provenance: ProvenanceLayer; ledger: string }> {
  const ledger = join(dir, 'ledger.jsonl');
  const provenance = createProvenanceLayer({ agentId: 'test-agent', ledger: { path: ledger, key } });
  telemetry = await startTestTelemetry({ layers: [provenance] });
  agent = await openDemoAgent({
    paths: demoAppPaths(findDemoAppRoot()),
    dataDir: join(dir, 'data'),
    sessionId: options.sessionId ?? 'turn-test',
    resumeSessionId: options.resumeSessionId,
    traceDir: join(dir, 'traces'),
    telemetryEnabled: true,
    provenance,
    mcp: false,
  });
  return { agent, telemetry, provenance, ledger };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-turn-loop-'));
});
afterEach(async () => {
  await agent?.close();
  agent = undefined;
  await telemetry?.shutdown();
  telemetry = undefined;
  rmSync(dir, { recursive: true, force: true });
});

type FinishedSpan = ReturnType<TestTelemetry['spans']>[number];

const childNames = (t: TestTelemetry, parent: FinishedSpan) =>
  t
    .spans()
    .filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
    .map((s) => s.name);

describe('demo turn loop', () => {
  it('nests prescreen, context, llm.chat (compatible), response processing and persistence under agent.turn', async () => {
    const { agent, telemetry: t } = await start();
    const result = await agent.turn('Why is the staging database slow when the billing service runs?', {});
    expect(result.reply).toContain('sql-query');
    expect(result.toolResults).toEqual([]);

    const turn = t.span(AGENT_SPANS.turn);
    expect(turn.attributes['zeph.turn.index']).toBe(1);
    // GenAI agent conventions: an in-process agent invocation in the session's conversation, whose
    // model calls carry the same conversation id.
    expect(turn.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'zeph-demo', 'gen_ai.conversation.id': 'turn-test' });
    expect(t.span(LLM_SPANS.chat).attributes['gen_ai.conversation.id']).toBe('turn-test');
    expect(childNames(t, turn)).toEqual([
      AGENT_SPANS.securityPrescreen,
      AGENT_SPANS.prepareContext,
      LLM_SPANS.chat,
      AGENT_SPANS.processResponse,
      AGENT_SPANS.persistMessage,
      AGENT_SPANS.learning,
    ]);
    expect(t.parentOf(t.span(CONTEXT_SPANS.assembly))?.name).toBe(AGENT_SPANS.prepareContext);
    expect(t.parentOf(t.span(SKILL_SPANS.match))?.name).toBe(CONTEXT_SPANS.assembly);
    expect(t.span(LLM_SPANS.chat).attributes['llm.provider']).toBe('compatible');
  });

  it('runs the tool loop when the model asks for a tool, and the model answers from the result', async () => {
    const { agent, telemetry: t } = await start();
    const result = await agent.turn('List the files in the workspace.', {});
    expect(result.llmCalls).toBe(2);
    expect(result.toolResults.map((r) => [r.name, r.ok])).toEqual([['shell', true]]);
    expect(result.toolResults[0].output).toContain('README.md');
    expect(result.reply).toContain('README.md');

    const loop = t.span(AGENT_SPANS.toolLoop);
    expect(t.parentOf(loop)?.name).toBe(AGENT_SPANS.turn);
    expect(childNames(t, loop)).toEqual([AGENT_SPANS.toolExec, LLM_SPANS.chat, AGENT_SPANS.processResponse]);
    expect(t.parentOf(t.span(TOOL_SPANS.execute))?.name).toBe(AGENT_SPANS.toolExec);
    expect(t.parentOf(t.span(TOOL_SPANS.executeCall))?.name).toBe(TOOL_SPANS.execute);
    expect(t.parentOf(t.span(TOOL_SPANS.shell))?.name).toBe(TOOL_SPANS.executeCall);
  });

  it('denies rm by policy: the call does not run, says "denied", and the agent goes on', async () => {
    const { agent, telemetry: t, provenance, ledger } = await start();
    const denied = await agent.turn('Please delete the build folder build with rm.', {});
    expect(denied.toolResults[0].output).toMatch(/^denied: .*no-destructive-shell/);
    expect(denied.reply).toMatch(/denied by policy/);
    expect(readFileSync(join(dir, 'data', 'workspace', 'build', 'output.txt'), 'utf8')).toContain('must not delete');
    const call = t.span(TOOL_SPANS.executeCall);
    expect(call.attributes[PROVENANCE_ATTRIBUTES.policyVerdict]).toBe('deny');
    expect(t.names()).not.toContain(TOOL_SPANS.shell);

    const next = await agent.turn('Search the code for TODO', {});
    expect(next.toolResults[0].ok).toBe(true);
    expect(next.toolResults[0].output).toContain('notes/todo.md');

    await provenance.forceFlush?.();
    const verification = verifyLedger(readFileSync(ledger, 'utf8'), key.publicKey, key.keyId);
    expect(verification.problems).toEqual([]);
    // Two tool calls and two turns, in order.
    expect(verification.entries).toBe(4);
    expect(readFileSync(ledger, 'utf8')).toContain('"verdict":"deny"');
  });

  it('runs the calls of one answer as batches: readers together and concurrently, a writer alone after them', async () => {
    const { agent, telemetry: t } = await start();
    const result = await agent.turn('Search the code for TODO; read the file notes/todo.md; list the files', {});
    expect(result.toolResults.map((r) => [r.name, r.ok])).toEqual([
      ['search_code', true],
      ['file', true],
      ['shell', true],
    ]);
    expect(result.llmCalls).toBe(2);
    const exec = t.span(AGENT_SPANS.toolExec);
    expect(childNames(t, exec)).toEqual([AGENT_SPANS.toolBatch, AGENT_SPANS.toolBatch]);
    const [readers, writer] = t
      .spans()
      .filter((s) => s.name === AGENT_SPANS.toolBatch)
      .sort((a, b) => (a.attributes['zeph.tool_batch.index'] as number) - (b.attributes['zeph.tool_batch.index'] as number));
    expect([readers.attributes['zeph.tool_batch.size'], readers.attributes['zeph.tool_batch.concurrent']]).toEqual([2, true]);
    expect([writer.attributes['zeph.tool_batch.size'], writer.attributes['zeph.tool_batch.concurrent']]).toEqual([1, false]);
    // The writer starts only after both readers ended.
    const calls = t.spans().filter((s) => s.name === TOOL_SPANS.executeCall);
    const ns = (time: [number, number]) => time[0] * 1e9 + time[1];
    const readerCalls = calls.filter((c) => t.parentOf(t.parentOf(c)!)?.spanContext().spanId === readers.spanContext().spanId);
    const writerCall = calls.find((c) => t.parentOf(t.parentOf(c)!)?.spanContext().spanId === writer.spanContext().spanId)!;
    expect(readerCalls).toHaveLength(2);
    expect(Math.min(...readerCalls.map((c) => ns(c.endTime)))).toBeGreaterThan(Math.max(...readerCalls.map((c) => ns(c.startTime))));
    expect(ns(writerCall.startTime)).toBeGreaterThanOrEqual(Math.max(...readerCalls.map((c) => ns(c.endTime))));
  });

  it('carries out "Plan: ..." step by step under agent.plan_execute', async () => {
    const { agent, telemetry: t } = await start();
    const shown: string[] = [];
    const result = await agent.turn('Plan: list the files; read the file notes/todo.md', { stream: true, onText: (piece) => shown.push(piece) });
    expect(result.planSteps).toBe(2);
    // Streaming callers (the interactive CLI) see the report once, whole.
    expect(shown).toEqual([result.reply]);
    expect(result.toolResults.map((r) => r.name)).toEqual(['shell', 'file']);
    expect(result.llmCalls).toBe(5);
    expect(result.reply).toMatch(/^Plan for "list the files; read the file notes\/todo\.md" in 2 steps:\n1\. list the files: Tool result: .*README\.md/);
    expect(result.reply).toMatch(/\n2\. read the file notes\/todo\.md: Tool result: .*TODO/);
    const plan = t.span(AGENT_SPANS.planExecute);
    expect(t.parentOf(plan)?.name).toBe(AGENT_SPANS.turn);
    expect(plan.attributes['zeph.plan.steps']).toBe(2);
    expect(plan.attributes['zeph.plan.steps_failed']).toBe(0);
    expect(childNames(t, plan)).toEqual([LLM_SPANS.chat, AGENT_SPANS.processResponse, LLM_SPANS.chat, AGENT_SPANS.processResponse, AGENT_SPANS.toolLoop, LLM_SPANS.chat, AGENT_SPANS.processResponse, AGENT_SPANS.toolLoop]);
  });

  it('goes on with a plan when a step is denied, and counts that step as failed', async () => {
    const { agent, telemetry: t } = await start();
    const result = await agent.turn('Plan: delete the folder build with rm; list the files', {});
    expect(result.planSteps).toBe(2);
    // A denied call is an answer for the model (ok), whose output says it did not run.
    expect(result.toolResults.map((r) => [r.name, r.ok, r.output.startsWith('denied: ')])).toEqual([
      ['shell', true, true],
      ['shell', true, false],
    ]);
    expect(result.reply).toMatch(/\n1\. delete the folder build with rm: The tool call was denied by policy/);
    expect(result.reply).toMatch(/\n2\. list the files: Tool result: .*README\.md/);
    expect(t.span(AGENT_SPANS.planExecute).attributes['zeph.plan.steps_failed']).toBe(1);
    // The denial is learned from the plan's turn like from any other.
    expect(agent.learning.lessons).toHaveLength(1);
  });

  it('learns from a denial: the next time the model does not ask for the denied call', async () => {
    const { agent, telemetry: t } = await start();
    await agent.turn('Please delete the build folder build with rm.', {});
    expect(agent.learning.lessons).toEqual([expect.stringMatching(/^shell rm was denied by policy \(no-destructive-shell/)]);
    const again = await agent.turn('Please delete the build folder build with rm.', {});
    expect(again.toolResults).toEqual([]);
    expect(again.reply).toBe('Earlier, shell rm was denied by policy, so I will not ask for it again.');
    const learned = t.spans().filter((s) => s.name === AGENT_SPANS.learning);
    expect(learned.map((s) => s.attributes['zeph.learning.outcome'])).toEqual(['denied', 'success']);
  });

  it('restores the conversation at start and sends it with each request; --resume continues another session', async () => {
    const first = await start({ sessionId: 'first-session' });
    const restored = first.telemetry.span(AGENT_SPANS.restoreHistory);
    // The demo memory seeds four earlier messages into a new session.
    expect(restored.attributes['zeph.history.messages']).toBe(4);
    await first.agent.turn('List the files in the workspace.', {});
    await first.agent.close();
    agent = undefined;
    await first.telemetry.shutdown();

    const second = await start({ sessionId: 'second-session', resumeSessionId: 'first-session' });
    const span = second.telemetry.span(AGENT_SPANS.restoreHistory);
    expect(span.attributes['zeph.history.session_id']).toBe('first-session');
    const restoredCount = span.attributes['zeph.history.messages'] as number;
    await second.agent.turn('Why is the staging database slow when the billing service runs?', {});
    const sent = second.agent.modelServer.lastRequest!.messages.map((m) => [m.role, m.content]);
    // system, the resumed conversation (oldest first, what admission kept of it), then the new message.
    expect(sent).toHaveLength(restoredCount + 2);
    expect(sent[0][0]).toBe('system');
    expect(sent.slice(1, -1)).toContainEqual(['user', 'List the files in the workspace.']);
    expect(sent.at(-1)).toEqual(['user', 'Why is the staging database slow when the billing service runs?']);
  });

  it('refuses to resume a session that memory does not hold, naming it and the database', async () => {
    await expect(start({ resumeSessionId: 'no-such-session' })).rejects.toThrow(/cannot resume session "no-such-session": .*memory\.db holds no messages of it/);
  });

  it('streams an answer through llm.chat_stream, piece by piece', async () => {
    const { agent, telemetry: t } = await start();
    const pieces: string[] = [];
    const result = await agent.turn('How do I read a Chrome trace to see where a slow turn spent its time?', { stream: true, onText: (p) => pieces.push(p) });
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('').trim()).toBe(result.reply);
    expect(result.reply).toContain('trace-reading');
    expect(t.parentOf(t.span(LLM_SPANS.chatStream))?.name).toBe(AGENT_SPANS.turn);
  });
});
