// `@zeph/telemetry-core/otlp`: the OTLP/HTTP path of the `otel` tier for spans recorded elsewhere
// (a Chrome trace file uploaded later, say): the same protobuf encoding, secret scrubbing and
// bounded retries as the live exporter.
export { encodeTraceExportRequest } from './otlp-trace-encoder.js';
export { OtlpHttpSender, type OtlpHttpSenderOptions, type SendOutcome } from './otlp-http-sender.js';
export { otlpSignalUrl } from './otlp-url.js';
export { scrubSpan } from './scrub-for-export.js';
