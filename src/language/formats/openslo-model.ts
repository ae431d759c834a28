/** The model of OpenSLO objects, shared by v1, v1alpha and v2alpha: SLOs and the pieces SLOs refer to. */
import type { CalendarUnit, LocalTime } from '../../budget/calendar.js';
import type { SloWindow } from '../../budget/window.js';
import type { SloObject } from '../analysis/object.js';
import { yaml11Boolean } from '../fields/field-spec.js';
import type {
  AlertConditionModel,
  AlertingModel,
  AlertPolicyModel,
  IndicatorModel,
  MetricQuery,
  ObjectModel,
  ObjectiveModel,
  SloModel,
  WindowModel,
} from '../model/slo-model.js';
import type { YNode } from '../syntax/node.js';
import { budgetingMethod, fieldNodes, ratio, textMap, timeSlices } from './model-fields.js';

const UTC_JAN_1: LocalTime = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };

/** `calendar.startTime` (`2024-01-01 00:00:00`) as a local time; the epoch's first second when unreadable. */
function parseStartTime(text: string | undefined): LocalTime {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text ?? '');
  if (!m) return UTC_JAN_1;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { year, month, day, hour, minute, second };
}

/** A window with its calendar periods (when not rolling and counted in calendar units). */
export function openSloWindowModel(
  window: SloWindow | undefined,
  duration: string,
  node: YNode | undefined,
  isRolling: YNode | undefined,
  calendar: { count: number; unit: CalendarUnit } | undefined,
  calendarNode: YNode | undefined,
  /** The list of windows (`timeWindow`) and the entry read from it. */
  where: { list?: YNode; entry?: YNode } = {},
): WindowModel | undefined {
  if (!window) return undefined;
  const startTime = calendarNode?.get('startTime')?.string;
  return {
    ...window,
    duration,
    ...(node ? { node } : {}),
    at: fieldNodes<NonNullable<WindowModel['at']>>([
      ['list', where.list],
      ['entry', where.entry],
      ['duration', node],
      ['isRolling', isRolling],
      ['startTime', calendarNode?.get('startTime')],
      ['timeZone', calendarNode?.get('timeZone')],
    ]),
    ...(calendar
      ? {
          calendar: {
            ...calendar,
            ...(startTime !== undefined ? { startTime } : {}),
            anchor: parseStartTime(startTime),
            timeZone: calendarNode?.get('timeZone')?.string ?? 'UTC',
          },
        }
      : {}),
  };
}

/** The query of a metric source: `spec.query` (or `promql`), or a v2alpha-style `query`. */
function queryOf(source: YNode): string | undefined {
  return (
    source.get('spec')?.get('query')?.string ??
    source.get('spec')?.get('promql')?.string ??
    source.get('query')?.string
  );
}

function metricQuery(source: YNode): MetricQuery {
  const query = queryOf(source);
  const sourceType = source.get('type')?.string;
  const dataSourceRef = (source.get('metricSourceRef') ?? source.get('dataSourceRef'))?.string;
  return {
    ...(query !== undefined ? { query } : {}),
    ...(sourceType !== undefined ? { sourceType } : {}),
    ...(dataSourceRef ? { dataSourceRef } : {}),
    node: source,
  };
}

/** How a version writes a metric: v1 under `metricSource`; v2alpha directly (`dataSourceRef`, `spec.query`). */
export type MetricShape = 'metricSource' | 'inline';

function metricSource(metric: YNode | undefined, shape: MetricShape): YNode | undefined {
  const source = metric?.get('metricSource');
  if (source || shape === 'metricSource') return source;
  return metric?.has('spec') || metric?.has('dataSourceRef') ? metric : undefined;
}

