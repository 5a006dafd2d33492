import { VaultError } from './vault-error.js';
import type { Vault } from './vault-types.js';

// Listing every environment variable would disclose unrelated names; only Zeph's are listed.
const LISTED_PREFIX = 'ZEPH_';

/** Secrets from the process environment: read-only (set them in the shell or the service unit). */
export function createEnvVault(env: NodeJS.ProcessEnv = process.env): Vault {
  const readOnly = (key: string) =>
    new VaultError(`vault backend "env" is read-only: export ${key} in the environment instead`, 'env', key);
  return {
    backend: 'env',
    location: 'the process environment',
    async get(key) {
      return env[key];
    },
    async set(key) {
      throw readOnly(key);
    },
    async list() {
      return Object.keys(env).filter((k) => k.startsWith(LISTED_PREFIX)).sort();
    },
    async remove(key) {
      throw readOnly(key);
    },
  };
}
