import type { Meter } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { TelemetryConfig } from '../config/schema.js';
import { createLogger } from '../global-registry.js';
import { installMeterProvider } from '../metric-instruments.js';
import { OTLP_ATTRIBUTES, OTLP_METRICS } from '../spans.js';
import type { LayerContext, Logger } from '../types.js';
import { BoundedBatchSpanProcessor } from './bounded-batch-span-processor.js';
import { DropReporter } from './drop-reporter.js';
import { OtlpHttpSender } from './otlp-http-sender.js';
import { encodeTraceExportRequest } from './otlp-trace-encoder.js';
import { OtlpLogExporter } from './otlp-log-exporter.js';
import { OtlpMetricExporter } from './otlp-metric-exporter.js';
import { otlpSignalUrl } from './otlp-url.js';
import type { OtlpLayer, OtlpLayerOptions } from './otlp-types.js';
import { SampleGauges } from './sample-gauges.js';
import { scrubSpan } from './scrub-for-export.js';
import { scrubSecrets } from '../redact.js';
import { telemetryResourceAttributes } from '../resource-attributes.js';

const METER_NAME = '@zeph/telemetry-otlp';


/**
 * The OTLP tier: spans through a bounded batching processor, metrics (core instruments and recorded
 * samples as gauges) through a periodic reader, both as http/protobuf with bounded retries. Nothing
 * here can block or fail the agent: failures become counted drops and one log line per burst.
 */
