export interface PyroscopeLayerOptions {
  /** Base URL of the Pyroscope server; defaults to telemetry.pyroscope_endpoint. */
  endpoint?: string;
  /** Application name; defaults to telemetry.service_name. */
  applicationName?: string;
  /** Extra static tags; service, version and host are always added. */
  tags?: Record<string, string>;
  serviceVersion?: string;
  /** Upload period in ms (default 10 000; Pyroscope expects 10–15 s). */
  uploadIntervalMs?: number;
  /** Wall-clock sampling interval in µs (default 10 000 = 100 Hz). */
  samplingIntervalMicros?: number;
  /** Collect heap profiles too (default true). */
  heap?: boolean;
  /** Span names that get a profile id besides root spans (default agent.turn). */
  profiledSpanNames?: readonly string[];
  /** Per-request timeout in ms (default 5 000). */
  requestTimeoutMs?: number;
}

export interface ProfileUpload {
  /** "wall" or "heap". */
  kind: 'wall' | 'heap';
  fromSeconds: number;
  untilSeconds: number;
  /** gzipped pprof bytes. */
  body: Uint8Array;
  sampleRate?: number;
}
