// Cost per span on the caller: our withSpan (with the local Chrome tier, or with the same no-op
// exporter) against a raw OpenTelemetry SDK setup (BasicTracerProvider + BatchSpanProcessor + no-op
// exporter). Batches alternate ours/raw; exporting and file writes happen between batches, off the
// span path, as they do in the agent.
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { WorkloadModule } from './workload-bundles.js';

type ExportCallback = Parameters<SpanExporter['export']>[1];
/** ExportResultCode.SUCCESS of @opentelemetry/core. */
const SUCCESS = 0;

/** Accepts every batch and drops it. */
export class NoopSpanExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: ExportCallback): void {
    this.exported += spans.length;
    done({ code: SUCCESS });
  }
  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

export interface SpanCost {
  oursNs: number[];
  rawNs: number[];
}

async function timeBatch(batch: number, makeSpan: () => void): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) makeSpan();
  const ns = Number(process.hrtime.bigint() - start);
  await yieldToLoop();
  return ns / batch;
}

/**
 * With our telemetry started by `start` (its AsyncLocalStorage context manager is global, so both
 * sides pay the same context cost), alternates batches of our spans and raw SDK spans.
 */
export async function measureSpanCost(
  workload: WorkloadModule,
  start: () => Promise<{ shutdown(): Promise<void> }>,
  options: { batch: number; runs: number },
): Promise<SpanCost> {
  const handle = await start();
  const rawProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new NoopSpanExporter(), { maxQueueSize: 1 << 16, maxExportBatchSize: 2048 })] });
  const rawTracer = rawProvider.getTracer('bench-raw-sdk');
  const ours = () => workload.withSpan('bench.span', () => undefined);
  const raw = () => rawTracer.startActiveSpan('bench.span', (span) => span.end());
  try {
    for (let w = 0; w < 3; w++) {
      await timeBatch(options.batch, ours);
      await timeBatch(options.batch, raw);
    }
    const cost: SpanCost = { oursNs: [], rawNs: [] };
    for (let r = 0; r < options.runs; r++) {
      // ABBA order so that drift during the run does not favour one side.
      if (r % 2 === 0) {
        cost.oursNs.push(await timeBatch(options.batch, ours));
        cost.rawNs.push(await timeBatch(options.batch, raw));
      } else {
        cost.rawNs.push(await timeBatch(options.batch, raw));
        cost.oursNs.push(await timeBatch(options.batch, ours));
      }
    }
    return cost;
  } finally {
    await rawProvider.shutdown();
    await handle.shutdown();
  }
}
