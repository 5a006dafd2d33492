import { chmodSync, constants, copyFileSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { migrateZephTomlText } from './migrate-file.js';
import { DEFAULT_CONFIG_FILE } from './toml-document.js';

export interface MigrateCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Directory relative paths are resolved against (default process.cwd()). */
  cwd?: string;
}

const USAGE = `Usage: zeph-telemetry-migrate [--dry-run] [FILE]

Rewrites the old [observability] and [debug.traces] sections of a zeph.toml into [telemetry].
Other sections and comments are kept. A copy of the original is written to FILE.bak first.

  FILE        the file to rewrite (default: ${DEFAULT_CONFIG_FILE})
  --dry-run   print the rewritten file instead of writing it
  -h, --help  show this help
`;

const defaultIo: MigrateCliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

interface MigrateArgs {
  file: string;
  dryRun: boolean;
  help: boolean;
}

function parseArgs(argv: readonly string[]): MigrateArgs | string {
  const files: string[] = [];
  let dryRun = false;
  let help = false;
  let optionsEnded = false;
  for (const arg of argv) {
    if (!optionsEnded && arg === '--') optionsEnded = true;
    else if (!optionsEnded && arg === '--dry-run') dryRun = true;
    else if (!optionsEnded && (arg === '-h' || arg === '--help')) help = true;
    else if (!optionsEnded && arg.startsWith('-') && arg !== '-') return `unknown option ${JSON.stringify(arg)}`;
    else files.push(arg);
  }
  if (files.length > 1) return `expected at most one file, got ${files.length}: ${files.join(' ')}`;
  if (files[0] === '') return 'the file name is empty';
  return { file: files[0] ?? DEFAULT_CONFIG_FILE, dryRun, help };
}

/** First free name among FILE.bak, FILE.bak.1, ...: an earlier backup is never overwritten. */
function backupPathFor(path: string): string {
  let candidate = `${path}.bak`;
  for (let n = 1; existsSync(candidate); n++) candidate = `${path}.bak.${n}`;
  return candidate;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a config. */
function replaceFile(path: string, text: string): void {
  const temporary = `${path}.migrating-${process.pid}`;
  writeFileSync(temporary, text, { flag: 'wx' });
  chmodSync(temporary, statSync(path).mode & 0o7777);
  renameSync(temporary, path);
}

/** The `zeph-telemetry-migrate` command. Returns the exit code: 0 done, 1 bad file, 2 bad arguments. */
export async function runMigrateCli(argv: readonly string[], io: MigrateCliIo = defaultIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`zeph-telemetry-migrate: ${args}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  const path = resolve(io.cwd ?? process.cwd(), args.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(`zeph-telemetry-migrate: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}\n`);
    return 1;
  }

  let migration;
  try {
    migration = migrateZephTomlText(text, path);
  } catch (error) {
    const detail = error instanceof ConfigError ? `${error.message}\nFix these first; the file was not changed.` : (error as Error).message;
    io.stderr(`zeph-telemetry-migrate: ${detail}\n`);
    return 1;
  }
  if (!migration.changed) {
    io.stderr(`zeph-telemetry-migrate: nothing to migrate in ${path} (no [observability] or [debug.traces] section)\n`);
    if (args.dryRun) io.stdout(text);
    return 0;
  }
  for (const note of migration.notes) io.stderr(`note: ${note}\n`);
  const sections = migration.sections.map((s) => `[${s}]`).join(' and ');
  if (args.dryRun) {
    io.stdout(migration.text);
    io.stderr(`zeph-telemetry-migrate: dry run: ${sections} of ${path} would become [telemetry]; nothing was written\n`);
    return 0;
  }
  const backup = backupPathFor(path);
  try {
    copyFileSync(path, backup, constants.COPYFILE_EXCL);
    replaceFile(path, migration.text);
  } catch (error) {
    io.stderr(`zeph-telemetry-migrate: cannot write ${path}: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout(`Rewrote ${sections} of ${path} as [telemetry] (original saved as ${backup})\n`);
  return 0;
}
