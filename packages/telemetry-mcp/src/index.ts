// Public surface of @zeph/telemetry-mcp (the `profiling` build).
export {};
