/**
 * `promtool test rules` files for generated rules: for each alert, input series that make it fire and series
 * that keep it quiet, derived from its expression. The expression is read as OR-of-AND branches of
 * `selector <op> constant` comparisons (through `max/min/sum/avg … without/by`, parentheses, `and`/`or` with
 * `on`/`ignoring`) and `absent(selector)`; the recorded series it reads are fed directly, so the recording rules
 * that read raw metrics produce nothing and do not collide. What each case expects is computed by evaluating the
 * expression over the fed series, so a case never states what Prometheus would not do. Knows no format.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { stringify } from 'yaml';
import { escapeControls } from '../text/escape.js';
import type { Rule, RuleGroup } from './types.js';
import { GENERATED_MARK } from './write.js';

type Labels = Record<string, string>;
type CmpOp = '>' | '>=' | '<' | '<=';

interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

interface Selector {
  metric: string;
  matchers: Matcher[];
}

/** The subset of PromQL an alert expression is evaluated in: anything else makes the alert untested. */
type Expr =
  | { kind: 'selector'; selector: Selector }
  | { kind: 'cmp'; inner: Expr; op: CmpOp | '=='; threshold: number }
  | { kind: 'agg'; op: 'max' | 'min' | 'sum' | 'avg'; without: boolean; labels: string[]; inner: Expr }
  | { kind: 'set'; op: 'and' | 'or'; on?: string[]; ignoring?: string[]; left: Expr; right: Expr }
  | { kind: 'absent'; selector: Selector };

class Unsupported extends Error {}

/** A threshold a branch needs passed, or a selector a branch needs absent. */
type Leaf =
  { kind: 'threshold'; series: string; op: CmpOp; threshold: number } | { kind: 'absent'; series: string };

