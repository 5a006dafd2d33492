// Turns ZEPH_FEATURES into the export conditions a bundler (or `node --conditions`) resolves.
// Features mirror the Cargo features of the original design; children imply their parent.
export const ALL_FEATURES = ['profiling', 'profiling-alloc', 'profiling-pyroscope', 'otel'];
const PARENT = { 'profiling-alloc': 'profiling', 'profiling-pyroscope': 'profiling' };

/** Default build profile when ZEPH_FEATURES is unset: local Chrome traces. */
export const DEFAULT_FEATURES = ['profiling'];

export function parseFeatures(raw) {
  if (raw === undefined) return [...DEFAULT_FEATURES];
  const names = raw.split(/[\s,]+/).filter((n) => n !== '' && n !== 'none');
  const unknown = names.filter((n) => !ALL_FEATURES.includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `ZEPH_FEATURES: unknown feature ${unknown.map((n) => JSON.stringify(n)).join(', ')}; ` +
        `known features are ${ALL_FEATURES.join(', ')} (or "none")`,
    );
  }
  const set = new Set(names);
  for (const n of names) if (PARENT[n]) set.add(PARENT[n]);
  return ALL_FEATURES.filter((f) => set.has(f));
}

export function conditionsFor(features) {
  return features.map((f) => `zeph-${f}`);
}

export function resolveBuildProfile(env = process.env) {
  const features = parseFeatures(env.ZEPH_FEATURES);
  return { features, conditions: conditionsFor(features) };
}
