import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { writeSampleTrace } from './test-traces.js';
import { startViewServer } from './view-server.js';

describe('zeph-trace view', () => {
  it('serves the viewer and an unterminated trace as a closed array', async () => {
    const view = await startViewServer(writeSampleTrace({ terminated: false }));
    try {
      const page = await fetch(view.url.split('#')[0]);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('speedscope');
      const trace = (await (await fetch(new URL('/trace.json', view.url))).json()) as Array<{ ph: string; name: string; args?: Record<string, unknown> }>;
      const spans = trace.filter((e) => e.ph === 'X');
      expect(spans).toHaveLength(8);
      // Spans go by name alone, so that the viewer adds up one name's time (it folds args into names).
      for (const span of spans) expect(span).not.toHaveProperty('args');
      expect(trace.find((e) => e.ph === 'M' && e.name === 'thread_name')?.args?.name).toEqual(expect.any(String));
      expect((await fetch(new URL('/../../etc/passwd', view.url))).status).not.toBe(200);
    } finally {
      await view.close();
    }
  });

  // Real Debian chromium renders the viewer; the flame chart must have painted spans.
  it('renders the trace in headless chromium and writes a screenshot', async () => {
    const png = join(mkdtempSync(join(tmpdir(), 'zeph-view-')), 'trace.png');
    const out: string[] = [];
    const code = await runCli(['view', writeSampleTrace(), '--screenshot', png], { out: (t) => out.push(t), err: () => {} }, { waitForever: false });
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/index\.html#profileURL=/);
    expect(out[1]).toMatch(/screenshot written to .*\((\d+) chart pixels drawn\)/);
    expect(existsSync(png)).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(5000);
  }, 60_000);
});
