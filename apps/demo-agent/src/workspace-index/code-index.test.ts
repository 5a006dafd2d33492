import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_SPANS, CONTEXT_SPANS } from '@zeph/telemetry-core';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodeIndex } from './code-index.js';
import { fetchCode } from './fetch-code.js';

let dir: string;
let root: string;
let outside: string;
let telemetry: TestTelemetry | undefined;

function write(path: string, text: string | Buffer): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zeph-code-index-'));
  root = join(dir, 'workspace');
  outside = join(dir, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  write('src/billing/invoices.ts', 'export function closeInvoices() {\n  // one statement per invoice keeps the database busy\n}\n');
  write('src/recall.ts', '// TODO: cache embeddings between turns\nexport const recall = () => [];\n');
  write('notes/long.md', Array.from({ length: 70 }, (_, i) => (i === 64 ? 'the frobnicator lives here' : `line ${i + 1}`)).join('\n'));
});
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('workspace code index', () => {
  it('finds the window of lines that holds the words, with its path and first line', async () => {
    const index = new CodeIndex(root);
    const stats = await index.refresh();
    expect(stats).toMatchObject({ filesScanned: 3, filesRead: 3, filesRemoved: 0, filesSkipped: 0 });
    // 70 lines make three windows of 30; the two source files one each.
    expect(stats.chunks).toBe(5);
    const [hit] = index.search('where does the frobnicator live', 1);
    expect(hit).toMatchObject({ path: 'notes/long.md', startLine: 61 });
    expect(hit.text).toContain('the frobnicator lives here');
    // The path is searchable as well as the text.
    expect(index.search('billing', 1)[0].path).toBe('src/billing/invoices.ts');
  });

  it('re-reads only what changed and drops what was removed', async () => {
    const index = new CodeIndex(root);
    await index.refresh();
    write('src/recall.ts', '// embeddings are cached now\nexport const recall = () => ["cached"];\n');
    // Same size on a coarse clock would hide a change; a new mtime never does.
    utimesSync(join(root, 'src/recall.ts'), new Date(), new Date(Date.now() + 5000));
    unlinkSync(join(root, 'src/billing/invoices.ts'));
    const stats = await index.refresh();
    expect(stats).toMatchObject({ filesScanned: 2, filesRead: 1, filesRemoved: 1 });
    expect(index.search('invoice', 3)).toEqual([]);
    expect(index.search('TODO', 3)).toEqual([]);
    expect(index.search('cached', 1)[0].path).toBe('src/recall.ts');
    const again = await index.refresh();
    expect(again).toMatchObject({ filesRead: 0, filesRemoved: 0, chunks: stats.chunks });
  });

  it('leaves out binaries, oversized files, dot-folders, node_modules and links that point outside', async () => {
    write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x73, 0x65, 0x63, 0x72, 0x65, 0x74]));
    write('data/dump.sql', 'x'.repeat(2048));
    write('.git/config', 'secretword in git config');
    write('node_modules/pkg/index.js', 'secretword in a dependency');
    writeFileSync(join(outside, 'private.txt'), 'secretword outside the workspace');
    symlinkSync(join(outside, 'private.txt'), join(root, 'link.txt'));
    symlinkSync(outside, join(root, 'linked-folder'));
    const index = new CodeIndex(root, { maxFileBytes: 1024 });
    const stats = await index.refresh();
    // dump.sql (over the cap) and the two links are skipped; the binary is read but yields no chunk.
    expect(stats.filesSkipped).toBe(3);
    expect(index.search('secretword', 5)).toEqual([]);
    expect(index.search('png secret', 5).map((h) => h.path)).not.toContain('logo.png');
  });

  it('a file it cannot read is skipped and counted, and the refresh goes on', async () => {
    write('locked.ts', 'export const locked = true;\n');
    chmodSync(join(root, 'locked.ts'), 0o000);
    const stats = await new CodeIndex(root).refresh();
    if (process.getuid?.() === 0) {
      // Permission bits do not stop root: the file is read like any other.
      expect(stats).toMatchObject({ filesRead: 4, filesSkipped: 0 });
    } else {
      expect(stats).toMatchObject({ filesRead: 3, filesSkipped: 1 });
    }
  });

  it('a folder it cannot list is skipped and counted, and the rest is indexed', async () => {
    write('locked/secret.ts', 'export const hidden = "frobnicate";\n');
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const index = new CodeIndex(root);
      const stats = await index.refresh();
      if (process.getuid?.() === 0) {
        // Permission bits do not stop root: the folder is listed and read like any other.
        expect(stats).toMatchObject({ filesScanned: 4, filesSkipped: 0 });
      } else {
        expect(stats).toMatchObject({ filesScanned: 3, filesSkipped: 1 });
        expect(index.search('billing', 1)[0].path).toBe('src/billing/invoices.ts');
      }
    } finally {
      chmodSync(join(root, 'locked'), 0o700);
    }
  });

  it('a workspace that vanished keeps the old index and records the error on agent.code_index', async () => {
    telemetry = await startTestTelemetry();
    const index = new CodeIndex(root);
    await index.refresh();
    const chunks = index.chunkCount;
    renameSync(root, join(dir, 'moved-away'));
    await expect(index.refresh()).resolves.toMatchObject({ filesScanned: 0, chunks });
    const failed = telemetry.spans().filter((s) => s.name === AGENT_SPANS.codeIndex).at(-1)!;
    expect(failed.status.code).toBe(2);
    expect(failed.status.message).toMatch(/ENOENT/);
    expect(index.search('billing', 1)[0].path).toBe('src/billing/invoices.ts');
    mkdirSync(root);
  });

  it('refreshes only when marked dirty or when the interval passed', async () => {
    let clock = 0;
    const index = new CodeIndex(root, { minRefreshIntervalMs: 1000, now: () => clock });
    expect(await index.refreshIfDue()).toBeDefined();
    clock = 500;
    expect(await index.refreshIfDue()).toBeUndefined();
    index.markDirty();
    expect(await index.refreshIfDue()).toBeDefined();
    clock = 1600;
    expect(await index.refreshIfDue()).toBeDefined();
  });

  it('context.fetch_code returns the chunks above the score floor and names the top path', async () => {
    telemetry = await startTestTelemetry();
    const index = new CodeIndex(root);
    const hits = await fetchCode(index, 'Why is closing invoices so slow in the billing code?');
    expect(hits.map((h) => h.path)).toEqual(['src/billing/invoices.ts']);
    const span = telemetry.span(CONTEXT_SPANS.fetchCode);
    expect(span.attributes['context.items']).toBe(1);
    expect(span.attributes['context.fetch_code.top_path']).toBe('src/billing/invoices.ts');
    // The first fetch found the index never refreshed, so it refreshed under context.fetch_code.
    expect(telemetry.parentOf(telemetry.span(AGENT_SPANS.codeIndex))?.name).toBe(CONTEXT_SPANS.fetchCode);
    expect(await fetchCode(index, 'zebra giraffe')).toEqual([]);
  });
});
