import { criticalPath } from './critical-path.js';
import { DEFAULT_DIFF_THRESHOLDS, diffSummaries, formatChange } from './diff.js';
import { streamTraceEvents } from './event-stream.js';
import { formatBytes, formatTable } from './format-table.js';
import { knownSpanNames } from './known-span-names.js';
import { mergeTraces } from './merge.js';
import { pushTrace } from './push.js';
import { summarizeTrace } from './summary.js';
import { TraceFileError } from './trace-event.js';
import { unreadableSpansNote, type UnreadableSpansReport } from './unreadable-spans.js';
import { validateTrace } from './validate.js';
import { startViewServer } from './view-server.js';

const USAGE = `usage: zeph-trace <command> [options]

commands:
  summary <file> [--json]        per span name: count, total, self, p50/p95/max; turn share by subsystem
  critical-path <file> [--json]  per span name, the time the turns spent waiting on it: the chain of
                                 spans each agent.turn waited for, concurrent work that ended sooner left out
  validate <file> [--json]       check the trace against the Chrome trace rules; exit 1 on problems
  diff <before> <after> [--json] [--fail-above PCT] [--min-ms MS]
                                 compare two traces per span name: median and self time per turn;
                                 with --fail-above, exit 1 when a median grew by more than PCT %
                                 (and by at least MS, default 0.1)
  merge <out> <file> <file>...   merge traces of several processes into <out>, with flow arrows from
                                 each span to its child in another process and to spans linking it
  push <file> [--endpoint URL] [--config zeph.toml] [--service-name NAME]
                                 send the trace's spans over OTLP/HTTP (e.g. to Grafana Tempo); endpoint,
                                 service name and vault-held headers as the otlp backend reads them
  view <file> [--port N] [--screenshot out.png]
                                 serve an offline viewer on localhost and print its URL
`;

export class UsageError extends Error {}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

function takeFlag(args: string[], flag: string): boolean {
  const i = args.indexOf(flag);
  if (i === -1) return false;
  args.splice(i, 1);
  return true;
}

