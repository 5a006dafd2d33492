import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, loadZephToml } from '../config/toml-document.js';
import { openVault } from './open-vault.js';
import { vaultConfigFromToml, vaultConfigSchema, type VaultConfig } from './vault-config.js';

export interface VaultCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The whole of standard input (the value for `set`). */
  readStdin: () => Promise<string>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const USAGE = `Usage: zeph-vault [--config FILE] [--backend env|keyring|age] COMMAND [KEY]

Manages the secrets Zeph telemetry reads at start-up (e.g. the OTLP headers under ZEPH_OTEL_HEADERS).
The backend and its settings come from the [vault] section of the config file.

Commands:
  set KEY            store the value read from standard input (one trailing newline is dropped)
  get KEY            say whether KEY is set, without printing it
  get --reveal KEY   print the value
  list               print the key names
  remove KEY         delete KEY

Options:
  --config FILE      config file (default: ${DEFAULT_CONFIG_FILE}; a missing default file means defaults)
  --backend NAME     use this backend instead of [vault].backend
  -h, --help         show this help
`;

interface CliArgs {
  command?: string;
  key?: string;
  config?: string;
  backend?: string;
  reveal: boolean;
  help: boolean;
}

const COMMANDS = new Set(['set', 'get', 'list', 'remove']);

function parseArgs(argv: readonly string[]): CliArgs | string {
  const args: CliArgs = { reveal: false, help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') args.help = true;
    else if (arg === '--reveal') args.reveal = true;
    else if (arg === '--config' || arg === '--backend') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      if (arg === '--config') args.config = value;
      else args.backend = value;
    } else if (arg.startsWith('-')) return `unknown option ${JSON.stringify(arg)}`;
    else positional.push(arg);
  }
  [args.command, args.key] = positional;
  if (args.help) return args;
  if (!args.command) return 'missing command (set, get, list or remove)';
  if (!COMMANDS.has(args.command)) return `unknown command ${JSON.stringify(args.command)}; expected set, get, list or remove`;
  if (args.command === 'list' && positional.length > 1) return 'list takes no key';
  if (args.command !== 'list' && !args.key) return `${args.command} needs a KEY`;
  if (positional.length > 2) return `unexpected argument ${JSON.stringify(positional[2])}`;
  if (args.reveal && args.command !== 'get') return '--reveal only applies to get';
  if (args.key !== undefined && !/^[A-Za-z0-9_.-]+$/.test(args.key)) return `invalid key name ${JSON.stringify(args.key)} (letters, digits, _ . - only)`;
  return args;
}

function loadConfig(args: CliArgs, cwd: string): VaultConfig {
  const file = loadZephToml(resolve(cwd, args.config ?? DEFAULT_CONFIG_FILE), { required: args.config !== undefined });
  const parsed = vaultConfigFromToml(file);
  // Relative paths mean the same to the CLI as to the agent started in that directory.
  const config: VaultConfig = {
    ...parsed,
    age_file: resolve(cwd, parsed.age_file),
    age_identity_file: parsed.age_identity_file && resolve(cwd, parsed.age_identity_file),
  };
  if (args.backend === undefined) return config;
  const backend = vaultConfigSchema.shape.backend.safeParse(args.backend);
  if (!backend.success) throw new Error(`--backend ${JSON.stringify(args.backend)}: expected env, keyring or age`);
  return { ...config, backend: backend.data };
}

/** Runs the `zeph-vault` command; returns the exit code (0 ok, 1 failure or key not set, 2 usage). */
export async function runVaultCli(argv: readonly string[], io: VaultCliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`zeph-vault: ${args}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    const vault = await openVault(loadConfig(args, io.cwd ?? process.cwd()), io.env ?? process.env);
    const key = args.key as string;
    switch (args.command) {
      case 'set': {
        const value = (await io.readStdin()).replace(/\r?\n$/, '');
        if (value === '') {
          io.stderr(`zeph-vault: no value on standard input for ${key}; nothing stored\n`);
          return 1;
        }
        await vault.set(key, value);
        io.stdout(`stored ${key} in ${vault.location}\n`);
        return 0;
      }
      case 'get': {
        const value = await vault.get(key);
        if (value === undefined) {
          io.stderr(`zeph-vault: ${key} is not set in ${vault.location}\n`);
          return 1;
        }
        io.stdout(args.reveal ? `${value}\n` : `${key} is set in ${vault.location} (${value.length} characters; --reveal prints it)\n`);
        return 0;
      }
      case 'list': {
        const keys = await vault.list();
        io.stdout(keys.length ? `${keys.join('\n')}\n` : '');
        return 0;
      }
      default: {
        const removed = await vault.remove(key);
        if (!removed) {
          io.stderr(`zeph-vault: ${key} was not set in ${vault.location}\n`);
          return 1;
        }
        io.stdout(`removed ${key} from ${vault.location}\n`);
        return 0;
      }
    }
  } catch (error) {
    // ConfigError and VaultError messages name the file, key and backend; none carries a value.
    io.stderr(`zeph-vault: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** Reads all of standard input (empty when it is a terminal: values are never typed in echo). */
export async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
