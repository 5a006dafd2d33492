// Where the demo turn's telemetry cost goes, from a CPU profile rather than a clock: the local tier
// (c), the OTLP tier (e) and OTLP + Pyroscope (f) each run in a child process that profiles its
// measured turns (start-up, warm-up and shutdown left out), and the samples are split into telemetry
// code and everything else (demo-turn/profile-attribution.ts).
// In (f) the Pyroscope wall profiler samples beside it; what its sampling costs is not charged to
// telemetry code, so (f)'s figure is a lower bound like the others. The tier table's
// ratios move by more than the effect between identical runs on this shared machine; a profile's
// shares move far less, so this is the figure to compare when changing the span path.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { attributeProfile, type CpuProfile, type ProfileShares } from '../demo-turn/profile-attribution.js';
import type { ProfileRequest } from '../demo-turn/profile-main.js';
import { DEMO_APP_ROOT, demoBundler, type BundleDemo } from '../demo-turn/workload-bundles.js';
import type { BenchContext, BenchRow, BenchSuite } from '../types.js';

const run = promisify(execFile);
const SUITE = 'demo-turn-profile';
const WORKLOAD_ENTRY = join(DEMO_APP_ROOT, 'src', 'workload.ts');
const SAMPLE_INTERVAL_US = 200;

/**
 * Telemetry code: core (span API, tracer, layers, writers, exporters, instruments), the behavioral
 * events derived from spans, the alloc and pyroscope layers, and the metric hooks of the channel,
 * LLM and MCP packages. Left out are the packages' wrappers that run the agent's own work inside
 * them (a sample in SQLite under a memory span is the agent's time).
 */
const TELEMETRY_MODULES: readonly RegExp[] = [
  /packages\/telemetry-core\/src\//,
  /packages\/telemetry-provenance\/src\/behavior\//,
  /packages\/telemetry-alloc\/src\//,
  /packages\/telemetry-pyroscope\/src\//,
  /packages\/telemetry-channels\/src\/(instrumented-channel|channel-instruments|coarse-clock)\.ts$/,
  /packages\/telemetry-llm\/src\/genai-metrics\.ts$/,
  /packages\/telemetry-mcp\/src\/mcp-client-metrics\.ts$/,
];
export const isTelemetryModule = (path: string): boolean => TELEMETRY_MODULES.some((re) => re.test(path));

interface Tier {
  key: string;
  label: string;
  features: string;
  telemetry: Record<string, unknown>;
  otlpReceiver: boolean;
  pyroscopeReceiver?: boolean;
}

const TIERS: readonly Tier[] = [
  { key: 'c', label: '(c) local tier (Chrome trace)', features: 'profiling', telemetry: { enabled: true, backend: 'local', system_metrics_interval_secs: 5 }, otlpReceiver: false },
  { key: 'e', label: '(e) OTLP to a loopback receiver', features: 'profiling,otel', telemetry: { enabled: true, backend: 'otlp', system_metrics_interval_secs: 5 }, otlpReceiver: true },
  {
    key: 'f',
    label: '(f) OTLP + Pyroscope (loopback receivers)',
    features: 'profiling,profiling-pyroscope,otel',
    telemetry: { enabled: true, backend: 'otlp', system_metrics_interval_secs: 5 },
    otlpReceiver: true,
    pyroscopeReceiver: true,
  },
];

