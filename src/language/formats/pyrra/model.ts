/** The model of a Pyrra ServiceLevelObjective: one objective over its window, its indicator and alerts. */
import { prometheusWindow } from '../../../budget/window.js';
import type { SloObject } from '../../analysis/object.js';
import { yaml11Boolean } from '../../fields/field-spec.js';
import type {
  IndicatorModel,
  MetricQuery,
  ObjectModel,
  ObjectiveModel,
  QueryRole,
  SloModel,
} from '../../model/slo-model.js';
import type { YNode } from '../../syntax/node.js';
import { fieldNodes, ratio, textMap, timeSlices } from '../model-fields.js';

function metric(node: YNode | undefined): MetricQuery | undefined {
  const m = node?.get('metric');
  if (!node) return undefined;
  return { ...(m?.string !== undefined ? { query: m.string } : {}), node };
}

/** `indicator`: ratio (errors/total), latency (success/total), latencyNative, or bool_gauge. */
function indicator(node: YNode | undefined): IndicatorModel | undefined {
  const shapes: Array<[string, IndicatorModel['kind'], Array<[QueryRole, string | undefined]>]> = [
    [
      'ratio',
      'ratio',
      [
        ['bad', 'errors'],
        ['total', 'total'],
      ],
    ],
    [
      'latency',
      'latency',
      [
        ['good', 'success'],
        ['total', 'total'],
      ],
    ],
    ['bool_gauge', 'bool-gauge', [['value', undefined]]],
    ['latencyNative', 'latency-native', [['total', 'total']]],
  ];
  for (const [key, kind, roles] of shapes) {
    const body = node?.get(key);
    if (!body) continue;
    const queries: IndicatorModel['queries'] = {};
    for (const [role, field] of roles) {
      const q = field ? metric(body.get(field)) : metric(body);
      if (q) queries[role] = q;
    }
    const grouping = body
      .get('grouping')
      ?.items()
      .flatMap((g) => (g.string !== undefined ? [g.string] : []));
    const latency = key === 'latencyNative' ? body.get('latency')?.string : undefined;
    return {
      ...(kind ? { kind } : {}),
      queries,
      ...(latency !== undefined ? { latency } : {}),
      ...(grouping ? { grouping } : {}),
      node: body,
    };
  }
  return undefined;
}

export function pyrraModel(object: SloObject): ObjectModel {
  const { root } = object;
  const spec = root.get('spec');
  const meta = root.get('metadata');
  const windowNode = spec?.get('window');
  const duration = windowNode?.string;
  const window = duration ? prometheusWindow(duration) : undefined;
  const alerting = spec?.get('alerting');
  const flag = (key: string, absent: boolean) => yaml11Boolean(alerting?.get(key)) ?? absent;
  const alertName = alerting?.get('name')?.string;
  const absentName = alerting?.get('absentName')?.string;
  const description = spec?.get('description')?.string;
  const sli = indicator(spec?.get('indicator'));
  const targetNode = spec?.get('target');
  const target = ratio(targetNode, true);
  const node = spec ?? root;
  return {
    slos: [
      {
        name: object.name ?? '',
        format: object.format,
        node: root,
        // Pyrra has no service: the namespace stands in.
        service: meta?.get('namespace')?.string ?? '',
        labels: textMap(meta?.get('labels')),
        ...(description !== undefined ? { description } : {}),
        ...(window && duration
          ? {
              window: {
                ...window,
                duration,
                ...(windowNode ? { node: windowNode, at: { duration: windowNode } } : {}),
              },
            }
          : {}),
        ...(windowNode ? { windowNode } : {}),
        budgetingMethod: 'Occurrences',
        ...(sli ? { indicator: sli } : {}),
        alerting: {
          style: 'window-scaled-tiers',
          source: "Pyrra's burn-rate tiers",
          disabled: flag('disabled', false),
          burnrates: flag('burnrates', true),
          absent: flag('absent', true),
          ...(alertName !== undefined ? { name: alertName } : {}),
          ...(absentName !== undefined ? { absentName } : {}),
          severities: textMap(alerting?.get('severities')),
          ...(alerting ? { node: alerting } : {}),
        },
        objectives: [
          {
            ...(target !== undefined ? { target } : {}),
            ...(targetNode ? { targetNode } : {}),
            ...timeSlices(node),
            node,
            at: fieldNodes<ObjectiveModel>([['target', targetNode]]),
          },
        ],
        at: fieldNodes<SloModel>([
          ['name', meta?.get('name')],
          ['service', meta?.get('namespace')],
          ['labels', meta?.get('labels')],
          ['description', spec?.get('description')],
          ['indicator', spec?.get('indicator')],
          ['alerting', alerting],
        ]),
      },
    ],
  };
}
