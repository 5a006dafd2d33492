// The demo built for production (profiling, profiling-alloc, profiling-pyroscope, otel) and run as a
// real process, first against healthy collectors on loopback, then against failing ones. The OTLP
// receiver decodes what arrives with the official opentelemetry-proto definitions. Pyroscope is a
// stand-in that records each push (no Pyroscope server can run here); its pprof bodies are read with
// an independent wire decoder. A canary secret rides in the vault-held OTLP headers and is searched
// for in everything the run leaves behind.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { AGENT_SPANS, SYSTEM_METRICS } from '@zeph/telemetry-core';
import { OtlpTestReceiver, type ReceivedSpan } from '@zeph/telemetry-core/testing/otlp-receiver';
import { LLM_METRICS, LLM_SPANS } from '@zeph/telemetry-llm';
import { MCP_SPANS } from '@zeph/telemetry-mcp';
import { TOOL_SPANS } from '@zeph/telemetry-tools';
import { PROFILE_LABELS, PYROSCOPE_ATTRIBUTES } from '@zeph/telemetry-pyroscope';
import { decodePprof } from '@zeph/telemetry-pyroscope/testing/pprof-decoder';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundleDemo, makeTestBuildDir } from '../scripts/bundle-demo.mjs';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildDemoMcpServer } from '../mcp-server/build.mjs';

const run = promisify(execFile);
const FEATURES = 'profiling,profiling-alloc,profiling-pyroscope,otel';
const SECRET = 'zeph-production-canary-5d1e9b07c4';
// Up to and including the scripted rm request that policy denies (turn 5), whose log record is checked.
const TURNS = 5;

let work: string;
let buildDir: string;
let bundle: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'zeph-production-tier-'));
  buildDir = makeTestBuildDir('test-production-');
  bundle = join(buildDir, 'demo-agent.mjs');
  await bundleDemo({ outfile: bundle, features: FEATURES });
  // The MCP server built with the same profile, beside the demo bundle (where the demo looks first).
  await buildDemoMcpServer({ outfile: join(buildDir, 'mcp-server.mjs'), env: { ZEPH_FEATURES: FEATURES } });
}, 120_000);
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

interface PyroscopePush {
  url: URL;
  body: Buffer;
}

/** Records every /ingest push and answers it with `status`. */
async function startPyroscopeStandIn(status: number): Promise<{ url: string; pushes: PyroscopePush[] }> {
  const pushes: PyroscopePush[] = [];
  const server: Server = createHttpServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    pushes.push({ url: new URL(req.url ?? '/', 'http://stand-in'), body: Buffer.concat(chunks) });
    res.writeHead(status).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pushes };
}

/** Accepts connections and never answers: a collector that hangs. */
async function startBlackHole(): Promise<{ url: string; connections: () => number }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

async function runProductionDemo(name: string, endpoints: { otlp: string; pyroscope: string }, options: { mcp: boolean }) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const { ZEPH_FEATURES: _ignored, ...env } = process.env;
  const result = await run(process.execPath, [bundle, '--turns', String(TURNS), ...(options.mcp ? [] : ['--no-mcp']), '--data-dir', join(dir, 'data')], {
    cwd: dir,
    env: {
      ...env,
      ZEPH_TELEMETRY_BACKEND: 'otlp',
      ZEPH_TELEMETRY_OTLP_ENDPOINT: endpoints.otlp,
      ZEPH_TELEMETRY_PYROSCOPE_ENDPOINT: endpoints.pyroscope,
      ZEPH_OTEL_HEADERS: JSON.stringify({ authorization: `Bearer ${SECRET}` }),
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=ci',
    },
    // A stalled shutdown fails the test here instead of hanging it.
    timeout: 60_000,
  });
  return { ...result, dir };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Everything the run left behind, as text: output, every file in its folder, the bodies it sent. */
function leftBehind(run: { stdout: string; stderr: string; dir: string }, bodies: Buffer[]): Array<[string, string]> {
  return [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
    ...filesUnder(run.dir).map((file): [string, string] => [file, readFileSync(file, 'latin1')]),
    ...bodies.map((body, i): [string, string] => [`request body ${i}`, body.toString('latin1')]),
  ];
}

function expectNoSecret(places: Array<[string, string]>): void {
  expect(places.length).toBeGreaterThan(3);
  for (const [where, text] of places) expect(text.includes(SECRET), `secret found in ${where}`).toBe(false);
}

function ancestorNames(span: ReceivedSpan, byId: Map<string, ReceivedSpan>): string[] {
  const names: string[] = [];
  for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) names.push(parent.name);
  return names;
}

