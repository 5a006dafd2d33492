// The demo turn under three builds in one run: (a) built without profiling, (b) profiling built but
// telemetry.enabled=false, (c) the local tier (Chrome trace); rounds interleave a, b, c and ratios
// are medians of per-round ratios. Plus: ns per call of an instrumented trivial function in (b), and
// cost per span of withSpan against a raw OpenTelemetry SDK (BasicTracerProvider +
// BatchSpanProcessor + no-op exporter). Measured in a child process of plain Node.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoTurnRows } from '../demo-turn/demo-turn-rows.js';
import type { MeasureRequest, MeasureResult } from '../demo-turn/measure-main.js';
import { buildMeasureChild, buildWorkloadBundle, DEMO_APP_ROOT } from '../demo-turn/workload-bundles.js';
import type { BenchContext, BenchRow, BenchSuite } from '../types.js';

const run = promisify(execFile);

const suite: BenchSuite = {
  name: 'demo-turn',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const work = mkdtempSync(join(tmpdir(), 'zeph-bench-demo-turn-'));
    try {
      const bundles = join(work, 'bundles');
      const request: MeasureRequest = {
        noneBundle: await buildWorkloadBundle(bundles, 'none'),
        profilingBundle: await buildWorkloadBundle(bundles, 'profiling'),
        appRoot: DEMO_APP_ROOT,
        workDir: join(work, 'run'),
        quick: ctx.quick,
      };
      const child = await buildMeasureChild(bundles);
      const { stdout } = await run(process.execPath, [child, JSON.stringify(request)], { maxBuffer: 16 << 20, timeout: 15 * 60_000 });
      return demoTurnRows(JSON.parse(stdout.trim().split('\n').pop() ?? '') as MeasureResult);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default suite;
