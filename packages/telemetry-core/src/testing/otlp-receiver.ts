import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

// The official opentelemetry-proto definitions, as shipped in the npm package
// @opentelemetry/otlp-grpc-exporter-base@0.36.1 (build/protos, proto release with ScopeSpans).
// Decoding with them, not with the exporter's own encoder, checks what is really on the wire.
const require = createRequire(import.meta.url);
const PROTO_ROOT = join(dirname(require.resolve('@opentelemetry/otlp-grpc-exporter-base/package.json')), 'build', 'protos');

let protoRoot: protobuf.Root | undefined;
function loadProtos(): protobuf.Root {
  if (protoRoot) return protoRoot;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_ROOT, target);
  root.loadSync([
    'opentelemetry/proto/collector/trace/v1/trace_service.proto',
    'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
    'opentelemetry/proto/collector/logs/v1/logs_service.proto',
  ]);
  protoRoot = root;
  return root;
}

export type AttributeMap = Record<string, unknown>;

export interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: number;
  status: { code: number; message?: string };
  /** Nanoseconds since the Unix epoch, as decimal text (they exceed 2^53). */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: AttributeMap;
  events: { name: string; timeUnixNano: string; attributes: AttributeMap }[];
  links: { traceId: string; spanId: string; attributes: AttributeMap }[];
  resource: AttributeMap;
  scope: string;
}

export interface ReceivedMetricPoint {
  name: string;
  kind: 'gauge' | 'sum' | 'histogram' | 'other';
  value?: number;
  count?: number;
  sum?: number;
  /** Sums only: whether the sum is monotonic (a counter). */
  monotonic?: boolean;
  attributes: AttributeMap;
  resource: AttributeMap;
}

export interface ReceivedLogRecord {
  body: unknown;
  severityNumber: number;
  severityText: string;
  /** Nanoseconds since the Unix epoch, as decimal text. */
  timeUnixNano: string;
  traceId: string;
  spanId: string;
  flags: number;
  attributes: AttributeMap;
  resource: AttributeMap;
  scope: string;
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  contentType: string | undefined;
  bodyBytes: number;
}

/** What the receiver does with a request: answer with a status, stall, or hang forever (black hole). */
export type ReceiverReply =
  | { status: number; headers?: Record<string, string>; delayMs?: number }
  | { hang: true };

export type ReceiverBehaviour = (request: ReceivedRequest, index: number) => ReceiverReply;

const OK: ReceiverBehaviour = () => ({ status: 200 });

/**
 * A loopback OTLP/HTTP receiver (port 0) that decodes protobuf bodies with the official .proto files.
 * A stand-in for a collector: no OpenTelemetry Collector binary can run here.
 */
