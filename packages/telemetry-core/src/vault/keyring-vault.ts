import { VaultError } from './vault-error.js';
import type { Vault } from './vault-types.js';

/**
 * The OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows) through
 * @napi-rs/keyring. Layout as keytar: service = the configured service, account = the vault key,
 * password = the value, so entries written by keytar-based tools are read as-is.
 */
export async function createKeyringVault(service: string): Promise<Vault> {
  const keyring = await import('@napi-rs/keyring');
  const location = `keyring service "${service}"`;
  const fail = (action: string, key: string | undefined, error: unknown) =>
    new VaultError(
      `vault backend "keyring" could not ${action}${key ? ` key ${key}` : ''} in ${location}: ${(error as Error)?.message ?? String(error)}` +
        ' (on Linux a Secret Service such as gnome-keyring must be running and unlocked)',
      'keyring',
      key,
    );
  return {
    backend: 'keyring',
    location,
    async get(key) {
      try {
        return (await new keyring.AsyncEntry(service, key).getPassword()) ?? undefined;
      } catch (error) {
        throw fail('read', key, error);
      }
    },
    async set(key, value) {
      try {
        await new keyring.AsyncEntry(service, key).setPassword(value);
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
        return await new keyring.AsyncEntry(service, key).deletePassword();
      } catch (error) {
        throw fail('remove', key, error);
      }
    },
  };
}
