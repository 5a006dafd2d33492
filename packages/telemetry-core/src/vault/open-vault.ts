import { createAgeVault } from './age-vault.js';
import { createEnvVault } from './env-vault.js';
import { createKeyringVault } from './keyring-vault.js';
import type { VaultConfig } from './vault-config.js';
import type { Vault } from './vault-types.js';

/** Opens the backend chosen in `[vault]`; native and crypto modules are imported only for their backend. */
export async function openVault(config: VaultConfig, env: NodeJS.ProcessEnv = process.env): Promise<Vault> {
  switch (config.backend) {
    case 'env':
      return createEnvVault(env);
    case 'keyring':
      return createKeyringVault(config.service);
    case 'age':
      return createAgeVault({ file: config.age_file, identityFile: config.age_identity_file, identityEnv: config.age_identity_env, env });
  }
}
