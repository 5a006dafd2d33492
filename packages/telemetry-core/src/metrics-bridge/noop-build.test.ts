import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleDefaultBuild } from '../testing/default-build-check.js';

describe('MetricsBridge without profiling', () => {
  it('bundles without OpenTelemetry or layer code and still times by hand', async () => {
    const { code, offending } = await bundleDefaultBuild({ entry: join(import.meta.dirname, 'noop.ts') });
    expect(offending).toEqual([]);
    expect(code).not.toMatch(/@opentelemetry|spanProcessor|SpanLatencyProcessor/);
    const file = join(mkdtempSync(join(tmpdir(), 'zeph-bridge-noop-')), 'bridge.mjs');
    writeFileSync(file, code);
    const { createMetricsBridge, formatMetricsSnapshot } = await import(pathToFileURL(file).href);
    const bridge = createMetricsBridge();
    expect(bridge.layer).toBeUndefined();
    await bridge.timer.time('llm', () => new Promise((resolve) => setTimeout(resolve, 2)));
    expect(bridge.snapshot().llm.count).toBe(1);
    expect(formatMetricsSnapshot(bridge.snapshot())).toContain('from manual timing');
  });
});
