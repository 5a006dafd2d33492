import { mkdir, readdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withSpan } from '@zeph/telemetry-core';
import { TOOL_ATTRIBUTES, TOOL_ERROR_TYPES, TOOL_SPANS } from './spans.js';
import { toolSpanAttributes } from './tool-span-attributes.js';
import { ToolError } from './tool-errors.js';
import type { FileOperation, FileToolOptions, ToolCallContext, ToolDefinition } from './types.js';
import { resolveInsideWorkspace, workspaceRelative } from './workspace-path.js';

export interface FileToolArgs extends Record<string, unknown> {
  operation: FileOperation;
  path: string;
  content?: string;
}

export type FileToolResult =
  | { operation: 'read'; path: string; content: string; bytes: number }
  | { operation: 'write'; path: string; bytes: number }
  | { operation: 'list'; path: string; entries: { name: string; type: 'file' | 'dir' | 'other' }[] };

const DEFAULT_MAX_READ_BYTES = 1024 * 1024;

/** Reads, writes and lists files confined to a workspace root. */
export function createFileTool(options: FileToolOptions): ToolDefinition<FileToolArgs, FileToolResult> {
  const maxReadBytes = options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES;
  const run = async (args: FileToolArgs): Promise<FileToolResult> => {
    const realRoot = await realpath(options.root);
    const target = await resolveInsideWorkspace(realRoot, args.path);
    const shown = workspaceRelative(realRoot, target);
    switch (args.operation) {
      case 'read': {
        const info = await stat(target);
        if (info.size > maxReadBytes) {
          throw new ToolError(`file "${args.path}" is ${info.size} bytes, above the read limit of ${maxReadBytes}`, 'file_too_large');
        }
        const content = await readFile(target, 'utf8');
        return { operation: 'read', path: shown, content, bytes: info.size };
      }
      case 'write': {
        if (typeof args.content !== 'string') throw new ToolError('write needs a string "content" argument', TOOL_ERROR_TYPES.invalidArguments);
        await mkdir(dirname(target), { recursive: true });
        // Re-check after creating parents: a directory created meanwhile could be a symlink.
        await resolveInsideWorkspace(realRoot, args.path);
        await writeFile(target, args.content, 'utf8');
        return { operation: 'write', path: shown, bytes: Buffer.byteLength(args.content) };
      }
      case 'list': {
        const dirents = await readdir(target, { withFileTypes: true });
        const entries = dirents
          .map((d) => ({ name: d.name, type: d.isDirectory() ? ('dir' as const) : d.isFile() ? ('file' as const) : ('other' as const) }))
          .sort((a, b) => a.name.localeCompare(b.name));
        return { operation: 'list', path: shown, entries };
      }
      default:
        throw new ToolError(`unknown file operation "${String(args.operation)}" (read, write or list)`, TOOL_ERROR_TYPES.invalidArguments);
    }
  };
  return {
    name: 'file',
    description: 'Read, write or list files inside the workspace. Paths are relative to the workspace root.',
    parameters: {
      type: 'object',
      properties: {
        operation: { type: 'string', enum: ['read', 'write', 'list'], description: 'What to do.' },
        path: { type: 'string', description: 'Path relative to the workspace root.' },
        content: { type: 'string', description: 'Text to write (write only).' },
      },
      required: ['operation', 'path'],
      additionalProperties: false,
    },
    execute: (args: FileToolArgs, context: ToolCallContext) =>
      withSpan(
        TOOL_SPANS.file,
        async (span) => {
          const result = await run(args);
          if (span.isRecording) {
            span.setAttribute(TOOL_ATTRIBUTES.filePath, result.path);
            if (result.operation === 'list') span.setAttribute(TOOL_ATTRIBUTES.fileEntries, result.entries.length);
            else span.setAttribute(TOOL_ATTRIBUTES.outputBytes, result.bytes);
          }
          return result;
        },
        toolSpanAttributes(context, { [TOOL_ATTRIBUTES.fileOperation]: String(args.operation) }),
      ),
  };
}
