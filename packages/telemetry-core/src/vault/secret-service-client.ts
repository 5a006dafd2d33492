import type { MessageBus } from '@jellybrick/dbus-next';

// The freedesktop Secret Service API (gnome-keyring, KWallet, KeePassXC) over the D-Bus session bus,
// reduced to what a vault needs: find, read, write and delete items by their attributes.
const DESTINATION = 'org.freedesktop.secrets';
const SERVICE_PATH = '/org/freedesktop/secrets';
const SERVICE_IFACE = 'org.freedesktop.Secret.Service';
const COLLECTION_IFACE = 'org.freedesktop.Secret.Collection';
const ITEM_IFACE = 'org.freedesktop.Secret.Item';
const PROPERTIES_IFACE = 'org.freedesktop.DBus.Properties';
/** An object path meaning "none": no prompt needed, no such collection. */
const NONE = '/';

export type SecretAttributes = Record<string, string>;

/** One connection to the session bus with a plain (unencrypted, local-only) session open. */
export class SecretServiceClient {
  private closed = false;

  private constructor(
    private readonly dbus: typeof import('@jellybrick/dbus-next'),
    private readonly bus: MessageBus,
    private readonly session: string,
  ) {}

  /** Connects and opens a session; `signal` aborting first closes the connection and rejects. */
  static async connect(signal?: AbortSignal): Promise<SecretServiceClient> {
    const dbus = await import('@jellybrick/dbus-next');
    const bus = dbus.sessionBus();
    // A bus that cannot connect emits 'error'; without a listener that would end the process.
    const failed = new Promise<never>((_, reject) => (bus as unknown as NodeJS.EventEmitter).once('error', reject));
    failed.catch(() => {});
    const aborted = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => {});
    try {
      const opened = await Promise.race([
        call(dbus, bus, SERVICE_PATH, SERVICE_IFACE, 'OpenSession', 'sv', ['plain', new dbus.Variant('s', '')]),
        failed,
        aborted,
      ]);
      // Answered just as the deadline passed: the caller has given up on this connection.
      if (signal?.aborted) throw signal.reason;
      return new SecretServiceClient(dbus, bus, opened[1] as string);
    } catch (error) {
      // Also when the service never answered: an open connection would keep the process alive.
      bus.disconnect();
      throw error;
    }
  }

  /** Items whose attributes include all of `attributes`; locked ones are unlocked if that needs no prompt. */
  async search(attributes: SecretAttributes): Promise<string[]> {
    const [unlocked, locked] = (await this.call(SERVICE_PATH, SERVICE_IFACE, 'SearchItems', 'a{ss}', [attributes])) as [string[], string[]];
    if (locked.length === 0) return unlocked;
    const [nowUnlocked, prompt] = (await this.call(SERVICE_PATH, SERVICE_IFACE, 'Unlock', 'ao', [locked])) as [string[], string];
    if (prompt !== NONE) throw new Error('the keyring holding the secret is locked (unlock it, e.g. by logging in)');
    return [...unlocked, ...nowUnlocked];
  }

  async secret(item: string): Promise<string> {
    const [secrets] = (await this.call(SERVICE_PATH, SERVICE_IFACE, 'GetSecrets', 'aoo', [[item], this.session])) as [Record<string, [string, Buffer, Buffer, string]>];
    const secret = secrets[item];
    if (!secret) throw new Error('the Secret Service returned no secret for the item it found');
    return Buffer.from(secret[2]).toString('utf8');
  }

  async attributes(item: string): Promise<SecretAttributes> {
    const [value] = (await this.call(item, PROPERTIES_IFACE, 'Get', 'ss', [ITEM_IFACE, 'Attributes'])) as [{ value: SecretAttributes }];
    return value.value;
  }

  /** Stores `value` in the default collection, replacing an item with the same attributes. */
  async store(label: string, attributes: SecretAttributes, value: string): Promise<void> {
    const [collection] = (await this.call(SERVICE_PATH, SERVICE_IFACE, 'ReadAlias', 's', ['default'])) as [string];
    if (collection === NONE) throw new Error('the Secret Service has no default collection (keyring) to store into');
    const { Variant } = this.dbus;
    const properties = {
      'org.freedesktop.Secret.Item.Label': new Variant('s', label),
      'org.freedesktop.Secret.Item.Attributes': new Variant('a{ss}', attributes),
    };
    const secret = [this.session, Buffer.alloc(0), Buffer.from(value, 'utf8'), 'text/plain; charset=utf8'];
    const [item, prompt] = (await this.call(collection, COLLECTION_IFACE, 'CreateItem', 'a{sv}(oayays)b', [properties, secret, true])) as [string, string];
    if (item === NONE && prompt !== NONE) throw new Error('the default keyring is locked (unlock it, e.g. by logging in)');
  }

  async delete(item: string): Promise<void> {
    const [prompt] = (await this.call(item, ITEM_IFACE, 'Delete', '', [])) as [string];
    if (prompt !== NONE) throw new Error('deleting the item needs an interactive prompt (the keyring is locked)');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.bus.disconnect();
  }

  private call(path: string, iface: string, member: string, signature: string, body: unknown[]): Promise<unknown[]> {
    return call(this.dbus, this.bus, path, iface, member, signature, body);
  }
}

async function call(
  dbus: typeof import('@jellybrick/dbus-next'),
  bus: MessageBus,
  path: string,
  iface: string,
  member: string,
  signature: string,
  body: unknown[],
): Promise<unknown[]> {
  const reply = await bus.call(new dbus.Message({ destination: DESTINATION, path, interface: iface, member, signature, body }));
  return (reply?.body ?? []) as unknown[];
}
