import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { VaultError } from './vault-error.js';
import type { Vault } from './vault-types.js';

export interface AgeVaultOptions {
  /** The encrypted file (a JSON object of key -> value inside). */
  file: string;
  /** File holding the identity; the first AGE-SECRET-KEY line is used. */
  identityFile?: string;
  /** Environment variable holding the identity, used when identityFile is absent. */
  identityEnv: string;
  env?: NodeJS.ProcessEnv;
}

/** Reads the first identity line, ignoring comments as `age-keygen` writes them. */
function identityFromText(text: string): string | undefined {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.startsWith('AGE-SECRET-KEY-'));
}

/**
 * Secrets in an age-encrypted JSON file (readable with the `age` CLI:
 * `age -d -i identity.txt vault.age`). The file is rewritten atomically on every change.
 */
export async function createAgeVault(options: AgeVaultOptions): Promise<Vault> {
  const age = await import('age-encryption');
  const env = options.env ?? process.env;
  const location = `age file ${options.file}`;
  const error = (message: string, key?: string) => new VaultError(`vault backend "age": ${message}`, 'age', key);

  async function loadIdentity(): Promise<string> {
    let identity: string | undefined;
    if (options.identityFile) {
      let text: string;
      try {
        text = await readFile(options.identityFile, 'utf8');
      } catch (e) {
        throw error(`cannot read identity file ${options.identityFile} (vault.age_identity_file): ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
      }
      identity = identityFromText(text);
      if (!identity) throw error(`identity file ${options.identityFile} has no AGE-SECRET-KEY-1... line`);
    } else {
      const raw = env[options.identityEnv];
      if (!raw) {
        throw error(`no identity: set vault.age_identity_file or the environment variable ${options.identityEnv}`);
      }
      identity = identityFromText(raw);
      if (!identity) throw error(`environment variable ${options.identityEnv} does not hold an AGE-SECRET-KEY-1... identity`);
    }
    return identity;
  }

  async function readAll(identity: string): Promise<Record<string, string>> {
    let bytes: Buffer;
    try {
      bytes = await readFile(options.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error(`cannot read ${options.file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const decrypter = new age.Decrypter();
    decrypter.addIdentity(identity);
    let text: string;
    try {
      text = await decrypter.decrypt(new Uint8Array(bytes), 'text');
    } catch (e) {
      throw error(`cannot decrypt ${options.file} with the configured identity (${(e as Error).message})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw error(`${options.file} decrypts to something that is not JSON`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
      throw error(`${options.file} must hold a JSON object of string values`);
    }
    return parsed as Record<string, string>;
  }

  async function writeAll(identity: string, entries: Record<string, string>): Promise<void> {
    const encrypter = new age.Encrypter();
    encrypter.addRecipient(await age.identityToRecipient(identity));
    const bytes = await encrypter.encrypt(JSON.stringify(entries));
    await mkdir(dirname(options.file), { recursive: true });
    const temporary = `${options.file}.${process.pid}.tmp`;
    await writeFile(temporary, bytes, { mode: 0o600 });
    await rename(temporary, options.file);
  }

  return {
    backend: 'age',
    location,
    async get(key) {
      const entries = await readAll(await loadIdentity());
      return Object.hasOwn(entries, key) ? entries[key] : undefined;
    },
    async set(key, value) {
      const identity = await loadIdentity();
      const entries = await readAll(identity);
      entries[key] = value;
      await writeAll(identity, entries);
    },
    async list() {
      return Object.keys(await readAll(await loadIdentity())).sort();
    },
    async remove(key) {
      const identity = await loadIdentity();
      const entries = await readAll(identity);
      if (!Object.hasOwn(entries, key)) return false;
      delete entries[key];
      await writeAll(identity, entries);
      return true;
    },
  };
}
