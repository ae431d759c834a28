/** What a bounded read of a file gives, and sizes for messages: no file access, so the browser server shares it. */

/** The first bytes of a file too large to read, enough to tell whether it looks like an SLO file. */
export const HEAD_BYTES = 64 * 1024;

export type BoundedRead =
  /** The file's text, UTF-8 without a byte-order mark. */
  | { kind: 'text'; text: string }
  /** Above the limit: its size in bytes and its first `HEAD_BYTES` bytes, as text. */
  | { kind: 'too-large'; size: number; head: string }
  /** Not a regular file once links are resolved: what it is, e.g. `a named pipe (FIFO)`. */
  | { kind: 'not-a-file'; what: string }
  /** It could not be opened or read: the system's code (`ENOENT`, `EACCES`…). */
  | { kind: 'error'; code: string };

/** `3.0 GB`, `2.0 MB`, `12.5 KB`, `80 bytes`: a size for messages. */
export function describeBytes(bytes: number): string {
  for (const [size, unit] of [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ] as const)
    if (bytes >= size) return `${(bytes / size).toFixed(1)} ${unit}`;
  return `${bytes} bytes`;
}
