// Public surface of @zeph/telemetry-llm (the `profiling` build).
export {};
