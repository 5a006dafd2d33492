import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestTelemetry, type TestTelemetry } from '@zeph/telemetry-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSearchCodeTool, searchCode } from './search-code-tool.js';
import { TOOL_ATTRIBUTES, TOOL_SPANS } from './spans.js';

let telemetry: TestTelemetry;
let root: string;

beforeAll(async () => {
  telemetry = await startTestTelemetry();
  root = await mkdtemp(join(tmpdir(), 'zeph-search-'));
  await mkdir(join(root, 'src', 'deep'), { recursive: true });
  await mkdir(join(root, 'node_modules', 'dep'), { recursive: true });
  await writeFile(join(root, 'src', 'a.ts'), 'const x = 1;\nexport function fooBar() {}\n');
  await writeFile(join(root, 'src', 'deep', 'b.ts'), '// FOOBAR shouting\nlet y = fooBar();\n');
  await writeFile(join(root, 'node_modules', 'dep', 'index.js'), 'fooBar everywhere\n');
  await writeFile(join(root, 'image.bin'), Buffer.from([0x66, 0x6f, 0x6f, 0, 0x42, 0x61, 0x72]));
});
afterAll(async () => {
  await telemetry.shutdown();
  await rm(root, { recursive: true, force: true });
});

describe('search_code tool', () => {
  it('prints ripgrep-like path:line:column:text lines, skipping ignored dirs and binaries', async () => {
    const result = await createSearchCodeTool({ root }).execute({ pattern: 'fooBar' }, { callId: 's1', toolName: 'search_code' });
    expect(result.output).toBe('src/a.ts:2:17:export function fooBar() {}\nsrc/deep/b.ts:2:9:let y = fooBar();');
    expect(result.filesScanned).toBe(2);
    const span = telemetry.span(TOOL_SPANS.searchCode);
    expect(span.attributes[TOOL_ATTRIBUTES.searchMatches]).toBe(2);
    expect(span.attributes[TOOL_ATTRIBUTES.searchFilesScanned]).toBe(2);
  });

  it('supports case-insensitive, literal and sub-directory searches, and caps matches', async () => {
    expect((await searchCode({ root }, { pattern: 'foobar', ignoreCase: true, path: 'src/deep' })).output).toBe(
      'src/deep/b.ts:1:4:// FOOBAR shouting\nsrc/deep/b.ts:2:9:let y = fooBar();',
    );
    expect((await searchCode({ root }, { pattern: 'fooBar()', fixed: true })).matches).toHaveLength(2);
    const capped = await searchCode({ root, maxMatches: 1 }, { pattern: 'fooBar' });
    expect(capped.matches).toHaveLength(1);
    expect(capped.truncated).toBe(true);
  });

  it('rejects bad patterns and paths outside the root', async () => {
    await expect(searchCode({ root }, { pattern: '(' })).rejects.toThrow(/^"pattern" "\(" is not a valid regular expression/);
    await expect(searchCode({ root }, { pattern: 'x', path: '../..' })).rejects.toThrow(/^path "\.\.\/\.\." resolves to/);
  });
});
