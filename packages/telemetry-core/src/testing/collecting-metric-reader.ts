import { AggregationTemporality, MetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';

/** A metric reader for tests: each call collects afresh (cumulative temporality) and never exports. */
export class CollectingMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}

  /** The data points of one metric, after a fresh collection; none when it has not been recorded. */
  async points<V = number>(name: string): Promise<DataPoint<V>[]> {
    const { resourceMetrics } = await this.collect();
    const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
    return (metric?.dataPoints ?? []) as DataPoint<V>[];
  }

  /** The sum over the points of a number metric whose attributes include `attributes`. */
  async sum(name: string, attributes: Record<string, string>): Promise<number> {
    const points = await this.points<number>(name);
    return points.filter((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v)).reduce((total, p) => total + p.value, 0);
  }
}
