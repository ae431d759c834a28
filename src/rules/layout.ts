/**
 * Where each group and rule of generated documents stands in the text `rulesFileText` printed from them, so
 * an editor can jump from an SLO (or one of its alerts) to its rules.
 */
import type { RuleGroup, RulesDocument } from './types.js';
import { printedDocuments } from './write.js';

export { printedDocuments };

/** 0-based lines of the printed text. */
export interface GroupLines {
  /** The group's `- name:` line. */
  start: number;
  /** Its last non-blank line. */
  end: number;
  /** Each rule's first line (`- record:` or `- alert:`), in order. */
  rules: number[];
}

/** A printed scalar as YAML may write it: plain, double- or single-quoted. */
function scalarIs(written: string, value: string): boolean {
  const w = written.trim();
  return w === value || w === JSON.stringify(value) || w === `'${value.replace(/'/g, "''")}'`;
}

/**
 * The lines of every group of the printed documents, in order (one entry per group of `printedDocuments`);
 * a group not found (a text that was not printed from these documents) is left out of the lines it would hold.
 */
export function rulesLayout(text: string, docs: readonly RulesDocument[]): Array<GroupLines | undefined> {
  const lines = text.split('\n');
  const groups: RuleGroup[] = printedDocuments(docs).flatMap((d) => d.groups);
  const out: Array<GroupLines | undefined> = [];
  let at = 0;
  const find = (from: number, key: string, value: string) => {
    const pattern = new RegExp(`^\\s*(?:- )?${key}: (.*)$`);
    for (let i = from; i < lines.length; i++) {
      const m = pattern.exec(lines[i]!);
      if (m && scalarIs(m[1]!, value)) return i;
    }
    return -1;
  };
  const starts: number[] = [];
  for (const group of groups) {
    const start = find(at, 'name', group.name);
    starts.push(start);
    if (start !== -1) at = start + 1;
  }
  for (const [g, group] of groups.entries()) {
    const start = starts[g]!;
    if (start === -1) {
      out.push(undefined);
      continue;
    }
    // The group ends before the next group, or before the next document, or at the end of the text.
    let limit = lines.length;
    const next = starts.slice(g + 1).find((s) => s !== -1);
    if (next !== undefined) limit = next;
    for (let i = start + 1; i < limit; i++)
      if (lines[i] === '---') {
        limit = i;
        break;
      }
    let end = limit - 1;
    while (end > start && !lines[end]!.trim()) end--;
    const rules: number[] = [];
    let from = start + 1;
    for (const rule of group.rules) {
      const key = rule.record !== undefined ? 'record' : 'alert';
      const line = find(from, key, rule.record ?? rule.alert ?? '');
      rules.push(line !== -1 && line <= end ? line : start);
      if (line !== -1 && line <= end) from = line + 1;
    }
    out.push({ start, end, rules });
  }
  return out;
}
