// Vault values that reach span attributes (an error text echoing a token, a link attribute) are
// replaced in the Chrome trace file, which stays valid JSON even for secrets that look like numbers
// or hold quotes.
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED, registerSecretValue } from '../redact.js';
import { startChromeTelemetry, type ChromeTelemetry } from '../test-fixtures/chrome-telemetry.js';
import { useTempDirs } from '../test-fixtures/temp-dir.js';
import { readChromeTrace } from './read-chrome-trace.js';
import { validateChromeTrace } from './validate-chrome-trace.js';

const tempDir = useTempDirs();
let running: ChromeTelemetry | undefined;
afterEach(async () => {
  await running?.handle.shutdown();
  running = undefined;
});

const TOKEN = 'zk-canary-7f3a9c';
const QUOTED = 'pa"ss\\word';
const NUMERIC = '4815162342';

describe('Chrome trace secret scrubbing', () => {
  it('replaces registered secrets in attributes, link attributes and span names, keeping the file valid', async () => {
    for (const secret of [TOKEN, QUOTED, NUMERIC]) registerSecretValue(secret);
    const telemetry = (running = await startChromeTelemetry(tempDir()));
    const tracer = trace.getTracer('scrub-test');
    const earlier = tracer.startSpan('agent.turn', {}, ROOT_CONTEXT);
    earlier.end();
    const span = tracer.startSpan('tool.execute', {
      attributes: { 'error.text': `upstream said: bad token ${TOKEN}`, 'tool.args': [`--password=${QUOTED}`, 'ok'], 'tool.pin': NUMERIC, 'tool.count': 4815162342 },
      links: [{ context: earlier.spanContext(), attributes: { 'link.note': `via ${TOKEN}` } }],
    });
    span.end();
    await telemetry.handle.shutdown();

    const text = readFileSync(telemetry.traceFile, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(JSON.stringify(QUOTED).slice(1, -1));
    const { events, terminated } = await readChromeTrace(telemetry.traceFile);
    expect(terminated).toBe(true);
    expect(validateChromeTrace(events)).toEqual([]);
    const args = events.find((e) => e.ph === 'X' && e.name === 'tool.execute')!.args!;
    expect(args['error.text']).toBe(`upstream said: bad token ${REDACTED}`);
    expect(args['tool.args']).toEqual([`--password=${REDACTED}`, 'ok']);
    expect(args['tool.pin']).toBe(REDACTED);
    // A number that happens to contain the digits of a secret is not a string: it stays.
    expect(args['tool.count']).toBe(4815162342);
    expect(args.links).toEqual([{ trace_id: earlier.spanContext().traceId, span_id: earlier.spanContext().spanId, trace_flags: 1, attributes: { 'link.note': `via ${REDACTED}` } }]);
    // Timestamps and ids were not touched.
    for (const event of events) if (event.ph === 'X') expect(typeof event.ts).toBe('number');
  });

  it('finds a secret that JSON writes escaped even when nothing else on the line is secret', async () => {
    const quotedOnly = 'only"quoted\\secret';
    registerSecretValue(quotedOnly);
    const telemetry = (running = await startChromeTelemetry(tempDir()));
    const span = trace.getTracer('scrub-test').startSpan('tool.execute', { attributes: { 'tool.output': `login ${quotedOnly} ok` } });
    span.end();
    await telemetry.handle.shutdown();

    const text = readFileSync(telemetry.traceFile, 'utf8');
    expect(text).not.toContain(JSON.stringify(quotedOnly).slice(1, -1));
    const { events } = await readChromeTrace(telemetry.traceFile);
    expect(events.find((e) => e.ph === 'X' && e.name === 'tool.execute')!.args!['tool.output']).toBe(`login ${REDACTED} ok`);
  });
});
