/** How OpenSLO SLOs are read from Prometheus: their SLI's queries, stretched over each window. */
import type { LiveSli } from '../../prometheus/live.js';
import type { DataSourceRef, SloLiveSpec } from '../model/live-spec.js';
import type { MetricQuery, ModelResolver, ObjectiveModel, SloModel } from '../model/slo-model.js';
import { queryOverWindow } from '../syntax/query-window.js';

function dataSourceOf(
  first: MetricQuery | undefined,
  resolve: ModelResolver | undefined,
): DataSourceRef | undefined {
  const ref = first?.dataSourceRef;
  if (!ref) return undefined;
  const found = resolve?.('DataSource', ref)?.dataSource;
  return { name: ref, type: found?.type ?? first?.sourceType, url: found?.url };
}

function notPrometheus(type: string | undefined): boolean {
  return type !== undefined && type.toLowerCase() !== 'prometheus';
}

/** OpenSLO v1/v2alpha: the SLI inline or by reference, ratio (good/bad/total or raw) or threshold. */
export function openSloLiveSpec(
  slo: SloModel,
  objective: ObjectiveModel,
  resolve: ModelResolver | undefined,
): SloLiveSpec {
  const ref = slo.indicatorRef;
  const sli = ref ? resolve?.('SLI', ref)?.sli : slo.indicator;
  if (!sli)
    return {
      sli: {
        kind: 'unsupported',
        reason: ref ? `The SLI '${ref}' is not in the workspace.` : 'The SLO has no indicator.',
      },
    };
  const sources = (['good', 'bad', 'total'] as const)
    .map((part) => [part, sli.queries[part]] as const)
    .filter((entry): entry is readonly [(typeof entry)[0], MetricQuery] => entry[1] !== undefined);
  const raw = sli.queries.errorRatio ?? sli.queries.successRatio;
  const first = sources[0]?.[1] ?? raw ?? sli.queries.value;
  const dataSource = dataSourceOf(first, resolve);
  const type = first?.sourceType ?? dataSource?.type;
  if (notPrometheus(type))
    return {
      dataSource,
      sli: { kind: 'unsupported', reason: `The SLI's data source is ${type}, not Prometheus.` },
    };
  const fail = (reason: string): SloLiveSpec => ({ dataSource, sli: { kind: 'unsupported', reason } });
  if (sli.kind === 'ratio') {
    const events: Extract<LiveSli, { kind: 'events' }> = {
      kind: 'events',
      origin: `the SLI's ${sources.map(([p]) => p).join('/')} queries, over each window`,
    };
    for (const [part, source] of sources) {
      if (!source.query) return fail(`The ${part} metric has no query.`);
      const t = queryOverWindow(source.query);
      if ('reason' in t) return fail(`The ${part} query: ${t.reason}.`);
      events[part] = t.template;
    }
    return { dataSource, sli: events };
  }
  if (sli.kind === 'raw-ratio' && raw) {
    if (!raw.query) return fail('The raw metric has no query.');
    const t = queryOverWindow(raw.query);
    if ('reason' in t) return fail(`The raw query: ${t.reason}.`);
    const failure = sli.queries.errorRatio !== undefined;
    return {
      dataSource,
      sli: {
        kind: 'ratio',
        errorRatio: failure ? t.template : `1 - (${t.template})`,
        origin: `the SLI's raw ${failure ? 'failure' : 'success'} ratio`,
      },
    };
  }
  if (sli.kind === 'threshold') {
    const query = sli.queries.value?.query;
    const { op, value } = objective;
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

/** OpenSLO v1alpha: each objective's `ratioMetrics` good/total queries (Sloth-flavoured ones carry `{{.window}}`). */
export function openSloV1alphaLiveSpec(objective: ObjectiveModel): SloLiveSpec {
  const indicator = objective.indicator;
  if (!indicator) return { sli: { kind: 'unsupported', reason: 'The objective has no ratioMetrics.' } };
  const sli: Extract<LiveSli, { kind: 'events' }> = {
    kind: 'events',
    origin: "the objective's ratioMetrics queries, over each window",
  };
  for (const part of ['good', 'bad', 'total'] as const) {
    const q = indicator.queries[part];
    if (!q) continue;
    const source = q.sourceType;
    if (notPrometheus(source))
      return { sli: { kind: 'unsupported', reason: `The ${part} query reads ${source}, not Prometheus.` } };
    const t = queryOverWindow(q.query ?? '');
    if ('reason' in t) return { sli: { kind: 'unsupported', reason: `The ${part} query: ${t.reason}.` } };
    sli[part] = t.template;
  }
  return { sli };
}
