import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCliChannel } from '@zeph/telemetry-channels';
import { createMetricsBridge, formatMetricsSnapshot } from '@zeph/telemetry-core';
import { loadTelemetryConfig } from '@zeph/telemetry-core/config';
import { startAgentChannelConsumers } from './agent-channels/agent-channel-consumers.js';
import { closeAgentChannels, createAgentChannels } from './agent-channels/agent-channels.js';
import { sendSignalsToCancelChannel } from './agent-channels/shutdown-signals.js';
import { demoAppPaths, findDemoAppRoot } from './app-paths.js';
import { childTelemetryEnv } from './agent/child-telemetry-env.js';
import { openDemoAgent } from './agent/demo-agent.js';
import { wasDenied } from './agent/guarded-tool.js';
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
  // Span-derived latency summaries with profiling, manual timing of the same operations without.
  const bridge = createMetricsBridge();
  // SIGINT/SIGTERM go through the cancel channel (graceful shutdown below), not core's handler.
  const telemetry = await setUpTelemetry({ configPath: args.configPath, dataDir, handleSignals: false, extraLayers: bridge.layer ? [bridge.layer] : [] });
  const { handle, config } = telemetry;
  let agent: Awaited<ReturnType<typeof openDemoAgent>> | undefined;
  const channels = createAgentChannels();
  const stopSignals = sendSignalsToCancelChannel(channels);
  const shutdown = new AbortController();
  const turn: { current?: AbortController } = {};
  const cli = args.mode === 'interactive' ? createCliChannel() : undefined;
  const consumers = startAgentChannelConsumers(channels, {
    showStatus: (text) => {
      if (args.mode === 'interactive') io.out(`  · ${text}\n`);
    },
    reloadSkills: async () => {
      const change = await agent!.memory.skills.reload();
      return `${change.added.length} added, ${change.removed.length} removed, ${change.changed.length} changed`;
    },
    reloadConfig: async () => {
      const reloaded = loadTelemetryConfig({ path: args.configPath, required: args.configPath !== undefined }).config;
      return `backend=${reloaded.backend}, sample_rate=${reloaded.sample_rate} (telemetry settings apply at the next start)`;
    },
    ask: async (question) => {
      if (!cli) return undefined;
      io.out(`${question} `);
      return (await cli.recv())?.text;
    },
    shutDown: (reason) => {
      shutdown.abort(new Error(`shutting down (${reason})`));
      turn.current?.abort(new Error(`cancelled (${reason})`));
      void cli?.close();
    },
  });
  try {
    agent = await openDemoAgent({
      paths: demoAppPaths(appRoot, dirname(fileURLToPath(import.meta.url))),
      dataDir,
      sessionId: handle.sessionId,
      resumeSessionId: args.resumeSessionId,
      traceDir: config.trace_dir,
      telemetryEnabled: handle.enabled,
      provenance: telemetry.provenance,
      mcp: !args.noMcp,
      mcpEnv: childTelemetryEnv(process.env, config.otlp_headers_vault_key, args.configPath && resolve(args.configPath)),
      onWarning: (message) => io.err(`demo-agent: ${message}\n`),
      timer: bridge.timer,
    });
    say(`session ${handle.sessionId}, build features: ${telemetry.features.join(', ') || 'none'}, telemetry ${handle.enabled ? `on (${config.backend})` : 'off'}\n`);
    if (args.mode === 'interactive') {
      await runInteractive({ agent, cli: cli!, channels, shutdown: shutdown.signal, turn });
    } else {
      for (const [i, scripted] of messages.entries()) {
        if (shutdown.signal.aborted) break;
        say(`\n[turn ${i + 1}] you> ${scripted.message}\n`);
        turn.current = new AbortController();
        const result = await agent.turn(scripted.message, { stream: args.stream || scripted.stream, signal: turn.current.signal }).catch((error: unknown) => {
          if (shutdown.signal.aborted) return undefined;
          throw error;
        });
        turn.current = undefined;
        if (!result) {
          say('(turn cancelled: shutting down)\n');
          break;
        }
        channels.metrics.trySend({ turn: i + 1, llmCalls: result.llmCalls, toolCalls: result.toolResults.length });
        channels.status.trySend({ text: `turn ${i + 1} done: ${result.llmCalls} llm calls, ${result.toolResults.length} tool calls` });
        for (const tool of result.toolResults) say(`  tool ${tool.name}: ${wasDenied(tool) ? 'denied' : tool.ok ? 'ok' : 'failed'}\n`);
        if (result.prescreen.verdict === 'flag') say(`  prescreen flagged: ${result.prescreen.findings.join(', ')}\n`);
        say(`zeph> ${result.reply}\n`);
      }
    }
  } finally {
    stopSignals();
    closeAgentChannels(channels);
    await consumers.done;
    await cli?.close();
    await agent?.close();
    await telemetry.shutdown();
  }
  const tally = consumers.turns;
  say(`\n${formatMetricsSnapshot(bridge.snapshot())}\n`);
  say(`turns: ${tally.length}, llm calls: ${tally.reduce((n, t) => n + t.llmCalls, 0)}, tool calls: ${tally.reduce((n, t) => n + t.toolCalls, 0)}\n`);
  say(`\nledger: ${telemetry.ledgerFile}${telemetry.ephemeralLedgerKey ? ' (signed with a key for this run only)' : ''}\n`);
  if (handle.traceFile) {
    say(`trace file: ${handle.traceFile}\n`);
    if (!args.quiet) {
      const rows = await summariseTraceFile(handle.traceFile);
      io.out(`\n${formatSpanSummary(rows)}\n\nOpen it in https://ui.perfetto.dev (or: pnpm trace summary ${handle.traceFile}; what the turns waited on: pnpm trace critical-path ${handle.traceFile})\n`);
    }
  } else if (!handle.enabled) {
    say('telemetry is off: no trace file was written\n');
  } else {
    say(`spans were exported with backend=${config.backend}\n`);
  }
}
