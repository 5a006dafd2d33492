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

  it('stores items under the service attribute, visible to other Secret Service clients', async () => {
    const vault = await createKeyringVault('zeph-layout');
    await vault.set('LAYOUT_KEY', 'layout-value-123');
    // secret-tool prints the secret on stdout and the attributes on stderr.
    const { stdout, stderr } = await run('secret-tool', ['search', '--all', 'service', 'zeph-layout'], { env: { ...process.env } });
    expect(stdout).toContain('secret = layout-value-123');
    expect(stderr).toContain('attribute.service = zeph-layout');
    // keyring-rs names the account attribute "username" (keytar: "account") on the Secret Service.
    expect(stderr).toContain('attribute.username = LAYOUT_KEY');
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
