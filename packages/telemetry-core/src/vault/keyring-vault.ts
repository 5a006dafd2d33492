import { createSecretServiceVault } from './secret-service-vault.js';
import { VaultError } from './vault-error.js';
import type { Vault } from './vault-types.js';

/**
 * The OS keychain in keytar's layout: service = the configured service, account = the vault key,
 * password = the value. On Linux the Secret Service is spoken to directly over D-Bus with keytar's
 * attributes (see secret-service-vault.ts); on macOS (Keychain) and Windows (Credential Manager)
 * @napi-rs/keyring writes the same items keytar does.
 */
export async function createKeyringVault(service: string): Promise<Vault> {
  const location = `keyring service "${service}"`;
  const fail = (action: string, key: string | undefined, error: unknown) =>
    new VaultError(
      `vault backend "keyring" could not ${action}${key ? ` key ${key}` : ''} in ${location}: ${(error as Error)?.message ?? String(error)}` +
        ' (on Linux a Secret Service such as gnome-keyring must be running and unlocked)',
      'keyring',
      key,
    );
  if (process.platform === 'linux') return createSecretServiceVault(service, location, fail);

  const keyring = await import('@napi-rs/keyring');
  const entry = (key: string) => new keyring.AsyncEntry(service, key);
  return {
    backend: 'keyring',
    location,
    async get(key) {
      try {
        return (await entry(key).getPassword()) ?? undefined;
      } catch (error) {
        throw fail('read', key, error);
      }
    },
    async set(key, value) {
      try {
        await entry(key).setPassword(value);
      } catch (error) {
        throw fail('write', key, error);
      }
    },
    async list() {
      try {
        return (await keyring.findCredentialsAsync(service)).map((c) => c.account).sort();
      } catch (error) {
        throw fail('list', undefined, error);
      }
    },
    async remove(key) {
      try {
        return await entry(key).deletePassword();
      } catch (error) {
        throw fail('remove', key, error);
      }
    },
  };
}