export class OtlpTestReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly spans: ReceivedSpan[] = [];
  readonly metricPoints: ReceivedMetricPoint[] = [];
  readonly logRecords: ReceivedLogRecord[] = [];
  /** Spans in the body of request `index`, whatever the answer was. */
  spansInRequest(index: number): ReceivedSpan[] {
    return decodeTraceRequest(this.rawBodies[index]);
  }

  /** Raw bodies, for scans that look for values that must never be sent. */
  readonly rawBodies: Buffer[] = [];
  behaviour: ReceiverBehaviour = OK;
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private readonly sockets = new Set<Socket>();
  private waiters: (() => void)[] = [];

  static async start(behaviour?: ReceiverBehaviour): Promise<OtlpTestReceiver> {
    const receiver = new OtlpTestReceiver();
    if (behaviour) receiver.behaviour = behaviour;
    receiver.server.on('connection', (socket) => {
      receiver.sockets.add(socket);
      socket.on('close', () => receiver.sockets.delete(socket));
    });
    receiver.server.listen(0, '127.0.0.1');
    await once(receiver.server, 'listening');
    return receiver;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  requestsTo(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  spanNames(): string[] {
    return this.spans.map((s) => s.name);
  }

  /** Resolves once `predicate` holds after some request arrived (checked on every request). */
  async waitFor(predicate: () => boolean, what: string, limitMs = 15_000): Promise<void> {
    const started = Date.now();
    while (!predicate()) {
      if (Date.now() - started > limitMs) throw new Error(`receiver: gave up waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100).unref();
      });
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const record: ReceivedRequest = {
      path: req.url ?? '',
      headers: req.headers,
      contentType: req.headers['content-type'],
      bodyBytes: body.length,
    };
    const index = this.requests.length;
    this.requests.push(record);
    this.rawBodies.push(body);
    const reply = this.behaviour(record, index);
    if ('hang' in reply) {
      this.wake();
      return; // Never answers: the socket stays open until the client gives up or close() runs.
    }
    if (reply.status >= 200 && reply.status < 300) this.decode(record.path, body);
    this.wake();
    const send = () => {
      res.writeHead(reply.status, { 'content-type': 'application/x-protobuf', ...reply.headers });
      res.end();
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private decode(path: string, body: Buffer): void {
    const root = loadProtos();
    if (path === '/v1/traces') this.spans.push(...decodeTraceRequest(body));
    else if (path === '/v1/logs') this.logRecords.push(...decodeLogsRequest(body));
    else if (path === '/v1/metrics') {
      const type = root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
      const message = type.toObject(type.decode(body), { longs: Number, bytes: String, defaults: false, oneofs: true }) as any;
      for (const rm of message.resourceMetrics ?? []) {
        const resource = attributesOf(rm.resource?.attributes);
        for (const sm of rm.scopeMetrics ?? []) {
          for (const metric of sm.metrics ?? []) this.metricPoints.push(...pointsOf(metric, resource));
        }
      }
    }
  }
}


/** Decodes an ExportTraceServiceRequest body into flat spans (also for bodies the receiver refused). */
export function decodeTraceRequest(body: Buffer): ReceivedSpan[] {
  const type = loadProtos().lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
  const out: ReceivedSpan[] = [];
  const message = type.toObject(type.decode(body), { longs: String, bytes: String, defaults: true, oneofs: true }) as any;
  for (const rs of message.resourceSpans ?? []) {
    const resource = attributesOf(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        out.push({
          name: span.name,
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
          kind: span.kind,
          status: { code: span.status?.code ?? 0, message: span.status?.message },
          startTimeUnixNano: String(span.startTimeUnixNano),
          endTimeUnixNano: String(span.endTimeUnixNano),
          attributes: attributesOf(span.attributes),
          events: (span.events ?? []).map((e: any) => ({ name: e.name, timeUnixNano: String(e.timeUnixNano), attributes: attributesOf(e.attributes) })),
          links: (span.links ?? []).map((l: any) => ({ traceId: hex(l.traceId), spanId: hex(l.spanId), attributes: attributesOf(l.attributes) })),
          resource,
          scope: ss.scope?.name ?? '',
        });
      }
    }
  }
  return out;
}

/** Decodes an ExportLogsServiceRequest body into flat log records. */
export function decodeLogsRequest(body: Buffer): ReceivedLogRecord[] {
  const type = loadProtos().lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
  const out: ReceivedLogRecord[] = [];
  const message = type.toObject(type.decode(body), { longs: String, bytes: String, defaults: true, oneofs: true }) as any;
  for (const rl of message.resourceLogs ?? []) {
    const resource = attributesOf(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      for (const record of sl.logRecords ?? []) {
        out.push({
          body: anyValue(record.body),
          severityNumber: record.severityNumber,
          severityText: record.severityText,
          timeUnixNano: String(record.timeUnixNano),
          traceId: hex(record.traceId),
          spanId: hex(record.spanId),
          flags: record.flags,
          attributes: attributesOf(record.attributes),
          resource,
          scope: sl.scope?.name ?? '',
        });
      }
    }
  }
  return out;
}

function pointsOf(metric: any, resource: AttributeMap): ReceivedMetricPoint[] {
  const numberValue = (p: any) => (p.value === 'asInt' ? Number(p.asInt) : p.asDouble);
  if (metric.gauge) return metric.gauge.dataPoints.map((p: any) => ({ name: metric.name, kind: 'gauge', value: numberValue(p), attributes: attributesOf(p.attributes), resource }));
  if (metric.sum) {
    const monotonic = Boolean(metric.sum.isMonotonic);
    return metric.sum.dataPoints.map((p: any) => ({ name: metric.name, kind: 'sum', value: numberValue(p), monotonic, attributes: attributesOf(p.attributes), resource }));
  }
  if (metric.histogram) {
    return metric.histogram.dataPoints.map((p: any) => ({ name: metric.name, kind: 'histogram', count: Number(p.count), sum: p.sum, attributes: attributesOf(p.attributes), resource }));
  }
  return [{ name: metric.name, kind: 'other', attributes: {}, resource }];
}

function hex(base64: string | undefined): string {
  return base64 ? Buffer.from(base64, 'base64').toString('hex') : '';
}

function attributesOf(list: any[] | undefined): AttributeMap {
  const out: AttributeMap = {};
  for (const kv of list ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

function anyValue(v: any): unknown {
  // toObject({ oneofs: true }) names the set member of AnyValue's oneof in `value`.
  const member = v?.value as string | undefined;
  if (!member) return undefined;
  if (member === 'intValue') return Number(v.intValue);
  if (member === 'arrayValue') return (v.arrayValue.values ?? []).map(anyValue);
  if (member === 'kvlistValue') return attributesOf(v.kvlistValue.values);
  return v[member];
}
