import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { AggregationTemporality, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { OtlpHttpSender } from './otlp-http-sender.js';
import { scrubResourceMetrics } from './scrub-for-export.js';

export interface OtlpMetricExporterHooks {
  /** A batch of metrics was given up after the retries. */
  onFailedExport(reason: string): void;
}

/** Pushes metric batches as OTLP protobuf through the shared retrying sender; failures never throw. */
export class OtlpMetricExporter implements PushMetricExporter {
  private readonly abort = new AbortController();

  constructor(
    private readonly sender: OtlpHttpSender,
    private readonly hooks: OtlpMetricExporterHooks,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    const body = ProtobufMetricsSerializer.serializeRequest(scrubResourceMetrics(metrics));
    if (!body) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('metrics could not be serialized') });
      return;
    }
    void this.sender.send(body, this.abort.signal).then((outcome) => {
      if (outcome.ok) resultCallback({ code: ExportResultCode.SUCCESS });
      else {
        this.hooks.onFailedExport(outcome.reason);
        resultCallback({ code: ExportResultCode.FAILED, error: new Error(`OTLP metric export failed: ${outcome.reason}`) });
      }
    });
  }

  // Cumulative suits Prometheus-style backends (the OTLP receiver of Prometheus expects it).
  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  async forceFlush(): Promise<void> {}

  /** Cuts short any export still retrying. */
  async shutdown(): Promise<void> {
    this.abort.abort();
  }
}
