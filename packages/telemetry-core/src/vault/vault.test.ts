import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { scrubSecrets } from '../redact.js';
import { createAgeVault } from './age-vault.js';
import { createEnvVault } from './env-vault.js';
import { openVault } from './open-vault.js';
import { resolveOtlpHeaders } from './resolve-otlp-headers.js';
import { parseVaultConfig } from './vault-config.js';
import { VaultError } from './vault-error.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'zeph-vault-'));

describe('[vault] config', () => {
  it('defaults to the env backend', () => {
    expect(parseVaultConfig(undefined)).toMatchObject({ backend: 'env', service: 'zeph', age_identity_env: 'ZEPH_AGE_IDENTITY' });
  });

  it('names the key path, the bad value and the file', () => {
    const error = (() => {
      try {
        parseVaultConfig({ backend: 'vaultwarden', sevice: 'x' }, 'zeph.toml');
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain('zeph.toml');
    expect(error.message).toContain('vault.backend = "vaultwarden"');
    expect(error.message).toContain('"env", "keyring", "age"');
    expect(error.message).toContain('vault.sevice');
  });
});

describe('env vault', () => {
  it('reads keys, lists only ZEPH_ names and refuses writes', async () => {
    const vault = createEnvVault({ ZEPH_OTEL_HEADERS: '{}', ZEPH_OTHER: 'x', PATH: '/bin' });
    expect(await vault.get('ZEPH_OTEL_HEADERS')).toBe('{}');
    expect(await vault.get('MISSING')).toBeUndefined();
    expect(await vault.list()).toEqual(['ZEPH_OTEL_HEADERS', 'ZEPH_OTHER']);
    await expect(vault.set('ZEPH_X', 'v')).rejects.toThrow(/read-only: export ZEPH_X/);
  });
});

describe('age vault', () => {
  it('round-trips keys through an encrypted file that holds no plaintext', async () => {
    const dir = await tempDir();
    const identityFile = join(dir, 'identity.txt');
    await writeFile(identityFile, `# created: test\n# public key: n/a\n${await generateX25519Identity()}\n`);
    const vault = await createAgeVault({ file: join(dir, 'vault.age'), identityFile, identityEnv: 'UNUSED' });
    expect(await vault.list()).toEqual([]);
    await vault.set('ZEPH_OTEL_HEADERS', '{"x-api-key":"age-secret-value-42"}');
    await vault.set('B_KEY', 'b-value');
    expect(await vault.get('ZEPH_OTEL_HEADERS')).toBe('{"x-api-key":"age-secret-value-42"}');
    expect(await vault.list()).toEqual(['B_KEY', 'ZEPH_OTEL_HEADERS']);
    const onDisk = await readFile(join(dir, 'vault.age'));
    expect(onDisk.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(onDisk.includes('age-secret-value-42')).toBe(false);
    expect(await vault.remove('B_KEY')).toBe(true);
    expect(await vault.remove('B_KEY')).toBe(false);
    expect(await vault.list()).toEqual(['ZEPH_OTEL_HEADERS']);
  });

  it('takes the identity from an environment variable and reports a wrong or missing one clearly', async () => {
    const dir = await tempDir();
    const file = join(dir, 'vault.age');
    const env = { ZEPH_AGE_IDENTITY: await generateX25519Identity() };
    const vault = await openVault(parseVaultConfig({ backend: 'age', age_file: file }), env);
    await vault.set('K', 'v');
    expect(await vault.get('K')).toBe('v');

    const wrong = await createAgeVault({ file, identityEnv: 'ZEPH_AGE_IDENTITY', env: { ZEPH_AGE_IDENTITY: await generateX25519Identity() } });
    await expect(wrong.get('K')).rejects.toThrow(/vault backend "age": cannot decrypt .*vault\.age with the configured identity/);
    const none = await createAgeVault({ file, identityEnv: 'ZEPH_AGE_IDENTITY', env: {} });
    await expect(none.get('K')).rejects.toThrow(/set vault\.age_identity_file or the environment variable ZEPH_AGE_IDENTITY/);
  });
});

describe('OTLP headers from the vault', () => {
  const KEY = 'ZEPH_OTEL_HEADERS';

  it('parses a JSON object of strings and registers every value as a secret', async () => {
    const vault = createEnvVault({ [KEY]: '{"authorization":"Bearer resolved-token-abc123","x-scope":"team-zeph-77"}' });
    expect(await resolveOtlpHeaders(vault, KEY)).toEqual({ authorization: 'Bearer resolved-token-abc123', 'x-scope': 'team-zeph-77' });
    expect(scrubSecrets('sent Bearer resolved-token-abc123 to x')).not.toContain('resolved-token-abc123');
    expect(scrubSecrets('token resolved-token-abc123 alone')).not.toContain('resolved-token-abc123');
    expect(scrubSecrets('scope team-zeph-77')).not.toContain('team-zeph-77');
  });

  it('a missing key names the key and the backend', async () => {
    const error = await resolveOtlpHeaders(createEnvVault({}), KEY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect((error as Error).message).toContain(`vault key ${KEY}`);
    expect((error as Error).message).toContain('backend "env"');
    expect((error as Error).message).toContain('is not set');
  });

  it.each([
    ['invalid JSON', '{authorization: secret-in-bad-json-1}', /is not valid JSON/],
    ['not an object', '["secret-in-array-22"]', /must be a JSON object/],
    ['a non-string value', '{"authorization": 1234567890}', /header authorization must be a string/],
    ['a line break', '{"authorization":"Bearer secret-crlf-33\\r\\nx: y"}', /contains a line break/],
    ['a reserved header', '{"content-type":"secret-ct-44"}', /manages itself/],
  ])('rejects %s without showing the value', async (_what, raw, message) => {
    const error = await resolveOtlpHeaders(createEnvVault({ [KEY]: raw }), KEY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(KEY);
    expect((error as Error).message).toContain('backend "env"');
    for (const fragment of ['secret-in-bad-json-1', 'secret-in-array-22', '1234567890', 'secret-crlf-33', 'secret-ct-44']) {
      expect((error as Error).message).not.toContain(fragment);
    }
  });
});
