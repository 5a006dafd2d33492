import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { withSpan } from '@zeph/telemetry-core';
import { TOOL_ATTRIBUTES, TOOL_ERROR_TYPES, TOOL_SPANS } from './spans.js';
import { ToolError } from './tool-errors.js';
import { toolSpanAttributes } from './tool-span-attributes.js';
import type { SearchCodeOptions, SearchCodeResult, SearchMatch, ToolCallContext, ToolDefinition } from './types.js';
import { resolveInsideWorkspace, workspaceRelative } from './workspace-path.js';

export interface SearchCodeArgs extends Record<string, unknown> {
  pattern: string;
  /** Treat the pattern as literal text instead of a regular expression. */
  fixed?: boolean;
  ignoreCase?: boolean;
  /** Directory (relative to the root) to search in. */
  path?: string;
}

const DEFAULT_IGNORED_DIRS = ['.git', 'node_modules', 'dist', '.local', 'coverage'];
const DEFAULT_MAX_MATCHES = 200;
const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const MAX_LINE_CHARS = 300;

function compilePattern(args: SearchCodeArgs): RegExp {
  if (typeof args.pattern !== 'string' || args.pattern.length === 0) {
    throw new ToolError('"pattern" must be a non-empty string', TOOL_ERROR_TYPES.invalidArguments);
  }
  const source = args.fixed ? args.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : args.pattern;
  try {
    return new RegExp(source, args.ignoreCase ? 'i' : '');
  } catch (error) {
    throw new ToolError(`"pattern" ${JSON.stringify(args.pattern)} is not a valid regular expression: ${(error as Error).message}`, TOOL_ERROR_TYPES.invalidArguments);
  }
}

/** Files under dir in a stable order, skipping ignored directories and symlinks. */
async function* walkFiles(dir: string, ignored: ReadonlySet<string>): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!ignored.has(entry.name)) yield* walkFiles(full, ignored);
    } else if (entry.isFile()) {
      yield full;
    }
  }
}

async function readTextFile(path: string, maxBytes: number): Promise<string | undefined> {
  const info = await stat(path);
  if (info.size > maxBytes) return undefined;
  const handle = await open(path, 'r');
  try {
    const buffer = await handle.readFile();
    // A NUL byte in the first 8 KiB marks a binary file, as ripgrep does.
    if (buffer.subarray(0, 8192).includes(0)) return undefined;
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Searches text files under the workspace root for a pattern, line by line. */
export async function searchCode(options: SearchCodeOptions, args: SearchCodeArgs): Promise<SearchCodeResult> {
  const regex = compilePattern(args);
  const realRoot = await realpath(options.root);
  const start = await resolveInsideWorkspace(realRoot, args.path ?? '.');
  const ignored = new Set(options.ignoreDirs ?? DEFAULT_IGNORED_DIRS);
  const maxMatches = options.maxMatches ?? DEFAULT_MAX_MATCHES;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const matches: SearchMatch[] = [];
  let filesScanned = 0;
  let truncated = false;
  outer: for await (const file of walkFiles(start, ignored)) {
    const text = await readTextFile(file, maxFileBytes).catch(() => undefined);
    if (text === undefined) continue;
    filesScanned++;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const found = regex.exec(lines[i]);
      if (!found) continue;
      if (matches.length >= maxMatches) {
        truncated = true;
        break outer;
      }
      const line = lines[i].length > MAX_LINE_CHARS ? `${lines[i].slice(0, MAX_LINE_CHARS)}…` : lines[i];
      matches.push({ path: workspaceRelative(realRoot, file), line: i + 1, column: found.index + 1, text: line });
    }
  }
  const output = matches.map((m) => `${m.path}:${m.line}:${m.column}:${m.text}`).join('\n');
  return { matches, filesScanned, truncated, output };
}

export function createSearchCodeTool(options: SearchCodeOptions): ToolDefinition<SearchCodeArgs, SearchCodeResult> {
  return {
    name: 'search_code',
    description: 'Search the text files of the workspace for a regular expression (or literal text). Returns path:line:column:text lines.',
    parameters: {
      type: 'object',
      properties: {
        pattern: { type: 'string', description: 'JavaScript regular expression, or literal text with fixed=true.' },
        fixed: { type: 'boolean', description: 'Match the pattern as literal text.' },
        ignoreCase: { type: 'boolean', description: 'Case-insensitive match.' },
        path: { type: 'string', description: 'Directory to search, relative to the workspace root (default: the root).' },
      },
      required: ['pattern'],
      additionalProperties: false,
    },
    idempotent: true,
    execute: (args: SearchCodeArgs, context: ToolCallContext) =>
      withSpan(
        TOOL_SPANS.searchCode,
        async (span) => {
          const result = await searchCode(options, args);
          if (span.isRecording) {
            span.setAttributes({
              [TOOL_ATTRIBUTES.searchFilesScanned]: result.filesScanned,
              [TOOL_ATTRIBUTES.searchMatches]: result.matches.length,
              [TOOL_ATTRIBUTES.outputTruncated]: result.truncated,
            });
          }
          return result;
        },
        toolSpanAttributes(context, { [TOOL_ATTRIBUTES.searchPattern]: String(args.pattern).slice(0, 200) }),
      ),
  };
}
