import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOOL_ATTRIBUTES, TOOL_SPANS } from './spans.js';
import { createToolCache } from './tool-cache.js';

let telemetry: TestTelemetry;
beforeAll(async () => {
  telemetry = await startTestTelemetry();
});
afterAll(() => telemetry.shutdown());
beforeEach(() => telemetry.reset());

describe('tool cache', () => {
  it('keys on tool name and arguments regardless of key order', async () => {
    const cache = createToolCache();
    let runs = 0;
    const compute = async () => ++runs;
    expect(await cache.getOrCompute('t', { a: 1, b: [1, 2] }, compute)).toEqual({ value: 1, hit: false });
    expect(await cache.getOrCompute('t', { b: [1, 2], a: 1 }, compute)).toEqual({ value: 1, hit: true });
    expect(await cache.getOrCompute('t', { a: 2, b: [1, 2] }, compute)).toEqual({ value: 2, hit: false });
    expect(await cache.getOrCompute('other', { a: 1, b: [1, 2] }, compute)).toEqual({ value: 3, hit: false });
    expect(telemetry.spans().map((s) => [s.name, s.attributes[TOOL_ATTRIBUTES.cacheHit], s.attributes[TOOL_ATTRIBUTES.genAiToolName]])).toEqual([
      [TOOL_SPANS.cache, false, 't'],
      [TOOL_SPANS.cache, true, 't'],
      [TOOL_SPANS.cache, false, 't'],
      [TOOL_SPANS.cache, false, 'other'],
    ]);
  });

  it('does not cache failures and evicts the least recently used entry', async () => {
    const cache = createToolCache({ maxEntries: 2 });
    await expect(cache.getOrCompute('t', 1, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(cache.size).toBe(0);
    await cache.getOrCompute('t', 1, async () => 'one');
    await cache.getOrCompute('t', 2, async () => 'two');
    await cache.getOrCompute('t', 1, async () => 'unused'); // touch 1: 2 is now the oldest
    await cache.getOrCompute('t', 3, async () => 'three');
    expect((await cache.getOrCompute('t', 1, async () => 'recomputed')).hit).toBe(true);
    expect(await cache.getOrCompute('t', 2, async () => 'two again')).toEqual({ value: 'two again', hit: false });
  });

  it('recomputes entries older than the ttl', async () => {
    const cache = createToolCache({ ttlMs: 0 });
    await cache.getOrCompute('t', 1, async () => 'a');
    await new Promise((r) => setTimeout(r, 5));
    expect(await cache.getOrCompute('t', 1, async () => 'b')).toEqual({ value: 'b', hit: false });
  });
});
