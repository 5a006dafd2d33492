// Public surface of @zeph/telemetry-skills (the `profiling` build).
export {};
