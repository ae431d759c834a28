/**
 * The SLO references of a postmortem's front matter as places in its text: where each `slos[].name` is
 * written, so that renaming an SLO reaches the postmortems that cite it, and a fix can replace a name.
 */
import { parse } from 'yaml';
import { TextPositions } from '../language/syntax/text.js';
import type { Range, TextEdit } from '../language/types.js';
import { parsePostmortem } from './frontmatter.js';
import { sloResolver } from './workspace.js';

/**
 * `value` as it replaces the scalar written at `range`: in the same quotes, or in single quotes when YAML
 * would read it bare as something else than this text (`null`, `123`, `1e5`).
 */
export function scalarReplacement(text: string, range: Range, value: string): string {
  const written = text[new TextPositions(text).offset(range.start)];
  if (written === '"') return JSON.stringify(value);
  const quoted = `'${value.replace(/'/g, "''")}'`;
  if (written === "'") return quoted;
  let bare: unknown;
  try {
    bare = parse(value);
  } catch {
    bare = undefined;
  }
  return bare === value ? value : quoted;
}

/**
 * Where a postmortem (at `postmortemRel`, relative to its workspace folder) names the SLO `name` of one of the
 * SLO files `files` (relative paths), as its checks resolve the reference.
 */
export function sloNameRanges(
  text: string,
  postmortemRel: string,
  files: readonly string[],
  name: string,
): Range[] {
  const pm = parsePostmortem(text);
  const resolve = sloResolver(new Map(files.map((f) => [f, [name]])), postmortemRel);
  const out: Range[] = [];
  (pm.fields.slos ?? []).forEach((ref, i) => {
    if (ref.name !== name || resolve(ref.file, name) !== 'ok') return;
    const range = pm.rangeOf(['slos', i, 'name']);
    if (range) out.push(range);
  });
  return out;
}

/** The edits that rename the SLO `name` of `files` to `newName` in a postmortem's front matter. */
export function renameSloEdits(
  text: string,
  postmortemRel: string,
  files: readonly string[],
  name: string,
  newName: string,
): TextEdit[] {
  return sloNameRanges(text, postmortemRel, files, name).map((range) => ({
    range,
    newText: scalarReplacement(text, range, newName),
  }));
}
