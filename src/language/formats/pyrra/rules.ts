/**
 * The Prometheus rules Pyrra v0.10.1 generates for a ServiceLevelObjective, as its source writes them:
 * `slo/rules.go` (burn rates, increases, generic rules), `slo/slo.go` (windows), `slo/prometheus3.go` (the `le`
 * matchers of classic histograms) and the Kubernetes controller's containers
 * (`kubernetes/controllers/servicelevelobjective.go`: `makePrometheusRule`, `makeSplitPrometheusRules`,
 * `makeConfigMap`). The default container is the controller's PrometheusRule, since Pyrra's SLO files are its
 * CRD; `options.format: 'rules'` gives the plain rule file of file mode and `pyrra generate`.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { SloObject } from '../../analysis/object.js';
import type { YNode } from '../../syntax/node.js';
import type { RulesContext } from '../format.js';
import {
  formatDuration,
  formatFloat,
  formatG,
  formatGoDuration,
  parseDuration,
  printExpr,
  type MatchType,
  type Matcher,
  type PromExpr,
} from '../../../rules/promql-print.js';
import type { Rule, RuleGroup, RulesContainer, RulesDocument } from '../../../rules/types.js';

export const PYRRA_GENERATOR = 'Pyrra v0.10.1';

const PROPAGATION_PREFIX = 'pyrra.dev/';
const MINUTE = 60_000;
const DAY = 86_400_000;

interface Metric {
  name: string;
  matchers: Matcher[];
}

type Indicator =
  | { kind: 'ratio'; errors: Metric; total: Metric; grouping: string[] }
  | { kind: 'latency'; success: Metric; total: Metric; grouping: string[] }
  | { kind: 'latencyNative'; latencyMs: number; total: Metric; grouping: string[] }
  | { kind: 'boolGauge'; metric: Metric; grouping: string[] };

interface Objective {
  name: string;
  /** `pyrra.dev/`-prefixed labels of the object, propagated to every rule without the prefix. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  description: string;
  target: number;
  windowMs: number;
  performanceOverAccuracy: boolean;
  descriptionAsLabel: boolean;
  alerting: {
    disabled: boolean;
    burnrates: boolean;
    absent: boolean;
    name: string;
    absentName: string;
    severities: Record<string, string>;
  };
  indicator: Indicator;
}

interface Window {
  severity: 'critical' | 'warning';
  forMs: number;
  longMs: number;
  shortMs: number;
  factor: number;
}

/** `slo.Windows`: Go's integer division of nanoseconds, then `Round(time.Minute)`. */
function windows(windowMs: number): Window[] {
  const ns = BigInt(windowMs) * 1_000_000n;
  const minute = 60_000_000_000n;
  const at = (div: bigint) => {
    const d = ns / div;
    const r = d % minute;
    return Number((r + r < minute ? d - r : d + minute - r) / 1_000_000n);
  };
  return [
    {
      severity: 'critical',
      forMs: at(28n * 24n * 30n),
      longMs: at(28n * 24n),
      shortMs: at(28n * 24n * 12n),
      factor: 14,
    },
    {
      severity: 'critical',
      forMs: at(28n * 24n * 4n),
      longMs: at(28n * 4n),
      shortMs: at(28n * 24n * 2n),
      factor: 7,
    },
    { severity: 'warning', forMs: at(28n * 24n), longMs: at(28n), shortMs: at(28n * 12n), factor: 2 },
    { severity: 'warning', forMs: at(28n * 8n), longMs: at(7n), shortMs: at(28n * 4n), factor: 1 },
  ];
}

function burnrateWindows(ws: Window[]): number[] {
  return [...new Set(ws.flatMap((w) => [w.longMs, w.shortMs]))].sort((a, b) => a - b);
}

const roundMinute = (ms: number) => {
  const r = ms % MINUTE;
  return r + r < MINUTE ? ms - r : ms + MINUTE - r;
};

/** `Objective.AbsentDuration`: the most critical alert's time to fire at a 100 % error rate, plus its `for`. */
function absentDuration(o: Objective): string {
  const w = windows(o.windowMs)[0]!;
  const threshold = w.factor * (1 - o.target);
  return formatDuration(roundMinute(Math.trunc((threshold * w.longMs) / 1000) * 1000 + w.forMs));
}

const exhausts = (o: Objective, factor: number) =>
  formatDuration(Math.trunc(o.windowMs / 1000 / factor) * 1000);

function increaseInterval(windowMs: number): string {
  const steps = [7, 14, 21, 28, 35, 42, 49];
  const i = steps.findIndex((d) => windowMs < d * DAY);
  return formatDuration((i === -1 ? 240 : 30 * (i + 1)) * 1000);
}

const trimSuffix = (s: string, suffix: string) => (s.endsWith(suffix) ? s.slice(0, -suffix.length) : s);
const increaseName = (metric: string, windowMs: number) =>
  `${trimSuffix(trimSuffix(trimSuffix(metric, '_total'), '_count'), '_bucket')}:increase${formatDuration(windowMs)}`;
