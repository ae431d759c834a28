/**
 * The subset of PromQL generated alerts are written in, read and evaluated: OR-of-AND branches of
 * `selector <op> constant` comparisons (through `max/min/sum/avg … without/by`, parentheses, `and`/`or` with
 * `on`/`ignoring`, constant arithmetic) and `absent(selector)`, evaluated over constant series as Prometheus
 * evaluates them. Anything else is `Unsupported`, with what it met.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { Rule } from './types.js';

export type Labels = Record<string, string>;
export type CmpOp = '>' | '>=' | '<' | '<=';

interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface Selector {
  metric: string;
  matchers: Matcher[];
}

/** The subset of PromQL an alert expression is evaluated in: anything else makes the alert untested. */
export type Expr =
  | { kind: 'selector'; selector: Selector }
  | { kind: 'cmp'; inner: Expr; op: CmpOp | '=='; threshold: number }
  | { kind: 'agg'; op: 'max' | 'min' | 'sum' | 'avg'; without: boolean; labels: string[]; inner: Expr }
  | { kind: 'set'; op: 'and' | 'or'; on?: string[]; ignoring?: string[]; left: Expr; right: Expr }
  | { kind: 'absent'; selector: Selector };

export class Unsupported extends Error {}

/** A threshold a branch needs passed, or a selector a branch needs absent. */
export type Leaf =
  { kind: 'threshold'; series: string; op: CmpOp; threshold: number } | { kind: 'absent'; series: string };

const text = (q: string, n: SyntaxNode) => q.slice(n.from, n.to);
const children = (n: SyntaxNode): SyntaxNode[] => {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};

