import { readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { directoryMatcher, selectionMatcher, type FileSelection } from '../language/workspace/files.js';

export class UsageError extends Error {}

const GLOB_CHARS = /[*?[\]{}]/;

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Folders already listed (absolute path → entries, sorted), shared by walks that read the same tree. */
export type FolderListings = Map<string, Dirent[]>;

function walk(
  root: string,
  selection: FileSelection,
  accept: (rel: string) => boolean,
  out: Set<string>,
  listings: FolderListings,
): void {
  const skipDir = directoryMatcher(selection);
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    const dir = path.join(root, rel);
    let entries = listings.get(dir);
    if (!entries) {
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        if (rel === '') throw err;
        continue; // an unreadable sub-folder is skipped, like git and editors do
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      listings.set(dir, entries);
    }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!skipDir(childRel)) stack.push(childRel);
      } else if (e.isFile() && accept(childRel)) {
        out.add(path.join(root, childRel));
      }
    }
  }
}

/**
 * Expands the command line's paths: a file as given, a folder walked with the selection's globs, a
 * glob matched from its literal base folder. Throws a UsageError for a path that does not exist.
 */
export function expandPaths(
  args: string[],
  selection: FileSelection,
  cwd = process.cwd(),
  /** Pass the same map to expand twice over one tree (e.g. for two selections) and list each folder once. */
  listings: FolderListings = new Map(),
): string[] {
  const out = new Set<string>();
  const selected = selectionMatcher(selection);
  for (const arg of args.length ? args : ['.']) {
    if (GLOB_CHARS.test(arg)) {
      const parts = toPosix(arg).split('/');
      const baseParts: string[] = [];
      while (parts.length && !GLOB_CHARS.test(parts[0]!)) baseParts.push(parts.shift()!);
      const base = path.resolve(cwd, baseParts.join('/') || '.');
      const match = picomatch(parts.join('/'), { dot: true });
      const before = out.size;
      try {
        walk(base, selection, (rel) => match(rel), out, listings);
      } catch {
        throw new UsageError(
          `cannot read '${arg}': the folder ${baseParts.join('/') || '.'} does not exist or is not readable`,
        );
      }
      if (out.size === before) throw new UsageError(`no file matches '${arg}'`);
      continue;
    }
    const abs = path.resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UsageError(
        `cannot read '${arg}': ${code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : code === 'ELOOP' ? 'too many symbolic links (a loop)' : String(code)}`,
      );
    }
    if (stat.isDirectory()) {
      try {
        walk(abs, selection, selected, out, listings);
      } catch {
        throw new UsageError(`cannot read the folder '${arg}': permission denied`);
      }
    } else out.add(abs);
  }
  return [...out];
}

/** Every file of a workspace folder that the selection reads (unreadable sub-folders are skipped). */
export function workspaceFiles(root: string, selection: FileSelection): string[] {
  const out = new Set<string>();
  try {
    walk(root, selection, selectionMatcher(selection), out, new Map());
  } catch {
    return [];
  }
  return [...out];
}
