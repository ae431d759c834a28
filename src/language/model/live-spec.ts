/**
 * How to read an SLO's SLI from Prometheus, per format: the queries with `{{.window}}` where the window goes,
 * the recording rules Sloth and Pyrra deploy for it, and the OpenSLO DataSource it names.
 */
import type { SyntaxNode } from '@lezer/common';
import type { LiveSli, LiveSpec, RecordedRules } from '../../prometheus/live.js';
import type { ObjectResolver } from './budget-input.js';
import type { NormalisedObjective, NormalisedSlo } from './slo-model.js';
import type { YNode } from '../syntax/node.js';
import { parsePromQL } from '../syntax/promql.js';

export interface DataSourceRef {
  name: string;
  type?: string;
  /** `spec.connectionDetails.url` (or `address`), as written in the workspace. */
  url?: string;
}

export interface SloLiveSpec extends LiveSpec {
  dataSource?: DataSourceRef;
}

const WINDOW = '{{.window}}';
const HAS_WINDOW = /\{\{\s*\.window\s*\}\}/;

/**
 * An OpenSLO query made to measure over a window: `{{.window}}` is kept; the ranges of `rate`/`increase`
 * become the window; bare counter selectors get `increase(…[window])`. Anything else cannot be stretched.
 */
export function queryOverWindow(query: string): { template: string } | { reason: string } {
  if (HAS_WINDOW.test(query)) return { template: query };
  const tree = parsePromQL(query);
  const edits: Array<{ from: number; to: number; text: string }> = [];
  let problem: string | undefined;
  let ranges = 0;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) {
        problem = `the query does not parse as PromQL: ${query}`;
        return false;
      }
      if (n.name === 'SubqueryExpr') {
        problem = `the query uses a subquery (${query.slice(n.from, n.to)}), which cannot be stretched over the window`;
        return false;
      }
      if (n.name === 'MatrixSelector') {
        ranges++;
        let fn = n.node.parent;
        while (
          fn &&
          (fn.name === 'OffsetExpr' || fn.name === 'StepInvariantExpr' || fn.name === 'FunctionCallBody')
        )
          fn = fn.parent;
        const name = fn?.name === 'FunctionCall' ? fn.getChild('FunctionIdentifier') : null;
        const id = name ? query.slice(name.from, name.to) : '';
        if (id !== 'rate' && id !== 'increase') {
          problem = `\`${query.slice(n.from, n.to)}\` is not inside rate() or increase(), so it cannot be measured over the window`;
          return false;
        }
        const duration: SyntaxNode | null = n.node.getChild('DurationExpr');
        if (duration) edits.push({ from: duration.from, to: duration.to, text: WINDOW });
        return false;
      }
      return undefined;
    },
  });
  if (problem) return { reason: problem };
  if (!ranges) {
    tree.iterate({
      enter: (n) => {
        if (n.name === 'VectorSelector') {
          // `a offset 1h` becomes `increase(a[window] offset 1h)`.
          let outer = n.node;
          while (
            outer.parent &&
            (outer.parent.name === 'OffsetExpr' || outer.parent.name === 'StepInvariantExpr')
          )
            outer = outer.parent;
          edits.push({ from: n.from, to: n.from, text: 'increase(' });
          edits.push({ from: n.to, to: n.to, text: `[${WINDOW}]` });
          edits.push({ from: outer.to, to: outer.to, text: ')' });
          return false;
        }
        return undefined;
      },
    });
    if (!edits.length) return { reason: `the query selects no metric: ${query}` };
  }
  let out = query;
  // From the end, and at one position the later insertion first, so insertions keep their order.
  const order = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.from - a.from || b.i - a.i);
  for (const e of order) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return { template: out };
}

const queryOf = (metricSource: YNode | undefined) =>
  metricSource?.get('spec')?.get('query')?.string ??
  metricSource?.get('spec')?.get('promql')?.string ??
  metricSource?.get('query')?.string;

function openSloDataSource(
  metricSource: YNode | undefined,
  resolve: ObjectResolver | undefined,
): DataSourceRef | undefined {
  const ref = metricSource?.get('metricSourceRef')?.string;
  if (!ref) return undefined;
  const spec = resolve?.('DataSource', ref)?.get('spec');
  const details = spec?.get('connectionDetails');
  return {
    name: ref,
    type: spec?.get('type')?.string ?? metricSource?.get('type')?.string,
    url: details?.get('url')?.string ?? details?.get('address')?.string,
  };
}

function notPrometheus(type: string | undefined): boolean {
  return type !== undefined && type.toLowerCase() !== 'prometheus';
}

