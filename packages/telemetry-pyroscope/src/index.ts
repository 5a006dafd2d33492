// Public surface of @zeph/telemetry-pyroscope (the `profiling` build).
export {};
