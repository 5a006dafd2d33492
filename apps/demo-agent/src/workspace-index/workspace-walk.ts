import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What tells a file's content changed without reading it. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export interface WorkspaceWalk {
  /** Indexable files by path relative to the root, with "/" between folders. */
  files: Map<string, FileStamp>;
  /** Entries left out: symbolic links, files over the size cap, folders that cannot be listed, entries that vanished mid-walk. */
  skipped: number;
}

/** Folders that hold tooling or dependencies, not the user's code. */
const SKIPPED_FOLDERS = new Set(['node_modules']);

/**
 * Lists the files under root with stat only (nothing is read). Symbolic links are never followed,
 * so a link cannot pull files from outside the workspace into the index; dot-entries are skipped.
 */
export async function walkWorkspace(root: string, maxFileBytes: number): Promise<WorkspaceWalk> {
  const walk: WorkspaceWalk = { files: new Map(), skipped: 0 };
  const pending = [''];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    // The root must be listable (else the walk fails and the caller keeps what it had); a folder
    // below it that cannot be listed is only left out, so one locked folder does not stop the index.
    const entries = folder === '' ? await readdir(root, { withFileTypes: true }) : await readdir(join(root, folder), { withFileTypes: true }).catch(() => undefined);
    if (!entries) {
      walk.skipped += 1;
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) pending.push(path);
      } else if (entry.isFile()) {
        const info = await stat(join(root, path)).catch(() => undefined);
        if (!info || info.size > maxFileBytes) walk.skipped += 1;
        else walk.files.set(path, { mtimeMs: info.mtimeMs, size: info.size });
      } else {
        walk.skipped += 1;
      }
    }
  }
  return walk;
}
