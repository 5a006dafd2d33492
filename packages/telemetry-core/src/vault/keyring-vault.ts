import { VaultError } from './vault-error.js';
import type { Vault } from './vault-types.js';

/**
 * The OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows) through
 * @napi-rs/keyring. Layout as keytar: service = the configured service, account = the vault key,
 * password = the value. On macOS and Windows this is the item keytar writes; on Linux the Secret Service
 * attribute holding the account is named "username" by the binding (keytar: "account").
 */
export async function createKeyringVault(service: string): Promise<Vault> {
  const keyring = await import('@napi-rs/keyring');
  const location = `keyring service "${service}"`;
  // On Linux the binding would otherwise fall back to the kernel keyring when no Secret Service runs,
  // which forgets everything at logout: a vault write must fail loudly instead.
  const entryOptions = { linux: { store: 'secret-service' as const } };
  const entry = (key: string) => new keyring.AsyncEntry(service, key, entryOptions);
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
