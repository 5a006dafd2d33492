// Public surface of @zeph/telemetry-memory (the `profiling` build).
export {};