const sumName = (metric: string, windowMs: number) => `${metric}:sum${formatDuration(windowMs)}`;
const countName = (metric: string, windowMs: number) => `${metric}:count${formatDuration(windowMs)}`;

function totalMetric(o: Objective): Metric {
  const i = o.indicator;
  return i.kind === 'boolGauge' ? i.metric : i.total;
}

function burnrateName(o: Objective, rangeMs: number): string {
  const metric = trimSuffix(trimSuffix(totalMetric(o).name, '_total'), '_count');
  return `${metric}:burnrate${formatDuration(rangeMs)}`;
}

// The expression builders: Pyrra's templates after its `objectiveReplacer`.
const vec = (name: string, matchers: readonly Matcher[]): PromExpr & { kind: 'vector' } => ({
  kind: 'vector',
  name,
  matchers,
});
const metricVec = (m: Metric) => vec(m.name, m.matchers);
const range = (v: PromExpr & { kind: 'vector' }, rangeMs: number): PromExpr => ({
  kind: 'matrix',
  vector: v,
  rangeMs,
});
const call = (func: string, ...args: PromExpr[]): PromExpr => ({ kind: 'call', func, args });
const sum = (grouping: readonly string[], expr: PromExpr): PromExpr => ({
  kind: 'aggregate',
  op: 'sum',
  grouping,
  expr,
});
const bin = (op: string, lhs: PromExpr, rhs: PromExpr): PromExpr => ({ kind: 'binary', op, lhs, rhs });
const paren = (expr: PromExpr): PromExpr => ({ kind: 'paren', expr });
const num = (value: number): PromExpr => ({ kind: 'number', value });
const eq = (name: string, value: string): Matcher => ({ name, type: '=', value });

/** `applyPrometheus3Migration`: an integer `le="1"` also matches Prometheus 3's `le="1.0"`. */
function migrate(matchers: readonly Matcher[], enabled: boolean): Matcher[] {
  if (!enabled) return [...matchers];
  return matchers.map((m) =>
    m.name === 'le' &&
    m.type === '=' &&
    m.value !== '' &&
    m.value !== '+Inf' &&
    !m.value.includes('.') &&
    isGoInt(m.value)
      ? { name: 'le', type: '=~', value: `${m.value}(\\.0)?` }
      : m,
  );
}

/** `strconv.ParseInt(v, 10, 64)` succeeds. */
function isGoInt(v: string): boolean {
  if (!/^[+-]?\d+$/.test(v)) return false;
  const n = BigInt(v);
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}

/** The matchers with the metric name's matcher renamed, as Pyrra points a selector at a recording rule. */
const renamed = (matchers: readonly Matcher[], name: string): Matcher[] =>
  matchers.map((m) => (m.name === '__name__' ? { ...m, value: name } : { ...m }));

const sortedUnique = (xs: Iterable<string>) => [...new Set(xs)].sort();

function commonRuleLabels(o: Objective): Record<string, string> {
  return { slo: o.name, ...o.labels };
}

/** Go's `url.QueryEscape`. */
function queryEscape(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function grouping(o: Objective): string[] {
  return o.indicator.grouping;
}

function pyrraUrl(o: Objective, externalUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(externalUrl);
  } catch {
    return undefined;
  }
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  const params = [
    ['expr', `{__name__="${o.name}"}`],
    ['from', 'now-1h'],
    ['to', 'now'],
  ]
    .map(([k, v]) => `${k}=${queryEscape(v!)}`)
    .join('&');
  let out = `${url.protocol}//${auth}${url.host}/objectives?${params}`;
  const groups = grouping(o);
  if (groups.length > 0) {
    let param = queryEscape(`{${groups.map((l) => `${l}="__TPL_${l}__"`).join(',')}}`);
    for (const l of groups) param = param.split(`__TPL_${l}__`).join(`{{$labels.${l}}}`);
    out += `&grouping=${param}`;
  }
  return out;
}

function commonRuleAnnotations(
  o: Objective,
  externalUrl: string | undefined,
): Record<string, string> | undefined {
  const out: Record<string, string> = { ...o.annotations };
  if (externalUrl && o.name) {
    const url = pyrraUrl(o, externalUrl);
    if (url === undefined) return Object.keys(out).length ? out : undefined;
    out.pyrra_url = url;
  }
  return Object.keys(out).length ? out : undefined;
}

function severity(o: Objective, index: number, w: Window): string {
  const key = ['fastBurn', 'mediumBurn', 'slowBurn', 'longTermBurn'][index]!;
  return o.alerting.severities[key] || w.severity;
}

const absentSeverity = (o: Objective) => o.alerting.severities.absent || 'critical';

