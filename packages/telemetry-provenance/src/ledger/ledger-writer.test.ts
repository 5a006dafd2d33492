// The writer's durability paths on a real file: entries buffered for the next write still reach
// the disk when the process exits without closing the ledger, and a reopened ledger goes on at the
// end of the file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { headPathOf, LedgerWriter } from './ledger-writer.js';
import { exportSigningKey, generateSigningKey, signingKeyFromSecret } from './signing-key.js';
import { verifyLedger } from './verify-ledger.js';
import { canonicalJson } from './canonical-json.js';
import { createEnvelope } from './envelope.js';
import { sealEntry } from './ledger-entry.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const here = fileURLToPath(new URL('.', import.meta.url));

describe('ledger writer', () => {
  it('writes buffered entries and the head when the process exits without closing', () => {
    const key = generateSigningKey();
    const path = join(mkdtempSync(join(tmpdir(), 'zeph-ledger-exit-')), 'ledger.jsonl');
    // A child seals entries, waits for the first write, seals more and calls process.exit() at once.
    const script = `
      const { LedgerWriter } = await import(${JSON.stringify(join(here, 'ledger-writer.ts'))});
      const { signingKeyFromSecret } = await import(${JSON.stringify(join(here, 'signing-key.ts'))});
      const key = signingKeyFromSecret(process.env.KEY, 'KEY');
      const writer = new LedgerWriter({ path: ${JSON.stringify(path)}, key, agentId: 'a', sessionId: 's', log: console, writeDelayMs: 60_000 });
      for (let i = 0; i < 3; i++) writer.append({ kind: 'turn', context: 'c' + i, prompt: 'p', output: 'o' });
      await writer.flush();
      for (let i = 3; i < 8; i++) writer.append({ kind: 'turn', context: 'c' + i, prompt: 'p', output: 'o' });
      process.exit(0);
    `;
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, KEY: exportSigningKey(key) }, stdio: 'pipe' });
    const head = JSON.parse(readFileSync(headPathOf(path), 'utf8'));
    const result = verifyLedger(readFileSync(path, 'utf8'), key.publicKey, key.keyId, head);
    expect(result).toEqual({ ok: true, entries: 8, problems: [] });
    expect(head.seq).toBe(8);
  });

  it('continues a reopened ledger at its end, chained to the last entry', async () => {
    const key = signingKeyFromSecret(exportSigningKey(generateSigningKey()), 'KEY');
    const path = join(mkdtempSync(join(tmpdir(), 'zeph-ledger-resume-')), 'ledger.jsonl');
    const first = new LedgerWriter({ path, key, agentId: 'a', sessionId: 's', log: silent });
    for (let i = 0; i < 4; i++) first.append({ kind: 'turn', context: `c${i}`, prompt: 'p', output: 'o' });
    await first.close();
    const head = JSON.parse(readFileSync(headPathOf(path), 'utf8'));
    const second = new LedgerWriter({ path, key, agentId: 'a', sessionId: 's', log: silent, resumeFrom: head, writeDelayMs: 0 });
    for (let i = 4; i < 10; i++) second.append({ kind: 'turn', context: `c${i}`, prompt: 'p', output: 'o' });
    await second.close();
    const finalHead = JSON.parse(readFileSync(headPathOf(path), 'utf8'));
    expect(verifyLedger(readFileSync(path, 'utf8'), key.publicKey, key.keyId, finalHead)).toEqual({ ok: true, entries: 10, problems: [] });
    expect(finalHead.seq).toBe(10);
  });

  it('seals lines in canonical form with a fresh nonce each', () => {
    const key = generateSigningKey();
    const nonces = new Set<string>();
    let prev = '0'.repeat(64);
    for (let seq = 1; seq <= 300; seq++) {
      const envelope = createEnvelope({ kind: 'tool_call', context: '', prompt: `{"cmd":"ls ${seq}"}`, output: 'ok', tool: 'shell', verdict: 'allow' }, { agentId: 'a', sessionId: 's', seq });
      expect(envelope.nonce).toMatch(/^[0-9a-f]{32}$/);
      nonces.add(envelope.nonce);
      const { line, hash, entry } = sealEntry(envelope, prev, key);
      expect(line).toBe(canonicalJson(entry));
      expect(line).toBe(canonicalJson(JSON.parse(line)));
      prev = hash;
    }
    expect(nonces.size).toBe(300);
  });
});
