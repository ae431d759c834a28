/** A team's own postmortem templates: the Markdown files of `.team-sre/templates/` in its workspace folder. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describeBytes, readBounded } from '../../fs/read.js';
import { realPathOutside } from './write.js';

import { TEMPLATES_DIR } from '../templates.js';

export { TEMPLATES_DIR };

export interface TemplateFiles {
  /** Each template's path (`.team-sre/templates/x.md`) and text. */
  files: Array<{ path: string; text: string }>;
  /** Why the folder, or a template, was not read: one line each. */
  problems: string[];
}

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/**
 * Reads the templates of `root`'s `.team-sre/templates/`: only a folder that stays inside `root` once links
 * are resolved, only regular `*.md` files in it (not links), and none larger than `limit` bytes.
 */
export async function readTemplateFiles(
  root: string,
  limit: number,
  /** How messages name `root`. */
  rootName = 'workspace folder',
): Promise<TemplateFiles> {
  const dir = path.join(root, TEMPLATES_DIR);
  const out: TemplateFiles = { files: [], problems: [] };
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: unknown) => {
    const code = errorCode(err);
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      out.problems.push(`cannot read '${TEMPLATES_DIR}': ${code ?? String(err)}`);
    return [];
  });
  if (!entries.length) return out;
  const outside = await realPathOutside(dir, root);
  if (outside !== undefined) {
    out.problems.push(
      `'${TEMPLATES_DIR}' leads outside the ${rootName}, to ${outside}, through a symbolic link: its templates are not read`,
    );
    return out;
  }
  for (const e of entries) {
    if (!e.isFile() || !/\.md$/i.test(e.name)) continue;
    const file = `${TEMPLATES_DIR}/${e.name}`;
    const read = readBounded(path.join(dir, e.name), limit);
    if (read.kind === 'text') out.files.push({ path: file, text: read.text });
    else
      out.problems.push(
        read.kind === 'too-large'
          ? `'${file}' has ${describeBytes(read.size)}, above the ${describeBytes(limit)} limit of the files read: it is not read`
          : `cannot read '${file}': ${read.kind === 'error' ? read.code : `it is ${read.what}, not a regular file`}`,
      );
  }
  return out;
}