/** `Objective.Burnrate`: the error ratio over a range, per indicator kind. */
function burnrateExpr(o: Objective, rangeMs: number, prom3: boolean): PromExpr {
  const i = o.indicator;
  const g = sortedUnique(i.grouping);
  switch (i.kind) {
    case 'ratio':
      return bin(
        '/',
        sum(g, call('rate', range(metricVec(i.errors), rangeMs))),
        sum(g, call('rate', range(metricVec(i.total), rangeMs))),
      );
    case 'latency': {
      const total = vec(i.total.name, migrate(i.total.matchers, prom3));
      const success = vec(i.success.name, migrate(i.success.matchers, prom3));
      return bin(
        '/',
        paren(
          bin(
            '-',
            sum(g, call('rate', range(total, rangeMs))),
            sum(g, call('rate', range(success, rangeMs))),
          ),
        ),
        sum(g, call('rate', range(total, rangeMs))),
      );
    }
    case 'latencyNative':
      return bin(
        '-',
        num(1),
        call(
          'histogram_fraction',
          num(0),
          num(i.latencyMs / 1000),
          sum(g, call('rate', range(metricVec(i.total), rangeMs))),
        ),
      );
    case 'boolGauge': {
      const m = metricVec(i.metric);
      return bin(
        '/',
        paren(
          bin(
            '-',
            sum(g, call('count_over_time', range(m, rangeMs))),
            sum(g, call('sum_over_time', range(m, rangeMs))),
          ),
        ),
        sum(g, call('count_over_time', range(m, rangeMs))),
      );
    }
  }
}

/** `Objective.Burnrates`: the burn-rate recording rules and the multi-window alerts. */
function burnrates(o: Objective, prom3: boolean, externalUrl: string | undefined): RuleGroup {
  const ws = windows(o.windowMs);
  const matchers = totalMetric(o).matchers;
  const groupingSet = new Set(grouping(o));
  const ruleLabels = commonRuleLabels(o);
  for (const m of matchers) if (m.type === '=' && m.name !== '__name__') ruleLabels[m.name] = m.value;
  for (const g of groupingSet) delete ruleLabels[g];
  const rules: Rule[] = burnrateWindows(ws).map((br) => ({
    record: burnrateName(o, br),
    expr: printExpr(burnrateExpr(o, br, prom3)),
    labels: { ...ruleLabels },
  }));
  const group = { name: o.name, interval: '30s', rules };
  if (o.alerting.disabled || !o.alerting.burnrates) return group;

  const alertMatchers = matchers
    .filter((m) => m.name !== '__name__' && (groupingSet.has(m.name) || (m.type !== '=~' && m.type !== '!~')))
    .map((m) => printExpr(vec('', [m])).slice(1, -1));
  alertMatchers.push(`slo="${o.name}"`);
  alertMatchers.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const selector = alertMatchers.join(',');
  const target = formatFloat(o.target);
  for (const [index, w] of ws.entries()) {
    const labels = commonRuleLabels(o);
    for (const m of matchers)
      if (m.type === '=' && m.name !== '__name__' && !groupingSet.has(m.name)) labels[m.name] = m.value;
    labels.short = formatDuration(w.shortMs);
    labels.long = formatDuration(w.longMs);
    labels.severity = severity(o, index, w);
    labels.exhaustion = exhausts(o, w.factor);
    const annotations = commonRuleAnnotations(o, externalUrl);
    const factor = formatFloat(Math.round(w.factor));
    rules.push({
      alert: o.alerting.name || 'ErrorBudgetBurn',
      expr:
        `${burnrateName(o, w.shortMs)}{${selector}} > (${factor} * (1-${target})) and ` +
        `${burnrateName(o, w.longMs)}{${selector}} > (${factor} * (1-${target}))`,
      // The ratio indicator prints `for` as a time.Duration (`2m0s`), the others as a model.Duration (`2m`).
      for: o.indicator.kind === 'ratio' ? formatGoDuration(w.forMs) : formatDuration(w.forMs),
      labels,
      ...(annotations ? { annotations } : {}),
    });
  }
  return group;
}

/** `groupingLabels`: labels the errors select on that the total does not, except `le`. */
function groupingLabels(errors: readonly Matcher[], total: readonly Matcher[]): string[] {
  const names = new Set(errors.map((m) => m.name));
  for (const m of total) names.delete(m.name);
  names.delete('le');
  return [...names];
}

const increaseSelector = (
  name: string,
  matchers: readonly Matcher[],
  g: readonly string[],
  rangeMs: number,
) => sum(g, call('increase', range(vec(name, matchers), rangeMs)));
const subquerySum = (
  name: string,
  matchers: readonly Matcher[],
  g: readonly string[],
  windowMs: number,
): PromExpr =>
  sum(
    g,
    call('sum_over_time', {
      kind: 'subquery',
      expr: vec(name, matchers),
      rangeMs: windowMs,
      stepMs: 5 * MINUTE,
    }),
  );
const absentExpr = (name: string, matchers: readonly Matcher[]) =>
  printExpr(bin('==', call('absent', vec(name, matchers)), num(1)));

interface SplitRules {
  short: Rule[];
  long: Rule[];
}

