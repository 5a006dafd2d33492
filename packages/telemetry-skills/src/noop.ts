// The build without `profiling`: the same surface. Loading, matching and reloading do real work
// either way; their spans go through @zeph/telemetry-core, whose default build makes `withSpan` a
// plain call, so nothing here loads OpenTelemetry or any layer.
export * from './index.js';