/** OpenSLO v1/v2alpha: the SLI inline or by reference, ratio (good/bad/total or raw) or threshold. */
function openSlo(slo: NormalisedSlo, objective: NormalisedObjective, resolve?: ObjectResolver): SloLiveSpec {
  const spec = slo.object.root.get('spec');
  const ref = spec?.get('indicatorRef')?.string;
  const sliSpec = ref
    ? resolve?.('SLI', ref)?.get('spec')
    : (spec?.get('indicator')?.get('spec') ?? spec?.get('sli')?.get('spec'));
  if (!sliSpec)
    return {
      sli: {
        kind: 'unsupported',
        reason: ref ? `The SLI '${ref}' is not in the workspace.` : 'The SLO has no indicator.',
      },
    };
  const ratio = sliSpec.get('ratioMetric');
  const threshold = sliSpec.get('thresholdMetric');
  const sources = ratio
    ? (['good', 'bad', 'total'] as const)
        .map((part) => [part, ratio.get(part)?.get('metricSource')] as const)
        .filter(([, source]) => source)
    : [];
  const raw = ratio?.get('raw')?.get('metricSource');
  const first = sources[0]?.[1] ?? raw ?? threshold?.get('metricSource');
  const dataSource = openSloDataSource(first, resolve);
  const type = first?.get('type')?.string ?? dataSource?.type;
  if (notPrometheus(type))
    return {
      dataSource,
      sli: { kind: 'unsupported', reason: `The SLI's data source is ${type}, not Prometheus.` },
    };
  const fail = (reason: string): SloLiveSpec => ({ dataSource, sli: { kind: 'unsupported', reason } });
  if (sources.length) {
    const sli: Extract<LiveSli, { kind: 'events' }> = {
      kind: 'events',
      origin: `the SLI's ${sources.map(([p]) => p).join('/')} queries, over each window`,
    };
    for (const [part, source] of sources) {
      const query = queryOf(source);
      if (!query) return fail(`The ${part} metric has no query.`);
      const t = queryOverWindow(query);
      if ('reason' in t) return fail(`The ${part} query: ${t.reason}.`);
      sli[part] = t.template;
    }
    return { dataSource, sli };
  }
  if (raw) {
    const query = queryOf(raw);
    if (!query) return fail('The raw metric has no query.');
    const t = queryOverWindow(query);
    if ('reason' in t) return fail(`The raw query: ${t.reason}.`);
    const failure = ratio?.get('rawType')?.string === 'failure';
    return {
      dataSource,
      sli: {
        kind: 'ratio',
        errorRatio: failure ? t.template : `1 - (${t.template})`,
        origin: `the SLI's raw ${failure ? 'failure' : 'success'} ratio`,
      },
    };
  }
  if (threshold) {
    const query = queryOf(threshold.get('metricSource'));
    const op = objective.node.get('op')?.string;
    const value = objective.node.get('value')?.number;
    if (!query) return fail('The threshold metric has no query.');
    if (op !== 'lt' && op !== 'lte' && op !== 'gt' && op !== 'gte')
      return fail('The objective needs `op` (lt, lte, gt, gte) to judge each slice.');
    if (value === undefined) return fail('The objective needs a numeric `value` to judge each slice.');
    return {
      dataSource,
      sli: { kind: 'threshold', query, op, value, origin: `the SLI's threshold query, ${op} ${value}` },
    };
  }
  return fail('The SLI has neither a ratioMetric nor a thresholdMetric.');
}

/** OpenSLO v1alpha: `ratioMetrics` good/total queries (Sloth-flavoured ones carry `{{.window}}`). */
function openSloV1alpha(objective: NormalisedObjective): SloLiveSpec {
  const ratio = objective.node.get('ratioMetrics');
  if (!ratio) return { sli: { kind: 'unsupported', reason: 'The objective has no ratioMetrics.' } };
  const sli: Extract<LiveSli, { kind: 'events' }> = {
    kind: 'events',
    origin: "the objective's ratioMetrics queries, over each window",
  };
  for (const part of ['good', 'bad', 'total'] as const) {
    const q = ratio.get(part);
    if (!q) continue;
    const source = q.get('source')?.string;
    if (notPrometheus(source))
      return { sli: { kind: 'unsupported', reason: `The ${part} query reads ${source}, not Prometheus.` } };
    const t = queryOverWindow(q.get('query')?.string ?? '');
    if ('reason' in t) return { sli: { kind: 'unsupported', reason: `The ${part} query: ${t.reason}.` } };
    sli[part] = t.template;
  }
  return { sli };
}

