/**
 * Committed generated rules against what the SLO file generates now, rule by rule as YAML values (not as text):
 * comments, key order, quoting and block styles do not matter; a changed expression, label, `for`, a rule or
 * group added, removed or moved does. Each difference is one line a reviewer can act on.
 */
import { readRules, type ReadRulesDocument } from './read.js';
import type { Rule, RuleGroup, RulesDocument } from './types.js';
import { printedDocuments } from './write.js';

export type RulesComparison = { stale: false } | { stale: true; differences: string[] } | { error: string };

/** At most this many difference lines: a wholly different file is said in a few lines, not thousands. */
export const MAX_DIFFERENCES = 50;

const ruleName = (r: Rule) =>
  r.record !== undefined ? `record ${r.record}` : `alert ${r.alert ?? '(unnamed)'}`;
/** Block scalars end with a newline, flow scalars do not: only trailing whitespace is not a difference. */
const exprOf = (r: Rule) => r.expr.replace(/\s+$/, '');
const quote = (s: string) => JSON.stringify(s.length > 200 ? `${s.slice(0, 200)}…` : s);

function mapDifferences(
  what: string,
  committed: Record<string, string> = {},
  generated: Record<string, string> = {},
) {
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(committed), ...Object.keys(generated)])].sort()) {
    const a = committed[k];
    const b = generated[k];
    if (a === b) continue;
    if (a === undefined) out.push(`${what} ${k}: not in the committed file (generated ${quote(b!)})`);
    else if (b === undefined) out.push(`${what} ${k}: no longer generated (committed ${quote(a)})`);
    else out.push(`${what} ${k}: committed ${quote(a)}, generated ${quote(b)}`);
  }
  return out;
}

function ruleDifferences(where: string, a: Rule, b: Rule): string[] {
  const out: string[] = [];
  if (exprOf(a) !== exprOf(b))
    out.push(`${where}: expr: committed ${quote(exprOf(a))}, generated ${quote(exprOf(b))}`);
  for (const field of ['for', 'keep_firing_for'] as const)
    if ((a[field] ?? '') !== (b[field] ?? ''))
      out.push(
        `${where}: ${field}: committed ${quote(a[field] ?? '(none)')}, generated ${quote(b[field] ?? '(none)')}`,
      );
  out.push(...mapDifferences(`${where}: label`, a.labels, b.labels));
  out.push(...mapDifferences(`${where}: annotation`, a.annotations, b.annotations));
  return out;
}

function groupDifferences(a: RuleGroup, b: RuleGroup): string[] {
  const where = `group ${a.name}`;
  const out: string[] = [];
  if ((a.interval ?? '') !== (b.interval ?? ''))
    out.push(
      `${where}: interval: committed ${quote(a.interval ?? '(none)')}, generated ${quote(b.interval ?? '(none)')}`,
    );
  if ((a.partial_response_strategy ?? '') !== (b.partial_response_strategy ?? ''))
    out.push(
      `${where}: partial_response_strategy: committed ${quote(a.partial_response_strategy ?? '(none)')}, generated ${quote(b.partial_response_strategy ?? '(none)')}`,
    );
  const n = Math.max(a.rules.length, b.rules.length);
  for (let i = 0; i < n; i++) {
    const ra = a.rules[i];
    const rb = b.rules[i];
    const at = `${where}, rule ${i + 1}`;
    if (!ra) out.push(`${at} (${ruleName(rb!)}): not in the committed file`);
    else if (!rb) out.push(`${at} (${ruleName(ra)}): no longer generated`);
    else if (ruleName(ra) !== ruleName(rb))
      out.push(`${at}: committed ${ruleName(ra)}, generated ${ruleName(rb)}`);
    else out.push(...ruleDifferences(`${at} (${ruleName(ra)})`, ra, rb));
  }
  return out;
}

const CONTAINERS: Record<RulesDocument['container']['kind'], ReadRulesDocument['container']> = {
  'rule-file': 'rule-file',
  'prometheus-rule': 'prometheus-rule',
  'config-map': 'config-map',
};

/** Compares a committed file's text with the documents generated now. */
export function compareRules(committedText: string, generated: readonly RulesDocument[]): RulesComparison {
  const read = readRules(committedText);
  if ('error' in read) return { error: `the committed file is not a rules file: ${read.error}` };
  // Rule files compare by their groups wherever they stand: one document, or one per SLO document as Sloth writes.
  const printed = printedDocuments(generated);
  const wanted = [
    ...printed.filter((d) => d.container.kind === 'rule-file'),
    ...printed.filter((d) => d.container.kind !== 'rule-file'),
  ];
  const ruleFiles = read.documents.filter((d) => d.container === 'rule-file');
  const committed = [
    ...(ruleFiles.length > 0
      ? [{ container: 'rule-file' as const, groups: ruleFiles.flatMap((d) => d.groups) }]
      : []),
    ...read.documents.filter((d) => d.container !== 'rule-file'),
  ];
  read.documents.splice(0, read.documents.length, ...committed);
  const out: string[] = [];
  if (read.documents.length !== wanted.length)
    out.push(
      `documents: the committed file has ${read.documents.length}, the SLO file generates ${wanted.length}`,
    );
  for (let d = 0; d < Math.min(read.documents.length, wanted.length); d++) {
    const a = read.documents[d]!;
    const b = wanted[d]!;
    const prefix = wanted.length > 1 ? `document ${d + 1}: ` : '';
    if (a.container !== CONTAINERS[b.container.kind])
      out.push(`${prefix}committed as a ${a.container}, generated as a ${b.container.kind}`);
    if (b.container.kind !== 'rule-file') {
      const name = b.container.metadata.name;
      if (typeof name === 'string' && a.name !== name)
        out.push(`${prefix}metadata.name: committed ${quote(a.name ?? '(none)')}, generated ${quote(name)}`);
    }
    const byName = new Map(a.groups.map((g) => [g.name, g]));
    const generatedNames = new Set(b.groups.map((g) => g.name));
    for (const g of a.groups)
      if (!generatedNames.has(g.name)) out.push(`${prefix}group ${g.name}: no longer generated`);
    for (const [i, g] of b.groups.entries()) {
      const committed = byName.get(g.name);
      if (!committed) {
        out.push(`${prefix}group ${g.name}: not in the committed file`);
        continue;
      }
      const position = a.groups.indexOf(committed);
      if (position !== i)
        out.push(`${prefix}group ${g.name}: committed at position ${position + 1}, generated at ${i + 1}`);
      out.push(...groupDifferences(committed, g).map((line) => prefix + line));
    }
  }
  if (out.length === 0) return { stale: false };
  return {
    stale: true,
    differences:
      out.length > MAX_DIFFERENCES
        ? [...out.slice(0, MAX_DIFFERENCES), `… and ${out.length - MAX_DIFFERENCES} more differences`]
        : out,
  };
}
