// The attribution of profile samples to telemetry code, on a small hand-made profile whose answer
// is known: every rule (nearest bundled frame, module boundaries, idle left out, samples without a
// bundled frame counted as busy but not as telemetry, promise hooks counted apart unless under a
// telemetry frame) changes the figures if broken.
import { describe, expect, it } from 'vitest';
import { attributeProfile, bundleModules, type CpuProfile } from './profile-attribution.js';

const BUNDLE_URL = 'file:///tmp/workload.mjs';
// Line numbers are 0-based, as in V8 profiles: the app module spans lines 0-9, core 10-19.
const BUNDLE = ['// apps/demo-agent/src/agent/turn.ts', ...Array(9).fill('app code'), '// packages/telemetry-core/src/span-api.ts', ...Array(9).fill('core code')].join('\n');

function frame(id: number, functionName: string, url: string, lineNumber: number, children: number[] = []) {
  return { id, callFrame: { functionName, url, lineNumber }, children };
}

const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', -1, [2, 6, 8, 9, 11]),
    frame(2, 'turn', BUNDLE_URL, 3, [3, 10]),
    frame(3, 'runInSpan', BUNDLE_URL, 12, [4, 5]),
    frame(4, 'run', 'node:async_hooks', 300), // AsyncLocalStorage.run under the span API: telemetry
    frame(5, 'recall', BUNDLE_URL, 5), // the agent's work inside a span: not telemetry
    frame(6, 'runMicrotasks', '', -1, [7]),
    frame(7, 'parse', 'file:///node_modules/openai/index.mjs', 40), // no bundled frame above it
    frame(8, '(idle)', '', -1),
    frame(9, '(garbage collector)', '', -1),
    frame(10, 'promiseInitHook', 'node:internal/async_hooks', 50), // context tracking, under the app's frame
    frame(11, 'runMicrotasks', '', -1, [12]),
    frame(12, 'promiseAfterHook', 'node:internal/async_hooks', 60), // context tracking, no bundled frame
  ],
  samples: [3, 4, 4, 5, 5, 5, 7, 8, 8, 8, 9, 2, 10, 12, 12],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
};

describe('CPU profile attribution', () => {
  it('reads the module boundaries esbuild writes', () => {
    expect(bundleModules(BUNDLE)).toEqual([
      { line: 0, path: 'apps/demo-agent/src/agent/turn.ts' },
      { line: 10, path: 'packages/telemetry-core/src/span-api.ts' },
    ]);
  });

  it('charges each busy sample to the module of the nearest bundled frame', () => {
    const shares = attributeProfile(profile, BUNDLE, BUNDLE_URL, (path) => path.startsWith('packages/telemetry-core/'));
    expect(shares.busyUs).toBe(1200); // 15 samples less 3 idle
    expect(shares.bundleUs).toBe(800); // not the openai continuation, the collector or the hooks run by the microtask queue
    expect(shares.telemetryUs).toBe(300); // runInSpan itself and the AsyncLocalStorage.run under it
    expect(shares.contextTrackingUs).toBe(300); // the promise hooks outside telemetry frames, not run under runInSpan
    expect(shares.telemetryFunctions).toEqual([{ name: 'runInSpan (src/span-api.ts)', us: 300 }]);
  });

  it('finds no telemetry in a profile of another file', () => {
    const shares = attributeProfile(profile, BUNDLE, 'file:///tmp/other.mjs', () => true);
    expect(shares.bundleUs).toBe(0);
    expect(shares.telemetryUs).toBe(0);
  });
});
