// Runs in a child process started with --cpu-prof (by the demo-turn-profile suite): loads one
// workload bundle, runs the demo turns under the [telemetry] it is given and exits, which writes
// the profile. For the OTLP tier it answers the exporter itself on loopback, as a collector would.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  let requests = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
      res.end();
    });
  });
  const telemetry = { ...request.telemetry };
  if (request.otlpReceiver) {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    telemetry.otlp_endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
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
  receiver.close();
  process.stdout.write(`${JSON.stringify({ turns: result.turnCpuMs.length + request.warmupTurns, layers: result.layers, requests })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`demo-turn profile run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
