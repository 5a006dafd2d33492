import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretService, type SecretServiceSession } from '../testing/secret-service.js';
import { createKeyringVault } from './keyring-vault.js';
import { resolveOtlpHeaders } from './resolve-otlp-headers.js';

// A real Secret Service: gnome-keyring on a private D-Bus session bus started for this file.
const run = promisify(execFile);
let session: SecretServiceSession;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  session = await startSecretService();
  for (const [k, v] of Object.entries(session.env)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});

afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await session?.stop();
});

/** Stores an item the way a libsecret client does (secret-tool reads the secret from stdin). */
async function storeWithSecretTool(label: string, secret: string, attributes: Record<string, string>): Promise<void> {
  const child = execFile('secret-tool', ['store', `--label=${label}`, ...Object.entries(attributes).flat()], { env: { ...process.env } });
  child.stdin!.end(secret);
  await new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`secret-tool store exited with ${code}`)))));
}

describe('keyring vault (Secret Service)', () => {
  it('sets, gets, lists and removes keys under one service', async () => {
    const vault = await createKeyringVault('zeph-test');
    expect(await vault.get('ZEPH_OTEL_HEADERS')).toBeUndefined();
    await vault.set('ZEPH_OTEL_HEADERS', '{"authorization":"Bearer kr-secret-1"}');
    await vault.set('OTHER_KEY', 'other-value');
    expect(await vault.get('ZEPH_OTEL_HEADERS')).toBe('{"authorization":"Bearer kr-secret-1"}');
    expect(await vault.list()).toEqual(['OTHER_KEY', 'ZEPH_OTEL_HEADERS']);
    // Another service is a separate namespace.
    expect(await (await createKeyringVault('zeph-other')).list()).toEqual([]);
    expect(await vault.remove('OTHER_KEY')).toBe(true);
    expect(await vault.remove('OTHER_KEY')).toBe(false);
    expect(await vault.list()).toEqual(['ZEPH_OTEL_HEADERS']);
  });

  it("stores items in keytar's layout, where keytar and other Secret Service clients find them", async () => {
    const vault = await createKeyringVault('zeph-layout');
    await vault.set('LAYOUT_KEY', 'layout-value-123');
    // secret-tool prints the secret on stdout and the attributes on stderr.
    const { stdout, stderr } = await run('secret-tool', ['search', '--all', 'service', 'zeph-layout'], { env: { ...process.env } });
    expect(stdout).toContain('secret = layout-value-123');
    expect(stderr).toContain('attribute.service = zeph-layout');
    expect(stderr).toContain('attribute.account = LAYOUT_KEY');
    // keytar looks up through libsecret with its schema, which matches the xdg:schema attribute too.
    const keytarLookup = await run('secret-tool', ['lookup', 'xdg:schema', 'org.freedesktop.Secret.Generic', 'service', 'zeph-layout', 'account', 'LAYOUT_KEY'], { env: { ...process.env } });
    expect(keytarLookup.stdout).toBe('layout-value-123');
    // Setting again replaces the item instead of adding a second one.
    await vault.set('LAYOUT_KEY', 'layout-value-456');
    const again = await run('secret-tool', ['search', '--all', 'service', 'zeph-layout'], { env: { ...process.env } });
    expect(again.stdout.match(/secret = /g)).toHaveLength(1);
    expect(again.stdout).toContain('secret = layout-value-456');
  });

  it('reads a secret another client stored under service and account', async () => {
    await storeWithSecretTool('written elsewhere', 'from-another-tool-789', { service: 'zeph-interop', account: 'SHARED_KEY' });
    const vault = await createKeyringVault('zeph-interop');
    expect(await vault.get('SHARED_KEY')).toBe('from-another-tool-789');
    expect(await vault.list()).toEqual(['SHARED_KEY']);
  });

  it('still reads, lists and moves items stored with the account in a "username" attribute', async () => {
    // Earlier versions of the keyring vault stored through keyring-rs, which names the account "username".
    await storeWithSecretTool('zeph-legacy', 'legacy-value-321', { service: 'zeph-legacy', username: 'OLD_KEY', target: 'default' });
    const vault = await createKeyringVault('zeph-legacy');
    expect(await vault.get('OLD_KEY')).toBe('legacy-value-321');
    expect(await vault.list()).toEqual(['OLD_KEY']);
    await vault.set('OLD_KEY', 'new-layout-value');
    const { stderr } = await run('secret-tool', ['search', '--all', 'service', 'zeph-legacy'], { env: { ...process.env } });
    expect(stderr).toContain('attribute.account = OLD_KEY');
    expect(stderr).not.toContain('attribute.username');
    expect(await vault.get('OLD_KEY')).toBe('new-layout-value');
    await storeWithSecretTool('zeph-legacy', 'second-legacy', { service: 'zeph-legacy', username: 'OTHER_OLD' });
    expect(await vault.remove('OTHER_OLD')).toBe(true);
    expect(await vault.list()).toEqual(['OLD_KEY']);
  });

  it('resolves OTLP headers stored in the keyring', async () => {
    const vault = await createKeyringVault('zeph-test-headers');
    await vault.set('ZEPH_OTEL_HEADERS', JSON.stringify({ authorization: 'Basic a3ItaGVhZGVy' }));
    expect(await resolveOtlpHeaders(vault, 'ZEPH_OTEL_HEADERS')).toEqual({ authorization: 'Basic a3ItaGVhZGVy' });
  });
});

describe('keyring vault without a Secret Service', () => {
  it('fails with a VaultError naming the backend and key instead of falling back to another store', async () => {
    // A fresh process: the binding keeps its D-Bus connection, so the bad address must be there from the start.
    const script = `
      import { createKeyringVault } from ${JSON.stringify(join(import.meta.dirname, 'keyring-vault.ts'))};
      const vault = await createKeyringVault('zeph-test');
      try { await vault.set('ZEPH_OTEL_HEADERS', '{"a":"never-stored-secret"}'); console.log('STORED'); }
      catch (e) { console.log(e.name + ': ' + e.message); }
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/zeph-bus' },
      cwd: import.meta.dirname,
    });
    expect(stdout).not.toContain('STORED');
    expect(stdout).toContain('VaultError: vault backend "keyring" could not write key ZEPH_OTEL_HEADERS in keyring service "zeph-test"');
    expect(stdout).not.toContain('never-stored-secret');
  });
});
