import { isTelemetryActive, withSpan } from '@zeph/telemetry-core';
import { MEMORY_ATTRIBUTES, MEMORY_SPANS } from './spans.js';
import type { VectorIndex, VectorPoint, VectorQuery } from './types.js';

/** Wraps any vector index so each operation runs in a memory.vector_store span. */
export function instrumentVectorIndex(index: VectorIndex): VectorIndex {
  const startAttributes = (operation: string) =>
    isTelemetryActive()
      ? {
          [MEMORY_ATTRIBUTES.operation]: operation,
          [MEMORY_ATTRIBUTES.backend]: index.backend,
          [MEMORY_ATTRIBUTES.collection]: index.collection,
          [MEMORY_ATTRIBUTES.dimensions]: index.dimensions,
        }
      : undefined;
  return {
    backend: index.backend,
    collection: index.collection,
    dimensions: index.dimensions,
    upsert: (points: readonly VectorPoint[]) =>
      withSpan(
        MEMORY_SPANS.vectorStore,
        (span) => {
          if (span.isRecording) {
            span.setAttribute(MEMORY_ATTRIBUTES.rows, points.length);
            span.setAttribute(MEMORY_ATTRIBUTES.bytes, points.length * index.dimensions * 4);
          }
          return index.upsert(points);
        },
        startAttributes('upsert'),
      ),
    search: (query: VectorQuery) =>
      withSpan(
        MEMORY_SPANS.vectorStore,
        async (span) => {
          span.setAttribute(MEMORY_ATTRIBUTES.k, query.k);
          const matches = await index.search(query);
          if (span.isRecording) {
            span.setAttribute(MEMORY_ATTRIBUTES.hitCount, matches.length);
            if (matches.length > 0) span.setAttribute(MEMORY_ATTRIBUTES.topScore, matches[0].score);
          }
          return matches;
        },
        startAttributes('search'),
      ),
    delete: (ids: readonly number[]) =>
      withSpan(
        MEMORY_SPANS.vectorStore,
        (span) => {
          span.setAttribute(MEMORY_ATTRIBUTES.rows, ids.length);
          return index.delete(ids);
        },
        startAttributes('delete'),
      ),
  };
}
