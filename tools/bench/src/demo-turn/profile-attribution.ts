// Splits a V8 CPU profile of a bundled demo run into the time spent in telemetry code and the rest.
// Wall-clock ratios on this shared machine drift by more than the effect; a profile's shares do
// not, because a slower machine slows every frame alike. Each sample is charged to the nearest
// frame on its stack that lies in the bundle, so Node internals and third-party code count for the
// module that called them (AsyncLocalStorage.run under the span API, sdk-metrics under core's
// instruments). Samples with no bundle frame on the stack (garbage collection, promise hooks run by
// the microtask queue) belong to no module, and idle samples are left out altogether. Node's
// async_hooks code not charged to telemetry is counted apart: it is what context tracking costs.

const ASYNC_HOOKS_URL = /^node:(internal\/)?async_hooks$/;

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShares {
  /** Sampled microseconds that were not idle. */
  busyUs: number;
  /** Of those, charged to telemetry modules. */
  telemetryUs: number;
  /** Charged to a bundle frame of any module. */
  bundleUs: number;
  /**
   * Spent in Node's async_hooks code and not charged to telemetry: the promise hooks that run for
   * every promise while an AsyncLocalStorage holds a store (context tracking), wherever they fire.
   */
  contextTrackingUs: number;
  /** Telemetry microseconds per function, as "name (file)", largest first. */
  telemetryFunctions: Array<{ name: string; us: number }>;
}

/**
 * esbuild writes `// path/to/module.ts` above each module it bundles (when not minifying): the
 * start line (0-based) of every module, in order.
 */
export function bundleModules(bundleText: string): Array<{ line: number; path: string }> {
  const modules: Array<{ line: number; path: string }> = [];
  const lines = bundleText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^\/\/ (\S+\.(?:ts|mts|js|mjs))$/.exec(lines[i]);
    if (match) modules.push({ line: i, path: match[1] });
  }
  return modules;
}

function moduleAt(modules: ReadonlyArray<{ line: number; path: string }>, line: number): string | undefined {
  let lo = 0;
  let hi = modules.length - 1;
  let found: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (modules[mid].line <= line) {
      found = modules[mid].path;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * `bundleUrl`: the bundle's file URL as the profile spells it; `isTelemetryModule`: whether a
 * module path (as esbuild wrote it) is telemetry code.
 */
export function attributeProfile(
  profile: CpuProfile,
  bundleText: string,
  bundleUrl: string,
  isTelemetryModule: (path: string) => boolean,
): ProfileShares {
  const modules = bundleModules(bundleText);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));

  let busyUs = 0;
  let telemetryUs = 0;
  let bundleUs = 0;
  let contextTrackingUs = 0;
  const byFunction = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    busyUs += us;
    let frame: typeof node | undefined = node;
    while (frame && frame.callFrame.url !== bundleUrl) frame = byId.get(parentOf.get(frame.id) ?? -1);
    if (frame) bundleUs += us;
    const path = frame && moduleAt(modules, frame.callFrame.lineNumber);
    if (!frame || path === undefined || !isTelemetryModule(path)) {
      if (ASYNC_HOOKS_URL.test(node.callFrame.url)) contextTrackingUs += us;
      continue;
    }
    telemetryUs += us;
    const name = `${frame.callFrame.functionName || '(anonymous)'} (${path.split('/').slice(-2).join('/')})`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  }
  const telemetryFunctions = [...byFunction].map(([name, us]) => ({ name, us })).sort((a, b) => b.us - a.us);
  return { busyUs, telemetryUs, bundleUs, contextTrackingUs, telemetryFunctions };
}
