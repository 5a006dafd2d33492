import { randomFillSync } from 'node:crypto';

// Ids are cut from a pool of random hex: one randomFillSync and one hex conversion per 256 span ids
// instead of a conversion per id. V8 keeps each id as a slice of the pool string (no copy).
const POOL_BYTES = 4096;
const INVALID_SPAN_ID = '0000000000000000';
const INVALID_TRACE_ID = '00000000000000000000000000000000';

let pool = '';
let offset = 0;

function take(hexChars: number): string {
  if (offset + hexChars > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES)).toString('hex');
    offset = 0;
  }
  const id = pool.slice(offset, offset + hexChars);
  offset += hexChars;
  return id;
}

/** 8 random bytes as 16 lowercase hex characters, never all zero (an invalid id in W3C trace context). */
export function newSpanId(): string {
  const id = take(16);
  return id === INVALID_SPAN_ID ? newSpanId() : id;
}

/** 16 random bytes as 32 lowercase hex characters, never all zero. */
export function newTraceId(): string {
  const id = take(32);
  return id === INVALID_TRACE_ID ? newTraceId() : id;
}
