/** Pyrra's increase group (`IncreaseRules`, `SplitIncreaseRules`) and generic group (`GenericRules`) of `slo/rules.go`. */
import { formatG, formatFloat, printExpr, type Matcher, type PromExpr } from '../../../rules/promql-print.js';
import type { Rule, RuleGroup } from '../../../rules/types.js';
import type { Indicator, Metric, Objective } from './rules-objective.js';
import {
  MINUTE,
  absentSeverity,
  absentDuration,
  bin,
  call,
  commonRuleAnnotations,
  commonRuleLabels,
  countName,
  eq,
  increaseName,
  metricVec,
  migrate,
  num,
  range,
  renamed,
  sum,
  sumName,
  vec,
} from './rules-alerting.js';

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

export interface SplitRules {
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

export function increaseRules(o: Objective, prom3: boolean): SplitRules {
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
export function genericRules(o: Objective, prom3: boolean): RuleGroup | undefined {
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
