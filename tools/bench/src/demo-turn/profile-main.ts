// Runs in a child process started with --cpu-prof (by the demo-turn-profile suite): loads one
// workload bundle, runs the demo turns under the [telemetry] it is given and exits, which writes
// the profile. For the OTLP tier it answers the exporter itself on loopback, as a collector would.
import { startLoopbackSink, type LoopbackSink } from '../loopback-sink.js';

export interface ProfileRequest {
  bundleUrl: string;
  appRoot: string;
  workDir: string;
  turns: number;
  warmupTurns: number;
  telemetry: Record<string, unknown>;
  /** Start a loopback OTLP receiver and point the telemetry's otlp_endpoint at it. */
  otlpReceiver: boolean;
}

interface Workload {
  runDemoTurns(options: Record<string, unknown>): Promise<{ turnCpuMs: number[]; layers: string[] }>;
}

export const HEADERS_KEY = 'ZEPH_BENCH_PROFILE_OTLP_HEADERS';

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '') as ProfileRequest;
  const workload = (await import(request.bundleUrl)) as Workload;
  let receiver: LoopbackSink | undefined;
  const telemetry = { ...request.telemetry };
  if (request.otlpReceiver) {
    receiver = await startLoopbackSink('application/x-protobuf');
    telemetry.otlp_endpoint = receiver.url;
    telemetry.otlp_headers_vault_key = HEADERS_KEY;
    process.env[HEADERS_KEY] = '{}';
  }
  const result = await workload.runDemoTurns({
    turns: request.turns,
    warmupTurns: request.warmupTurns,
    telemetry,
    appRoot: request.appRoot,
    workDir: request.workDir,
  });
  await receiver?.close();
  process.stdout.write(`${JSON.stringify({ turns: result.turnCpuMs.length + request.warmupTurns, layers: result.layers, requests: receiver?.requests() ?? 0 })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo-turn profile run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