/** An SLI spec (a `kind: SLI` object's, or inline): good/bad/total, a raw ratio, or a threshold metric. */
export function indicatorModel(sliSpec: YNode, shape: MetricShape = 'metricSource'): IndicatorModel {
  const ratioMetric = sliSpec.get('ratioMetric');
  const threshold = sliSpec.get('thresholdMetric');
  const queries: IndicatorModel['queries'] = {};
  for (const role of ['good', 'bad', 'total'] as const) {
    const source = metricSource(ratioMetric?.get(role), shape);
    if (source) queries[role] = metricQuery(source);
  }
  if (Object.keys(queries).length) return { kind: 'ratio', queries, node: sliSpec };
  const raw = metricSource(ratioMetric?.get('raw'), shape);
  if (raw) {
    const failure = ratioMetric?.get('rawType')?.string === 'failure';
    return {
      kind: 'raw-ratio',
      queries: { [failure ? 'errorRatio' : 'successRatio']: metricQuery(raw) },
      node: sliSpec,
    };
  }
  const value = metricSource(threshold, shape);
  if (threshold)
    return { kind: 'threshold', queries: value ? { value: metricQuery(value) } : {}, node: sliSpec };
  return { queries: {}, node: sliSpec };
}

/** An AlertCondition object, or one written inline in a policy (`metadata` and `spec` either way). */
export function alertConditionModel(root: YNode): AlertConditionModel {
  const spec = root.get('spec');
  const condition = spec?.get('condition');
  const text = (node: YNode | undefined) => node?.string;
  const nodes: Array<[keyof AlertConditionModel, YNode | undefined]> = [
    ['name', root.get('metadata')?.get('name')],
    ['severity', spec?.get('severity')],
    ['kind', condition?.get('kind')],
    ['op', condition?.get('op')],
    ['threshold', condition?.get('threshold')],
    ['lookbackWindow', condition?.get('lookbackWindow')],
    ['alertAfter', condition?.get('alertAfter')],
  ];
  const model: AlertConditionModel = { node: root, at: fieldNodes(nodes) };
  const fields: Array<[keyof AlertConditionModel, string | number | undefined]> = [
    ['name', text(root.get('metadata')?.get('name'))],
    ['severity', text(spec?.get('severity'))],
    ['kind', text(condition?.get('kind'))],
    ['op', text(condition?.get('op'))],
    ['threshold', condition?.get('threshold')?.number],
    ['lookbackWindow', text(condition?.get('lookbackWindow'))],
    ['alertAfter', text(condition?.get('alertAfter'))],
  ];
  for (const [key, value] of fields) if (value !== undefined) Object.assign(model, { [key]: value });
  return model;
}

/** An AlertPolicy object, or one written inline in an SLO. */
export function alertPolicyModel(root: YNode): AlertPolicyModel {
  const spec = root.get('spec');
  const flag = (key: string) => yaml11Boolean(spec?.get(key));
  const name = root.get('metadata')?.get('name')?.string;
  const flags = {
    alertWhenBreaching: flag('alertWhenBreaching'),
    alertWhenResolved: flag('alertWhenResolved'),
    alertWhenNoData: flag('alertWhenNoData'),
  };
  return {
    ...(name !== undefined ? { name } : {}),
    ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)),
    conditions: (spec?.get('conditions')?.items() ?? []).map((c) => {
      const ref = c.get('conditionRef')?.string;
      return ref ? { ref } : { condition: alertConditionModel(c) };
    }),
    node: root,
  };
}

/** An SLO's alert policies, inline or by reference. */
function alerting(spec: YNode | undefined): AlertingModel {
  return {
    style: 'conditions',
    policies: (spec?.get('alertPolicies')?.items() ?? []).map((item) => {
      const ref = item.get('alertPolicyRef')?.string;
      return ref ? { ref } : { policy: alertPolicyModel(item) };
    }),
  };
}

