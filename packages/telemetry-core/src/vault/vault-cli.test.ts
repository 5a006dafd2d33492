import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { runVaultCli } from './vault-cli.js';

async function cli(argv: string[], options: { cwd: string; stdin?: string; env?: NodeJS.ProcessEnv }) {
  let stdout = '';
  let stderr = '';
  const code = await runVaultCli(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => options.stdin ?? '',
    cwd: options.cwd,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

async function ageProject() {
  const cwd = await mkdtemp(join(tmpdir(), 'zeph-vault-cli-'));
  await writeFile(join(cwd, 'id.txt'), `${await generateX25519Identity()}\n`);
  await writeFile(join(cwd, 'zeph.toml'), '[vault]\nbackend = "age"\nage_file = "secrets/vault.age"\nage_identity_file = "id.txt"\n');
  return cwd;
}

describe('zeph-vault CLI', () => {
  it('set reads stdin, get hides the value unless --reveal, list and remove work', async () => {
    const cwd = await ageProject();
    expect(await cli(['set', 'ZEPH_OTEL_HEADERS'], { cwd, stdin: '{"authorization":"Bearer cli-secret-9876"}\n' })).toMatchObject({ code: 0 });
    const hidden = await cli(['get', 'ZEPH_OTEL_HEADERS'], { cwd });
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toContain('ZEPH_OTEL_HEADERS is set');
    expect(hidden.stdout).not.toContain('cli-secret-9876');
    const shown = await cli(['get', '--reveal', 'ZEPH_OTEL_HEADERS'], { cwd });
    expect(shown.stdout).toBe('{"authorization":"Bearer cli-secret-9876"}\n');
    expect((await cli(['list'], { cwd })).stdout).toBe('ZEPH_OTEL_HEADERS\n');
    expect((await cli(['remove', 'ZEPH_OTEL_HEADERS'], { cwd })).code).toBe(0);
    const gone = await cli(['get', 'ZEPH_OTEL_HEADERS'], { cwd });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`ZEPH_OTEL_HEADERS is not set in age file ${join(cwd, 'secrets', 'vault.age')}`);
  });

  it('reports usage errors with exit code 2 and bad config with the key path', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'zeph-vault-cli-'));
    expect(await cli(['fetch', 'X'], { cwd })).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "fetch"') });
    expect(await cli(['get'], { cwd })).toMatchObject({ code: 2, stderr: expect.stringContaining('get needs a KEY') });
    expect(await cli(['set', '--reveal', 'K'], { cwd })).toMatchObject({ code: 2 });
    await writeFile(join(cwd, 'zeph.toml'), '[vault]\nbackend = "vaultwarden"\n');
    const bad = await cli(['list'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('vault.backend');
    expect(bad.stderr).toContain('zeph.toml:2');
  });

  it('the env backend lists ZEPH_ variables and refuses to store', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'zeph-vault-cli-'));
    const env = { ZEPH_OTEL_HEADERS: '{}', HOME: '/root' };
    expect((await cli(['list'], { cwd, env })).stdout).toBe('ZEPH_OTEL_HEADERS\n');
    const set = await cli(['set', 'ZEPH_X'], { cwd, env, stdin: 'v' });
    expect(set.code).toBe(1);
    expect(set.stderr).toContain('read-only');
  });
});
