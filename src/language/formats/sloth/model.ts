/** The model of Sloth files: one SLO per `slos` item, over Sloth's SLO period, with its page and ticket alerts. */
import type { SloObject } from '../../analysis/object.js';
import { yaml11Boolean } from '../../fields/field-spec.js';
import { prometheusWindow } from '../../../budget/window.js';
import type {
  GeneratedAlert,
  IndicatorModel,
  ModelOptions,
  ObjectModel,
  ObjectiveModel,
  SloModel,
  WindowModel,
} from '../../model/slo-model.js';
import type { YNode } from '../../syntax/node.js';
import { fieldNodes, ratio, textMap, timeSlices } from '../model-fields.js';

/** Sloth files do not say their window: it is Sloth's SLO period, a setting. */
export function defaultPeriodWindow(period: string): WindowModel | undefined {
  const window = prometheusWindow(period);
  return (
    window && {
      ...window,
      label: `${window.label} (Sloth's SLO period)`,
      duration: period,
      fromDefaultPeriod: true,
    }
  );
}

/** Sloth's plain files write keys in snake_case, its Kubernetes CRD in camelCase; either is read. */
function either(node: YNode | undefined, snake: string): YNode | undefined {
  let camel = camelKeys.get(snake);
  if (camel === undefined)
    camelKeys.set(snake, (camel = snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())));
  return node?.get(camel) ?? node?.get(snake);
}

/** The camelCase of the few snake_case keys the model reads, converted once rather than per SLO. */
const camelKeys = new Map<string, string>();

function query(node: YNode | undefined): IndicatorModel['queries'][keyof IndicatorModel['queries']] {
  const text = node?.string;
  return node ? { ...(text !== undefined ? { query: text } : {}), node } : undefined;
}

/** `sli`: `events` error/total queries, a `raw` error ratio, or a plugin. */
function indicator(sli: YNode | undefined): IndicatorModel | undefined {
  if (!sli) return undefined;
  const events = sli.get('events');
  const raw = sli.get('raw');
  const plugin = sli.get('plugin');
  const queries: IndicatorModel['queries'] = {};
  const bad = query(either(events, 'error_query'));
  const total = query(either(events, 'total_query'));
  const errorRatio = query(either(raw, 'error_ratio_query'));
  if (bad) queries.bad = bad;
  if (total) queries.total = total;
  if (errorRatio) queries.errorRatio = errorRatio;
  const kind = events ? 'ratio' : raw ? 'raw-ratio' : plugin ? 'plugin' : undefined;
  const id = plugin?.get('id')?.string;
  return {
    ...(kind ? { kind } : {}),
    queries,
    ...(plugin
      ? { plugin: { ...(id !== undefined ? { id } : {}), options: textMap(plugin.get('options')) } }
      : {}),
    node: sli,
  };
}

function alert(node: YNode | undefined): GeneratedAlert {
  return {
    disable: yaml11Boolean(node?.get('disable')) === true,
    labels: textMap(node?.get('labels')),
    annotations: textMap(node?.get('annotations')),
    ...(node ? { node } : {}),
  };
}

function slo(object: SloObject, body: YNode, item: YNode, options: ModelOptions): SloModel {
  const service = body.get('service')?.string ?? '';
  const alerting = item.get('alerting');
  const name = alerting?.get('name')?.string;
  const description = item.get('description')?.string;
  const window = defaultPeriodWindow(options.slothPeriod);
  const sli = indicator(item.get('sli'));
  const target = ratio(item.get('objective'), true);
  const targetNode = item.get('objective');
  return {
    name: `${service}-${item.get('name')?.string ?? ''}`,
    format: object.format,
    node: item,
    service,
    // Sloth adds the file's labels to each SLO's, the SLO's winning.
    labels: { ...textMap(body.get('labels')), ...textMap(item.get('labels')) },
    ...(description !== undefined ? { description } : {}),
    ...(window ? { window } : {}),
    budgetingMethod: 'Occurrences',
    ...(sli ? { indicator: sli } : {}),
    alerting: {
      style: 'multiwindow',
      source: "Sloth's alert windows",
      ...(name !== undefined ? { name } : {}),
      labels: textMap(alerting?.get('labels')),
      annotations: textMap(alerting?.get('annotations')),
      page: alert(either(alerting, 'page_alert')),
      ticket: alert(either(alerting, 'ticket_alert')),
      ...(alerting ? { node: alerting } : {}),
    },
    objectives: [
      {
        ...(target !== undefined ? { target } : {}),
        ...(targetNode ? { targetNode } : {}),
        ...timeSlices(item),
        node: item,
        at: fieldNodes<ObjectiveModel>([['target', targetNode]]),
      },
    ],
    at: fieldNodes<SloModel>([
      ['name', item.get('name')],
      ['service', body.get('service')],
      ['labels', item.get('labels')],
      ['description', item.get('description')],
      ['indicator', item.get('sli')],
      ['alerting', alerting],
    ]),
  };
}

/** The SLOs of a Sloth file (`prometheus/v1`, body at the root) or PrometheusServiceLevel (body in `spec`). */
export function slothModel(object: SloObject, body: YNode | undefined, options: ModelOptions): ObjectModel {
  if (!body) return { slos: [] };
  return { slos: (body.get('slos')?.items() ?? []).map((item) => slo(object, body, item, options)) };
}