/** Sloth: `events` error/total queries or `raw.errorRatioQuery`, and its recording rules by sloth_id. */
function sloth(slo: NormalisedSlo): SloLiveSpec {
  const body = slo.node.get('sli');
  const get = (node: YNode | undefined, camel: string, snake: string) =>
    (node?.get(camel) ?? node?.get(snake))?.string;
  const events = body?.get('events');
  const recorded: RecordedRules = { kind: 'sloth', id: slo.name };
  if (events) {
    const bad = get(events, 'errorQuery', 'error_query');
    const total = get(events, 'totalQuery', 'total_query');
    if (bad && total)
      return {
        recorded,
        sli: { kind: 'events', bad, total, origin: "the SLO's error and total queries, over each window" },
      };
  }
  const rawQuery = get(body?.get('raw'), 'errorRatioQuery', 'error_ratio_query');
  if (rawQuery)
    return { recorded, sli: { kind: 'ratio', errorRatio: rawQuery, origin: "the SLO's error ratio query" } };
  return {
    recorded,
    sli: {
      kind: 'unsupported',
      reason: body?.has('plugin')
        ? "A plugin SLI is only readable through Sloth's recording rules, and none were found for this SLO."
        : 'The SLO has no events or raw SLI.',
    },
  };
}

const SELECTOR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/s;

function selector(text: string | undefined): { name: string; matchers: string } | undefined {
  const m = SELECTOR.exec(text ?? '');
  return m ? { name: m[1]!, matchers: (m[2] ?? '').trim().replace(/,\s*$/, '') } : undefined;
}

const withMatchers = (name: string, matchers: string, window: string) =>
  `sum(rate(${name}${matchers ? `{${matchers}}` : ''}[${window}]))`;

/** Pyrra: its selectors wrapped as Pyrra wraps them, and its `:burnrate`/`:increase` recording rules. */
function pyrra(slo: NormalisedSlo): SloLiveSpec {
  const indicator = slo.object.root.get('spec')?.get('indicator');
  const ratio = indicator?.get('ratio');
  const latency = indicator?.get('latency');
  const boolGauge = indicator?.get('bool_gauge');
  const fail = (reason: string): SloLiveSpec => ({ sli: { kind: 'unsupported', reason } });
  const increase = (s: { name: string; matchers: string }) =>
    `sum(${s.name.replace(/_total$/, '')}:increase${WINDOW}{${[s.matchers, `slo=${JSON.stringify(slo.name)}`].filter(Boolean).join(',')}})`;
  const burnrate = (total: { name: string }) =>
    `${total.name.replace(/_total$/, '').replace(/_count$/, '')}:burnrate`;
  if (ratio) {
    const errors = selector(ratio.get('errors')?.get('metric')?.string);
    const total = selector(ratio.get('total')?.get('metric')?.string);
    if (!errors || !total) return fail('The ratio indicator needs an errors and a total metric selector.');
    return {
      recorded: {
        kind: 'pyrra',
        slo: slo.name,
        burnrate: burnrate(total),
        errors: increase(errors),
        total: increase(total),
      },
      sli: {
        kind: 'events',
        bad: withMatchers(errors.name, errors.matchers, WINDOW),
        total: withMatchers(total.name, total.matchers, WINDOW),
        origin: 'sum(rate(errors[w])) / sum(rate(total[w])), as Pyrra writes it',
      },
    };
  }
  if (latency) {
    const success = selector(latency.get('success')?.get('metric')?.string);
    const total = selector(latency.get('total')?.get('metric')?.string);
    if (!success || !total) return fail('The latency indicator needs a success and a total metric selector.');
    return {
      recorded: {
        kind: 'pyrra',
        slo: slo.name,
        burnrate: burnrate(total),
        good: increase(success),
        total: increase(total),
      },
      sli: {
        kind: 'events',
        good: withMatchers(success.name, success.matchers, WINDOW),
        total: withMatchers(total.name, total.matchers, WINDOW),
        origin: '(total − success) / total over rate(…[w]), as Pyrra writes it',
      },
    };
  }
  if (boolGauge) {
    const metric = selector(boolGauge.get('metric')?.string);
    if (!metric) return fail('The bool_gauge indicator needs a metric selector.');
    const sel = `${metric.name}${metric.matchers ? `{${metric.matchers}}` : ''}`;
    return {
      sli: {
        kind: 'ratio',
        errorRatio: `1 - sum(sum_over_time(${sel}[${WINDOW}])) / sum(count_over_time(${sel}[${WINDOW}]))`,
        origin: 'the share of 0 samples of the gauge, as Pyrra counts it',
      },
    };
  }
  return fail('Only ratio, latency and bool_gauge indicators can be read live.');
}

/** How to read one objective of an SLO from Prometheus. */
export function liveSpec(
  slo: NormalisedSlo,
  objective: NormalisedObjective,
  resolve?: ObjectResolver,
): SloLiveSpec {
  switch (slo.object.format) {
    case 'openslo/v1':
    case 'openslo/v2alpha':
      return openSlo(slo, objective, resolve);
    case 'openslo/v1alpha':
      return openSloV1alpha(objective);
    case 'sloth/v1':
    case 'sloth/k8s':
      return sloth(slo);
    case 'pyrra/v1alpha1':
      return pyrra(slo);
    default:
      return { sli: { kind: 'unsupported', reason: 'Not an SLO.' } };
  }
}
