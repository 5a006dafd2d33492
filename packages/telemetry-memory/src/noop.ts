// The build without `profiling`: the same surface. The store does real work either way; its spans
// go through @zeph/telemetry-core, whose default build makes `withSpan` a plain call, so nothing
// here loads OpenTelemetry or any layer.
export * from './index.js';
