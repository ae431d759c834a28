/**
 * Reading a file of the user's with a bound: regular files only (links resolved), never more than the limit.
 * A FIFO would block the reader forever and a link to `/dev/zero` would fill the memory; a 3 GB data file
 * would be read whole before its size was known.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export { HEAD_BYTES, describeBytes, type BoundedRead } from './bounded.js';
import { HEAD_BYTES, type BoundedRead } from './bounded.js';

/** What a path is, for the one-line message about something that is not a regular file. */
function describe(stat: import('node:fs').Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** UTF-8 bytes as an editor reads them: without a byte-order mark. */
const decode = (bytes: Buffer) => {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

/**
 * Opens `file` (following links) without blocking on a FIFO, checks the opened descriptor is a regular
 * file of at most `limit` bytes, and reads at most `limit + 1` bytes: a file that grew meanwhile is still
 * caught, and nothing larger is ever held in memory.
 */
export function readBounded(file: string, limit: number): BoundedRead {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. Windows has no such flag.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { kind: 'error', code: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: 'not-a-file', what: describe(stat) };
    const tooLarge = (size: number) => {
      const bytes = Buffer.alloc(Math.min(HEAD_BYTES, size));
      const n = readSync(fd, bytes, 0, bytes.length, 0);
      return { kind: 'too-large' as const, size, head: decode(bytes.subarray(0, n)) };
    };
    if (stat.size > limit) return tooLarge(stat.size);
    // One byte more than the size: the end of the file is seen, or that it grew after fstat.
    let bytes = Buffer.alloc(stat.size + 1);
    let read = 0;
    for (;;) {
      if (read === bytes.length) {
        if (read > limit) return tooLarge(Math.max(fstatSync(fd).size, read));
        const more = Buffer.alloc(Math.min(limit + 1, bytes.length * 2));
        bytes.copy(more);
        bytes = more;
      }
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) return { kind: 'text', text: decode(bytes.subarray(0, read)) };
      read += n;
    }
  } catch (err) {
    return { kind: 'error', code: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    closeSync(fd);
  }
}
