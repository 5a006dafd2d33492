import { describe, expect, it } from 'vitest';
import { frozenAttributesMemo } from './frozen-attributes-memo.js';

describe('frozenAttributesMemo', () => {
  it('computes a frozen set once and an unfrozen set every time, so a mutated set is never stale', () => {
    let computed = 0;
    const text = frozenAttributesMemo((attributes) => {
      computed++;
      return JSON.stringify(attributes);
    });
    const frozen = Object.freeze({ 'channel.name': 'status' });
    expect(text(frozen)).toBe('{"channel.name":"status"}');
    expect(text(frozen)).toBe('{"channel.name":"status"}');
    expect(computed).toBe(1);
    const open: Record<string, string> = { 'channel.name': 'status' };
    expect(text(open)).toBe('{"channel.name":"status"}');
    open['channel.name'] = 'cancel';
    expect(text(open)).toBe('{"channel.name":"cancel"}');
    expect(computed).toBe(3);
  });
});
