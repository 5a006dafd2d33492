import type { TraceEvent } from './trace-event.js';

/** Why a complete (X) event cannot be read as a span, or undefined when it can. */
export function unreadableSpanReason(event: TraceEvent): string | undefined {
  if (typeof event.name !== 'string') return `it has no name (got ${JSON.stringify(event.name) ?? 'nothing'})`;
  if (typeof event.ts !== 'number' || !Number.isFinite(event.ts)) return `its ts is not a number (got ${JSON.stringify(event.ts) ?? 'nothing'})`;
  if (typeof event.dur !== 'number' || !Number.isFinite(event.dur)) return `its dur is not a number (got ${JSON.stringify(event.dur) ?? 'nothing'})`;
  return undefined;
}

export interface UnreadableSpansReport {
  count: number;
  /** Where the first one was, and why it could not be read. */
  first?: { index: number; line: number; reason: string };
}

/** A complete event that reads as a span. */
export type SpanEvent = TraceEvent & { ph: 'X'; name: string; ts: number; dur: number };

/**
 * Complete events that the span commands leave out because they cannot be read as spans: counted,
 * with the place of the first, so that a summary never drops events without saying so.
 */
export class UnreadableSpans {
  readonly report: UnreadableSpansReport = { count: 0 };

  /** True for a complete event that reads as a span; a complete event that does not is counted. */
  isSpan(event: TraceEvent, index: number, line: number): event is SpanEvent {
    if (event.ph !== 'X') return false;
    const reason = unreadableSpanReason(event);
    if (reason === undefined) return true;
    this.report.count++;
    this.report.first ??= { index, line, reason };
    return false;
  }
}

/** The note the CLI prints for them, or undefined when there were none. */
export function unreadableSpansNote(report: UnreadableSpansReport | undefined): string | undefined {
  if (!report || report.count === 0 || !report.first) return undefined;
  const { index, line, reason } = report.first;
  const what = report.count === 1 ? '1 complete event' : `${report.count} complete events`;
  return `${what} could not be read as spans and were left out (the first, event ${index} on line ${line}: ${reason}); zeph-trace validate lists every problem`;
}
