/**
 * An expression with the recorded series it reads replaced by the expressions that record them, so it can be
 * evaluated over a past range the recording rules never ran over. A selector of a recorded metric becomes the
 * recording expression with the rule's static labels set (`label_replace`); a range over one becomes a subquery
 * at the evaluation step. Selectors of metrics no rule records are left as written.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { Rule } from './types.js';

/** How deep recordings may read other recordings (Sloth's period ratio reads its 5-minute one). */
const MAX_DEPTH = 8;
/** An expansion longer than this is refused rather than sent: it would be a query no one can read back. */
export const MAX_EXPANDED_LENGTH = 256 * 1024;

export class ExpandError extends Error {}

interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** A PromQL string literal's value (double, single or back quotes). */
function stringValue(text: string): string {
  if (text.startsWith('`')) return text.slice(1, -1);
  try {
    return JSON.parse(
      text.startsWith("'") ? `"${text.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : text,
    ) as string;
  } catch {
    return text.slice(1, -1);
  }
}

function matchersOf(text: string): Matcher[] {
  const out: Matcher[] = [];
  const tree = parser.parse(text);
  tree.iterate({
    enter(node) {
      if (node.name !== 'UnquotedLabelMatcher' && node.name !== 'QuotedLabelMatcher') return;
      const m = /^\s*("(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*([\s\S]*?)\s*$/.exec(
        text.slice(node.from, node.to),
      );
      if (m)
        out.push({
          name: m[1]!.startsWith('"') ? stringValue(m[1]!) : m[1]!,
          op: m[2] as Matcher['op'],
          value: stringValue(m[3]!),
        });
      return false;
    },
  });
  return out;
}

const fullMatch = (pattern: string, value: string) => {
  try {
    return new RegExp(`^(?:${pattern})$`, 's').test(value);
  } catch {
    return false;
  }
};

/** Whether a rule's static labels can satisfy the matchers that name them (others are the expression's own). */
function staticMatch(rule: Rule, matchers: Matcher[]): boolean {
  const labels = rule.labels ?? {};
  return matchers.every((m) => {
    if (!(m.name in labels)) return true;
    const v = labels[m.name]!;
    if (m.op === '=') return v === m.value;
    if (m.op === '!=') return v !== m.value;
    if (m.op === '=~') return fullMatch(m.value, v);
    return !fullMatch(m.value, v);
  });
}

const quote = (s: string) => JSON.stringify(s);

/** The rule's expression with its static labels set, as the rule's output series carry them. */
function recorded(rule: Rule, expanded: string): string {
  let out = `(${expanded.trim()})`;
  for (const [k, v] of Object.entries(rule.labels ?? {}).sort(([a], [b]) => a.localeCompare(b)))
    out = `label_replace(${out}, ${quote(k)}, ${quote(v)}, "", "")`;
  return out;
}

/**
 * `expr` with every selector of a metric that `recordings` record replaced by its recording, recursively.
 * `step` is the evaluation interval, the resolution of subqueries that replace ranges over recorded series.
 */
export function expandRecorded(expr: string, recordings: readonly Rule[], step: string, depth = 0): string {
  if (depth > MAX_DEPTH)
    throw new ExpandError(`recording rules read each other more than ${MAX_DEPTH} levels deep`);
  const byName = new Map<string, Rule[]>();
  for (const r of recordings)
    if (r.record !== undefined) byName.set(r.record, [...(byName.get(r.record) ?? []), r]);
  const edits: Array<{ from: number; to: number; text: string }> = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.name === 'MatrixSelector' || node.name === 'VectorSelector') {
        const vector = node.name === 'VectorSelector' ? node.node : node.node.getChild('VectorSelector');
        if (!vector) return;
        const ident = vector.getChild('Identifier');
        const name = ident ? expr.slice(ident.from, ident.to) : undefined;
        const rules = name !== undefined ? byName.get(name) : undefined;
        if (!rules) return node.name === 'MatrixSelector' ? false : undefined;
        const selectorText = expr.slice(vector.from, vector.to);
        const matchers = matchersOf(selectorText);
        const matching = rules.filter((r) => staticMatch(r, matchers));
        if (matching.length === 0)
          throw new ExpandError(
            `no recording rule of ${name} has the labels ${selectorText.slice(name!.length)}`,
          );
        const inner = matching
          .map((r) => recorded(r, expandRecorded(r.expr, recordings, step, depth + 1)))
          .join(' or ');
        const grouped = matching.length > 1 ? `(${inner})` : inner;
        if (node.name === 'MatrixSelector') {
          const range = /\[\s*([^\]\s]+)\s*\]\s*$/.exec(expr.slice(vector.to, node.to));
          if (!range) throw new ExpandError(`cannot read the range of ${expr.slice(node.from, node.to)}`);
          edits.push({ from: node.from, to: node.to, text: `${grouped}[${range[1]}:${step}]` });
        } else edits.push({ from: vector.from, to: vector.to, text: grouped });
        return false;
      }
      return undefined;
    },
  });
  let out = expr;
  for (const e of edits.sort((a, b) => b.from - a.from))
    out = out.slice(0, e.from) + e.text + out.slice(e.to);
  if (out.length > MAX_EXPANDED_LENGTH)
    throw new ExpandError(
      `the expression with its recording rules expanded is longer than ${MAX_EXPANDED_LENGTH / 1024} KB`,
    );
  return out;
}
