// The build without `profiling`: same surface, no instrumentation.
export {};
