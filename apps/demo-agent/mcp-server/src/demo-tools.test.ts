import { describe, expect, it } from 'vitest';
import { currentTime, jsonQuery, sha256Hex, wordCount } from './demo-tools.js';

describe('demo MCP tools', () => {
  it('counts words, lines and characters like wc', () => {
    expect(wordCount('one two  three\nfour\n')).toEqual({ words: 4, lines: 2, characters: 20 });
    expect(wordCount('')).toEqual({ words: 0, lines: 0, characters: 0 });
    expect(wordCount('héllo wörld')).toEqual({ words: 2, lines: 1, characters: 11 });
  });

  it('hashes with SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('formats the time in a time zone and rejects unknown zones', () => {
    const now = new Date('2026-01-02T03:04:05Z');
    expect(currentTime('Asia/Tokyo', now)).toEqual({ iso: '2026-01-02T03:04:05.000Z', timeZone: 'Asia/Tokyo', local: '2026-01-02, 12:04:05' });
    expect(() => currentTime('Mars/Olympus', now)).toThrow('unknown time zone "Mars/Olympus"');
  });

  it('queries JSON with a small path language and names the failing step', () => {
    const doc = JSON.stringify({ a: { b: [{ c: 1 }, { c: 2 }] }, 'key with space': true });
    expect(jsonQuery(doc, 'a.b[1].c')).toBe(2);
    expect(jsonQuery(doc, '["key with space"]')).toBe(true);
    expect(jsonQuery(doc, '')).toEqual(JSON.parse(doc));
    expect(() => jsonQuery(doc, 'a.x')).toThrow('path "a.x" does not exist (keys: b)');
    expect(() => jsonQuery(doc, 'a.b[5]')).toThrow('path "a.b[5]" is past the end of an array of 2');
    expect(() => jsonQuery(doc, 'a[0]')).toThrow('path "a[0]" indexes into a object, not an array');
    expect(() => jsonQuery(doc, 'a..b')).toThrow('path "a..b" has unexpected text at position 1: "..b"');
    expect(() => jsonQuery('{', 'a')).toThrow(/^"json" is not valid JSON/);
  });
});
