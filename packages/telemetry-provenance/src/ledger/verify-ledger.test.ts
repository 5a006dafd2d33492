import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { headPathOf, LedgerWriter, type LedgerHead } from './ledger-writer.js';
import { generateSigningKey, type SigningKey } from './signing-key.js';
import { verifyLedger } from './verify-ledger.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
let key: SigningKey;
let ledgerText: string;
let head: LedgerHead;

beforeAll(async () => {
  key = generateSigningKey();
  const path = join(mkdtempSync(join(tmpdir(), 'zeph-ledger-')), 'ledger.jsonl');
  const writer = new LedgerWriter({ path, key, agentId: 'agent-1', sessionId: 'sess-1', log: silent });
  for (let i = 1; i <= 6; i++) {
    writer.append({ kind: i % 2 ? 'turn' : 'tool_call', context: `ctx ${i}`, prompt: `prompt ${i}`, output: `out ${i}`, tool: i % 2 ? undefined : 'shell', verdict: i % 2 ? undefined : 'allow' });
  }
  await writer.flush();
  ledgerText = readFileSync(path, 'utf8');
  head = JSON.parse(readFileSync(headPathOf(path), 'utf8'));
});

const lines = () => ledgerText.trimEnd().split('\n');
const join_ = (ls: string[]) => `${ls.join('\n')}\n`;
const verify = (text: string, withHead = true) => verifyLedger(text, key.publicKey, key.keyId, withHead ? head : undefined);

describe('ledger verification', () => {
  it('accepts an untouched ledger and records hashes, not content', () => {
    const result = verify(ledgerText);
    expect(result).toEqual({ ok: true, entries: 6, problems: [] });
    expect(ledgerText).not.toContain('prompt 1');
    expect(head.seq).toBe(6);
  });

  it('names a modified entry', () => {
    const ls = lines();
    ls[2] = ls[2].replace(/"context":"([0-9a-f])/, (_m, c) => `"context":"${c === 'a' ? 'b' : 'a'}`);
    const result = verify(join_(ls));
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: 'modified', line: 3, seq: 3 });
    expect(result.problems[0].message).toContain('signature does not verify');
  });

  it('names a removed entry', () => {
    const ls = lines();
    ls.splice(3, 1); // seq 4
    const result = verify(join_(ls));
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'removed', seq: 4, line: 4 })]);
  });

  it('names reordered entries', () => {
    const ls = lines();
    [ls[1], ls[2]] = [ls[2], ls[1]];
    const result = verify(join_(ls));
    expect(result.problems.map((p) => p.kind)).toContain('reordered');
    expect(result.problems.every((p) => p.kind === 'reordered')).toBe(true);
    expect(result.problems[0]).toMatchObject({ line: 2, seq: 3 });
  });

  it('names a replayed entry', () => {
    const ls = lines();
    ls.splice(4, 0, ls[1]);
    const result = verify(join_(ls));
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'replayed', line: 5, seq: 2 })]);
    expect(result.problems[0].message).toContain('replays line 2');
  });

  it('notices a cut-off tail through the head file', () => {
    const ls = lines().slice(0, 4);
    expect(verify(join_(ls), false).ok).toBe(true); // the chain alone cannot know
    expect(verify(join_(ls)).problems).toEqual([expect.objectContaining({ kind: 'truncated', seq: 5 })]);
  });

  it('detects every random byte mutation (fuzz)', () => {
    const bytes = Buffer.from(ledgerText);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        (mutations) => {
          const copy = Buffer.from(bytes);
          for (const [position, delta] of mutations) copy[position] = (copy[position] + delta) % 256;
          if (copy.equals(bytes)) return true; // mutations that cancel out change nothing
          return verify(copy.toString('utf8')).ok === false;
        },
      ),
      { numRuns: 500 },
    );
  });
});
