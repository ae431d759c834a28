/** What the server reads from outside the LSP connection, passed in so tests can run it in the same process. */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { directoryMatcher, selectionMatcher, type FileSelection } from '../language/service.js';

export interface ServerFileSystem {
  /** The text of a file (a UTF-8 byte order mark dropped), or undefined when it is gone or unreadable. */
  readText(path: string): string | undefined;
  /** The absolute paths of the files of a folder that the selection reads; empty when the folder cannot be read. */
  listFiles(folder: string, selection: FileSelection): Promise<string[]>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const nodeFileSystem: ServerFileSystem = {
  readText(file) {
    try {
      const text = readFileSync(file, 'utf8');
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
