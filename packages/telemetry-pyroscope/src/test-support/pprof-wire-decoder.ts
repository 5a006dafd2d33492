import { gunzipSync } from 'node:zlib';

// A minimal reader of the protobuf wire format for pprof's Profile message (profile.proto field
// numbers), written independently of the encoder under test so the test checks real bytes.

export interface DecodedProfile {
  sampleTypes: Array<{ type: string; unit: string }>;
  samples: Array<{ values: number[]; labels: Record<string, string> }>;
  stringTable: string[];
  periodType?: { type: string; unit: string };
  period: number;
}

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  done() {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Uint8Array {
    const len = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wireType: number) {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytes();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
  *fields(): Generator<{ field: number; wireType: number }> {
    while (!this.done()) {
      const key = Number(this.varint());
      yield { field: key >> 3, wireType: key & 7 };
    }
  }
}

function packedOrSingle(reader: Reader, wireType: number): number[] {
  if (wireType === 2) {
    const inner = new Reader(reader.bytes());
    const out: number[] = [];
    while (!inner.done()) out.push(Number(BigInt.asIntN(64, inner.varint())));
    return out;
  }
  return [Number(BigInt.asIntN(64, reader.varint()))];
}

function valueType(bytes: Uint8Array): { type: number; unit: number } {
  const r = new Reader(bytes);
  const out = { type: 0, unit: 0 };
  for (const { field, wireType } of r.fields()) {
    if (field === 1) out.type = Number(r.varint());
    else if (field === 2) out.unit = Number(r.varint());
    else r.skip(wireType);
  }
  return out;
}

export function decodePprof(gzipped: Uint8Array): DecodedProfile {
  const r = new Reader(gunzipSync(gzipped));
  const rawSampleTypes: Array<{ type: number; unit: number }> = [];
  const rawSamples: Array<{ values: number[]; labels: Array<{ key: number; str: number }> }> = [];
  const strings: string[] = [];
  let periodType: { type: number; unit: number } | undefined;
  let period = 0;
  for (const { field, wireType } of r.fields()) {
    if (field === 1) rawSampleTypes.push(valueType(r.bytes()));
    else if (field === 2) {
      const s = new Reader(r.bytes());
      const sample = { values: [] as number[], labels: [] as Array<{ key: number; str: number }> };
      for (const f of s.fields()) {
        if (f.field === 2) sample.values.push(...packedOrSingle(s, f.wireType));
        else if (f.field === 3) {
          const l = new Reader(s.bytes());
          const label = { key: 0, str: 0 };
          for (const lf of l.fields()) {
            if (lf.field === 1) label.key = Number(l.varint());
            else if (lf.field === 2) label.str = Number(l.varint());
            else l.skip(lf.wireType);
          }
          sample.labels.push(label);
        } else s.skip(f.wireType);
      }
      rawSamples.push(sample);
    } else if (field === 6) strings.push(new TextDecoder().decode(r.bytes()));
    else if (field === 11) periodType = valueType(r.bytes());
    else if (field === 12) period = Number(r.varint());
    else r.skip(wireType);
  }
  const str = (i: number) => strings[i] ?? `<bad string index ${i}>`;
  return {
    sampleTypes: rawSampleTypes.map((t) => ({ type: str(t.type), unit: str(t.unit) })),
    samples: rawSamples.map((s) => ({
      values: s.values,
      labels: Object.fromEntries(s.labels.filter((l) => l.str !== 0).map((l) => [str(l.key), str(l.str)])),
    })),
    stringTable: strings,
    periodType: periodType && { type: str(periodType.type), unit: str(periodType.unit) },
    period,
  };
}
