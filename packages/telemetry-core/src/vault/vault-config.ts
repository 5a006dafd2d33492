import { z } from 'zod';
import { ConfigError, type ConfigProblem } from '../config/config-error.js';

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

/**
 * Validates the raw `[vault]` table. Every problem is reported at once with its key path
 * (`vault.backend`), the bad value and the file.
 */
export function parseVaultConfig(raw: unknown, file?: string): VaultConfig {
  const result = vaultConfigSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const table = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const problems: ConfigProblem[] = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return {
        keyPath: `vault.${issue.keys.join(', vault.')}`,
        expected: `unknown key; [vault] accepts ${Object.keys(vaultConfigSchema.shape).join(', ')}`,
        hasValue: false,
        file,
      };
    }
    const key = issue.path.map(String).join('.');
    const hasValue = key in table;
    return {
      keyPath: key ? `vault.${key}` : 'vault',
      expected: issue.code === 'invalid_value' ? `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` : issue.message,
      value: hasValue ? table[key] : undefined,
      hasValue,
      file,
    };
  });
  throw new ConfigError(problems, file);
}
