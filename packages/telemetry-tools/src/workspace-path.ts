import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { WorkspacePathError } from './tool-errors.js';

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** realpath of the path, or of its nearest existing ancestor (for files about to be created). */
async function realpathOfExistingPart(path: string): Promise<string> {
  let probe = path;
  const missing: string[] = [];
  for (;;) {
    try {
      const real = await realpath(probe);
      return missing.length ? resolve(real, ...missing.reverse()) : real;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = dirname(probe);
      if (parent === probe) return path;
      missing.push(probe.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      probe = parent;
    }
  }
}

/**
 * Resolves a user-supplied path inside the workspace root. Rejects `..` traversal and absolute
 * paths that leave the root, and symlinks (anywhere on the path) whose target leaves it.
 */
export async function resolveInsideWorkspace(root: string, requested: string): Promise<string> {
  if (typeof requested !== 'string' || requested.length === 0) throw new WorkspacePathError(String(requested), 'is empty');
  if (requested.includes('\0')) throw new WorkspacePathError(requested.replace(/\0/g, '\\0'), 'contains a NUL byte');
  const realRoot = await realpath(root);
  const lexical = resolve(realRoot, requested);
  if (!isInside(realRoot, lexical)) {
    throw new WorkspacePathError(requested, `resolves to ${lexical}, outside the workspace root ${realRoot}`);
  }
  const real = await realpathOfExistingPart(lexical);
  if (!isInside(realRoot, real)) {
    throw new WorkspacePathError(requested, `follows a symlink to ${real}, outside the workspace root ${realRoot}`);
  }
  return lexical;
}

/** Path relative to the root with forward slashes, for output and span attributes. */
export function workspaceRelative(realRoot: string, absolute: string): string {
  return relative(realRoot, absolute).split(sep).join('/') || '.';
}
