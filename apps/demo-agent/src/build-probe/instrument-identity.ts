// Bundled by the build-profile test: prints whether instrument() handed back the function itself.
import { instrument, PROFILING_BUILT } from '@zeph/telemetry-core';

function plain(x: number): number {
  return x + 1;
}

process.stdout.write(JSON.stringify({ identity: instrument('probe.plain', plain) === plain, profilingBuilt: PROFILING_BUILT }));
