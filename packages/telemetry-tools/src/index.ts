// Public surface of @zeph/telemetry-tools (the `profiling` build).
export {};
