import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.ZEPH_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface RenderResult {
  /** Pixels of the flame chart canvas that differ from its background. */
  drawnPixels: number;
  title: string;
}

/**
 * Opens the viewer page in headless chromium (Debian's, no browser download), waits until the flame
 * chart is drawn, writes a PNG and reports how much of the chart was painted.
 */
export async function renderViewer(url: string, outPng: string): Promise<RenderResult> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set ZEPH_CHROMIUM`);
  }
  const profileDir = mkdtempSync(join(tmpdir(), 'zeph-trace-chromium-'));
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 800 },
  });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(url);
    await page.waitForSelector('canvas', { timeout: 20_000 });
    // The chart paints on animation frames after the profile loads; poll until it has content.
    const drawnPixels = await page.waitForFunction(
      () => {
        let best = 0;
        for (const canvas of Array.from(document.querySelectorAll('canvas'))) {
          if (canvas.width < 50 || canvas.height < 50) continue;
          const ctx = canvas.getContext('2d');
          if (!ctx) continue;
          const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
          const [r0, g0, b0] = [data[0], data[1], data[2]];
          let differing = 0;
          for (let i = 0; i < data.length; i += 16) {
            if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 30) differing++;
          }
          best = Math.max(best, differing);
        }
        return best > 200 ? best : false;
      },
      undefined,
      { timeout: 20_000, polling: 250 },
    );
    await page.screenshot({ path: outPng });
    return { drawnPixels: Number(await drawnPixels.jsonValue()), title: await page.title() };
  } finally {
    await browser.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
}
