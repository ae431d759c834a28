// `npm start` opens a scratch copy of examples/, never the repository's own: quick fixes, auto-save, New
// Postmortem and the postmortem index then write into the copy, and the tracked examples stay as committed.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CACHE, ROOT } from './editor.mjs';

/** Where `npm start` copies examples/ (under .cache/, which git ignores). */
export const SCRATCH_EXAMPLES = path.join(CACHE, 'start', 'examples');

/**
 * Replaces `dest` with a fresh copy of `source` (the repository's examples/ by default) and returns `dest`:
 * whatever the previous run changed there is gone.
 */
export function freshExamples(dest = SCRATCH_EXAMPLES, source = path.join(ROOT, 'examples')) {
  const from = path.resolve(source);
  const to = path.resolve(dest);
  if (to === from || to.startsWith(from + path.sep) || from.startsWith(to + path.sep))
    throw new Error(`The scratch copy ${to} must lie outside ${from}`);
  rmSync(to, { recursive: true, force: true });
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
  return to;
}