/** `child`: the bundled profile-main, shared by every tier. */
async function profileTier(tier: Tier, work: string, child: string, bundleDemo: BundleDemo, ctx: BenchContext): Promise<{ shares: ProfileShares; turns: number }> {
  const dir = join(work, tier.key);
  const bundle = join(dir, 'workload.mjs');
  await bundleDemo({ entry: WORKLOAD_ENTRY, outfile: bundle, features: tier.features });
  const bundleUrl = pathToFileURL(bundle).href;
  const profileFile = join(dir, 'turns.cpuprofile');
  const request: ProfileRequest = {
    bundleUrl,
    appRoot: DEMO_APP_ROOT,
    workDir: join(dir, 'run'),
    turns: ctx.quick ? 10 : 400,
    warmupTurns: ctx.quick ? 2 : 20,
    telemetry: tier.telemetry,
    otlpReceiver: tier.otlpReceiver,
    pyroscopeReceiver: tier.pyroscopeReceiver,
    profileFile,
    sampleIntervalUs: SAMPLE_INTERVAL_US,
  };
  const { stdout } = await run(process.execPath, [child, JSON.stringify(request)], { maxBuffer: 16 << 20, timeout: 15 * 60_000 });
  const report = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { turns: number; requests: number };
  if (tier.otlpReceiver && report.requests === 0) throw new Error(`${tier.label}: the loopback receiver got no OTLP request`);
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  return { shares: attributeProfile(profile, readFileSync(bundle, 'utf8'), bundleUrl, isTelemetryModule), turns: report.turns };
}

const percent = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);

function tierRow(tier: Tier, shares: ProfileShares, turns: number): BenchRow {
  const top = shares.telemetryFunctions
    .slice(0, 5)
    .map((f) => `${f.name} ${percent(f.us, shares.busyUs).toFixed(2)} %`)
    .join(', ');
  return {
    suite: SUITE,
    case: `${tier.label}: telemetry code's share of the run's CPU samples`,
    value: percent(shares.telemetryUs, shares.busyUs),
    unit: '% of busy CPU',
    confidence: `${Math.round(shares.busyUs / SAMPLE_INTERVAL_US)} samples over ${turns} turns (after warm-up; start-up and shutdown left out)`,
    note:
      `${(shares.telemetryUs / turns).toFixed(0)} µs of ${(shares.busyUs / turns).toFixed(0)} µs busy CPU per turn; ` +
      `largest: ${top || 'none'}; each sample is charged to the nearest bundled frame on its stack. A lower bound: ` +
      `the ${percent(shares.busyUs - shares.bundleUs, shares.busyUs).toFixed(1)} % of samples with no bundled frame (third-party code resumed ` +
      `from the microtask queue, promise hooks of context tracking, garbage collection) count as not telemetry`,
  };
}

/** Node's promise hooks, which run for every promise while telemetry keeps a span context. */
function contextTrackingRow(tier: Tier, shares: ProfileShares, turns: number): BenchRow {
  const both = percent(shares.telemetryUs + shares.contextTrackingUs, shares.busyUs);
  return {
    suite: SUITE,
    case: `${tier.label}: context tracking's share (Node's promise hooks, outside telemetry code)`,
    value: percent(shares.contextTrackingUs, shares.busyUs),
    unit: '% of busy CPU',
    note:
      `${(shares.contextTrackingUs / turns).toFixed(0)} µs per turn in node:async_hooks not under a telemetry frame; ` +
      `with the row above, ${both.toFixed(1)} % of the samples: the turn costs at least ${(100 / (100 - both)).toFixed(3)}× ` +
      `its CPU without them (a lower bound read off one run, not a ratio of two)`,
  };
}

const suite: BenchSuite = {
  name: SUITE,
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const work = mkdtempSync(join(tmpdir(), 'zeph-bench-turn-profile-'));
    try {
      const bundleDemo = await demoBundler();
      const child = join(work, 'profile-main.mjs');
      await bundleDemo({ entry: fileURLToPath(new URL('../demo-turn/profile-main.ts', import.meta.url)), outfile: child, features: 'none' });
      const rows: BenchRow[] = [];
      for (const tier of TIERS) {
        const { shares, turns } = await profileTier(tier, work, child, bundleDemo, ctx);
        if (shares.telemetryUs === 0) throw new Error(`${tier.label}: no sample fell in telemetry code; the bundle's module comments were not found`);
        rows.push(tierRow(tier, shares, turns), contextTrackingRow(tier, shares, turns));
      }
      return rows;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default suite;
