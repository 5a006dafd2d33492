// Bundled per build profile by feature-build.test.ts and run as a child: reports what core's span
// API became in that build.
import { instrument, PROFILING_BUILT } from '@zeph/telemetry-core';

function plain(x: number): number {
  return x + 1;
}
const wrapped = instrument('probe.plain', plain);
process.stdout.write(`${JSON.stringify({ identity: wrapped === plain, profilingBuilt: PROFILING_BUILT, result: wrapped(41) })}\n`);
