import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { telemetryConfigSchema } from '../config/schema.js';
import { createLogger, recordSample } from '../global-registry.js';
import { initTelemetry, type TelemetryHandle } from '../init-telemetry.js';
import { instrument, withSpan } from '../span-api.js';
import { OtlpTestReceiver } from '../testing/otlp-receiver.js';
import { captureProcessOutput } from '../testing/capture-process-output.js';

// Leak scan: a known secret header value goes through start-up, export, failures and shutdown; every
// byte the process wrote (stderr, stdout, log file, every file in its directories, every body sent)
// is searched for it. The loopback receiver stands in for a collector.
const SECRET = 'zeph-leak-canary-7f3a9c2e51';
const HEADERS_KEY = 'ZEPH_LEAK_TEST_HEADERS';
let handle: TelemetryHandle | undefined;
let receiver: OtlpTestReceiver | undefined;

afterEach(async () => {
  await handle?.shutdown();
  await receiver?.close();
  handle = receiver = undefined;
  delete process.env[HEADERS_KEY];
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('secret leak scan', () => {
  it('the OTLP header value appears only in the Authorization header sent to the collector', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zeph-leak-'));
    let traceRequests = 0;
    // First export refused with 400 (a failure path that logs), later ones accepted.
    receiver = await OtlpTestReceiver.start((req) => (req.path === '/v1/traces' && traceRequests++ === 0 ? { status: 400 } : { status: 200 }));
    process.env[HEADERS_KEY] = JSON.stringify({ authorization: `Bearer ${SECRET}` });
    const output = captureProcessOutput();
    try {
      handle = await initTelemetry({
        config: telemetryConfigSchema.parse({
          backend: 'otlp',
          otlp_endpoint: receiver.endpoint,
          otlp_headers_vault_key: HEADERS_KEY,
          include_args: true,
          trace_dir: join(dir, 'traces'),
        }),
        logFile: join(dir, 'zeph.log'),
        stderrLevel: 'debug',
        handleSignals: false,
        vault: { backend: 'env' },
        otlp: { batch: { scheduledDelayMs: 20 }, metricExportIntervalMs: 60_000 },
      });
      const log = createLogger('leak-test');
      // The agent mishandles the secret in every way we can think of; telemetry must not pass it on.
      const callWithToken = instrument('tool.execute', (command: string, note: string) => `${command}:${note.length}`, {
        argNames: ['command', 'note'],
      });
      const failing = instrument('tool.shell', () => {
        throw new Error(`upstream rejected Bearer ${SECRET}`);
      });
      for (let turn = 0; turn < 3; turn++) {
        await withSpan('agent.turn', async (span) => {
          span.setAttribute('agent.note', `header was Bearer ${SECRET}`);
          span.addEvent('debug', { detail: `token=${SECRET}` });
          callWithToken('curl', `-H "Authorization: Bearer ${SECRET}"`);
          expect(() => failing()).toThrow();
          log.warn(`retrying with ${SECRET}`, { header: `Bearer ${SECRET}`, plain: SECRET });
          recordSample('channel.queue_depth', turn, { 'channel.name': `status-${SECRET}` });
        });
        await handle.forceFlush();
      }
      await receiver.waitFor(() => receiver!.spans.length > 0, 'accepted spans');
      await handle.shutdown();
    } finally {
      output.restore();
    }

    // The header did reach the collector...
    expect(receiver.requests.some((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
    // ...and nothing else carries the value.
    const places: [string, string][] = [['stdout+stderr', output.text()]];
    for (const [i, body] of receiver.rawBodies.entries()) places.push([`request body ${i} to ${receiver.requests[i].path}`, body.toString('latin1')]);
    for (const request of receiver.requests) {
      const { authorization: _sent, ...otherHeaders } = request.headers;
      places.push([`other headers of ${request.path}`, JSON.stringify(otherHeaders)]);
    }
    const files = await filesUnder(dir);
    expect(files).toContain(join(dir, 'zeph.log'));
    for (const file of files) places.push([file, await readFile(file, 'latin1')]);
    expect(places.length).toBeGreaterThan(3);
    const leaks = places.filter(([, text]) => text.includes(SECRET)).map(([where]) => where);
    expect(leaks).toEqual([]);
    // The scan looked at real content: the failure path logged, spans and metrics were sent.
    expect(await readFile(join(dir, 'zeph.log'), 'utf8')).toContain('retrying with [REDACTED]');
    expect(output.text()).toContain('HTTP 400');
    expect(receiver.spanNames()).toContain('tool.execute');
    const turn = receiver.spans.find((s) => s.name === 'agent.turn')!;
    expect(turn.attributes['agent.note']).toBe('header was [REDACTED]');
    expect(receiver.metricPoints.some((p) => p.attributes['channel.name'] === 'status-[REDACTED]')).toBe(true);
  });

  it('a start-up error about malformed headers names the key and backend, not the value', async () => {
    process.env[HEADERS_KEY] = `{"authorization": "Bearer ${SECRET}"`; // truncated JSON
    const output = captureProcessOutput();
    let error: unknown;
    try {
      await initTelemetry({
        config: telemetryConfigSchema.parse({ backend: 'otlp', otlp_headers_vault_key: HEADERS_KEY }),
        logFile: false,
        handleSignals: false,
        vault: { backend: 'env' },
      });
    } catch (e) {
      error = e;
    } finally {
      output.restore();
    }
    expect(String(error)).toContain(HEADERS_KEY);
    expect(String(error)).toContain('backend "env"');
    expect(String(error)).toContain('not valid JSON');
    expect(String(error)).not.toContain(SECRET);
    expect((error as Error).stack ?? '').not.toContain(SECRET);
    expect(output.text()).not.toContain(SECRET);
  });
});