/** What every OpenSLO SLO has, whatever the version: name, service, labels, method and alerting. */
export function openSloSlo(
  object: SloObject,
  window: WindowModel | undefined,
  objectives: ObjectiveModel[],
  indicator: Pick<SloModel, 'indicator' | 'indicatorRef'>,
): SloModel {
  const { root } = object;
  const spec = root.get('spec');
  const description = spec?.get('description')?.string;
  const meta = root.get('metadata');
  return {
    name: object.name ?? '',
    format: object.format,
    node: root,
    service: spec?.get('service')?.string ?? '',
    labels: textMap(meta?.get('labels')),
    ...(description !== undefined ? { description } : {}),
    ...(window ? { window } : {}),
    ...(window?.node ? { windowNode: window.node } : {}),
    budgetingMethod: budgetingMethod(spec?.get('budgetingMethod')),
    ...indicator,
    alerting: alerting(spec),
    objectives,
    at: fieldNodes<SloModel>([
      ['name', meta?.get('name')],
      ['service', spec?.get('service')],
      ['labels', meta?.get('labels')],
      ['description', spec?.get('description')],
      ['budgetingMethod', spec?.get('budgetingMethod')],
      ['indicatorRef', spec?.get('indicatorRef')],
      ['indicator', spec?.get('indicator') ?? spec?.get('sli')],
      ['alerting', spec?.get('alertPolicies')],
    ]),
  };
}

/** An objective's target: `target` as a ratio, or `targetPercent` as a percentage. */
function targetOf(o: YNode): { target: number | undefined; targetNode: YNode | undefined } {
  const t = o.get('target');
  const p = o.get('targetPercent');
  const targetNode = t && !t.isNull ? t : p && !p.isNull ? p : undefined;
  return { target: targetNode === t ? ratio(t, false) : ratio(p, true), targetNode };
}

/** An objective's target and per-objective settings (and, in v1alpha, its own indicator). */
export function openSloObjective(
  o: YNode,
  { target, targetNode } = targetOf(o),
  indicator?: IndicatorModel,
): ObjectiveModel {
  const displayName = o.get('displayName')?.string;
  const op = o.get('op')?.string;
  const value = o.get('value')?.number;
  return {
    ...(displayName !== undefined ? { displayName } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(targetNode ? { targetNode } : {}),
    ...(op !== undefined ? { op } : {}),
    ...(value !== undefined ? { value } : {}),
    ...timeSlices(o),
    ...(indicator ? { indicator } : {}),
    node: o,
    at: objectiveNodes(o, targetNode),
  };
}

/** Where an OpenSLO objective's fields are written. */
function objectiveNodes(o: YNode, targetNode: YNode | undefined): ObjectiveModel['at'] {
  return fieldNodes<ObjectiveModel>([
    ['displayName', o.get('displayName')],
    ['target', targetNode],
    ['op', o.get('op')],
    ['value', o.get('value')],
    ['timeSliceWindow', o.get('timeSliceWindow')],
    ['timeSliceTarget', o.get('timeSliceTarget')],
    ['indicator', o.get('ratioMetrics')],
  ]);
}

/** The pieces of OpenSLO objects that SLOs refer to by name. */
export function openSloPiece(object: SloObject, shape: MetricShape = 'metricSource'): ObjectModel {
  const { root, kind } = object;
  const spec = root.get('spec');
  switch (kind) {
    case 'SLI':
      return spec ? { slos: [], sli: indicatorModel(spec, shape) } : { slos: [] };
    case 'AlertPolicy':
      return { slos: [], alertPolicy: alertPolicyModel(root) };
    case 'AlertCondition':
      return { slos: [], alertCondition: alertConditionModel(root) };
    case 'DataSource': {
      const details = spec?.get('connectionDetails');
      const type = spec?.get('type')?.string;
      const url = details?.get('url')?.string ?? details?.get('address')?.string;
      return {
        slos: [],
        dataSource: {
          ...(type !== undefined ? { type } : {}),
          ...(url !== undefined ? { url } : {}),
          node: root,
        },
      };
    }
    case 'Service': {
      const meta = root.get('metadata');
      const name = meta?.get('name')?.string;
      const displayName = meta?.get('displayName')?.string;
      const description = spec?.get('description')?.string;
      return {
        slos: [],
        service: {
          ...(name !== undefined ? { name } : {}),
          ...(displayName !== undefined ? { displayName } : {}),
          ...(description !== undefined ? { description } : {}),
          node: root,
        },
      };
    }
    default:
      return { slos: [] };
  }
}