function absentRule(o: Objective, expr: string, labels: Record<string, string>): Rule {
  return {
    alert: o.alerting.absentName || 'SLOMetricAbsent',
    expr,
    for: absentDuration(o),
    labels: { ...labels, severity: absentSeverity(o) },
    ...(commonRuleAnnotations(o, undefined) ? { annotations: commonRuleAnnotations(o, undefined)! } : {}),
  };
}

function increaseRulesRatio(o: Objective, i: Extract<Indicator, { kind: 'ratio' }>): SplitRules {
  const out: SplitRules = { short: [], long: [] };
  const perf = o.performanceOverAccuracy;
  const ruleLabels = commonRuleLabels(o);
  for (const m of i.total.matchers) if (m.type === '=' && m.name !== '__name__') ruleLabels[m.name] = m.value;
  const groupingSet = new Set([...i.grouping, ...groupingLabels(i.errors.matchers, i.total.matchers)]);
  for (const m of i.total.matchers) if (m.type === '=~' || m.type === '!~') groupingSet.add(m.name);
  for (const g of groupingSet) delete ruleLabels[g];
  const g = [...groupingSet].sort();
  const absent = (m: Metric) => {
    if (!o.alerting.absent) return;
    (perf ? out.short : out.long).push(absentRule(o, absentExpr(m.name, m.matchers), ruleLabels));
  };
  const increase = (m: Metric) => {
    if (perf) {
      const five = increaseName(m.name, 5 * MINUTE);
      out.short.push({
        record: five,
        expr: printExpr(increaseSelector(m.name, m.matchers, g, 5 * MINUTE)),
        labels: { ...ruleLabels },
      });
      out.long.push({
        record: increaseName(m.name, o.windowMs),
        expr: printExpr(subquerySum(five, renamed(m.matchers, five), g, o.windowMs)),
        labels: { ...ruleLabels },
      });
    } else {
      out.long.push({
        record: increaseName(m.name, o.windowMs),
        expr: printExpr(increaseSelector(m.name, m.matchers, g, o.windowMs)),
        labels: { ...ruleLabels },
      });
    }
  };
  increase(i.total);
  absent(i.total);
  if (i.total.name !== i.errors.name) {
    increase(i.errors);
    absent(i.errors);
  }
  return out;
}

function increaseRulesLatency(
  o: Objective,
  i: Extract<Indicator, { kind: 'latency' }>,
  prom3: boolean,
): SplitRules {
  const out: SplitRules = { short: [], long: [] };
  const perf = o.performanceOverAccuracy;
  const ruleLabels = commonRuleLabels(o);
  for (const m of i.total.matchers) if (m.type === '=' && m.name !== '__name__') ruleLabels[m.name] = m.value;
  const groupingSet = new Set([...i.grouping, ...groupingLabels(i.success.matchers, i.total.matchers)]);
  for (const m of i.total.matchers) if (m.type === '=~' || m.type === '!~') groupingSet.add(m.name);
  for (const g of groupingSet) delete ruleLabels[g];
  const g = [...groupingSet].sort();
  const le = i.success.matchers.find((m) => m.name === 'le')?.value ?? '';
  const ruleLabelsLe = { le, ...ruleLabels };
  const windowMs = perf ? 5 * MINUTE : o.windowMs;
  const total = migrate(i.total.matchers, prom3);
  const success = migrate(i.success.matchers, prom3);
  const totalRule: Rule = {
    record: increaseName(i.total.name, windowMs),
    expr: printExpr(increaseSelector(i.total.name, total, g, windowMs)),
    labels: { ...ruleLabels },
  };
  const successRule: Rule = {
    record: increaseName(i.success.name, windowMs),
    expr: printExpr(increaseSelector(i.success.name, success, g, windowMs)),
    labels: { ...ruleLabelsLe },
  };
  if (perf) {
    out.short.push(totalRule, successRule);
    const totalFive = increaseName(i.total.name, 5 * MINUTE);
    // The total and the success share one :increase5m name: le="" selects the total's series.
    out.long.push({
      record: increaseName(i.total.name, o.windowMs),
      expr: printExpr(subquerySum(totalFive, [...renamed(total, totalFive), eq('le', '')], g, o.windowMs)),
      labels: { ...ruleLabels },
    });
    const successFive = increaseName(i.success.name, 5 * MINUTE);
    out.long.push({
      record: increaseName(i.success.name, o.windowMs),
      expr: printExpr(subquerySum(successFive, renamed(success, successFive), g, o.windowMs)),
      labels: { ...ruleLabelsLe },
    });
  } else {
    out.long.push(totalRule, successRule);
  }
  if (o.alerting.absent) {
    (perf ? out.short : out.long).push(
      absentRule(o, absentExpr(i.total.name, total), ruleLabels),
      absentRule(o, absentExpr(i.success.name, success), ruleLabelsLe),
    );
  }
  return out;
}

