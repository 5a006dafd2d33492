// A protobuf writer for the OTLP encoder: one pass into a growing buffer. A length-delimited field
// reserves the bytes its length will probably take and moves its content only when the guess was
// wrong, so a message is written once instead of being measured first and written second.

const TWO_POW_32 = 0x1_0000_0000;

/** Bytes of the varint encoding of an unsigned 32-bit value. */
function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  return code - 55; // A-F (anything else decodes to garbage, as in the SDK)
}

export class ProtoWriter {
  private buf: Buffer;
  pos = 0;

  constructor(initialCapacity = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  /** The bytes written so far (a view of this writer's buffer, which it does not reuse). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** A tag or any other unsigned 32-bit varint. */
  varint32(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    let v = value >>> 0;
    while (v > 0x7f) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  /** An int64 varint from a JS number (negative numbers as 64-bit two's complement, ten bytes). */
  varint64(value: number): void {
    if (value >= 0 && value < TWO_POW_32) {
      this.varint32(value);
      return;
    }
    let low: number;
    let high: number;
    if (value >= 0) {
      low = value >>> 0;
      high = (value / TWO_POW_32) >>> 0;
    } else {
      const abs = Math.abs(value);
      low = ~(abs >>> 0) >>> 0;
      high = ~((abs / TWO_POW_32) >>> 0) >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    this.ensure(10);
    const buf = this.buf;
    while (high > 0 || low > 0x7f) {
      buf[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buf[this.pos++] = low & 0x7f;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(low >>> 0, this.pos);
    this.buf.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** A length-delimited UTF-8 string (lone surrogates become U+FFFD, as TextEncoder writes them). */
  string(value: string): void {
    const length = value.length;
    // Short ASCII strings (names, keys, enum-like values) are copied byte by byte; anything else goes
    // through the native encoder.
    if (length < 0x80) {
      this.ensure(1 + length);
      const buf = this.buf;
      const start = this.pos;
      let i = 0;
      for (; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) break;
        buf[start + 1 + i] = code;
      }
      if (i === length) {
        buf[start] = length;
        this.pos = start + 1 + length;
        return;
      }
    }
    const start = this.begin(length < 0x40 ? 1 : 2);
    this.ensure(length * 3);
    this.pos += this.buf.write(value, this.pos, 'utf8');
    this.end(start, length < 0x40 ? 1 : 2);
  }

  /** Length-delimited bytes given as hex (trace and span ids), decoded as the SDK's hexToBinary does. */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.varint32(length);
    this.ensure(length);
    const buf = this.buf;
    let at = this.pos;
    // A loop in JS: for 8- and 16-byte ids it beats a call into the native hex decoder.
    for (let i = 0; i < length; i++) buf[at++] = (hexDigit(hex.charCodeAt(2 * i)) << 4) | hexDigit(hex.charCodeAt(2 * i + 1));
    this.pos = at;
  }

  bytes(value: Uint8Array): void {
    this.varint32(value.length);
    this.raw(value);
  }

  /** Bytes already encoded (a cached field or message). */
  raw(value: Uint8Array): void {
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** Starts a length-delimited field: `reserved` bytes are kept for its length. Returns the start for `end`. */
  begin(reserved = 1): number {
    this.ensure(reserved);
    const start = this.pos;
    this.pos += reserved;
    return start;
  }

  /** Writes the length of the field started at `start`, moving its content if the length needs other than `reserved` bytes. */
  end(start: number, reserved = 1): void {
    const contentStart = start + reserved;
    const length = this.pos - contentStart;
    const size = varintSize(length);
    if (size !== reserved) {
      this.ensure(size - reserved);
      this.buf.copyWithin(start + size, contentStart, this.pos);
      this.pos += size - reserved;
    }
    const buf = this.buf;
    let v = length;
    let at = start;
    while (v > 0x7f) {
      buf[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[at] = v;
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}
