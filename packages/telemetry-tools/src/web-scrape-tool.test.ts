import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOOL_ATTRIBUTES, TOOL_SPANS } from './spans.js';
import { createWebScrapeTool } from './web-scrape-tool.js';

let telemetry: TestTelemetry;
let server: Server;
let base: string;
const ctx = { callId: 'w1', toolName: 'web_scrape' };

const PAGE = `<!doctype html><html><head><title>Zeph &amp; friends</title><style>body{color:red}</style>
<script>var hidden = "not text";</script></head><body><h1>Hello</h1><p>First&nbsp;paragraph with <b>bold</b> text.</p>
<ul><li>one</li><li>two &lt;3</li></ul><!-- a comment --></body></html>`;

beforeAll(async () => {
  telemetry = await startTestTelemetry();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://loopback').pathname;
    if (path === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once('drain', pump);
        else res.end();
      };
      res.on('error', () => {});
      pump();
    } else if (path === '/stall') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>partial');
      // Never ends: the client's timeout must fire.
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('missing');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await telemetry.shutdown();
});
beforeEach(() => telemetry.reset());

describe('web_scrape tool', () => {
  it('fetches a page from a loopback server and returns its readable text', async () => {
    const result = await createWebScrapeTool().execute({ url: `${base}/page?token=abc` }, ctx);
    expect(result.title).toBe('Zeph & friends');
    expect(result.text).toBe('Hello\nFirst paragraph with bold text.\none\ntwo <3');
    expect(result.status).toBe(200);
    expect(result.truncated).toBe(false);
    const span = telemetry.span(TOOL_SPANS.webScrape);
    expect(span.attributes[TOOL_ATTRIBUTES.httpStatusCode]).toBe(200);
    // The query string (which may carry tokens) is not recorded.
    expect(span.attributes[TOOL_ATTRIBUTES.urlFull]).toBe(`${base}/page`);
  });

  it('stops reading at the size cap and marks the result truncated', async () => {
    const result = await createWebScrapeTool({ maxBytes: 10_000, maxChars: 1_000_000 }).execute({ url: `${base}/huge` }, ctx);
    expect(result.bytes).toBe(10_000);
    expect(result.text.length).toBe(10_000);
    expect(result.truncated).toBe(true);
    expect(telemetry.span(TOOL_SPANS.webScrape).attributes[TOOL_ATTRIBUTES.outputTruncated]).toBe(true);
  });

  it('gives up after the timeout', async () => {
    await expect(createWebScrapeTool({ timeoutMs: 300 }).execute({ url: `${base}/stall` }, ctx)).rejects.toThrow(`reading ${base}/stall timed out after 300 ms`);
    expect(telemetry.span(TOOL_SPANS.webScrape).attributes['error.type']).toBe('timeout');
  });

  it('reports HTTP errors and refuses non-http URLs', async () => {
    await expect(createWebScrapeTool().execute({ url: `${base}/nothing` }, ctx)).rejects.toThrow(`${base}/nothing answered HTTP 404`);
    await expect(createWebScrapeTool().execute({ url: 'file:///etc/passwd' }, ctx)).rejects.toThrow('URL "file:///etc/passwd" uses file:; only http: and https: are fetched');
    await expect(createWebScrapeTool().execute({ url: 'not a url' }, ctx)).rejects.toThrow('"not a url" is not a valid URL');
  });
});