function increaseRulesLatencyNative(o: Objective, i: Extract<Indicator, { kind: 'latencyNative' }>): Rule[] {
  const ruleLabels = commonRuleLabels(o);
  for (const m of i.total.matchers) if (m.type === '=' && m.name !== '__name__') ruleLabels[m.name] = m.value;
  // Pyrra passes the grouping as written here, neither sorted nor deduplicated.
  const g = i.grouping;
  const inc = () => sum(g, call('increase', range(metricVec(i.total), o.windowMs)));
  const seconds = i.latencyMs / 1000;
  return [
    {
      record: increaseName(i.total.name, o.windowMs),
      expr: printExpr(call('histogram_count', inc())),
      labels: { ...ruleLabels },
    },
    {
      record: increaseName(i.total.name, o.windowMs),
      expr: printExpr(
        bin('*', call('histogram_fraction', num(0), num(seconds), inc()), call('histogram_count', inc())),
      ),
      labels: { ...ruleLabels, le: formatG(seconds) },
    },
  ];
}

function increaseRulesBoolGauge(o: Objective, i: Extract<Indicator, { kind: 'boolGauge' }>): SplitRules {
  const out: SplitRules = { short: [], long: [] };
  const m = i.metric;
  const ruleLabels = commonRuleLabels(o);
  for (const x of m.matchers) if (x.type === '=' && x.name !== '__name__') ruleLabels[x.name] = x.value;
  // Every label the metric selects on is grouped by, the metric name's matcher included.
  const groupingSet = new Set([...i.grouping, ...m.matchers.map((x) => x.name)]);
  for (const g of groupingSet) delete ruleLabels[g];
  const g = [...groupingSet].sort();
  const over = (fn: string, rangeMs: number) => printExpr(sum(g, call(fn, range(metricVec(m), rangeMs))));
  if (o.performanceOverAccuracy) {
    const countFive = countName(m.name, 5 * MINUTE);
    const sumFive = sumName(m.name, 5 * MINUTE);
    out.short.push(
      { record: countFive, expr: over('count_over_time', 5 * MINUTE), labels: { ...ruleLabels } },
      { record: sumFive, expr: over('sum_over_time', 5 * MINUTE), labels: { ...ruleLabels } },
    );
    out.long.push(
      {
        record: countName(m.name, o.windowMs),
        expr: printExpr(subquerySum(countFive, renamed(m.matchers, countFive), g, o.windowMs)),
        labels: { ...ruleLabels },
      },
      {
        record: sumName(m.name, o.windowMs),
        expr: printExpr(subquerySum(sumFive, renamed(m.matchers, sumFive), g, o.windowMs)),
        labels: { ...ruleLabels },
      },
    );
  } else {
    out.long.push(
      {
        record: countName(m.name, o.windowMs),
        expr: over('count_over_time', o.windowMs),
        labels: { ...ruleLabels },
      },
      {
        record: sumName(m.name, o.windowMs),
        expr: over('sum_over_time', o.windowMs),
        labels: { ...ruleLabels },
      },
    );
  }
  if (o.alerting.absent)
    (o.performanceOverAccuracy ? out.short : out.long).push(
      absentRule(o, absentExpr(m.name, m.matchers), ruleLabels),
    );
  return out;
}

function increaseRules(o: Objective, prom3: boolean): SplitRules {
  const i = o.indicator;
  switch (i.kind) {
    case 'ratio':
      return increaseRulesRatio(o, i);
    case 'latency':
      return increaseRulesLatency(o, i, prom3);
    case 'latencyNative':
      return { short: [], long: increaseRulesLatencyNative(o, i) };
    case 'boolGauge':
      return increaseRulesBoolGauge(o, i);
  }
}