/** A PromQL string literal's value (double, single or back quotes; Go escapes for the first two). */
function stringValue(raw: string): string {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  const body = raw.slice(1, -1);
  return body.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

function selectorOf(q: string, n: SyntaxNode): Selector {
  const metric = n.getChild('Identifier');
  const matchers: Matcher[] = [];
  const list = n.getChild('LabelMatchers');
  for (const m of list ? children(list) : []) {
    if (m.name !== 'UnquotedLabelMatcher') throw new Unsupported(`the matcher ${text(q, m)}`);
    const name = m.getChild('LabelName');
    const op = m.getChild('MatchOp');
    const value = m.getChild('StringLiteral');
    if (!name || !op || !value) throw new Unsupported(`the matcher ${text(q, m)}`);
    matchers.push({
      name: text(q, name),
      op: text(q, op) as Matcher['op'],
      value: stringValue(text(q, value)),
    });
  }
  const name = metric ? text(q, metric) : matchers.find((m) => m.name === '__name__' && m.op === '=')?.value;
  if (!name) throw new Unsupported('a selector without a metric name');
  return { metric: name, matchers: matchers.filter((m) => m.name !== '__name__') };
}

/** The value of constant arithmetic, e.g. `(14.4 * 0.0009999999999999432)` or `(14 * (1-0.99))`. */
function constant(q: string, n: SyntaxNode): number | undefined {
  if (n.name === 'NumberDurationLiteral' || n.name === 'NumberLiteral') {
    const v = Number(text(q, n));
    return Number.isFinite(v) ? v : undefined;
  }
  if (n.name === 'ParenExpr') {
    const [inner] = children(n);
    return inner ? constant(q, inner) : undefined;
  }
  if (n.name === 'UnaryExpr') {
    const [op, inner] = children(n);
    const v = inner ? constant(q, inner) : undefined;
    return v === undefined ? undefined : op && text(q, op) === '-' ? -v : v;
  }
  if (n.name === 'BinaryExpr') {
    const [l, op, r] = children(n);
    if (!l || !op || !r || children(n).length !== 3) return undefined;
    const a = constant(q, l);
    const b = constant(q, r);
    if (a === undefined || b === undefined) return undefined;
    const ops: Record<string, (x: number, y: number) => number> = {
      Add: (x, y) => x + y,
      Sub: (x, y) => x - y,
      Mul: (x, y) => x * y,
      Div: (x, y) => x / y,
    };
    const f = ops[op.name];
    return f ? f(a, b) : undefined;
  }
  return undefined;
}

const CMP: Record<string, CmpOp | '=='> = {
  Gtr: '>',
  Gte: '>=',
  Lss: '<',
  Lte: '<=',
  EqlSingle: '==',
  Eql: '==',
};
const FLIP: Record<CmpOp | '==', CmpOp | '=='> = { '>': '<', '>=': '<=', '<': '>', '<=': '>=', '==': '==' };

/** Deeper expressions than this are not tested: generated alerts nest a few levels, and recursion is bounded. */
const MAX_DEPTH = 64;
/** More branches than this are not tested: `and` of `or`s multiplies them. */
const MAX_BRANCHES = 32;

function toExpr(q: string, n: SyntaxNode, depth = 0): Expr {
  if (depth > MAX_DEPTH) throw new Unsupported(`more than ${MAX_DEPTH} levels of nesting`);
  const sub = (c: SyntaxNode) => toExpr(q, c, depth + 1);
  switch (n.name) {
    case 'PromQL':
    case 'ParenExpr': {
      const [inner] = children(n);
      if (!inner) throw new Unsupported('an empty expression');
      return sub(inner);
    }
    case 'VectorSelector':
      return { kind: 'selector', selector: selectorOf(q, n) };
    case 'AggregateExpr': {
      const op = text(q, n.getChild('AggregateOp')!);
      if (!['max', 'min', 'sum', 'avg'].includes(op)) throw new Unsupported(`the aggregation ${op}`);
      const modifier = n.getChild('AggregateModifier');
      const body = n.getChild('FunctionCallBody');
      const args = body ? children(body) : [];
      if (args.length !== 1) throw new Unsupported(`${op} with ${args.length} arguments`);
      const grouping = modifier?.getChild('GroupingLabels');
      return {
        kind: 'agg',
        op: op as 'max',
        without: modifier?.getChild('Without') !== null && modifier !== null,
        labels: grouping ? grouping.getChildren('LabelName').map((l) => text(q, l)) : [],
        inner: sub(args[0]!),
      };
    }
    case 'FunctionCall': {
      const fn = text(q, n.getChild('FunctionIdentifier')!);
      const args = children(n.getChild('FunctionCallBody')!);
      if (fn === 'absent' && args.length === 1 && args[0]!.name === 'VectorSelector')
        return { kind: 'absent', selector: selectorOf(q, args[0]!) };
      throw new Unsupported(`the function ${fn}()`);
    }
    case 'BinaryExpr': {
      const parts = children(n);
      const [l, op] = parts;
      const r = parts[parts.length - 1]!;
      if (!l || !op) throw new Unsupported(text(q, n));
      if (n.getChild('BoolModifier')) throw new Unsupported('a comparison with bool');
      if (op.name === 'And' || op.name === 'Or') {
        const matching = n.getChild('MatchingModifierClause');
        if (matching && (matching.getChild('GroupLeft') || matching.getChild('GroupRight')))
          throw new Unsupported('group_left/group_right');
        const labels = matching?.getChild('GroupingLabels');
        const names = labels ? labels.getChildren('LabelName').map((x) => text(q, x)) : [];
        return {
          kind: 'set',
          op: op.name === 'And' ? 'and' : 'or',
          ...(matching?.getChild('On') ? { on: names } : {}),
          ...(matching?.getChild('Ignoring') ? { ignoring: names } : {}),
          left: sub(l),
          right: sub(r),
        };
      }
      const cmp = CMP[op.name];
      if (!cmp) throw new Unsupported(`the operator ${text(q, op)}`);
      const right = constant(q, r);
      if (right !== undefined) return { kind: 'cmp', inner: sub(l), op: cmp, threshold: right };
      const left = constant(q, l);
      if (left !== undefined) return { kind: 'cmp', inner: sub(r), op: FLIP[cmp], threshold: left };
      throw new Unsupported('a comparison between two series');
    }
    default:
      throw new Unsupported(`${text(q, n).slice(0, 60)}`);
  }
}

/** The expression as the evaluable subset, or why it is not in it. */
export function parseAlert(expr: string): Expr | { unsupported: string } {
  const tree = parser.parse(expr);
  let error: string | undefined;
  tree.iterate({
    enter(n) {
      if (n.type.isError) error ??= `a syntax error at column ${n.from + 1}`;
    },
  });
  if (error) return { unsupported: `its expression has ${error}` };
  try {
    return toExpr(expr, tree.topNode);
  } catch (e) {
    if (e instanceof Unsupported) return { unsupported: `its expression has ${e.message}` };
    throw e;
  }
}

/** The input series a selector reads: its equality matchers plus the static labels of the rule recording it. */
export function seriesOf(selector: Selector, recordings: readonly Rule[]): Labels | undefined {
  const eq = Object.fromEntries(selector.matchers.filter((m) => m.op === '=').map((m) => [m.name, m.value]));
  const candidates = recordings.filter((r) => r.record === selector.metric).map((r) => r.labels ?? {});
  for (const statics of [...candidates, {}]) {
    const labels: Labels = { ...statics, ...eq, __name__: selector.metric };
    for (const m of selector.matchers)
      if (labels[m.name] === undefined && m.op === '=~') {
        const value = regexExample(m.value);
        if (value !== undefined) labels[m.name] = value;
      }
    for (const [k, v] of Object.entries(labels)) if (v === '') delete labels[k];
    if (matches(selector, labels)) return labels;
  }
  return undefined;
}

/** A short value a regular expression matches, built from its first alternative; checked by the caller. */
function regexExample(re: string): string | undefined {
  let at = 0;
  const CLASSES: Record<string, string> = { d: '0', w: 'a', s: ' ', D: 'a', W: '-', S: 'a' };
  // One alternative up to `)` or `|`: each atom once, optional ones left out.
  const sequence = (depth: number): string | undefined => {
    let out = '';
    while (at < re.length && re[at] !== ')' && re[at] !== '|') {
      let atom: string | undefined;
      const c = re[at]!;
      if (c === '(') {
        at++;
        if (re.startsWith('?:', at)) at += 2;
        if (depth > 8) return undefined;
        atom = sequence(depth + 1);
        while (at < re.length && re[at] === '|') {
          at++;
          sequence(depth + 1);
        }
        if (re[at] !== ')' || atom === undefined) return undefined;
        at++;
      } else if (c === '[') {
        const close = re.indexOf(']', at + 2);
        if (close < 0 || re[at + 1] === '^') return undefined;
        atom = re[at + 1] === '\\' ? (CLASSES[re[at + 2]!] ?? re[at + 2]) : re[at + 1];
        at = close + 1;
      } else if (c === '\\') {
        atom = CLASSES[re[at + 1] ?? ''] ?? re[at + 1];
        at += 2;
      } else if (c === '^' || c === '$') {
        atom = '';
        at++;
      } else {
        atom = c === '.' ? '0' : c;
        at++;
      }
      const q = re[at];
      if (q === '?' || q === '*') {
        atom = '';
        at++;
      } else if (q === '+') at++;
      else if (q === '{') {
        const m = /^\{(\d+)(,\d*)?\}/.exec(re.slice(at));
        if (!m || Number(m[1]) > 100) return undefined;
        atom = atom!.repeat(Number(m[1]));
        at += m[0].length;
      }
      if (re[at] === '?') at++;
      out += atom ?? '';
    }
    return out;
  };
  return sequence(0);
}

const anchored = (re: string) => {
  try {
    return new RegExp(`^(?:${re})$`, 'su');
  } catch {
    return undefined;
  }
};

export function matches(selector: Selector, labels: Labels): boolean {
  if (labels.__name__ !== selector.metric) return false;
  return selector.matchers.every((m) => {
    const v = labels[m.name] ?? '';
    if (m.op === '=') return v === m.value;
    if (m.op === '!=') return v !== m.value;
    const re = anchored(m.value);
    if (!re) return false;
    return m.op === '=~' ? re.test(v) : !re.test(v);
  });
}

export interface Sample {
  labels: Labels;
  value: number;
}

export const withoutName = (l: Labels) =>
  Object.fromEntries(Object.entries(l).filter(([k]) => k !== '__name__'));
const key = (l: Labels) =>
  JSON.stringify(
    Object.keys(l)
      .sort()
      .map((k) => [k, l[k]]),
  );

function signature(l: Labels, on?: string[], ignoring?: string[]): string {
  const kept = on
    ? Object.fromEntries(on.filter((k) => l[k] !== undefined).map((k) => [k, l[k]!]))
    : Object.fromEntries(Object.entries(withoutName(l)).filter(([k]) => !(ignoring ?? []).includes(k)));
  return key(kept);
}

const compare = (v: number, op: CmpOp | '==', t: number) =>
  op === '>' ? v > t : op === '>=' ? v >= t : op === '<' ? v < t : op === '<=' ? v <= t : v === t;

/** The expression over constant input series, as Prometheus evaluates this subset. */
export function evaluate(e: Expr, inputs: readonly Sample[]): Sample[] {
  switch (e.kind) {
    case 'selector':
      return inputs.filter((s) => matches(e.selector, s.labels));
    case 'absent': {
      if (inputs.some((s) => matches(e.selector, s.labels))) return [];
      const labels = Object.fromEntries(
        e.selector.matchers.filter((m) => m.op === '=').map((m) => [m.name, m.value]),
      );
      return [{ labels, value: 1 }];
    }
    case 'cmp':
      return evaluate(e.inner, inputs).filter((s) => compare(s.value, e.op, e.threshold));
    case 'agg': {
      const groups = new Map<string, { labels: Labels; values: number[] }>();
      for (const s of evaluate(e.inner, inputs)) {
        const labels = e.without
          ? Object.fromEntries(Object.entries(withoutName(s.labels)).filter(([k]) => !e.labels.includes(k)))
          : Object.fromEntries(
              e.labels.filter((k) => s.labels[k] !== undefined).map((k) => [k, s.labels[k]!]),
            );
        const g = groups.get(key(labels)) ?? { labels, values: [] };
        g.values.push(s.value);
        groups.set(key(labels), g);
      }
      const reduce = {
        max: (v: number[]) => Math.max(...v),
        min: (v: number[]) => Math.min(...v),
        sum: (v: number[]) => v.reduce((a, b) => a + b, 0),
        avg: (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length,
      }[e.op];
      return [...groups.values()].map((g) => ({ labels: g.labels, value: reduce(g.values) }));
    }
    case 'set': {
      const left = evaluate(e.left, inputs);
      const right = evaluate(e.right, inputs);
      const sig = (s: Sample) => signature(s.labels, e.on, e.ignoring);
      if (e.op === 'and') {
        const present = new Set(right.map(sig));
        return left.filter((s) => present.has(sig(s)));
      }
      const present = new Set(left.map(sig));
      return [...left, ...right.filter((s) => !present.has(sig(s)))];
    }
  }
}

/** Every way the expression can fire: each branch the leaves it needs, in the order written. */
export function branches(e: Expr, seriesKey: (s: Selector) => string): Leaf[][] {
  switch (e.kind) {
    case 'cmp': {
      if (e.op === '==' && e.inner.kind === 'absent' && e.threshold === 1)
        return branches(e.inner, seriesKey);
      let inner = e.inner;
      while (inner.kind === 'agg') inner = inner.inner;
      if (inner.kind !== 'selector' || e.op === '==')
        throw new Unsupported('a comparison that is not of a selector with a constant');
      return [[{ kind: 'threshold', series: seriesKey(inner.selector), op: e.op, threshold: e.threshold }]];
    }
    case 'absent':
      return [[{ kind: 'absent', series: seriesKey(e.selector) }]];
    case 'agg':
      return branches(e.inner, seriesKey);
    case 'set': {
      const l = branches(e.left, seriesKey);
      const r = branches(e.right, seriesKey);
      const out = e.op === 'or' ? [...l, ...r] : l.flatMap((a) => r.map((b) => [...a, ...b]));
      if (out.length > MAX_BRANCHES) throw new Unsupported(`more than ${MAX_BRANCHES} ways to fire`);
      return out;
    }
    case 'selector':
      throw new Unsupported('a selector not compared with a threshold');
  }
}
