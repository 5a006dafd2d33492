import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileTool } from './file-tool.js';
import { TOOL_ATTRIBUTES, TOOL_SPANS } from './spans.js';
import { WorkspacePathError } from './tool-errors.js';

let telemetry: TestTelemetry;
let base: string;
let root: string;
let outside: string;
const ctx = { callId: 'c1', toolName: 'file' };

beforeAll(async () => {
  telemetry = await startTestTelemetry();
  base = await mkdtemp(join(tmpdir(), 'zeph-file-tool-'));
  root = join(base, 'workspace');
  outside = join(base, 'outside');
  await mkdir(join(root, 'src'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'src', 'a.txt'), 'inside');
  await writeFile(join(outside, 'secret.txt'), 'do not read');
  await symlink(join(outside, 'secret.txt'), join(root, 'link-to-secret'));
  await symlink(outside, join(root, 'link-to-outside'));
  await symlink(join(root, 'src', 'a.txt'), join(root, 'link-inside'));
});
afterAll(async () => {
  await telemetry.shutdown();
  await rm(base, { recursive: true, force: true });
});
beforeEach(() => telemetry.reset());

describe('file tool', () => {
  const tool = () => createFileTool({ root });

  it('reads, writes and lists inside the root', async () => {
    expect(await tool().execute({ operation: 'read', path: 'src/a.txt' }, ctx)).toMatchObject({ content: 'inside', path: 'src/a.txt' });
    expect(await tool().execute({ operation: 'write', path: 'new/dir/b.txt', content: 'hello' }, ctx)).toMatchObject({ bytes: 5 });
    expect(await readFile(join(root, 'new/dir/b.txt'), 'utf8')).toBe('hello');
    const listed = await tool().execute({ operation: 'list', path: '.' }, ctx);
    expect(listed.operation === 'list' && listed.entries.map((e) => e.name)).toEqual(['link-inside', 'link-to-outside', 'link-to-secret', 'new', 'src']);
    expect(await tool().execute({ operation: 'read', path: 'link-inside' }, ctx)).toMatchObject({ content: 'inside' });
    const span = telemetry.spans().find((s) => s.attributes[TOOL_ATTRIBUTES.fileOperation] === 'write')!;
    expect(span.name).toBe(TOOL_SPANS.file);
    expect(span.attributes[TOOL_ATTRIBUTES.filePath]).toBe('new/dir/b.txt');
  });

  it('rejects .. traversal and absolute paths outside the root, naming the path', async () => {
    await expect(tool().execute({ operation: 'read', path: '../outside/secret.txt' }, ctx)).rejects.toThrow(
      /^path "\.\.\/outside\/secret\.txt" resolves to .*outside\/secret\.txt, outside the workspace root .*workspace$/,
    );
    await expect(tool().execute({ operation: 'read', path: 'src/../../outside/secret.txt' }, ctx)).rejects.toBeInstanceOf(WorkspacePathError);
    await expect(tool().execute({ operation: 'write', path: join(outside, 'x.txt'), content: 'x' }, ctx)).rejects.toThrow(/outside the workspace root/);
    await expect(tool().execute({ operation: 'list', path: '..' }, ctx)).rejects.toThrow(/^path "\.\." resolves to/);
    const span = telemetry.spans().at(-1)!;
    expect(span.status.code).toBe(2);
    expect(span.attributes['error.type']).toBe('path_outside_workspace');
  });

  it('rejects symlink escapes for reads, writes through a linked directory and listings', async () => {
    await expect(tool().execute({ operation: 'read', path: 'link-to-secret' }, ctx)).rejects.toThrow(
      /^path "link-to-secret" follows a symlink to .*secret\.txt, outside the workspace root/,
    );
    await expect(tool().execute({ operation: 'write', path: 'link-to-outside/planted.txt', content: 'x' }, ctx)).rejects.toThrow(
      /path "link-to-outside\/planted\.txt" follows a symlink/,
    );
    await expect(readFile(join(outside, 'planted.txt'))).rejects.toThrow(/ENOENT/);
    await expect(tool().execute({ operation: 'list', path: 'link-to-outside' }, ctx)).rejects.toBeInstanceOf(WorkspacePathError);
    // Overwriting a file symlink must not write through it either.
    await expect(tool().execute({ operation: 'write', path: 'link-to-secret', content: 'overwritten' }, ctx)).rejects.toThrow(/follows a symlink/);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('do not read');
  });

  it('refuses files above the read limit', async () => {
    await writeFile(join(root, 'big.txt'), 'x'.repeat(2000));
    await expect(createFileTool({ root, maxReadBytes: 1000 }).execute({ operation: 'read', path: 'big.txt' }, ctx)).rejects.toThrow(
      'file "big.txt" is 2000 bytes, above the read limit of 1000',
    );
  });
});