function takeOption(args: string[], option: string): string | undefined {
  const i = args.indexOf(option);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${option} needs a value`);
  args.splice(i, 2);
  return value;
}

function rejectUnknownOptions(args: string[]): void {
  const unknown = args.find((a) => a.startsWith('--'));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
}

function progressReporter(io: Io, file: string) {
  return (read: number, total: number) => {
    if (total >= 64 << 20) io.err(`${file}: ${formatBytes(read)} of ${formatBytes(total)} read (${Math.round((read / total) * 100)} %)`);
  };
}

function noteUnreadableSpans(io: Io, file: string, report: UnreadableSpansReport): void {
  const note = unreadableSpansNote(report);
  if (note) io.err(`note: ${file}: ${note}`);
}

async function runSummary(args: string[], io: Io): Promise<number> {
  const json = takeFlag(args, '--json');
  rejectUnknownOptions(args);
  if (args.length !== 1) throw new UsageError('summary takes exactly one trace file');
  const summary = await summarizeTrace(args[0], { onProgress: progressReporter(io, args[0]) });
  noteUnreadableSpans(io, args[0], summary.unreadableSpans);
  if (json) {
    io.out(JSON.stringify(summary, null, 2));
    return 0;
  }
  if (!summary.terminated) io.err(`note: ${args[0]} is unterminated (the writing process did not shut down); read what is there`);
  io.out(
    formatTable(
      ['span', 'count', 'total ms', 'self ms', 'p50 ms', 'p95 ms', 'max ms'],
      summary.spans.map((s) => [s.name, s.count, s.totalMs, s.selfMs, s.p50Ms, s.p95Ms, s.maxMs]),
    ),
  );
  const shares = Object.entries(summary.turnShareBySubsystem).sort((a, b) => b[1] - a[1]);
  if (shares.length > 0) {
    io.out(`\nshare of turn span time by subsystem (self time; concurrent spans each count, ${summary.turnCount} turns)`);
    io.out(formatTable(['subsystem', 'share %'], shares.map(([cat, share]) => [cat, Math.round(share * 1000) / 10])));
  }
  if (summary.topAllocating.length > 0) {
    io.out('\ntop allocating spans');
    io.out(
      formatTable(
        ['span', 'count', 'alloc total', 'alloc mean'],
        summary.topAllocating.map((a) => [a.name, a.count, formatBytes(a.allocBytes), formatBytes(Math.round(a.meanBytes))]),
      ),
    );
  }
  return 0;
}

async function runCriticalPath(args: string[], io: Io): Promise<number> {
  const json = takeFlag(args, '--json');
  rejectUnknownOptions(args);
  if (args.length !== 1) throw new UsageError('critical-path takes exactly one trace file');
  const report = await criticalPath(args[0], { onProgress: progressReporter(io, args[0]) });
  if (report.spansWithoutIds > 0) io.err(`note: ${report.spansWithoutIds} complete events without span ids were left out (the path follows parent ids)`);
  if (report.spansLetGo > 0) io.err(`note: ${report.spansLetGo} spans whose parent never arrived were let go to bound memory (their turns' paths may miss them)`);
  noteUnreadableSpans(io, args[0], report.unreadableSpans);
  if (json) {
    io.out(JSON.stringify(report, null, 2));
    return 0;
  }
  if (!report.terminated) io.err(`note: ${args[0]} is unterminated (the writing process did not shut down); read what is there`);
  if (report.turnCount === 0) {
    io.out('no agent.turn spans with span ids in this trace: nothing to follow');
    return 0;
  }
  io.out(`critical path of ${report.turnCount} turns (${Math.round(report.turnTotalUs / 100) / 10} ms in all)`);
  io.out(
    formatTable(
      ['span', 'critical ms', 'share %', 'turns'],
      report.entries.map((e) => [e.name, (e.criticalUs / 1000).toFixed(3), (e.share * 100).toFixed(1), e.turns]),
    ),
  );
  return 0;
}

function nonNegativeNumber(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${option} ${text} is not a non-negative number`);
  return value;
}

async function runDiff(args: string[], io: Io): Promise<number> {
  const json = takeFlag(args, '--json');
  const failAbove = nonNegativeNumber('--fail-above', takeOption(args, '--fail-above'));
  const minMs = nonNegativeNumber('--min-ms', takeOption(args, '--min-ms'));
  rejectUnknownOptions(args);
  if (args.length !== 2) throw new UsageError('diff takes exactly two trace files: before and after');
  const [beforeFile, afterFile] = args;
  const before = await summarizeTrace(beforeFile, { onProgress: progressReporter(io, beforeFile) });
  const after = await summarizeTrace(afterFile, { onProgress: progressReporter(io, afterFile) });
  noteUnreadableSpans(io, beforeFile, before.unreadableSpans);
  noteUnreadableSpans(io, afterFile, after.unreadableSpans);
  const thresholds = {
    relative: failAbove === undefined ? DEFAULT_DIFF_THRESHOLDS.relative : failAbove / 100,
    minMs: minMs ?? DEFAULT_DIFF_THRESHOLDS.minMs,
  };
  const diff = diffSummaries(before, after, thresholds);
  const failed = failAbove !== undefined && diff.regressions.length > 0;
  if (json) {
    io.out(JSON.stringify({ ...diff, thresholds }, null, 2));
    return failed ? 1 : 0;
  }
  for (const [file, summary] of [[beforeFile, before], [afterFile, after]] as const) {
    if (!summary.terminated) io.err(`note: ${file} is unterminated (the writing process did not shut down); read what is there`);
  }
  const self = diff.perTurn ? 'self/turn' : 'self';
  io.out(`before: ${beforeFile} (${diff.turnsBefore} turns)\nafter:  ${afterFile} (${diff.turnsAfter} turns)\n`);
  io.out(
    formatTable(
      ['span', 'calls before', 'calls after', 'p50 before ms', 'p50 after ms', 'p50 change', `${self} before ms`, `${self} after ms`, `${self} change`],
      diff.spans.map((s) => [
        s.regressed ? `${s.name} (slower)` : s.name,
        s.countBefore,
        s.countAfter,
        s.p50BeforeMs,
        s.p50AfterMs,
        formatChange(s.p50Change, s.status),
        s.selfBeforeMs,
        s.selfAfterMs,
        formatChange(s.selfChange, s.status),
      ]),
    ),
  );
  const rule = `more than ${(thresholds.relative * 100).toFixed(1)} % and ${thresholds.minMs} ms at the median`;
  if (diff.regressions.length === 0) io.out(`\nno span slower by ${rule}`);
  else io.out(`\n${diff.regressions.length} span name(s) slower by ${rule}: ${diff.regressions.map((s) => `${s.name} (${formatChange(s.p50Change, s.status)})`).join(', ')}`);
  if (!diff.perTurn) io.out(`(self time is per trace: ${diff.turnsBefore === 0 ? beforeFile : afterFile} has no agent.turn span)`);
  return failed ? 1 : 0;
}

async function runPush(args: string[], io: Io): Promise<number> {
  const endpointOption = takeOption(args, '--endpoint');
  const configPath = takeOption(args, '--config');
  const serviceName = takeOption(args, '--service-name');
  rejectUnknownOptions(args);
  if (args.length !== 1) throw new UsageError('push takes exactly one trace file');
  if (endpointOption !== undefined && !/^https?:\/\/[^/]/.test(endpointOption)) throw new UsageError(`--endpoint ${endpointOption} is not an http(s) URL`);
  // The same settings as the agent's otlp backend: [telemetry] and [vault] of zeph.toml, and the environment.
  const { loadTelemetryConfig } = await import('@zeph/telemetry-core/config');
  const { openVault, resolveOtlpHeaders, vaultConfigFromToml } = await import('@zeph/telemetry-core/vault');
  const loaded = loadTelemetryConfig({ path: configPath, required: configPath !== undefined, logger: { warn: (message) => io.err(`warning: ${message}`) } });
  const vault = await openVault(vaultConfigFromToml(loaded.file));
  const headers = await resolveOtlpHeaders(vault, loaded.config.otlp_headers_vault_key);
  const endpoint = endpointOption ?? loaded.config.otlp_endpoint;
  // service.name as the live exporter sets it: telemetry.service_name, unless given here.
  const result = await pushTrace(args[0], { endpoint, headers, serviceName: serviceName ?? loaded.config.service_name, onProgress: progressReporter(io, args[0]) });
  if (!result.terminated) io.err(`note: ${args[0]} is unterminated (the writing process did not shut down); pushed what is there`);
  if (result.skipped > 0) io.err(`note: ${result.skipped} complete events without trace and span ids (not written by Zeph telemetry) were left out`);
  noteUnreadableSpans(io, args[0], result.unreadableSpans);
  if (result.skippedLinks > 0) io.err(`note: ${result.skippedLinks} malformed span links (not an object with a valid trace and span id, trace flags 0-255 and object attributes) were left out`);
  io.out(`pushed ${result.spans} spans (${result.spanEvents} span events) in ${result.requests} request(s) to ${endpoint}`);
  return 0;
}

async function runValidate(args: string[], io: Io): Promise<number> {
  const json = takeFlag(args, '--json');
  rejectUnknownOptions(args);
  if (args.length !== 1) throw new UsageError('validate takes exactly one trace file');
  const report = await validateTrace(args[0], await knownSpanNames(), { onProgress: progressReporter(io, args[0]) });
  if (json) io.out(JSON.stringify(report, null, 2));
  else {
    for (const p of report.problems) io.out(`event ${p.index}: ${p.message}`);
    const ending = report.terminated ? '' : ' (unterminated: the writing process was killed; accepted)';
    io.out(`${report.problems.length === 0 ? 'ok' : `${report.problems.length} problem(s)`}: ${report.eventCount} events${ending}`);
  }
  return report.problems.length === 0 ? 0 : 1;
}

async function runMerge(args: string[], io: Io): Promise<number> {
  rejectUnknownOptions(args);
  if (args.length < 3) throw new UsageError('merge needs an output file and at least two input files');
  const [out, ...inputs] = args;
  if (inputs.includes(out)) throw new UsageError(`output ${out} is also an input`);
  const result = await mergeTraces(inputs, out);
  for (const r of result.remappedPids) io.err(`${r.file}: pid ${r.from} renumbered to ${r.to} (taken by an earlier input)`);
  io.out(`merged ${result.events} events from ${inputs.length} files into ${out}`);
  const acrossProcesses = result.flows - result.linkFlows;
  io.out(`flow arrows: ${acrossProcesses} from a parent span in another file, ${result.linkFlows} from linked spans`);
  return 0;
}

async function runView(args: string[], io: Io, waitForever: boolean): Promise<number> {
  const screenshot = takeOption(args, '--screenshot');
  const portText = takeOption(args, '--port');
  rejectUnknownOptions(args);
  if (args.length !== 1) throw new UsageError('view takes exactly one trace file');
  const port = portText === undefined ? 0 : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${portText} is not a port number`);
  await streamTraceEvents(args[0], () => {}); // fail early, with a clear message, on a bad file
  const view = await startViewServer(args[0], port);
  io.out(view.url);
  if (screenshot) {
    const { renderViewer } = await import('./screenshot.js');
    try {
      const result = await renderViewer(view.url, screenshot);
      io.out(`screenshot written to ${screenshot} (${result.drawnPixels} chart pixels drawn)`);
    } finally {
      await view.close();
    }
    return 0;
  }
  if (waitForever) {
    io.err('serving until interrupted (Ctrl-C)');
    await new Promise(() => {});
  }
  await view.close();
  return 0;
}

/** Runs one CLI invocation; returns the exit code. Errors become messages, never stack traces. */
export async function runCli(argv: string[], io: Io = { out: (t) => console.log(t), err: (t) => console.error(t) }, options = { waitForever: true }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'summary':
        return await runSummary(rest, io);
      case 'critical-path':
        return await runCriticalPath(rest, io);
      case 'validate':
        return await runValidate(rest, io);
      case 'merge':
        return await runMerge(rest, io);
      case 'diff':
        return await runDiff(rest, io);
      case 'push':
        return await runPush(rest, io);
      case 'view':
        return await runView(rest, io, options.waitForever);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`zeph-trace: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof TraceFileError) {
      io.err(`zeph-trace: ${error.message}`);
      return 1;
    }
    io.err(`zeph-trace: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
