import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { scrubSecrets } from '../redact.js';
import { encodeSpans, type EncodedSpan } from './otlp-trace-encoder.js';
import { scrubSpan } from './scrub-for-export.js';

export interface PreparedSpans {
  prepared: EncodedSpan[];
  /** Spans left out because they could not be encoded. */
  failed: number;
  /** Why the first of them failed (secrets scrubbed). */
  reason?: string;
}

/**
 * Scrubs and encodes ended spans for the OTLP queue. When the batch as a whole cannot be encoded,
 * each span is tried on its own: one bad span costs only itself.
 */
export function encodeForExport(spans: readonly ReadableSpan[]): PreparedSpans {
  try {
    return { prepared: encodeSpans(spans.map(scrubSpan)), failed: 0 };
  } catch {
    const prepared: EncodedSpan[] = [];
    let reason: string | undefined;
    for (const span of spans) {
      try {
        prepared.push(...encodeSpans([scrubSpan(span)]));
      } catch (error) {
        reason ??= scrubSecrets(`span ${span.name} could not be serialized: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { prepared, failed: spans.length - prepared.length, reason };
  }
}