export async function createOtlpLayer(config: TelemetryConfig, options: OtlpLayerOptions = {}): Promise<OtlpLayer> {
  let log: Logger = createLogger('otlp-layer');
  const senderOptions = { headers: options.headers, attemptTimeoutMs: options.attemptTimeoutMs, retry: options.retry };
  const traceSender = new OtlpHttpSender({ url: otlpSignalUrl(config.otlp_endpoint, 'traces'), ...senderOptions });
  const metricSender = new OtlpHttpSender({ url: otlpSignalUrl(config.otlp_endpoint, 'metrics'), ...senderOptions });
  const logSender = new OtlpHttpSender({ url: otlpSignalUrl(config.otlp_endpoint, 'logs'), ...senderOptions });
  const shutdownDeadlineMs = options.shutdownDeadlineMs ?? 3000;

  const drops = new DropReporter(() => log);
  let exportedSpans = 0;
  let failedMetricExports = 0;
  const processor = new BoundedBatchSpanProcessor(
    {
      async exportBatch(spans, signal) {
        let body: Uint8Array;
        try {
          body = encodeTraceExportRequest(spans.map(scrubSpan));
        } catch (error) {
          return { ok: false, attempts: 0, reason: `spans could not be serialized: ${scrubSecrets(error instanceof Error ? error.message : String(error))}` };
        }
        return traceSender.send(body, signal);
      },
      onDrop: (count, reason, detail) => drops.drop(count, reason, detail),
      onExported(count) {
        exportedSpans += count;
        drops.recovered();
      },
    },
    { shutdownDeadlineMs, ...options.batch },
  );

  const gauges = new SampleGauges();
  let meterProvider: MeterProvider | undefined;
  let metricExporter: OtlpMetricExporter | undefined;
  let reportedMetricFailure = false;
  let droppedMetricExports: { add(n: number): void } | undefined;
  let logExporter: OtlpLogExporter | undefined;
  let exportedLogs = 0;
  let droppedLogs = 0;
  let logDropBurst = false;
  let droppedLogCounter: { add(n: number, attributes: Record<string, string>): void } | undefined;

  // One warning per burst of dropped log records, as for spans. The warning itself is a log record and
  // may be dropped in turn, but while the burst lasts no further line is written: no feedback loop.
  function startLogs(resource: Resource): void {
    if (options.logs === false) return;
    logExporter = new OtlpLogExporter(logSender, resource, {
      minLevel: options.logs?.minLevel,
      intervalMs: options.logs?.exportIntervalMs,
      onDrop(count, reason, detail) {
        droppedLogs += count;
        droppedLogCounter?.add(count, { [OTLP_ATTRIBUTES.dropReason]: reason });
        if (logDropBurst) return;
        logDropBurst = true;
        log.warn(`OTLP log export is dropping records (${reason}${detail ? `: ${detail}` : ''}); further drops are counted in ${OTLP_METRICS.droppedLogRecords} until an export succeeds`);
      },
      onExported(count) {
        exportedLogs += count;
        logDropBurst = false;
      },
    });
    logExporter.start();
  }

  function startMetrics(resource: Resource): void {
    metricExporter = new OtlpMetricExporter(metricSender, {
      onFailedExport(reason) {
        failedMetricExports++;
        droppedMetricExports?.add(1);
        if (reportedMetricFailure) return;
        reportedMetricFailure = true;
        log.warn(`OTLP metric export failed (${reason}); later failures are counted in ${OTLP_METRICS.droppedMetricExports}`);
      },
    });
    const interval = options.metricExportIntervalMs ?? 10_000;
    meterProvider = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: interval, exportTimeoutMillis: interval }),
      ],
    });
    const meter: Meter = meterProvider.getMeter(METER_NAME);
    const droppedSpansCounter = meter.createCounter(OTLP_METRICS.droppedSpans, {
      description: 'Finished spans that never reached the OTLP endpoint',
      unit: '{span}',
    });
    drops.attachCounter({ add: (n, reason) => droppedSpansCounter.add(n, { [OTLP_ATTRIBUTES.dropReason]: reason }) });
    droppedMetricExports = meter.createCounter(OTLP_METRICS.droppedMetricExports, {
      description: 'Metric export batches given up after the retries',
      unit: '{batch}',
    });
    droppedLogCounter = meter.createCounter(OTLP_METRICS.droppedLogRecords, {
      description: 'Log records that never reached the OTLP endpoint',
      unit: '{record}',
    });
    gauges.attach(meter);
    // Core's counters and histograms (llm, channels, memory...) re-resolve onto this provider.
    installMeterProvider(meterProvider);
  }

  return {
    kind: 'otlp',
    spanProcessor: processor,
    start(ctx: LayerContext) {
      log = ctx.log;
      // The same resource as the spans', so that Grafana joins a service's traces, metrics and logs.
      const resource = defaultResource().merge(
        resourceFromAttributes(telemetryResourceAttributes(config, { serviceVersion: options.serviceVersion, sessionId: ctx.sessionId })),
      );
      startMetrics(resource);
      startLogs(resource);
    },
    onLog(record) {
      logExporter?.add(record);
    },
    onSample(sample) {
      gauges.record(sample);
    },
    async forceFlush() {
      await Promise.all([processor.forceFlush(), logExporter && withDeadline(logExporter.flush(), options.batch?.flushDeadlineMs ?? 10_000)]);
      if (meterProvider) await withDeadline(meterProvider.forceFlush().catch(() => {}), options.batch?.flushDeadlineMs ?? 10_000);
    },
    async shutdown() {
      // Spans and logs flush side by side, each within the deadline, so a dead endpoint delays exit once.
      await Promise.all([processor.shutdown(), logExporter?.shutdown(shutdownDeadlineMs)]);
      if (meterProvider) {
        const provider = meterProvider;
        installMeterProvider(undefined);
        // The final metric export gets the same deadline as the spans; then any retry still running is cut.
        await withDeadline(provider.shutdown().catch(() => {}), shutdownDeadlineMs);
        await metricExporter?.shutdown();
      }
      traceSender.close();
      metricSender.close();
      logSender.close();
    },
    stats() {
      return {
        exportedSpans,
        droppedSpans: drops.dropped,
        droppedByReason: {
          queue_full: drops.droppedBy('queue_full'),
          export_failed: drops.droppedBy('export_failed'),
          shutdown_deadline: drops.droppedBy('shutdown_deadline'),
        },
        queuedSpans: processor.queuedCount,
        failedMetricExports,
        exportedLogs,
        droppedLogs,
      };
    },
  };
}

function withDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    void work.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
