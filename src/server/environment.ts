/**
 * The Node server's file system: the disk, with paths as `node:path` spells them (the interfaces are in
 * `platform.ts`), passed in so tests can run the server in the same process.
 */
import { readBounded } from '../fs/read.js';
import { realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { directoryMatcher, selectionMatcher, type FileSelection } from '../language/service.js';
import type { ServerFileSystem, ServerPaths } from './platform.js';

export { systemClock, type Clock, type ServerFileSystem } from './platform.js';

export const nodePaths: ServerPaths = {
  uriToPath(uri) {
    try {
      return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    } catch {
      return undefined;
    }
  },
  pathToUri: (file) => pathToFileURL(file).href,
  relative: (from, to) => path.relative(from, to),
  isAbsolute: (file) => path.isAbsolute(file),
  join: (...parts) => path.join(...parts),
  basename: (file) => path.basename(file),
  sep: path.sep,
};

export const nodeFileSystem: ServerFileSystem = {
  paths: nodePaths,
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
