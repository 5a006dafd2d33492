import type { Attributes, AttributeValue, Link } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { scrubSecrets } from '../redact.js';

// Vault values (registered with registerSecretValue) may reach attributes the agent sets itself, e.g. an
// error text that echoes a token. The exporter is the last place before the network, so it scrubs there:
// off the span path, and objects are copied only when something actually changed.

function scrubValue(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value === 'string') return scrubSecrets(value);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const s = typeof v === 'string' ? scrubSecrets(v) : v;
      if (s !== v) changed = true;
      return s;
    });
    return changed ? (out as AttributeValue) : value;
  }
  return value;
}

export function scrubAttributes<T extends Attributes | undefined>(attributes: T): T {
  if (!attributes) return attributes;
  let copy: Attributes | undefined;
  for (const key of Object.keys(attributes)) {
    const before = attributes[key];
    const after = scrubValue(before);
    if (after !== before) (copy ??= { ...attributes })[key] = after;
  }
  return (copy ?? attributes) as T;
}

function scrubEvents(events: TimedEvent[]): TimedEvent[] {
  let changed = false;
  const out = events.map((event) => {
    const name = scrubSecrets(event.name);
    const attributes = scrubAttributes(event.attributes);
    if (name === event.name && attributes === event.attributes) return event;
    changed = true;
    return { ...event, name, attributes };
  });
  return changed ? out : events;
}

function scrubLinks(links: Link[]): Link[] {
  let changed = false;
  const out = links.map((link) => {
    const attributes = scrubAttributes(link.attributes);
    if (attributes === link.attributes) return link;
    changed = true;
    return { ...link, attributes };
  });
  return changed ? out : links;
}

/** The span itself when it holds no registered secret, else a view of it with the secrets replaced. */
export function scrubSpan(span: ReadableSpan): ReadableSpan {
  const name = scrubSecrets(span.name);
  const attributes = scrubAttributes(span.attributes);
  const events = scrubEvents(span.events);
  const links = scrubLinks(span.links);
  const statusMessage = span.status.message === undefined ? undefined : scrubSecrets(span.status.message);
  if (name === span.name && attributes === span.attributes && events === span.events && links === span.links && statusMessage === span.status.message) return span;
  // Own properties shadow the originals; methods such as spanContext() still come from the span.
  return Object.create(span, {
    name: { value: name },
    attributes: { value: attributes },
    events: { value: events },
    links: { value: links },
    status: { value: { ...span.status, message: statusMessage } },
  }) as ReadableSpan;
}

/** Metric data point attributes, copied only where a secret was found. */
export function scrubResourceMetrics(metrics: ResourceMetrics): ResourceMetrics {
  let changed = false;
  const scopeMetrics = metrics.scopeMetrics.map((scope) => ({
    ...scope,
    metrics: scope.metrics.map((metric) => {
      const dataPoints = (metric.dataPoints as { attributes: Attributes }[]).map((point) => {
        const attributes = scrubAttributes(point.attributes);
        if (attributes === point.attributes) return point;
        changed = true;
        return { ...point, attributes };
      });
      return { ...metric, dataPoints } as typeof metric;
    }),
  }));
  return changed ? { ...metrics, scopeMetrics } : metrics;
}
