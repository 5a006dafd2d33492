// The build without `profiling`: the same tools and registry. Their spans go through core's
// `withSpan`, which the default build of @zeph/telemetry-core turns into a plain call, and nothing
// here imports OpenTelemetry or layer code, so the tools cost what uninstrumented tools would.
export * from './index.js';
