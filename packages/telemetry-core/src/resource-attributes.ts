import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Attributes } from '@opentelemetry/api';
import type { TelemetryConfig } from './config/schema.js';
import { OTEL_ENV, parseResourceAttributes, readOtelVariable } from './config/otel-env.js';
import { CORE_ATTRIBUTES, OTLP_ATTRIBUTES } from './spans.js';

// One id for this process's spans, metrics and logs alike, as the semantic conventions ask of
// service.instance.id: it tells two replicas of the same service apart in Tempo and Grafana.
const SERVICE_INSTANCE_ID = randomUUID();

export interface TelemetryResourceOptions {
  sessionId?: string;
  serviceVersion?: string;
  /** Where OTEL_RESOURCE_ATTRIBUTES is read (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Told once when OTEL_RESOURCE_ATTRIBUTES cannot be used. */
  warn?: (message: string) => void;
}

/**
 * The resource attributes of spans and metrics alike: OTEL_RESOURCE_ATTRIBUTES (deployment.environment,
 * service.namespace, ...), then ours, which win: service.name is the config's service_name.
 */
export function telemetryResourceAttributes(config: TelemetryConfig, options: TelemetryResourceOptions = {}): Attributes {
  const raw = readOtelVariable(options.env ?? process.env, OTEL_ENV.resourceAttributes);
  let fromEnv: Record<string, string> = {};
  if (raw !== undefined) {
    const parsed = parseResourceAttributes(raw);
    if (parsed.ok) fromEnv = parsed.attributes;
    else options.warn?.(`environment variable ${OTEL_ENV.resourceAttributes} is ignored: ${parsed.problem}`);
  }
  return {
    // An operator may name the instance (a pod uid, say) through OTEL_RESOURCE_ATTRIBUTES.
    [OTLP_ATTRIBUTES.serviceInstanceId]: SERVICE_INSTANCE_ID,
    ...fromEnv,
    [OTLP_ATTRIBUTES.serviceName]: config.service_name,
    ...(options.serviceVersion ? { [OTLP_ATTRIBUTES.serviceVersion]: options.serviceVersion } : {}),
    [OTLP_ATTRIBUTES.hostName]: hostname(),
    [OTLP_ATTRIBUTES.processPid]: process.pid,
    [OTLP_ATTRIBUTES.processRuntimeName]: 'nodejs',
    [OTLP_ATTRIBUTES.processRuntimeVersion]: process.versions.node,
    ...(options.sessionId ? { [CORE_ATTRIBUTES.sessionId]: options.sessionId } : {}),
  };
}
