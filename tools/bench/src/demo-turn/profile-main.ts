// Runs in a child process (started by the demo-turn-profile suite): loads one workload bundle, runs
// the demo turns under the [telemetry] it is given, and profiles the measured turns only, through
// the inspector: start-up, warm-up and shutdown (layer start, the last profile upload) stay out of
// the shares. For the OTLP tiers it answers the exporters itself on loopback, as a collector would.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
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
  /** Point pyroscope_endpoint at that receiver too (it answers /ingest as it answers OTLP). */
  pyroscopeReceiver?: boolean;
  /** Where the `.cpuprofile` of the measured turns is written. */
  profileFile: string;
  sampleIntervalUs: number;
}

interface Workload {
  runDemoTurns(options: Record<string, unknown>): Promise<{ turnCpuMs: number[]; layers: string[] }>;
}

const HEADERS_KEY = 'ZEPH_BENCH_PROFILE_OTLP_HEADERS';

function inspectorCall(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '') as ProfileRequest;
  const workload = (await import(request.bundleUrl)) as Workload;
  let receiver: LoopbackSink | undefined;
  const telemetry = { ...request.telemetry };
  if (request.otlpReceiver) {
    receiver = await startLoopbackSink('application/x-protobuf');
    telemetry.otlp_endpoint = receiver.url;
    if (request.pyroscopeReceiver) telemetry.pyroscope_endpoint = receiver.url;
    telemetry.otlp_headers_vault_key = HEADERS_KEY;
    process.env[HEADERS_KEY] = '{}';
  }
  const session = new Session();
  session.connect();
  await inspectorCall(session, 'Profiler.enable');
  await inspectorCall(session, 'Profiler.setSamplingInterval', { interval: request.sampleIntervalUs });
  let started: Promise<unknown> | undefined;
  let stopped: Promise<unknown> | undefined;
  // The workload asks before every measured turn whether to pause recording (never, here): the
  // question is the hook that starts the profiler before the first one and stops it before an extra
  // last turn, which leaves shutdown out.
  await workload.runDemoTurns({
    turns: request.turns + 1,
    warmupTurns: request.warmupTurns,
    telemetry,
    appRoot: request.appRoot,
    workDir: request.workDir,
    pauseRecording: (turn: number) => {
      if (turn === 0) started = inspectorCall(session, 'Profiler.start');
      if (turn === request.turns) stopped = inspectorCall(session, 'Profiler.stop');
      return false;
    },
  });
  await started;
  const { profile } = (await stopped) as { profile: object };
  writeFileSync(request.profileFile, JSON.stringify(profile));
  session.disconnect();
  await receiver?.close();
  process.stdout.write(`${JSON.stringify({ turns: request.turns, requests: receiver?.requests() ?? 0 })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo-turn profile run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
