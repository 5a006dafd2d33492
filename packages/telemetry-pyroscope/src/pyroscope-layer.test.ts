import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withSpan } from '@zeph/telemetry-core';
import { captureProcessOutput, startTestTelemetry } from '@zeph/telemetry-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { decodePprof } from './test-support/pprof-wire-decoder.js';
import { createPyroscopeLayer } from './pyroscope-layer.js';
import { PROFILE_LABELS, PYROSCOPE_ATTRIBUTES } from './spans.js';

// A loopback stand-in for Pyroscope's /ingest endpoint (no Pyroscope server can run here): it
// records each request so the test can decode exactly what was pushed.
interface Received {
  url: URL;
  contentType: string | undefined;
  body: Buffer;
}

async function startReceiver(status = 200): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ url: new URL(req.url!, 'http://x'), contentType: req.headers['content-type'], body: Buffer.concat(chunks) });
    res.writeHead(status).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function burnCpu(ms: number): number {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe('pyroscope layer', () => {
  it('pushes wall and heap pprof whose span labels match exported span ids', async () => {
    const receiver = await startReceiver();
    servers.push(receiver.server);
    const layer = createPyroscopeLayer({ endpoint: receiver.url, uploadIntervalMs: 60_000, serviceVersion: '1.2.3', samplingIntervalMicros: 1000 });
    const telemetry = await startTestTelemetry({ config: { service_name: 'pyro-test' }, layers: [layer] });
    for (let turn = 0; turn < 3; turn++) {
      await withSpan('agent.turn', async () => {
        burnCpu(60);
        await new Promise((r) => setTimeout(r, 5));
        await withSpan('llm.chat', async () => burnCpu(60)); // resumed after an await: labels must follow
      });
    }
    await layer.flush();
    const spans = telemetry.spans();
    await telemetry.shutdown();

    const turns = spans.filter((s) => s.name === 'agent.turn');
    expect(turns).toHaveLength(3);
    for (const t of turns) expect(t.attributes[PYROSCOPE_ATTRIBUTES.profileId]).toBe(t.spanContext().spanId);
    // A child inherits its turn's profile: it gets no id of its own.
    expect(spans.find((s) => s.name === 'llm.chat')!.attributes[PYROSCOPE_ATTRIBUTES.profileId]).toBeUndefined();

    const uploads = receiver.received.map((r) => ({ ...r, profile: decodePprof(r.body) }));
    expect(uploads.length).toBeGreaterThanOrEqual(2);
    for (const u of uploads) {
      expect(u.url.pathname).toBe('/ingest');
      expect(u.url.searchParams.get('format')).toBe('pprof');
      expect(u.url.searchParams.get('name')).toMatch(/^pyro-test\{.*service=pyro-test.*\}$/);
      expect(u.url.searchParams.get('name')).toContain('version=1.2.3');
      expect(u.url.searchParams.get('name')).toMatch(/host=[^,}]+/);
      expect(Number(u.url.searchParams.get('until'))).toBeGreaterThan(Number(u.url.searchParams.get('from')));
      expect(u.contentType).toBe('application/octet-stream');
    }
    const wall = uploads.find((u) => u.profile.sampleTypes.some((t) => t.type === 'wall'))!;
    expect(wall.profile.sampleTypes.map((t) => t.type)).toEqual(expect.arrayContaining(['sample', 'wall', 'cpu']));
    const heapUpload = uploads.find((u) => u.profile.sampleTypes.some((t) => t.type === 'inuse_space'));
    expect(heapUpload).toBeDefined();

    const exportedIds = new Set(spans.map((s) => s.spanContext().spanId));
    const labelled = wall.profile.samples.filter((s) => s.labels[PROFILE_LABELS.spanId]);
    expect(labelled.length).toBeGreaterThan(0);
    for (const s of labelled) expect(exportedIds.has(s.labels[PROFILE_LABELS.spanId])).toBe(true);
    // Every turn burned 120 ms of CPU at 1 kHz sampling: each turn id shows up in the samples.
    const labelledIds = new Set(labelled.map((s) => s.labels[PROFILE_LABELS.spanId]));
    for (const t of turns) expect(labelledIds.has(t.spanContext().spanId)).toBe(true);
  });

  it('keeps the agent going and logs once when the endpoint is down', async () => {
    const closed = await startReceiver();
    const deadUrl = closed.url;
    closed.server.close();
    await once(closed.server, 'close');
    const output = captureProcessOutput({ silent: true });
    try {
      const layer = createPyroscopeLayer({ endpoint: deadUrl, uploadIntervalMs: 60_000, requestTimeoutMs: 500 });
      const telemetry = await startTestTelemetry({ layers: [layer] });
      for (let i = 0; i < 3; i++) {
        const result = await withSpan('agent.turn', async () => burnCpu(10));
        expect(result).toBeGreaterThan(0);
        await layer.flush();
      }
      expect(layer.stats.sent).toBe(0);
      expect(layer.stats.dropped).toBeGreaterThanOrEqual(6);
      await telemetry.shutdown();
    } finally {
      output.restore();
    }
    expect(output.text().split('pyroscope upload failed')).toHaveLength(2);
  });
});