/** The margin fed series sit above or below a threshold: a threshold changed by more than this fails a test. */
export const MARGIN = 0.001;

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
function parseAlert(expr: string): Expr | { unsupported: string } {
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
function seriesOf(selector: Selector, recordings: readonly Rule[]): Labels | undefined {
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

/** A value a simple regular expression matches: its first alternative, `.` as `0`, escapes unescaped. */
function regexExample(re: string): string | undefined {
  const first = re.split('|')[0]!;
  if (!/^(?:[A-Za-z0-9_\-:/ ]|\\.|\.)*$/.test(first)) return undefined;
  return first.replace(/\\(.)|\./g, (_m, c: string | undefined) => c ?? '0');
}

const anchored = (re: string) => {
  try {
    return new RegExp(`^(?:${re})$`, 'su');
  } catch {
    return undefined;
  }
};

function matches(selector: Selector, labels: Labels): boolean {
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

interface Sample {
  labels: Labels;
  value: number;
}

const withoutName = (l: Labels) => Object.fromEntries(Object.entries(l).filter(([k]) => k !== '__name__'));
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
function evaluate(e: Expr, inputs: readonly Sample[]): Sample[] {
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
function branches(e: Expr, seriesKey: (s: Selector) => string): Leaf[][] {
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

const above = (t: number) => t + Math.max(Math.abs(t), 1e-9) * MARGIN;
const below = (t: number) => t - Math.max(Math.abs(t), 1e-9) * MARGIN;
const passing = (l: { op: CmpOp; threshold: number }) =>
  l.op === '>' || l.op === '>=' ? above(l.threshold) : below(l.threshold);
const failing = (l: { op: CmpOp; threshold: number }) =>
  l.op === '>' || l.op === '>=' ? below(l.threshold) : above(l.threshold);

/** Durations as Prometheus writes them (`1h30m`, `90s`), in seconds; undefined for anything else. */
export function durationSeconds(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '' || text === '0') return 0;
  const m = /^((\d+)y)?((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m)?((\d+)s)?((\d+)ms)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  return n(2) * 31536000 + n(4) * 604800 + n(6) * 86400 + n(8) * 3600 + n(10) * 60 + n(12) + n(14) / 1000;
}

/** Seconds as a Prometheus duration, e.g. `62m` or `90s`. */
const durationText = (s: number) => (s % 60 === 0 ? `${s / 60}m` : `${s}s`);

/** Go's `%v` of a float64 (strconv 'g', shortest: exponent below -4 or from 6 on): what `{{ $value }}` prints. */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, exp] = v.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 6) {
    const digits = mantissa.replace('.', '').replace('-', '');
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${v < 0 ? '-' : ''}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(v);
}

/** Go templates as alert labels and annotations use them, for `$labels.x`, `.Labels.x` and `$value` only. */
function expand(template: string, labels: Labels, value: number): string | undefined {
  let failed = false;
  const out = template.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_m, action: string) => {
    const label = /^(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(action);
    // Prometheus's $labels is a map of strings: a missing label prints as the empty string.
    if (label) return labels[label[1]!] ?? '';
    if (/^(?:\$value|\.Value)$/.test(action)) return goFloat(value);
    failed = true;
    return '';
  });
  return failed || /\{\{|\}\}/.test(out) ? undefined : out;
}

/** A series as promtool reads it: `name{label="value", …}`. */
function seriesText(labels: Labels): string {
  const rest = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${labels.__name__ ?? ''}{${rest.join(', ')}}`;
}

interface AlertRule {
  rule: Rule;
  expr: Expr;
  for: number;
}

interface ExpectedAlert {
  labels: Labels;
  annotations: Labels;
}

/** A case's alerts of one name at a time, or why they cannot be stated exactly. */
function expected(
  rules: readonly AlertRule[],
  inputs: readonly Sample[],
  at: number,
): ExpectedAlert[] | { unsupported: string } {
  const out: ExpectedAlert[] = [];
  for (const r of rules) {
    if (r.for > at) continue;
    for (const s of evaluate(r.expr, inputs)) {
      const sampleLabels = withoutName(s.labels);
      const labels: Labels = { ...sampleLabels };
      for (const [k, v] of Object.entries(r.rule.labels ?? {})) {
        const x = expand(v, sampleLabels, s.value);
        if (x === undefined) return { unsupported: `the label ${k} is a template this cannot expand` };
        labels[k] = x;
      }
      for (const [k, v] of Object.entries(labels)) if (v === '') delete labels[k];
      const annotations: Labels = {};
      for (const [k, v] of Object.entries(r.rule.annotations ?? {})) {
        const x = expand(v, sampleLabels, s.value);
        if (x === undefined) return { unsupported: `the annotation ${k} is a template this cannot expand` };
        annotations[k] = x;
      }
      out.push({ labels, annotations });
    }
  }
  return out;
}

const sortedObject = (l: Labels) =>
  Object.fromEntries(
    Object.keys(l)
      .sort()
      .map((k) => [k, l[k]!]),
  );

interface TestCase {
  name: string;
  interval: string;
  input_series: Array<{ series: string; values: string }>;
  alert_rule_test: Array<{
    eval_time: string;
    alertname: string;
    exp_alerts: Array<{ exp_labels: Labels; exp_annotations?: Labels }>;
  }>;
}

export interface UnitTestsInput {
  /** The rule file as the test file names it: a path relative to the test file's folder, with `/`. */
  ruleFile: string;
  /** The SLO file the rules come from, as the header names it. */
  source: string;
  groups: readonly RuleGroup[];
}

export interface UnitTests {
  /** The test file, or undefined when the rules hold no alert. */
  text: string | undefined;
  /** Alerts with cases, and alerts without, with why. */
  tested: string[];
  untested: Array<{ alert: string; reason: string }>;
}

/** Evaluation interval of the tests: the alert groups' own, or Prometheus's usual minute. */
function evaluationInterval(groups: readonly RuleGroup[]): number {
  const own = groups
    .filter((g) => g.rules.some((r) => r.alert !== undefined))
    .map((g) => durationSeconds(g.interval));
  const seconds = own.find((s) => s !== undefined && s > 0);
  return seconds !== undefined && Number.isInteger(seconds) ? seconds : 60;
}

/** An alert as cases name it: alone by its name, among namesakes by its labels (or its place among them). */
function titleOf(rule: Rule, alerts: readonly Rule[], index: number): string {
  const namesakes = alerts.filter((r) => r.alert === rule.alert);
  if (namesakes.length === 1) return rule.alert!;
  const labels = (r: Rule) =>
    Object.keys(r.labels ?? {})
      .sort()
      .map((k) => `${k}=${r.labels![k]}`)
      .join(', ');
  const own = labels(rule);
  if (own && namesakes.filter((r) => labels(r) === own).length === 1) return `${rule.alert!} (${own})`;
  return `${rule.alert!} (${namesakes.indexOf(alerts[index]!) + 1} of ${namesakes.length})`;
}

/** The test file for the alerts of one rule file. */
export function unitTests(input: UnitTestsInput): UnitTests {
  const all = input.groups.flatMap((g) => g.rules);
  const recordings = all.filter((r) => r.record !== undefined);
  const alertRules = all.filter((r) => r.alert !== undefined);
  const interval = evaluationInterval(input.groups);
  const tested: string[] = [];
  const untested: UnitTests['untested'] = [];
  const cases: TestCase[] = [];
  const parsed = new Map<Rule, AlertRule | { unsupported: string }>();
  for (const rule of alertRules) {
    const expr = parseAlert(rule.expr);
    const seconds = durationSeconds(rule.for);
    parsed.set(
      rule,
      'unsupported' in expr
        ? expr
        : seconds === undefined
          ? { unsupported: `its for: ${rule.for ?? ''} is not a duration` }
          : { rule, expr, for: seconds },
    );
  }
  const named = (alert: string) => alertRules.filter((r) => r.alert === alert).map((r) => parsed.get(r)!);
  for (const [index, rule] of alertRules.entries()) {
    const alert = rule.alert!;
    const title = titleOf(rule, alertRules, index);
    const made = casesOf(parsed.get(rule)!, title, named(alert), recordings, interval);
    if ('unsupported' in made) untested.push({ alert: title, reason: made.unsupported });
    else {
      tested.push(title);
      cases.push(...made.cases);
    }
  }
  if (alertRules.length === 0) return { text: undefined, tested, untested };
  const header = [
    `${GENERATED_MARK} from ${escapeControls(input.source)}: promtool test rules for its generated alerts.`,
    '# DO NOT EDIT: change the SLO file and run `team-sre rules` again. Run with: promtool test rules <this file>',
    ...untested.map((u) => `# Not tested: ${escapeControls(u.alert)}: ${escapeControls(u.reason)}`),
  ].join('\n');
  const body = stringify(
    {
      rule_files: [input.ruleFile],
      evaluation_interval: durationText(interval),
      tests: cases,
    },
    { indentSeq: false, lineWidth: 0 },
  );
  return { text: `${header}\n\n${body}`, tested, untested };
}

function casesOf(
  self: AlertRule | { unsupported: string },
  title: string,
  sameName: ReadonlyArray<AlertRule | { unsupported: string }>,
  recordings: readonly Rule[],
  interval: number,
): { cases: TestCase[] } | { unsupported: string } {
  if ('unsupported' in self) return self;
  const rule = self.rule;
  const other = sameName.find((r) => 'unsupported' in r);
  if (other && 'unsupported' in other)
    return { unsupported: `another alert of the same name is not testable (${other.unsupported})` };
  const rules = sameName as AlertRule[];
  // Each selector's input series, keyed by its text; a selector no series can satisfy is not testable.
  const seriesLabels = new Map<string, Labels>();
  const seriesKey = (s: Selector) => {
    const labels = seriesOf(s, recordings);
    if (!labels) throw new Unsupported(`no series can match ${s.metric} with its matchers`);
    const k = seriesText(labels);
    seriesLabels.set(k, labels);
    return k;
  };
  let paths: Leaf[][];
  try {
    paths = branches(self.expr, seriesKey);
  } catch (e) {
    if (e instanceof Unsupported) return { unsupported: `its expression has ${e.message}` };
    throw e;
  }
  const fire = self.for + 2 * interval;
  const steps = Math.ceil(fire / interval) + 2;
  const thresholds = (series: string) =>
    paths
      .flat()
      .filter(
        (l): l is Extract<Leaf, { kind: 'threshold' }> => l.kind === 'threshold' && l.series === series,
      );
  /** The fed series: the leaves that must pass do, every other threshold fails, absent ones are fed unless needed. */
  const scenario = (pass: ReadonlySet<Leaf>): Sample[] => {
    const out: Sample[] = [];
    for (const [k, labels] of seriesLabels) {
      const leaves = paths.flat().filter((l) => l.series === k);
      const needAbsent = leaves.some((l) => l.kind === 'absent' && pass.has(l));
      if (needAbsent) continue;
      const wanted = thresholds(k).filter((l) => pass.has(l));
      const value =
        wanted.length > 0
          ? wanted
              .map(passing)
              .reduce((a, b) => (wanted[0]!.op.startsWith('>') ? Math.max(a, b) : Math.min(a, b)))
          : thresholds(k).length > 0
            ? thresholds(k)
                .map(failing)
                .reduce((a, b) => (thresholds(k)[0]!.op.startsWith('>') ? Math.min(a, b) : Math.max(a, b)))
            : 1;
      out.push({ labels, value });
    }
    return out;
  };
  const metric = (leaf: Leaf) => seriesLabels.get(leaf.series)?.__name__ ?? leaf.series;
  const describe = (leaf: Leaf) =>
    leaf.kind === 'absent'
      ? `${metric(leaf)} is absent`
      : `${metric(leaf)} ${leaf.op} ${goFloat(leaf.threshold)}`;
  const testCase = (
    name: string,
    inputs: Sample[],
    checks: Array<{ at: number }>,
  ): TestCase | { unsupported: string } => {
    const tests: TestCase['alert_rule_test'] = [];
    for (const { at } of checks) {
      const alerts = expected(rules, inputs, at);
      if ('unsupported' in alerts) return alerts;
      tests.push({
        eval_time: durationText(at),
        alertname: rule.alert!,
        exp_alerts: alerts.map((a) => ({
          exp_labels: sortedObject(a.labels),
          ...(Object.keys(a.annotations).length > 0 ? { exp_annotations: sortedObject(a.annotations) } : {}),
        })),
      });
    }
    return {
      name,
      interval: durationText(interval),
      input_series: inputs.map((s) => ({
        series: seriesText(s.labels),
        values: `${goFloat(s.value)}+0x${steps}`,
      })),
      alert_rule_test: tests,
    };
  };
  const cases: TestCase[] = [];
  const mine = (inputs: Sample[], at: number) => self.for <= at && evaluate(self.expr, inputs).length > 0;
  for (const [i, branch] of paths.entries()) {
    const pass = new Set(branch);
    const inputs = scenario(pass);
    if (!mine(inputs, fire))
      return {
        unsupported: `branch ${i + 1} (${branch.map(describe).join(' and ')}) cannot fire with one series per selector`,
      };
    const checks = self.for >= interval ? [{ at: self.for - interval }, { at: fire }] : [{ at: fire }];
    const made = testCase(`${title} fires when ${branch.map(describe).join(' and ')}`, inputs, checks);
    if ('unsupported' in made) return made;
    cases.push(made);
    for (const leaf of branch) {
      if (branch.length < 2 && leaf.kind === 'absent') continue;
      const quiet = scenario(new Set(branch.filter((l) => l !== leaf)));
      // Another branch may still fire with this leaf failing: then the case says nothing about this leaf.
      if (mine(quiet, fire)) continue;
      const made = testCase(`${title} stays quiet when only ${describe(leaf)} does not hold`, quiet, [
        { at: fire },
      ]);
      if ('unsupported' in made) return made;
      cases.push(made);
    }
  }
  const none = scenario(new Set());
  if (!mine(none, fire)) {
    const made = testCase(`${title} stays quiet when no branch holds`, none, [{ at: fire }]);
    if ('unsupported' in made) return made;
    cases.push(made);
  }
  return { cases };
}
