// Cost per span on the caller: our withSpan (with the local Chrome tier, or with the same no-op
// exporter) against a raw OpenTelemetry SDK setup (BasicTracerProvider + BatchSpanProcessor + no-op
// exporter). Batches alternate ours/raw; exporting and file writes happen between batches, off the
// span path, as they do in the agent.
import { join } from 'node:path';
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

interface StartedTelemetry {
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Times one batch; then, outside the timing, lets exporters and the trace writer catch up. */
async function timeBatch(batch: number, makeSpan: () => void, settle: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) makeSpan();
  const ns = Number(process.hrtime.bigint() - start);
  await settle();
  await yieldToLoop();
  return ns / batch;
}

/**
 * With our telemetry started by `start` (its AsyncLocalStorage context manager is global, so both
 * sides pay the same context cost), alternates batches of our spans and raw SDK spans.
 */
export async function measureSpanCost(
  workload: WorkloadModule,
  start: () => Promise<StartedTelemetry>,
  options: { batch: number; runs: number },
): Promise<SpanCost> {
  const handle = await start();
  const rawProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new NoopSpanExporter(), { maxQueueSize: 1 << 16, maxExportBatchSize: 2048 })] });
  const rawTracer = rawProvider.getTracer('bench-raw-sdk');
  const ours = () => workload.withSpan('bench.span', () => undefined);
  const raw = () => rawTracer.startActiveSpan('bench.span', (span) => span.end());
  // Without this the Chrome writer's bounded buffer fills and drops, which would flatter our side.
  const settleOurs = async () => handle.forceFlush?.();
  const settleRaw = async () => rawProvider.forceFlush();
  try {
    for (let w = 0; w < 3; w++) {
      await timeBatch(options.batch, ours, settleOurs);
      await timeBatch(options.batch, raw, settleRaw);
    }
    const cost: SpanCost = { oursNs: [], rawNs: [] };
    for (let r = 0; r < options.runs; r++) {
      // ABBA order so that drift during the run does not favour one side.
      if (r % 2 === 0) {
        cost.oursNs.push(await timeBatch(options.batch, ours, settleOurs));
        cost.rawNs.push(await timeBatch(options.batch, raw, settleRaw));
      } else {
        cost.rawNs.push(await timeBatch(options.batch, raw, settleRaw));
        cost.oursNs.push(await timeBatch(options.batch, ours, settleOurs));
      }
    }
    return cost;
  } finally {
    await rawProvider.shutdown();
    await handle.shutdown();
  }
}

/** The two setups of our side: the local Chrome tier, and the raw SDK's own no-op exporter as a layer. */
export function spanCostSetups(workload: WorkloadModule, workDir: string): { local: () => Promise<StartedTelemetry>; sameExporter: () => Promise<StartedTelemetry> } {
  const localConfig = workload.telemetryConfigSchema.parse({ enabled: true, backend: 'local', trace_dir: join(workDir, 'span-traces') });
  const bareConfig = workload.telemetryConfigSchema.parse({ enabled: true });
  return {
    local: () => workload.initTelemetry({ config: localConfig, logFile: false, handleSignals: false }),
    sameExporter: () => {
      const layer = { kind: 'bench-noop-export', spanProcessor: new BatchSpanProcessor(new NoopSpanExporter(), { maxQueueSize: 1 << 16, maxExportBatchSize: 2048 }) };
      return workload.initTelemetry({ config: bareConfig, logFile: false, handleSignals: false, withoutBackend: true, layers: [layer] });
    },
  };
}
