// Public surface of @zeph/telemetry-channels (the `profiling` build).
export {};
