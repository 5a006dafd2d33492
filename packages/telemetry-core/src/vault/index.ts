// Secrets for telemetry (OTLP auth headers) from env, the OS keyring or an age-encrypted file.
export { openVault } from './open-vault.js';
export { parseVaultConfig, vaultConfigFromToml, vaultConfigSchema, VAULT_SECTION } from './vault-config.js';
export type { VaultConfig, VaultConfigInput } from './vault-config.js';
export { resolveOtlpHeaders } from './resolve-otlp-headers.js';
export { VaultError } from './vault-error.js';
export type { Vault, VaultBackendName } from './vault-types.js';
