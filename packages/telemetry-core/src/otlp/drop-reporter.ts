import type { Logger } from '../types.js';
import type { DropReason } from './bounded-batch-span-processor.js';

export interface DropCounterSink {
  add(value: number, reason: DropReason): void;
}

/**
 * Counts dropped spans and logs one line per burst: the first drop after a healthy period is logged,
 * later drops are only counted until an export succeeds again. A dead collector therefore costs one
 * log line, not one per span.
 */
export class DropReporter {
  private total = 0;
  private readonly byReason: Record<DropReason, number> = { queue_full: 0, export_failed: 0, shutdown_deadline: 0 };
  private inBurst = false;
  private burstCount = 0;
  private counter: DropCounterSink | undefined;

  constructor(private readonly log: () => Logger) {}

  /** Where counts go as a metric once the meter provider exists. */
  attachCounter(counter: DropCounterSink | undefined): void {
    this.counter = counter;
  }

  drop(count: number, reason: DropReason, detail?: string): void {
    this.total += count;
    this.byReason[reason] += count;
    this.burstCount += count;
    this.counter?.add(count, reason);
    if (this.inBurst) return;
    this.inBurst = true;
    this.log().warn(
      `OTLP span export is dropping spans (${reason}${detail ? `: ${detail}` : ''}); ` +
        'further drops are counted in zeph.telemetry.dropped_spans until an export succeeds',
    );
  }

  /** An export went through: the next drop starts a new burst (and a new log line). */
  recovered(): void {
    if (!this.inBurst) return;
    this.inBurst = false;
    this.log().debug(`OTLP span export recovered after dropping ${this.burstCount} spans`);
    this.burstCount = 0;
  }

  get dropped(): number {
    return this.total;
  }

  droppedBy(reason: DropReason): number {
    return this.byReason[reason];
  }
}
