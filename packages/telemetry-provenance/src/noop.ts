// The build without `profiling`: no spans exist, so no behavioral events are derived; the signed
// ledger and tool-call policies still work, since they protect the agent rather than observe it.
import { createProvenanceLayerWith, type ProvenanceLayer } from './provenance-layer.js';
import type { ProvenanceOptions } from './types.js';

export function createProvenanceLayer(options: ProvenanceOptions): ProvenanceLayer {
  return createProvenanceLayerWith(options, false);
}
export type { ProvenanceLayer } from './provenance-layer.js';
export * from './shared-exports.js';
