// Child process for signal and exit tests: starts the local backend, writes spans until told
// otherwise, and prints `READY <trace file>` once some spans have reached the file.
// Usage: trace-writing-child.ts <trace_dir> <mode: signal | exit>
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { telemetryConfigSchema } from '../config/schema.js';
import { createLogger } from '../global-registry.js';
import { initTelemetry } from '../init-telemetry.js';
import { instrument, withSpan } from '../span-api.js';

const [traceDir, mode] = process.argv.slice(2);
const handle = await initTelemetry({
  config: telemetryConfigSchema.parse({ trace_dir: traceDir, system_metrics_interval_secs: 1 }),
  sessionId: 'child',
  logFile: join(traceDir, 'zeph.log'),
});
const step = instrument('tool.execute', async (i: number) => {
  await Promise.all([withSpan('tool.shell', () => sleep(i % 3)), withSpan('tool.file', () => sleep(1))]);
});

let turn = 0;
const runTurn = () => withSpan('agent.turn', async () => step(turn++));
for (let i = 0; i < 20; i++) await runTurn();
await handle.forceFlush();

if (mode === 'exit') {
  // Spans still buffered when process.exit() runs: the 'exit' hook must write them and the `]`.
  for (let i = 0; i < 5; i++) await runTurn();
  withSpan('agent.persist_message', () => undefined);
  createLogger('child').info('exiting with work still buffered');
  // A turn that never finishes: process.exit() interrupts it.
  void withSpan('agent.plan_execute', () => withSpan('llm.chat', () => new Promise(() => {})));
  process.stdout.write(`READY ${handle.traceFile}\n`);
  process.exit(3);
}
process.stdout.write(`READY ${handle.traceFile}\n`);
for (;;) await runTurn();