/** `Objective.GenericRules`, or undefined where Pyrra skips them (a grouping it does not support). */
function genericRules(o: Objective, prom3: boolean): RuleGroup | undefined {
  const i = o.indicator;
  const labels = commonRuleLabels(o);
  if (o.descriptionAsLabel) labels.description = o.description;
  const rules: Rule[] = [
    { record: 'pyrra_objective', expr: formatFloat(o.target), labels: { ...labels } },
    { record: 'pyrra_window', expr: String(Math.trunc(o.windowMs / 1000)), labels: { ...labels } },
  ];
  const add = (record: string, expr: PromExpr) =>
    rules.push({ record, expr: printExpr(expr), labels: { ...labels } });
  const slo = eq('slo', o.name);
  const orZero = (e: PromExpr) => bin('or', e, call('vector', num(0)));
  switch (i.kind) {
    case 'ratio': {
      if (i.grouping.length > 0) return undefined;
      const total = increaseName(i.total.name, o.windowMs);
      const errors = increaseName(i.errors.name, o.windowMs);
      add(
        'pyrra_availability',
        bin(
          '-',
          num(1),
          bin(
            '/',
            sum([], orZero(vec(errors, [...renamed(i.errors.matchers, errors), slo]))),
            sum([], vec(total, [...renamed(i.total.matchers, total), slo])),
          ),
        ),
      );
      add('pyrra_requests:rate5m', sum([], call('rate', range(metricVec(i.total), 5 * MINUTE))));
      add('pyrra_errors:rate5m', orZero(sum([], call('rate', range(metricVec(i.errors), 5 * MINUTE)))));
      break;
    }
    case 'latency': {
      if (i.grouping.length > 0) return undefined;
      const total = increaseName(i.total.name, o.windowMs);
      const success = increaseName(i.success.name, o.windowMs);
      add(
        'pyrra_availability',
        bin(
          '/',
          sum([], orZero(vec(success, migrate([...renamed(i.success.matchers, success), slo], prom3)))),
          sum([], vec(total, migrate([...renamed(i.total.matchers, total), eq('le', ''), slo], prom3))),
        ),
      );
      add(
        'pyrra_requests:rate5m',
        sum([], call('rate', range(vec(i.total.name, migrate(i.total.matchers, prom3)), 5 * MINUTE))),
      );
      add(
        'pyrra_errors:rate5m',
        bin(
          '-',
          sum([], call('rate', range(vec(i.total.name, migrate(i.total.matchers, prom3)), 5 * MINUTE))),
          sum([], call('rate', range(vec(i.success.name, migrate(i.success.matchers, prom3)), 5 * MINUTE))),
        ),
      );
      break;
    }
    case 'latencyNative': {
      const total = increaseName(i.total.name, o.windowMs);
      const matchers = [...renamed(i.total.matchers, total), slo];
      add(
        'pyrra_availability',
        bin(
          '/',
          sum([], orZero(vec(total, [...matchers, eq('le', formatG(i.latencyMs / 1000))]))),
          sum([], vec(total, [...matchers, eq('le', '')])),
        ),
      );
      break;
    }
    case 'boolGauge': {
      if (i.grouping.length > 0) return undefined;
      const count = countName(i.metric.name, o.windowMs);
      const sumMetric = sumName(i.metric.name, o.windowMs);
      const countVec = vec(count, [...renamed(i.metric.matchers, count), slo]);
      const sumVec = vec(sumMetric, [...renamed(i.metric.matchers, sumMetric), slo]);
      add('pyrra_availability', bin('/', sum([], sumVec), sum([], countVec)));
      add('pyrra_requests:rate5m', sum([], countVec));
      add('pyrra_errors:rate5m', bin('-', sum([], countVec), sum([], sumVec)));
      break;
    }
  }
  return { name: `${o.name}-generic`, interval: '30s', rules };
}

// Reading the object as Pyrra's `validate()` and `Internal()` do; an error is Pyrra's own message.

class PyrraError extends Error {}

/** Go's string literal rules for a PromQL string: `"…"` and `'…'` with escapes, backquotes raw. */
function unquote(raw: string): string {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  const body = raw.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/gs, (_, e: string) => {
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
    };
    if (e in simple) return simple[e]!;
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return e;
  });
}

/** `strconv.ParseFloat` succeeds, for the decimal forms Pyrra's users write (and Inf, NaN). */
function isGoFloat(v: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || /^[+-]?(inf|infinity|nan)$/i.test(v);
}

/** A metric as `parser.ParseExpr` gives it: the name, and its matchers with the name's matcher last. */
function parseMetric(text: string, what: string): Metric {
  const tree = parser.parse(text);
  let error = false;
  tree.iterate({
    enter(n) {
      if (n.type.isError) error = true;
    },
  });
  const top = tree.topNode.firstChild;
  if (error || !top) throw new PyrraError(`failed to parse ${what}`);
  if (top.name !== 'VectorSelector' || top.nextSibling)
    throw new PyrraError(`${what} is not a VectorSelector`);
  const name = top.getChild('Identifier');
  const metricName = name ? text.slice(name.from, name.to) : '';
  const matchers: Matcher[] = [];
  const list = top.getChild('LabelMatchers');
  for (let m: SyntaxNode | null = list?.firstChild ?? null; m; m = m.nextSibling) {
    if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
    const label = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
    const op = m.getChild('MatchOp');
    const strings = m.getChildren('StringLiteral');
    const value = strings[strings.length - 1];
    if (!label || !op || !value) continue;
    const labelText = text.slice(label.from, label.to);
    matchers.push({
      name: label.name === 'QuotedLabelName' ? unquote(labelText) : labelText,
      type: text.slice(op.from, op.to) as MatchType,
      value: unquote(text.slice(value.from, value.to)),
    });
  }
  if (metricName) matchers.push(eq('__name__', metricName));
  return { name: metricName, matchers };
}

/** A scalar as sigs.k8s.io/yaml hands it to a Go string: its text. */
const text = (node: YNode | undefined): string => {
  if (!node || node.isNull) return '';
  if (node.isScalar) return node.string ?? node.source ?? String(node.scalar);
  return '';
};

const bool = (node: YNode | undefined, fallback: boolean): boolean => {
  if (!node || node.isNull) return fallback;
  return node.scalar === true || /^(true|y|yes|on)$/i.test(node.source ?? '');
};

