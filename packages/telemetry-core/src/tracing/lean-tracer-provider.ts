import type { Tracer, TracerOptions, TracerProvider } from '@opentelemetry/api';
import { LeanTracer, type LeanTracerSettings } from './lean-tracer.js';

/**
 * The tracer provider core registers: hands out LeanTracers that share one processor list, and
 * flushes and shuts those processors down together, as the SDK's provider does.
 */
export class LeanTracerProvider implements TracerProvider {
  private readonly tracers = new Map<string, LeanTracer>();

  constructor(private readonly settings: LeanTracerSettings) {}

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    const key = `${name}@${version ?? ''}:${options?.schemaUrl ?? ''}`;
    let tracer = this.tracers.get(key);
    if (!tracer) {
      tracer = new LeanTracer(this.settings, { name, version, schemaUrl: options?.schemaUrl });
      this.tracers.set(key, tracer);
    }
    return tracer;
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.settings.processors.map((p) => p.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.settings.processors.map((p) => p.shutdown()));
  }
}
