import type { KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { sha256Hex } from './envelope.js';
import { GENESIS_HASH, signedPayload, type LedgerEntry } from './ledger-entry.js';
import type { LedgerHead } from './ledger-writer.js';
import { verifyBytes } from './signing-key.js';

export type LedgerProblemKind = 'modified' | 'removed' | 'reordered' | 'replayed' | 'truncated';

export interface LedgerProblem {
  kind: LedgerProblemKind;
  /** 1-based line of the ledger file where the problem shows. */
  line: number;
  /** Sequence number concerned (of the entry, or the missing one). */
  seq?: number;
  message: string;
}

export interface LedgerVerification {
  ok: boolean;
  entries: number;
  problems: LedgerProblem[];
}

interface ParsedLine {
  line: number;
  hash: string;
  entry?: LedgerEntry;
  /** Why the line itself cannot be trusted. */
  invalid?: string;
}

function parseLine(text: string, line: number, publicKey: KeyObject, keyId: string): ParsedLine {
  const hash = sha256Hex(text);
  let entry: LedgerEntry;
  try {
    entry = JSON.parse(text) as LedgerEntry;
  } catch {
    return { line, hash, invalid: 'not valid JSON' };
  }
  const shapeOk =
    entry !== null && typeof entry === 'object' && typeof entry.sig === 'string' && typeof entry.prev === 'string' &&
    typeof entry.key_id === 'string' && entry.envelope !== null && typeof entry.envelope === 'object' && Number.isInteger(entry.envelope.seq);
  if (!shapeOk) return { line, hash, invalid: 'not a ledger entry' };
  if (canonicalJson(entry) !== text) return { line, hash, entry, invalid: 'bytes differ from the signed form' };
  if (entry.key_id !== keyId) return { line, hash, entry, invalid: `signed by unknown key ${entry.key_id}` };
  if (!verifyBytes(publicKey, signedPayload(entry), entry.sig)) return { line, hash, entry, invalid: 'signature does not verify' };
  return { line, hash, entry };
}

/**
 * Checks signatures, the hash chain and the sequence, and names each entry that was modified,
 * removed, reordered or replayed. With the head file's content, a cut-off tail is found too.
 */
export function verifyLedger(text: string, publicKey: KeyObject, keyId: string, head?: LedgerHead): LedgerVerification {
  const problems: LedgerProblem[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else if (lines.length > 0) problems.push({ kind: 'modified', line: lines.length, message: `line ${lines.length}: the last entry does not end with a newline` });
  const parsed = lines.map((l, i) => parseLine(l, i + 1, publicKey, keyId));
  const seqsPresent = new Set(parsed.flatMap((p) => (p.entry && !p.invalid ? [p.entry.envelope.seq] : [])));
  const firstLineOfNonce = new Map<string, number>();
  // Chain links are checked by sequence, not by position, so a reordering is reported once as such.
  const hashOfSeq = new Map<number, string>([[0, GENESIS_HASH]]);
  for (const p of parsed) if (p.entry && !p.invalid && !hashOfSeq.has(p.entry.envelope.seq)) hashOfSeq.set(p.entry.envelope.seq, p.hash);

  let expectedSeq = 1;
  for (const p of parsed) {
    if (p.invalid || !p.entry) {
      problems.push({ kind: 'modified', line: p.line, seq: p.entry?.envelope?.seq, message: `line ${p.line}: entry modified (${p.invalid})` });
      expectedSeq++;
      continue;
    }
    const { seq, nonce } = p.entry.envelope;
    const earlier = firstLineOfNonce.get(nonce);
    if (earlier !== undefined) {
      problems.push({ kind: 'replayed', line: p.line, seq, message: `line ${p.line}: entry seq ${seq} replays line ${earlier}` });
      continue; // a replay does not advance the chain
    }
    firstLineOfNonce.set(nonce, p.line);
    if (seq > expectedSeq) {
      const missing = [];
      for (let s = expectedSeq; s < seq; s++) missing.push(s);
      const movedElsewhere = missing.filter((s) => seqsPresent.has(s));
      const gone = missing.filter((s) => !seqsPresent.has(s));
      if (gone.length > 0) problems.push({ kind: 'removed', line: p.line, seq: gone[0], message: `line ${p.line}: entries seq ${gone.join(', ')} removed before this entry` });
      if (movedElsewhere.length > 0) problems.push({ kind: 'reordered', line: p.line, seq, message: `line ${p.line}: entry seq ${seq} comes before seq ${movedElsewhere.join(', ')}` });
    } else if (seq < expectedSeq) {
      problems.push({ kind: 'reordered', line: p.line, seq, message: `line ${p.line}: entry seq ${seq} appears after seq ${expectedSeq - 1}` });
    }
    const linkedHash = hashOfSeq.get(seq - 1);
    if (linkedHash !== undefined && p.entry.prev !== linkedHash) {
      problems.push({ kind: 'modified', line: p.line, seq, message: `line ${p.line}: hash chain broken (the entry before seq ${seq} is not the one it was chained to)` });
    }
    expectedSeq = Math.max(expectedSeq, seq + 1);
  }
  if (head) {
    const last = parsed[parsed.length - 1];
    if (head.seq >= expectedSeq) {
      const missing = [];
      for (let s = expectedSeq; s <= head.seq; s++) missing.push(s);
      problems.push({ kind: 'truncated', line: parsed.length + 1, seq: expectedSeq, message: `entries seq ${missing.join(', ')} removed from the end (head says ${head.seq})` });
    } else if (last && last.hash !== head.hash && problems.length === 0) {
      problems.push({ kind: 'modified', line: last.line, message: `line ${last.line}: last entry differs from the recorded head` });
    }
  }
  return { ok: problems.length === 0, entries: parsed.length, problems };
}
