import { z } from 'zod';
import { parseZephSection } from '../config/section-problems.js';
import type { ZephTomlFile } from '../config/toml-document.js';

// The `[vault]` section of zeph.toml. Keys spelled as in the file.
export const vaultConfigSchema = z
  .object({
    backend: z.enum(['env', 'keyring', 'age']).default('env').describe('Where secrets live: env, keyring (OS keychain) or age (encrypted file).'),
    service: z.string().min(1).default('zeph').describe('Keyring service name; each vault key is an account under it (keytar layout).'),
    age_file: z.string().min(1).default('.zeph/vault.age').describe('age-encrypted JSON object of key -> value.'),
    age_identity_file: z.string().min(1).optional().describe('File holding the age identity (AGE-SECRET-KEY-1...).'),
    age_identity_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
      .default('ZEPH_AGE_IDENTITY')
      .describe('Environment variable holding the age identity, used when age_identity_file is not set.'),
  })
  .strict();

export type VaultConfig = z.output<typeof vaultConfigSchema>;
export type VaultConfigInput = z.input<typeof vaultConfigSchema>;

export const VAULT_SECTION = 'vault';

/** Validates `[vault]` of a loaded zeph.toml; errors name file, line, key path and value. */
export function vaultConfigFromToml(file: ZephTomlFile): VaultConfig {
  return parseZephSection(file, VAULT_SECTION, vaultConfigSchema);
}

/**
 * Validates a raw `[vault]` table (e.g. passed to initTelemetry by an embedder). Every problem is
 * reported at once with its key path (`vault.backend`), the bad value and, when given, the file.
 */
export function parseVaultConfig(raw: unknown, file?: string): VaultConfig {
  const document = { [VAULT_SECTION]: raw ?? {} };
  return parseZephSection({ path: file ?? '(inline [vault] table)', exists: file !== undefined, text: '', document }, VAULT_SECTION, vaultConfigSchema);
}
