import { canonicalJson } from './canonical-json.js';
import { sha256Hex, type Envelope } from './envelope.js';
import { signBytes, type SigningKey } from './signing-key.js';

/** One line of the ledger. `prev` chains it to the line before; `sig` covers everything else. */
export interface LedgerEntry {
  envelope: Envelope;
  prev: string;
  key_id: string;
  sig: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function signedPayload(entry: Pick<LedgerEntry, 'envelope' | 'prev' | 'key_id'>): string {
  return canonicalJson({ envelope: entry.envelope, key_id: entry.key_id, prev: entry.prev });
}

export function sealEntry(envelope: Envelope, prev: string, key: SigningKey): { entry: LedgerEntry; line: string; hash: string } {
  const unsigned = { envelope, prev, key_id: key.keyId };
  const payload = signedPayload(unsigned);
  const sig = signBytes(key, payload);
  const entry: LedgerEntry = { ...unsigned, sig };
  // "sig" sorts after every key of the payload, so the canonical line is the payload with the
  // signature appended: no second canonicalisation (verify checks that lines are canonical).
  const line = `${payload.slice(0, -1)},"sig":${JSON.stringify(sig)}}`;
  return { entry, line, hash: sha256Hex(line) };
}
