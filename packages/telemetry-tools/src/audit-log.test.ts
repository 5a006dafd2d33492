import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerSecretValue } from '@zeph/telemetry-core';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from './audit-log.js';
import { TOOL_SPANS } from './spans.js';
import { ToolRegistry } from './tool-registry.js';
import type { ToolDefinition } from './types.js';

let telemetry: TestTelemetry;
let dir: string;

beforeAll(async () => {
  telemetry = await startTestTelemetry();
  dir = await mkdtemp(join(tmpdir(), 'zeph-audit-'));
});
afterAll(async () => {
  await telemetry.shutdown();
  await rm(dir, { recursive: true, force: true });
});

const VAULT_SECRET = 'vault-value-7f3a9c2e';

const httpTool: ToolDefinition = {
  name: 'http_get',
  description: 'test tool that echoes its arguments',
  parameters: {
    type: 'object',
    properties: { url: { type: 'string' }, api_key: { type: 'string' }, note: { type: 'string' } },
    required: ['url'],
  },
  async execute(args) {
    if (args.url === 'fail') throw new Error(`upstream refused key ${VAULT_SECRET}`);
    return 'ok';
  },
};

describe('audit log', () => {
  it('appends one JSONL record per call with secret arguments redacted', async () => {
    registerSecretValue(VAULT_SECRET);
    const auditLog = createAuditLog({ file: join(dir, 'nested', 'audit.jsonl') });
    const registry = new ToolRegistry({ auditLog }).register(httpTool);
    await registry.execute(
      [
        { id: 'a1', name: 'http_get', arguments: { url: 'https://example.test', api_key: 'sk-live-123456', note: `uses ${VAULT_SECRET}` } },
        { id: 'a2', name: 'http_get', arguments: { url: 'fail' } },
        { id: 'a3', name: 'missing_tool', arguments: {} },
      ],
      { sequential: true },
    );
    await auditLog.flush();
    const text = await readFile(auditLog.file, 'utf8');
    expect(text).not.toContain('sk-live-123456');
    expect(text).not.toContain(VAULT_SECRET);
    const records = text.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => [r.callId, r.tool, r.ok])).toEqual([
      ['a1', 'http_get', true],
      ['a2', 'http_get', false],
      ['a3', 'missing_tool', false],
    ]);
    expect(records[0].arguments).toEqual({ url: 'https://example.test', api_key: '[REDACTED]', note: 'uses [REDACTED]' });
    expect(records[1].error).toBe('upstream refused key [REDACTED]');
    expect(records[2].error).toBe('no tool named "missing_tool" (known: http_get)');
    expect(typeof records[0].durationMs).toBe('number');
    expect(new Date(records[0].time).toString()).not.toBe('Invalid Date');
    expect(telemetry.names().filter((n) => n === TOOL_SPANS.auditLog)).toHaveLength(3);
    expect(telemetry.parentOf(telemetry.span(TOOL_SPANS.auditLog))?.name).toBe(TOOL_SPANS.executeCall);
  });

  it('returns before writing and keeps appending across flushes', async () => {
    const auditLog = createAuditLog({ file: join(dir, 'order.jsonl') });
    for (let i = 0; i < 50; i++) auditLog.record({ tool: 't', callId: `c${i}`, arguments: { i }, ok: true, durationMs: 0, cached: false });
    // Nothing is on disk yet: record() only queued the lines.
    await expect(readFile(auditLog.file)).rejects.toThrow(/ENOENT/);
    await auditLog.flush();
    auditLog.record({ tool: 't', callId: 'last', arguments: {}, ok: true, durationMs: 0, cached: false });
    await auditLog.flush();
    const ids = (await readFile(auditLog.file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).callId);
    expect(ids).toEqual([...Array.from({ length: 50 }, (_, i) => `c${i}`), 'last']);
  });

  it('drops and counts records beyond its queue limit, and survives an unwritable file', async () => {
    const auditLog = createAuditLog({ file: join(dir, 'limited.jsonl'), maxQueued: 3 });
    for (let i = 0; i < 5; i++) auditLog.record({ tool: 't', callId: `c${i}`, arguments: {}, ok: true, durationMs: 0, cached: false });
    expect(auditLog.dropped).toBe(2);
    await auditLog.flush();
    expect(auditLog.written).toBe(3);

    const broken = createAuditLog({ file: join(dir, 'limited.jsonl', 'cannot-be-a-dir.jsonl') });
    broken.record({ tool: 't', callId: 'x', arguments: {}, ok: true, durationMs: 0, cached: false });
    await broken.flush();
    expect(broken.dropped).toBe(1);
  });
});