describe('the demo built for production', () => {
  it('exports its spans with the vault-held headers and pushes profiles labelled with those spans', async () => {
    const receiver = await OtlpTestReceiver.start();
    cleanups.push(() => receiver.close());
    const pyroscope = await startPyroscopeStandIn(200);

    const result = await runProductionDemo('healthy', { otlp: receiver.endpoint, pyroscope: pyroscope.url }, { mcp: true });

    expect(result.stdout).toContain('build features: profiling, profiling-alloc, profiling-pyroscope, otel, telemetry on (otlp)');
    expect(result.stdout).toContain(`[turn ${TURNS}]`);
    expect(result.stdout).toContain('spans were exported with backend=otlp');

    const traceRequests = receiver.requestsTo('/v1/traces');
    expect(traceRequests.length).toBeGreaterThan(0);
    for (const request of receiver.requests) expect(request.headers.authorization).toBe(`Bearer ${SECRET}`);

    const turns = receiver.spans.filter((s) => s.name === AGENT_SPANS.turn);
    expect(turns).toHaveLength(TURNS);
    // The MCP server child exported too, under its own name, continuing the agent's traces.
    await receiver.waitFor(() => receiver.spans.some((s) => s.resource['service.name'] === 'zeph-demo-mcp-server'), 'the MCP server\'s spans');
    const serverSpans = receiver.spans.filter((s) => s.resource['service.name'] === 'zeph-demo-mcp-server');
    const agentSpans = receiver.spans.filter((s) => s.resource['service.name'] === 'zeph-agent');
    const agentById = new Map(agentSpans.map((s) => [s.spanId, s]));
    const toolCall = serverSpans.find((s) => agentById.get(s.parentSpanId)?.name === MCP_SPANS.callTool);
    expect(toolCall, `server spans: ${serverSpans.map((s) => s.name).join(', ')}`).toBeDefined();
    expect(toolCall!.traceId).toBe(agentById.get(toolCall!.parentSpanId)!.traceId);
    for (const span of agentSpans) expect(span.resource).toMatchObject({ 'deployment.environment': 'ci' });
    expect(agentSpans.length + serverSpans.length).toBe(receiver.spans.length);
    // Metrics leave at shutdown at the latest, with the spans' resource.
    const metricNames = new Set(receiver.metricPoints.map((p) => p.name));
    expect(metricNames).toContain(LLM_METRICS.operationDuration);
    expect(metricNames).toContain(SYSTEM_METRICS.rssBytes);
    for (const point of receiver.metricPoints) {
      expect(['zeph-agent', 'zeph-demo-mcp-server']).toContain(point.resource['service.name']);
      expect(point.resource['deployment.environment']).toBe('ci');
    }
    const byId = new Map(receiver.spans.map((s) => [s.spanId, s]));
    const chats = receiver.spans.filter((s) => s.name === LLM_SPANS.chat);
    expect(chats.length).toBeGreaterThanOrEqual(TURNS);
    const session = turns[0].resource['zeph.session.id'];
    expect(session).toMatch(/^[0-9a-f]{12}$/);
    for (const chat of chats) {
      expect(ancestorNames(chat, byId)).toContain(AGENT_SPANS.turn);
      expect(chat.traceId).toBe(byId.get(chat.parentSpanId)?.traceId);
      // One conversation (the session) across the turns' model calls, as the GenAI conventions ask.
      expect(chat.attributes['gen_ai.conversation.id']).toBe(session);
    }
    for (const turn of turns) {
      expect(turn.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.conversation.id': session });
      // The alloc layer's attributes and the profile link ride on the exported turn.
      expect(typeof turn.attributes['alloc.bytes']).toBe('number');
      expect(turn.attributes[PYROSCOPE_ATTRIBUTES.profileId]).toBe(turn.spanId);
    }

    // The policy denial of turn 5 is logged inside its tool call: the record reaches /v1/logs with the
    // ids of that exported span.
    const denial = receiver.logRecords.find((r) => r.body === 'tool call denied by policy');
    expect(denial, `log records: ${receiver.logRecords.map((r) => r.body).join(' | ')}`).toBeDefined();
    expect(denial).toMatchObject({ scope: 'demo-agent', severityText: 'INFO', attributes: { tool: 'shell' } });
    expect(byId.get(denial!.spanId)?.name).toBe(TOOL_SPANS.executeCall);
    expect(byId.get(denial!.spanId)?.traceId).toBe(denial!.traceId);
    expect(denial!.resource['service.name']).toBe('zeph-agent');

    const profiles = pyroscope.pushes.map((push) => ({ push, profile: decodePprof(push.body) }));
    expect(profiles.length).toBeGreaterThan(0);
    for (const { push } of profiles) expect(push.url.searchParams.get('name')).toMatch(/^zeph-agent\{.*service=zeph-agent.*\}$/);
    const wall = profiles.find(({ profile }) => profile.sampleTypes.some((t) => t.type === 'wall'));
    expect(wall).toBeDefined();
    const labelled = wall!.profile.samples.map((s) => s.labels[PROFILE_LABELS.spanId]).filter((id): id is string => !!id);
    expect(labelled.length).toBeGreaterThan(0);
    for (const id of labelled) expect(byId.has(id), `profile label ${id} names an exported span`).toBe(true);

    expectNoSecret(leftBehind(result, [...receiver.rawBodies, ...pyroscope.pushes.map((p) => gunzipSync(p.body))]));
  }, 90_000);

  it('completes every turn and exits while the OTLP collector hangs and Pyroscope answers 503', async () => {
    const blackHole = await startBlackHole();
    const pyroscope = await startPyroscopeStandIn(503);

    // Without MCP: the server's own exporter would wait out the same black hole.
    const result = await runProductionDemo('failing', { otlp: blackHole.url, pyroscope: pyroscope.url }, { mcp: false });

    expect(result.stdout).toContain(`[turn ${TURNS}]`);
    expect(result.stdout).toMatch(/tool shell: ok/);
    // The failures were real: the exporter connected and the profiler pushed.
    expect(blackHole.connections()).toBeGreaterThan(0);
    expect(pyroscope.pushes.length).toBeGreaterThan(0);
    // One line per outage, not one per batch or per profile.
    const lines = result.stderr.split('\n');
    expect(lines.filter((l) => l.includes('pyroscope upload failed'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('OTLP span export')).length).toBeLessThanOrEqual(1);
    expect(lines.filter((l) => l.includes('OTLP metric export')).length).toBeLessThanOrEqual(1);

    expectNoSecret(leftBehind(result, pyroscope.pushes.map((p) => gunzipSync(p.body))));
  }, 90_000);
});
