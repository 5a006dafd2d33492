import { resolve } from 'node:path';
import { demoAppPaths, findDemoAppRoot } from './app-paths.js';
import { openDemoAgent } from './agent/demo-agent.js';
import { scriptedTurns } from './agent/scripted-turns.js';
import type { DemoArgs } from './cli/parse-args.js';
import { runInteractive } from './cli/interactive.js';
import { readScriptFile } from './cli/read-script.js';
import { setUpTelemetry } from './telemetry-setup.js';
import { formatSpanSummary, summariseTraceFile } from './trace-summary.js';

export interface RunDemoIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const consoleIo: RunDemoIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs the demo in the mode the arguments chose, then prints where the trace is and what it holds. */
export async function runDemo(args: DemoArgs, io: RunDemoIo = consoleIo, appRoot: string = findDemoAppRoot()): Promise<void> {
  const say = args.quiet ? () => {} : io.out;
  // Read the script before anything starts, so a bad file fails fast and leaves no trace behind.
  const messages =
    args.mode === 'script' ? readScriptFile(args.scriptFile!).map((message) => ({ message, stream: false })) : args.mode === 'turns' ? scriptedTurns(args.turns!) : [];
  const dataDir = resolve(args.dataDir);
  const telemetry = await setUpTelemetry({ configPath: args.configPath, dataDir, handleSignals: args.mode !== 'interactive' });
  const { handle, config } = telemetry;
  let agent: Awaited<ReturnType<typeof openDemoAgent>> | undefined;
  try {
    agent = await openDemoAgent({
      paths: demoAppPaths(appRoot),
      dataDir,
      sessionId: handle.sessionId,
      traceDir: config.trace_dir,
      telemetryEnabled: handle.enabled,
      provenance: telemetry.provenance,
      mcp: !args.noMcp,
      onWarning: (message) => io.err(`demo-agent: ${message}\n`),
    });
    say(`session ${handle.sessionId}, build features: ${telemetry.features.join(', ') || 'none'}, telemetry ${handle.enabled ? `on (${config.backend})` : 'off'}\n`);
    if (args.mode === 'interactive') {
      await runInteractive(agent);
    } else {
      for (const [i, turn] of messages.entries()) {
        say(`\n[turn ${i + 1}] you> ${turn.message}\n`);
        const result = await agent.turn(turn.message, { stream: args.stream || turn.stream });
        for (const tool of result.toolResults) say(`  tool ${tool.name}: ${tool.output.startsWith('denied') ? 'denied' : tool.ok ? 'ok' : 'failed'}\n`);
        if (result.prescreen.verdict === 'flag') say(`  prescreen flagged: ${result.prescreen.findings.join(', ')}\n`);
        say(`zeph> ${result.reply}\n`);
      }
    }
  } finally {
    await agent?.close();
    await telemetry.shutdown();
  }
  say(`\nledger: ${telemetry.ledgerFile}${telemetry.ephemeralLedgerKey ? ' (signed with a key for this run only)' : ''}\n`);
  if (handle.traceFile) {
    say(`trace file: ${handle.traceFile}\n`);
    if (!args.quiet) {
      const rows = await summariseTraceFile(handle.traceFile);
      io.out(`\n${formatSpanSummary(rows)}\n\nOpen it in https://ui.perfetto.dev (or: pnpm trace summary ${handle.traceFile})\n`);
    }
  } else if (!handle.enabled) {
    say('telemetry is off: no trace file was written\n');
  } else {
    say(`spans were exported with backend=${config.backend}\n`);
  }
}
