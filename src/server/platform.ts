/**
 * What the server reads from outside the LSP connection, as interfaces: the Node entry (`environment.ts`)
 * reads the disk, the browser entry (`browser/environment.ts`) asks the extension for the workspace's files.
 * Nothing here touches a file, a process or a Node module, so the server's core runs in a web worker.
 */
import type { BoundedRead } from '../fs/bounded.js';
import type { FileSelection } from '../language/service.js';

/** How a host spells the files of its workspace: paths on disk for Node, URIs in the browser. */
export interface ServerPaths {
  /** The path of a document's URI, or undefined when the URI is not one of this file system's. */
  uriToPath(uri: string): string | undefined;
  /** The URI of a path, as the server publishes it. */
  pathToUri(path: string): string;
  /** `to` relative to `from`, as `node:path` spells it: `..` first when `to` is outside `from`. */
  relative(from: string, to: string): string;
  isAbsolute(path: string): boolean;
  join(...parts: string[]): string;
  basename(path: string): string;
  /** The separator of the relative paths `relative` returns. */
  sep: string;
}

export interface ServerFileSystem {
  readonly paths: ServerPaths;
  /**
   * A regular file's text (a UTF-8 byte order mark dropped) if it has at most `limit` bytes, else its size
   * and first bytes; or what it is when not a regular file, or why it cannot be read.
   */
  read(path: string, limit: number): BoundedRead;
  /** The path with every symbolic link resolved, or undefined when it does not exist. */
  realPath(path: string): string | undefined;
  /** The absolute paths of the files of a folder that the selection reads; empty when the folder cannot be read. */
  listFiles(folder: string, selection: FileSelection): Promise<string[]>;
  /**
   * For a file system whose reads are asynchronous (the browser's, through the extension): reads the files
   * ahead so that `read` answers from what was fetched. Absent when `read` reads the file itself.
   */
  prefetch?(paths: string[], limit: number): Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A handle of `nextTurn`, to cancel it. */
export type TurnHandle = { cancel(): void };

/**
 * Runs `run` on a later turn of the event loop, after the messages already queued: `setImmediate` under Node;
 * in a browser worker (which has none) a message to itself, which is not slowed down as nested timers are.
 */
export function nextTurn(run: () => void): TurnHandle {
  // Looked up on the global object: only Node has them, and the browser's server never sees them.
  const { setImmediate: immediate, clearImmediate: clear } = globalThis as Partial<
    Pick<typeof globalThis, 'setImmediate' | 'clearImmediate'>
  >;
  if (immediate && clear) {
    const handle = immediate(run);
    return { cancel: () => clear(handle) };
  }
  const channel = new MessageChannel();
  let cancelled = false;
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (!cancelled) run();
  };
  channel.port2.postMessage(undefined);
  return {
    cancel: () => {
      cancelled = true;
      channel.port1.close();
    },
  };
}