function stringMap(node: YNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of node?.isMap ? node.entries() : []) out[k] = text(v);
  return out;
}

const list = (node: YNode | undefined): string[] => (node?.isSeq ? node.items().map(text) : []);

function readObjective(root: YNode): Objective {
  const meta = root.get('metadata');
  const spec = root.get('spec');
  const name = text(meta?.get('name'));
  if (!name) throw new PyrraError('name must be set');
  const targetText = text(spec?.get('target'));
  if (!targetText) throw new PyrraError('target must be set');
  const target = Number(targetText);
  if (!isGoFloat(targetText))
    throw new PyrraError(`strconv.ParseFloat: parsing ${JSON.stringify(targetText)}: invalid syntax`);
  if (target < 0 || target > 100) throw new PyrraError('target must be between 0 and 100');
  const windowText = text(spec?.get('window'));
  if (!windowText) throw new PyrraError('window must be set');
  const windowMs = parseDuration(windowText);
  if (windowMs === undefined)
    throw new PyrraError(`not a valid duration string: ${JSON.stringify(windowText)}`);

  const ind = spec?.get('indicator');
  const present = (key: string) => {
    const n = ind?.get(key);
    return n && !n.isNull ? n : undefined;
  };
  const ratio = present('ratio');
  const latency = present('latency');
  const native = present('latencyNative');
  const gauge = present('bool_gauge');
  if (!ratio && !latency && !native && !gauge)
    throw new PyrraError('one of ratio, latency, latencyNative or bool_gauge must be set');
  const metricOf = (n: YNode | undefined, key: string) => text(n?.get(key)?.get('metric'));
  let indicator: Indicator | undefined;
  // Pyrra's IndicatorType(): ratio first, then latency, latencyNative, bool_gauge.
  if (ratio) {
    const total = metricOf(ratio, 'total');
    const errors = metricOf(ratio, 'errors');
    if (!total) throw new PyrraError('ratio total metric must be set');
    if (!errors) throw new PyrraError('ratio errors metric must be set');
    if (latency) throw new PyrraError('cannot have ratio and latency indicators at the same time');
    indicator = {
      kind: 'ratio',
      total: parseMetric(total, 'ratio total metric'),
      errors: parseMetric(errors, 'ratio error metric'),
      grouping: list(ratio.get('grouping')),
    };
  }
  if (latency) {
    const total = metricOf(latency, 'total');
    const success = metricOf(latency, 'success');
    if (!total) throw new PyrraError('latency total metric must be set');
    if (!success) throw new PyrraError('latency success metric must be set');
    const s = parseMetric(success, 'latency success metric');
    const le = s.matchers.find((m) => m.name === 'le');
    if (!le) throw new PyrraError('latency success metric must contain a le label matcher');
    if (!isGoFloat(le.value))
      throw new PyrraError('latency success metric must contain a le label matcher with a float value');
    indicator ??= {
      kind: 'latency',
      total: parseMetric(total, 'latency total metric'),
      success: s,
      grouping: list(latency.get('grouping')),
    };
  }
  if (native) {
    const total = metricOf(native, 'total');
    if (!total) throw new PyrraError('latencyNative total metric must be set');
    const latencyText = text(native.get('latency'));
    if (!latencyText) throw new PyrraError('latencyNative latency objective must be set');
    const latencyMs = parseDuration(latencyText);
    if (latencyMs === undefined)
      throw new PyrraError(
        `latencyNative latency objective must be a valid duration: ${JSON.stringify(latencyText)}`,
      );
    const t = parseMetric(total, 'latencyNative total metric');
    indicator ??= { kind: 'latencyNative', total: t, latencyMs, grouping: list(native.get('grouping')) };
  }
  if (gauge) {
    const metric = text(gauge.get('metric'));
    if (!metric) throw new PyrraError('boolGauge metric must be set');
    const m = parseMetric(metric, 'bool gauge metric');
    indicator ??= { kind: 'boolGauge', metric: m, grouping: list(gauge.get('grouping')) };
  }

  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(stringMap(meta?.get('labels'))))
    if (k.startsWith(PROPAGATION_PREFIX)) labels[k.slice(PROPAGATION_PREFIX.length)] = v;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(stringMap(meta?.get('annotations'))))
    if (k.startsWith(PROPAGATION_PREFIX)) annotations[k.slice(PROPAGATION_PREFIX.length)] = v;
  const alerting = spec?.get('alerting');
  return {
    name,
    labels,
    annotations,
    description: text(spec?.get('description')),
    target: target / 100,
    windowMs,
    performanceOverAccuracy: bool(spec?.get('performanceOverAccuracy'), false),
    descriptionAsLabel: bool(spec?.get('ruleOutput')?.get('enableDescriptionAsLabel'), false),
    alerting: {
      disabled: bool(alerting?.get('disabled'), false),
      burnrates: bool(alerting?.get('burnrates'), true),
      absent: bool(alerting?.get('absent'), true),
      name: text(alerting?.get('name')),
      absentName: text(alerting?.get('absentName')),
      severities: stringMap(alerting?.get('severities')),
    },
    indicator: indicator!,
  };
}

