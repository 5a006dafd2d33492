/** What the command line asked for. */
export interface DemoArgs {
  mode: 'turns' | 'script' | 'interactive' | 'help';
  turns?: number;
  scriptFile?: string;
  configPath?: string;
  dataDir: string;
  /** Continue this earlier session's conversation. */
  resumeSessionId?: string;
  /** Skip the MCP server child. */
  noMcp: boolean;
  /** Print neither replies nor the summary (benchmarks). */
  quiet: boolean;
  /** Stream answers (llm.chat_stream) in every turn. */
  stream: boolean;
}

export class ArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentError';
  }
}

export const USAGE = `Usage: demo-agent [--turns N | --script FILE] [--config zeph.toml] [--data-dir DIR] [--resume SESSION] [--stream] [--no-mcp] [--quiet]

Runs the Zeph demo agent against a local OpenAI-compatible model server and writes a trace.

  --turns N        run N built-in turns (memory recall, skills, tools, MCP, a policy denial)
  --script FILE    run one turn per non-empty line of FILE (lines starting with # are skipped)
  (neither)        interactive mode when stdin is a terminal
  --config PATH    zeph.toml to read (default ./zeph.toml when present, else defaults)
  --data-dir DIR   memory, tool workspace, audit log, ledger (default .local/demo)
  --resume SESSION continue an earlier session's conversation (its id is printed at start)
  --stream         stream every answer (llm.chat_stream)
  --no-mcp         do not start the demo MCP server
  --quiet          print nothing but errors
  -h, --help       this text

Environment: ZEPH_TELEMETRY_* overrides [telemetry] (e.g. ZEPH_TELEMETRY_TRACE_DIR=/tmp/traces).`;

const FLAGS_WITH_VALUE = new Set(['--turns', '--script', '--config', '--data-dir', '--resume']);
/** What a session id looks like (the trace file names start with one). */
const SESSION_ID = /^[\w.-]{1,128}$/;
const BOOLEAN_FLAGS = new Set(['--no-mcp', '--quiet', '--stream', '--help', '-h']);
const MAX_TURNS = 10_000;

/**
 * Parses argv (without node and the script). `stdinIsTTY` decides whether no mode means
 * interactive or is an error (a pipe with no --turns/--script would otherwise hang or do nothing).
 */
export function parseDemoArgs(argv: readonly string[], stdinIsTTY: boolean): DemoArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    if (FLAGS_WITH_VALUE.has(name)) {
      const value = eq > 0 ? raw.slice(eq + 1) : argv[i + 1];
      if (eq < 0) i += 1;
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new ArgumentError(`${name} needs a value (see --help)`);
      if (values.has(name)) throw new ArgumentError(`${name} is given twice`);
      values.set(name, value);
    } else if (BOOLEAN_FLAGS.has(name) && eq < 0) {
      flags.add(name);
    } else if (BOOLEAN_FLAGS.has(name)) {
      throw new ArgumentError(`${name} takes no value (got "${raw}")`);
    } else {
      throw new ArgumentError(raw.startsWith('-') ? `unknown option "${raw}" (see --help)` : `unexpected argument "${raw}" (see --help)`);
    }
  }
  const common = {
    configPath: values.get('--config'),
    dataDir: values.get('--data-dir') ?? '.local/demo',
    resumeSessionId: values.get('--resume'),
    noMcp: flags.has('--no-mcp'),
    quiet: flags.has('--quiet'),
    stream: flags.has('--stream'),
  };
  if (flags.has('--help') || flags.has('-h')) return { mode: 'help', ...common };
  if (common.configPath === '') throw new ArgumentError('--config needs a file path');
  if (common.dataDir === '') throw new ArgumentError('--data-dir needs a folder path');
  if (common.resumeSessionId !== undefined && !SESSION_ID.test(common.resumeSessionId)) {
    throw new ArgumentError(`--resume needs a session id (letters, digits, "_", "-", "."), got "${common.resumeSessionId}"`);
  }

  const turnsRaw = values.get('--turns');
  const scriptFile = values.get('--script');
  if (turnsRaw !== undefined && scriptFile !== undefined) throw new ArgumentError('--turns and --script cannot be used together');
  if (turnsRaw !== undefined) {
    if (!/^\d+$/.test(turnsRaw)) throw new ArgumentError(`--turns must be a whole number from 1 to ${MAX_TURNS}, got "${turnsRaw}"`);
    const turns = Number(turnsRaw);
    if (turns < 1 || turns > MAX_TURNS) throw new ArgumentError(`--turns must be from 1 to ${MAX_TURNS}, got ${turns}`);
    return { mode: 'turns', turns, ...common };
  }
  if (scriptFile !== undefined) {
    if (scriptFile === '') throw new ArgumentError('--script needs a file path');
    return { mode: 'script', scriptFile, ...common };
  }
  if (!stdinIsTTY) throw new ArgumentError('stdin is not a terminal: give --turns N or --script FILE for a non-interactive run');
  return { mode: 'interactive', ...common };
}
