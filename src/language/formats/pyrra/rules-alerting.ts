/** Pyrra's burn-rate group (`Objective.Burnrates` of `slo/rules.go`), its windows (`slo/slo.go`) and the pieces its other groups share. */
import {
  formatDuration,
  formatFloat,
  formatGoDuration,
  printExpr,
  type Matcher,
  type PromExpr,
} from '../../../rules/promql-print.js';
import type { Rule, RuleGroup } from '../../../rules/types.js';
import type { Metric, Objective } from './rules-objective.js';

export const MINUTE = 60_000;
const DAY = 86_400_000;

export interface Window {
  severity: 'critical' | 'warning';
  forMs: number;
  longMs: number;
  shortMs: number;
  factor: number;
}

/** `slo.Windows`: Go's integer division of nanoseconds, then `Round(time.Minute)`. */
export function windows(windowMs: number): Window[] {
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

export const roundMinute = (ms: number) => {
  const r = ms % MINUTE;
  return r + r < MINUTE ? ms - r : ms + MINUTE - r;
};

/** `Objective.AbsentDuration`: the most critical alert's time to fire at a 100 % error rate, plus its `for`. */
export function absentDuration(o: Objective): string {
  const w = windows(o.windowMs)[0]!;
  const threshold = w.factor * (1 - o.target);
  return formatDuration(roundMinute(Math.trunc((threshold * w.longMs) / 1000) * 1000 + w.forMs));
}

const exhausts = (o: Objective, factor: number) =>
  formatDuration(Math.trunc(o.windowMs / 1000 / factor) * 1000);

export function increaseInterval(windowMs: number): string {
  const steps = [7, 14, 21, 28, 35, 42, 49];
  const i = steps.findIndex((d) => windowMs < d * DAY);
  return formatDuration((i === -1 ? 240 : 30 * (i + 1)) * 1000);
}

export const trimSuffix = (s: string, suffix: string) =>
  s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
export const increaseName = (metric: string, windowMs: number) =>
  `${trimSuffix(trimSuffix(trimSuffix(metric, '_total'), '_count'), '_bucket')}:increase${formatDuration(windowMs)}`;
export const sumName = (metric: string, windowMs: number) => `${metric}:sum${formatDuration(windowMs)}`;
export const countName = (metric: string, windowMs: number) => `${metric}:count${formatDuration(windowMs)}`;

export function totalMetric(o: Objective): Metric {
  const i = o.indicator;
  return i.kind === 'boolGauge' ? i.metric : i.total;
}

function burnrateName(o: Objective, rangeMs: number): string {
  const metric = trimSuffix(trimSuffix(totalMetric(o).name, '_total'), '_count');
  return `${metric}:burnrate${formatDuration(rangeMs)}`;
}

// The expression builders: Pyrra's templates after its `objectiveReplacer`.
export const vec = (name: string, matchers: readonly Matcher[]): PromExpr & { kind: 'vector' } => ({
  kind: 'vector',
  name,
  matchers,
});
export const metricVec = (m: Metric) => vec(m.name, m.matchers);
export const range = (v: PromExpr & { kind: 'vector' }, rangeMs: number): PromExpr => ({
  kind: 'matrix',
  vector: v,
  rangeMs,
});
export const call = (func: string, ...args: PromExpr[]): PromExpr => ({ kind: 'call', func, args });
export const sum = (grouping: readonly string[], expr: PromExpr): PromExpr => ({
  kind: 'aggregate',
  op: 'sum',
  grouping,
  expr,
});
export const bin = (op: string, lhs: PromExpr, rhs: PromExpr): PromExpr => ({ kind: 'binary', op, lhs, rhs });
export const paren = (expr: PromExpr): PromExpr => ({ kind: 'paren', expr });
export const num = (value: number): PromExpr => ({ kind: 'number', value });
export const eq = (name: string, value: string): Matcher => ({ name, type: '=', value });

/** `applyPrometheus3Migration`: an integer `le="1"` also matches Prometheus 3's `le="1.0"`. */
export function migrate(matchers: readonly Matcher[], enabled: boolean): Matcher[] {
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
export const renamed = (matchers: readonly Matcher[], name: string): Matcher[] =>
  matchers.map((m) => (m.name === '__name__' ? { ...m, value: name } : { ...m }));

export const sortedUnique = (xs: Iterable<string>) => [...new Set(xs)].sort();

export function commonRuleLabels(o: Objective): Record<string, string> {
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

/**
 * The link to the SLO in Pyrra's UI: Go's `url.Parse` keeps the scheme (lower-cased), user and host as written
 * and the path becomes `/objectives`; a URL without scheme keeps only that path; one Go rejects gives none.
 */
function pyrraUrl(o: Objective, externalUrl: string): string | undefined {
  if ([...externalUrl].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  const absolute = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(externalUrl);
  if (!absolute && /^[^/?#]*:/.test(externalUrl)) return undefined;
  const base = absolute ? `${absolute[1]!.toLowerCase()}://${absolute[2]!}` : '';
  const params = [
    ['expr', `{__name__="${o.name}"}`],
    ['from', 'now-1h'],
    ['to', 'now'],
  ]
    .map(([k, v]) => `${k}=${queryEscape(v!)}`)
    .join('&');
  let out = `${base}/objectives?${params}`;
  const groups = grouping(o);
  if (groups.length > 0) {
    let param = queryEscape(`{${groups.map((l) => `${l}="__TPL_${l}__"`).join(',')}}`);
    for (const l of groups) param = param.split(`__TPL_${l}__`).join(`{{$labels.${l}}}`);
    out += `&grouping=${param}`;
  }
  return out;
}

export function commonRuleAnnotations(
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

export const absentSeverity = (o: Objective) => o.alerting.severities.absent || 'critical';

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
export function burnrates(o: Objective, prom3: boolean, externalUrl: string | undefined): RuleGroup {
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
