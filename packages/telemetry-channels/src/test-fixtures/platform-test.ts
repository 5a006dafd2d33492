import { afterEach, beforeEach } from 'vitest';
import type { LogRecord, TelemetryLayer } from '@zeph/telemetry-core';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { startLoopbackPlatform, type AnswerScript, type LoopbackPlatform } from './loopback-platform.js';

export interface PlatformTest {
  /** This test's telemetry (started before each test, shut down after it). */
  readonly telemetry: TestTelemetry;
  /** What telemetry logged during this test. */
  readonly logs: LogRecord[];
  /** A loopback platform that is closed after the test. */
  start(answer: AnswerScript): Promise<LoopbackPlatform>;
}

/** The set-up every chat-platform test file shares; call once at the top of the file. */
export function usePlatformTest(): PlatformTest {
  let telemetry: TestTelemetry | undefined;
  let logs: LogRecord[] = [];
  const platforms: LoopbackPlatform[] = [];
  beforeEach(async () => {
    logs = [];
    const logSink: TelemetryLayer = { kind: 'test-logs', onLog: (record) => logs.push(record) };
    telemetry = await startTestTelemetry({ layers: [logSink] });
  });
  afterEach(async () => {
    for (const platform of platforms.splice(0)) await platform.close();
    await telemetry?.shutdown();
  });
  return {
    get telemetry() {
      if (!telemetry) throw new Error('usePlatformTest: telemetry is available inside a test only');
      return telemetry;
    },
    get logs() {
      return logs;
    },
    async start(answer) {
      const platform = await startLoopbackPlatform(answer);
      platforms.push(platform);
      return platform;
    },
  };
}
