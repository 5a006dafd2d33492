// The setup most test files here share: in-memory test telemetry plus one loopback stand-in server
// for the providers' APIs. Started when the test file is collected (top-level await), cleared after
// each test so every test sees only its own spans and requests, stopped after the file's last test.
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterAll, afterEach } from 'vitest';
import { startLoopbackServer, type LoopbackServer, type Reply } from './loopback-server.js';

export interface TracedLoopback {
  readonly server: LoopbackServer;
  readonly telemetry: TestTelemetry;
}

export interface TracedLoopbackOptions {
  /** Passed to startTestTelemetry (config, extra layers). */
  telemetry?: Parameters<typeof startTestTelemetry>[0];
  /** What the server answers once its scripted replies are used up. */
  fallback?: Reply;
}

export async function useTracedLoopback(options: TracedLoopbackOptions = {}): Promise<TracedLoopback> {
  const server = await startLoopbackServer(options.fallback);
  let telemetry: TestTelemetry;
  try {
    telemetry = await startTestTelemetry(options.telemetry);
  } catch (error) {
    await server.close();
    throw error;
  }
  afterAll(async () => {
    await telemetry.shutdown();
    await server.close();
  });
  afterEach(() => {
    telemetry.reset();
    server.requests.length = 0;
  });
  return { server, telemetry };
}
