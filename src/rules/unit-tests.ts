/**
 * `promtool test rules` files for generated rules: for each alert, input series that make it fire and series
 * that keep it quiet, derived from its expression. The expression is read as OR-of-AND branches of
 * `selector <op> constant` comparisons (through `max/min/sum/avg … without/by`, parentheses, `and`/`or` with
 * `on`/`ignoring`) and `absent(selector)`; the recorded series it reads are fed directly, so the recording rules
 * that read raw metrics produce nothing and do not collide. What each case expects is computed by evaluating the
 * expression over the fed series, so a case never states what Prometheus would not do. Knows no format.
 */
import { stringify } from 'yaml';
import { escapeControls } from '../text/escape.js';
import type { Rule, RuleGroup } from './types.js';
import {
  branches,
  evaluate,
  parseAlert,
  seriesOf,
  Unsupported,
  withoutName,
  type CmpOp,
  type Expr,
  type Labels,
  type Leaf,
  type Sample,
  type Selector,
} from './alert-expr.js';
import { GENERATED_MARK } from './write.js';

/** The margin fed series sit above or below a threshold: a threshold changed by more than this fails a test. */
export const MARGIN = 0.001;

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

/**
 * Evaluation interval of the tests: the shortest of the alert groups' own, or Prometheus's usual minute. promtool
 * evaluates every group at this one interval; the series are constant, so it only sets when `for` is over.
 */
function evaluationInterval(groups: readonly RuleGroup[]): number {
  const own = groups
    .filter((g) => g.rules.some((r) => r.alert !== undefined))
    .map((g) => durationSeconds(g.interval))
    .filter((s): s is number => s !== undefined && s > 0 && Number.isInteger(s));
  return own.length > 0 ? Math.min(...own) : 60;
}

/** An alert as cases name it: alone by its name, among namesakes by the labels that tell them apart. */
function titleOf(rule: Rule, alerts: readonly Rule[], index: number): string {
  const namesakes = alerts.filter((r) => r.alert === rule.alert);
  if (namesakes.length === 1) return rule.alert!;
  const keys = [...new Set(namesakes.flatMap((r) => Object.keys(r.labels ?? {})))]
    .filter((k) => new Set(namesakes.map((r) => r.labels?.[k])).size > 1)
    .sort();
  const labels = (r: Rule) =>
    keys.map((k) => (r.labels?.[k] === undefined ? `no ${k}` : `${k}=${r.labels[k]}`)).join(', ');
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
        : seconds === undefined || !Number.isInteger(seconds)
          ? { unsupported: `its for: ${rule.for ?? ''} is not a duration in whole seconds` }
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