function withStrategy(groups: RuleGroup[], strategy: string): RuleGroup[] {
  return strategy ? groups.map((g) => ({ ...g, partial_response_strategy: strategy })) : groups;
}

/** `newPrometheusRule`'s metadata: name, namespace, the object's labels, the owner reference. */
function ownerMetadata(root: YNode, name: string, labels: Record<string, string>): Record<string, unknown> {
  const meta = root.get('metadata');
  const namespace = text(meta?.get('namespace'));
  return {
    name,
    ...(namespace ? { namespace } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    ownerReferences: [
      {
        apiVersion: text(root.get('apiVersion')),
        kind: text(root.get('kind')),
        name: text(meta?.get('name')),
        uid: text(meta?.get('uid')),
        controller: true,
      },
    ],
  };
}

function document(container: RulesContainer, groups: RuleGroup[], slo: string): RulesDocument {
  return {
    generator: PYRRA_GENERATOR,
    container,
    groups,
    notes: [],
    slos: [{ name: slo, rules: groups.reduce((n, g) => n + g.rules.length, 0) }],
  };
}

/** The rules Pyrra's controller (or file mode, with `format: 'rules'`) deploys for one ServiceLevelObjective. */
export function pyrraRules(object: SloObject, context: RulesContext): RulesDocument[] {
  const { options } = context;
  const root = object.root;
  const label = object.name ?? text(root.get('metadata')?.get('name'));
  let o: Objective;
  try {
    o = readObjective(root);
  } catch (e) {
    if (!(e instanceof PyrraError)) throw e;
    return [
      {
        generator: PYRRA_GENERATOR,
        container: { kind: 'rule-file' },
        groups: [],
        notes: [{ slo: label, message: `Pyrra generates no rules for this object: ${e.message}.` }],
        slos: [{ name: label, rules: 0 }],
      },
    ];
  }
  const prom3 = options.prometheus3Migration;
  const externalUrl = options.externalUrl;
  const strategy = text(root.get('spec')?.get('partial_response_strategy'));
  const burn = burnrates(o, prom3, externalUrl);
  const generic = options.genericRules ? genericRules(o, prom3) : undefined;
  const objectLabels = stringMap(root.get('metadata')?.get('labels'));
  const increases = increaseRules(o, prom3);
  const interval = increaseInterval(o.windowMs);

  const splitShort: RuleGroup =
    increases.short.length > 0
      ? { name: `${o.name}-increase`, interval: '30s', rules: increases.short }
      : { name: '', rules: [] };
  const splitLong: RuleGroup = { name: `${o.name}-increase`, interval, rules: increases.long };
  const joined: RuleGroup = {
    name: `${o.name}-increase`,
    interval,
    rules: [...increases.short, ...increases.long],
  };
  const extra = generic ? [generic] : [];

  if (options.format === 'rules') {
    // File mode and `pyrra generate` write the groups as they are, split into `-short` and `-long` files.
    if (!o.performanceOverAccuracy)
      return [document({ kind: 'rule-file' }, [joined, burn, ...extra], o.name)];
    return [
      document({ kind: 'rule-file' }, [splitShort, burn, ...extra], o.name),
      document({ kind: 'rule-file' }, [splitLong], o.name),
    ];
  }
  if (options.configMapMode) {
    const name = `pyrra-recording-rule-${o.name}`;
    const annotations = stringMap(root.get('metadata')?.get('annotations'));
    const metadata = ownerMetadata(root, name, objectLabels);
    if (Object.keys(annotations).length) metadata.annotations = annotations;
    const groups = withStrategy([joined, burn, ...extra], strategy);
    return [document({ kind: 'config-map', metadata, key: `${name}.rules.yaml` }, groups, o.name)];
  }
  if (o.performanceOverAccuracy) {
    // makeSplitPrometheusRules: the 5m increases with the burn rates; the long increases and generic rules apart.
    const output = root.get('spec')?.get('ruleOutput');
    const shortLabels = { ...objectLabels, ...stringMap(output?.get('shortRulesLabels')) };
    const longLabels = { ...objectLabels, ...stringMap(output?.get('longRulesLabels')) };
    return [
      document(
        { kind: 'prometheus-rule', metadata: ownerMetadata(root, `${o.name}-short`, shortLabels) },
        withStrategy([splitShort, burn], strategy),
        o.name,
      ),
      document(
        { kind: 'prometheus-rule', metadata: ownerMetadata(root, `${o.name}-long`, longLabels) },
        withStrategy([splitLong, ...extra], strategy),
        o.name,
      ),
    ];
  }
  const groups = withStrategy([joined, burn, ...extra], strategy);
  return [
    document(
      { kind: 'prometheus-rule', metadata: ownerMetadata(root, o.name, objectLabels) },
      groups,
      o.name,
    ),
  ];
}
