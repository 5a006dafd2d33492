// Public surface of @zeph/telemetry-alloc (the `profiling` build).
export {};
