import { randomHex } from '../random-hex.js';

const INVALID_SPAN_ID = '0000000000000000';
const INVALID_TRACE_ID = '00000000000000000000000000000000';

/** 8 random bytes as 16 lowercase hex characters, never all zero (an invalid id in W3C trace context). */
export function newSpanId(): string {
  const id = randomHex(16);
  return id === INVALID_SPAN_ID ? newSpanId() : id;
}

/** 16 random bytes as 32 lowercase hex characters, never all zero. */
export function newTraceId(): string {
  const id = randomHex(32);
  return id === INVALID_TRACE_ID ? newTraceId() : id;
}
