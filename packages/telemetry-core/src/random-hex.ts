import { randomFillSync } from 'node:crypto';

// Random hex strings are cut from a pool: one randomFillSync and one hex conversion per 4 KiB
// instead of a conversion per id (span ids, trace ids, ledger nonces). V8 keeps each result as a
// slice of the pool string, without a copy.
const POOL_BYTES = 4096;

let pool = '';
let offset = 0;

/** `hexChars` lowercase hex digits from the CSPRNG (at most 8192 at a time). */
export function randomHex(hexChars: number): string {
  if (offset + hexChars > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES)).toString('hex');
    offset = 0;
  }
  const hex = pool.slice(offset, offset + hexChars);
  offset += hexChars;
  return hex;
}
