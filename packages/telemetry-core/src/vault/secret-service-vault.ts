import { SecretServiceClient, type SecretAttributes } from './secret-service-client.js';
import type { Vault } from './vault-types.js';

// keytar's layout on Linux (libsecret): attributes `service` and `account`, and the schema name that
// libsecret adds on store and matches on lookup, so keytar-based tools and this vault share items.
const KEYTAR_SCHEMA = 'org.freedesktop.Secret.Generic';
// Earlier versions of this vault stored through the keyring-rs binding, which names the account
// attribute `username`; such items are still read, listed and removed.
const LEGACY_ACCOUNT_ATTRIBUTE = 'username';

// A vault is read at start-up: a Secret Service that accepts the call and never answers must not
// hold the agent there.
const ANSWER_TIMEOUT_MS = 10_000;

export type VaultFailure = (action: string, key: string | undefined, error: unknown) => Error;

/** The keyring vault on Linux: the Secret Service over D-Bus, one connection per operation. */
export function createSecretServiceVault(service: string, location: string, fail: VaultFailure, answerTimeoutMs = ANSWER_TIMEOUT_MS): Vault {
  const withClient = async <T>(action: string, key: string | undefined, use: (client: SecretServiceClient) => Promise<T>): Promise<T> => {
    let client: SecretServiceClient | undefined;
    const deadline = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`the Secret Service did not answer within ${answerTimeoutMs / 1000} s`);
        deadline.abort(error);
        reject(error);
      }, answerTimeoutMs);
    });
    const work = async () => {
      client = await SecretServiceClient.connect(deadline.signal);
      return use(client);
    };
    try {
      return await Promise.race([work(), timeout]);
    } catch (error) {
      throw fail(action, key, error);
    } finally {
      clearTimeout(timer);
      client?.close();
    }
  };
  const itemsInKeytarLayout = (client: SecretServiceClient, key: string) => client.search({ service, account: key });
  const itemsInLegacyLayout = (client: SecretServiceClient, key: string) => client.search({ service, [LEGACY_ACCOUNT_ATTRIBUTE]: key });
  const accountOf = (attributes: SecretAttributes): string | undefined => attributes.account ?? attributes[LEGACY_ACCOUNT_ATTRIBUTE];

  return {
    backend: 'keyring',
    location,
    get: (key) =>
      withClient('read', key, async (client) => {
        // The old layout is looked up only when the key is not stored in keytar's.
        let [item] = await itemsInKeytarLayout(client, key);
        item ??= (await itemsInLegacyLayout(client, key))[0];
        return item === undefined ? undefined : client.secret(item);
      }),
    set: (key, value) =>
      withClient('write', key, async (client) => {
        await client.store(service, { service, account: key, 'xdg:schema': KEYTAR_SCHEMA }, value);
        // One item per key: a copy in the old layout would shadow nothing but linger.
        for (const item of await itemsInLegacyLayout(client, key)) await client.delete(item);
      }),
    list: () =>
      withClient('list', undefined, async (client) => {
        const keys = new Set<string>();
        for (const item of await client.search({ service })) {
          const account = accountOf(await client.attributes(item));
          if (account !== undefined) keys.add(account);
        }
        return [...keys].sort();
      }),
    remove: (key) =>
      withClient('remove', key, async (client) => {
        const items = [...(await itemsInKeytarLayout(client, key)), ...(await itemsInLegacyLayout(client, key))];
        for (const item of items) await client.delete(item);
        return items.length > 0;
      }),
  };
}
