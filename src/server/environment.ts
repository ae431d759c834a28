/** What the server reads from outside the LSP connection, passed in so tests can run it in the same process. */
import { readBounded, type BoundedRead } from '../fs/read.js';
import { realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { directoryMatcher, selectionMatcher, type FileSelection } from '../language/service.js';

export interface ServerFileSystem {
  /**
   * A regular file's text (a UTF-8 byte order mark dropped) if it has at most `limit` bytes, else its size
   * and first bytes; or what it is when not a regular file, or why it cannot be read.
   */
  read(path: string, limit: number): BoundedRead;
  /** The path with every symbolic link resolved, or undefined when it does not exist. */
  realPath(path: string): string | undefined;
  /** The absolute paths of the files of a folder that the selection reads; empty when the folder cannot be read. */
  listFiles(folder: string, selection: FileSelection): Promise<string[]>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const nodeFileSystem: ServerFileSystem = {
  read: readBounded,
  realPath(file) {
    try {
      return realpathSync(file);
    } catch {
      return undefined;
    }
  },
  listFiles: walkFolder,
};

export const systemClock: Clock = { now: () => Date.now() };

/**
 * The files of a folder the selection reads, as `team-sre lint` walks them (`src/fs/walk.ts`), but one
 * directory read at a time without blocking: the editor's messages are handled while a large tree is listed.
 */
async function walkFolder(root: string, selection: FileSelection): Promise<string[]> {
  const skipDir = directoryMatcher(selection);
  const accept = selectionMatcher(selection);
  const out: string[] = [];
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      // An unreadable sub-folder is skipped, like git and editors do; an unreadable root lists nothing.
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!skipDir(childRel)) stack.push(childRel);
      } else if (e.isFile() && accept(childRel)) out.push(path.join(root, childRel));
    }
  }
  return out;
}
