// llm.http_request around Node's real fetch, against a real loopback HTTP server.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createInstrumentedFetch } from './instrumented-fetch.js';
import { safeUrl } from './safe-url.js';
import { json } from './test-fixtures/loopback-server.js';
import { useTracedLoopback } from './test-fixtures/traced-loopback.js';

const { server, telemetry } = await useTracedLoopback({ fallback: json({ ok: true }) });

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('safeUrl', () => {
  it('removes credentials and sensitive query values, keeping the rest', () => {
    expect(safeUrl('https://user:pw@example.test/v1/models/x:generateContent?key=AIzaSECRET&alt=sse')).toBe(
      'https://example.test/v1/models/x:generateContent?key=%5BREDACTED%5D&alt=sse',
    );
    expect(safeUrl('not a url?token=abc')).toBe('not a url');
  });
});

describe('createInstrumentedFetch', () => {
  it('records method, safe URL, status and sizes, and never a header', async () => {
    const fetch = createInstrumentedFetch();
    const response = await fetch(`${server.origin}/v1/things?api_key=sekrit-value-1&page=2`, {
      method: 'POST',
      headers: { authorization: 'Bearer sekrit-token-2' },
      body: '{"a":1}',
    });
    expect(await response.json()).toEqual({ ok: true });
    const span = telemetry.span('llm.http_request');
    expect(span.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.full': `${server.origin}/v1/things?api_key=%5BREDACTED%5D&page=2`,
      'server.address': '127.0.0.1',
      'http.response.status_code': 200,
      'http.request.body.size': 7,
      'http.response.body.size': 11,
    });
    expect(JSON.stringify(span.attributes)).not.toMatch(/sekrit/);
  });

  it('marks a refused connection ERROR', async () => {
    const fetch = createInstrumentedFetch();
    await expect(fetch(`http://127.0.0.1:${await closedPort()}/x`)).rejects.toThrow();
    const span = telemetry.span('llm.http_request');
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('TypeError');
  });
});
