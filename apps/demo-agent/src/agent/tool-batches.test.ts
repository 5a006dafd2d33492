import { describe, expect, it } from 'vitest';
import { changesWorkspace, planToolBatches } from './tool-batches.js';

const call = (id: string, name: string, args: Record<string, unknown> | string = {}) => ({ id, name, arguments: args });

describe('tool batches', () => {
  it('runs neighbouring readers together and every writer alone, in the model order', () => {
    const batches = planToolBatches([
      call('1', 'search_code', { pattern: 'TODO' }),
      call('2', 'file', JSON.stringify({ operation: 'read', path: 'a.md' })),
      call('3', 'shell', { command: 'ls' }),
      call('4', 'word_count', { text: 'a b' }),
      call('5', 'file', { operation: 'write', path: 'b.md', content: 'x' }),
      call('6', 'file', { operation: 'write', path: 'c.md', content: 'y' }),
    ]);
    expect(batches.map((b) => [b.concurrent, b.calls.map((c) => c.id)])).toEqual([
      [true, ['1', '2']],
      [false, ['3']],
      [true, ['4']],
      [false, ['5']],
      [false, ['6']],
    ]);
  });

  it('treats a file call whose arguments do not parse as a writer (it might write)', () => {
    expect(changesWorkspace(call('1', 'file', '{not json'))).toBe(true);
    expect(changesWorkspace(call('2', 'file', { operation: 'read' }))).toBe(false);
    expect(changesWorkspace(call('3', 'current_time'))).toBe(false);
  });
});
