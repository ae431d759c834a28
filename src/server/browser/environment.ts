/**
 * The browser server's file system (github.dev, vscode.dev): a web worker has no disk, so the workspace's
 * files are listed and read by the extension through the host's file system (`teamSre/findFiles`,
 * `teamSre/readFile`). A path is the file's URI with its path decoded, so files are compared as the Node
 * server compares paths; reads are fetched ahead (`prefetch`) and answered from what was fetched.
 */
import type { Connection } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { HEAD_BYTES, type BoundedRead } from '../../fs/bounded.js';
import { selectionMatcher, type FileSelection } from '../../language/service.js';
import { FindFilesRequest, ReadFileRequest } from '../../protocol/requests.js';
import type { ServerFileSystem, ServerPaths } from '../platform.js';

/** `scheme://authority/decoded/path`: one spelling per file, whatever the encoding of the URI it came in. */
export const browserPaths: ServerPaths = {
  uriToPath(uri) {
    let parsed: URI;
    try {
      parsed = URI.parse(uri, true);
    } catch {
      return undefined;
    }
    // An editor's unsaved document is no file of the workspace, as on the desktop.
    if (parsed.scheme === 'untitled') return undefined;
    return `${parsed.scheme}://${parsed.authority}${parsed.path}`;
  },
  pathToUri(path) {
    const match = /^([a-zA-Z][\w+.-]*):\/\/([^/]*)(.*)$/.exec(path);
    return match ? URI.from({ scheme: match[1]!, authority: match[2]!, path: match[3]! }).toString() : path;
  },
  relative(from, to) {
    const base = from.replace(/\/+$/, '');
    if (to === base) return '';
    // Outside the folder: `..` first, as `node:path` says it, so callers tell it from a path inside.
    return to.startsWith(`${base}/`) ? to.slice(base.length + 1) : `../${to}`;
  },
  isAbsolute: (path) => /^[a-zA-Z][\w+.-]*:\/\//.test(path),
  join: (first, ...rest) =>
    [first.replace(/\/+$/, ''), ...rest.flatMap((p) => p.split('/')).filter((p) => p && p !== '.')].join('/'),
  basename: (path) => path.slice(path.lastIndexOf('/') + 1),
  sep: '/',
};

/** At most this many reads are asked of the extension at once. */
const PARALLEL_READS = 16;

export function browserFileSystem(connection: Connection): ServerFileSystem {
  const fetched = new Map<string, BoundedRead>();
  return {
    paths: browserPaths,
    read: (path) => fetched.get(path) ?? { kind: 'error', code: 'ENOENT' },
    // No symbolic links: a path is where the host's file system says the file is.
    realPath: (path) => path,
    async listFiles(folder, selection: FileSelection) {
      let uris: string[];
      try {
        uris = await connection.sendRequest(FindFilesRequest, {
          folder: browserPaths.pathToUri(folder),
          include: selection.include,
          exclude: selection.exclude,
        });
      } catch {
        return [];
      }
      // The same matcher as the Node server's walk: the host's glob engine may read a glob differently.
      const accept = selectionMatcher(selection);
      const out: string[] = [];
      for (const uri of uris) {
        const path = browserPaths.uriToPath(uri);
        const rel = path === undefined ? undefined : browserPaths.relative(folder, path);
        if (path !== undefined && rel && !rel.startsWith('../') && accept(rel)) out.push(path);
      }
      return out.sort();
    },
    async prefetch(paths, limit) {
      let next = 0;
      const worker = async () => {
        while (next < paths.length) {
          const path = paths[next++]!;
          try {
            fetched.set(
              path,
              await connection.sendRequest(ReadFileRequest, {
                uri: browserPaths.pathToUri(path),
                limit,
                head: HEAD_BYTES,
              }),
            );
          } catch {
            fetched.set(path, { kind: 'error', code: 'EIO' });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, paths.length) }, worker));
    },
  };
}
