// Public surface of @zeph/telemetry-provenance (the `profiling` build).
import { createProvenanceLayerWith, type ProvenanceLayer } from './provenance-layer.js';
import type { ProvenanceOptions } from './types.js';

export function createProvenanceLayer(options: ProvenanceOptions): ProvenanceLayer {
  return createProvenanceLayerWith(options, true);
}
export type { ProvenanceLayer } from './provenance-layer.js';
export * from './shared-exports.js';
