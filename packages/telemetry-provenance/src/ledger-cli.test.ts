import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLedgerCli } from './ledger-cli.js';
import { LedgerWriter } from './ledger/ledger-writer.js';
import { signingKeyFromSecret } from './ledger/signing-key.js';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runLedgerCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('zeph-ledger', () => {
  it('makes a key, and verifies a ledger signed with it, naming a tampered entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zeph-ledger-cli-'));
    const pub = join(dir, 'ledger.pub.pem');
    const keygen = run(['keygen', '--public-out', pub]);
    expect(keygen.code).toBe(0);
    const key = signingKeyFromSecret(keygen.out, 'ZEPH_LEDGER_SIGNING_KEY');
    const path = join(dir, 'ledger.jsonl');
    const writer = new LedgerWriter({ path, key, agentId: 'a', sessionId: 's', log: { debug() {}, info() {}, warn() {}, error() {} } });
    for (let i = 0; i < 3; i++) writer.append({ kind: 'turn', context: 'c', prompt: `p${i}`, output: 'o' });
    await writer.flush();
    expect(run(['verify', path, '--public-key', pub])).toMatchObject({ code: 0, out: 'ok: 3 entries verified' });
    writeFileSync(path, readFileSync(path, 'utf8').replace('"seq":2', '"seq":7'));
    const tampered = run(['verify', path, '--public-key', pub]);
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain('modified: line 2: entry modified (signature does not verify)');
  });

  it('explains bad arguments and bad keys without echoing secrets', () => {
    expect(run(['verify', 'x.jsonl'])).toMatchObject({ code: 2 });
    expect(run(['verify', 'x.jsonl', '--public-key', '/nonexistent.pem']).err).toContain('/nonexistent.pem: not a readable public key PEM (ENOENT)');
    expect(() => signingKeyFromSecret('super-secret-not-a-key', 'ZEPH_LEDGER_SIGNING_KEY')).toThrow(/^vault key ZEPH_LEDGER_SIGNING_KEY: not a PKCS#8 Ed25519 private key/);
    try {
      signingKeyFromSecret('super-secret-not-a-key', 'K');
    } catch (error) {
      expect((error as Error).message).not.toContain('super-secret');
    }
  });
});
