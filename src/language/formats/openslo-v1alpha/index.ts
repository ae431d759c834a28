/** OpenSLO v1alpha (`apiVersion: openslo/v1alpha`): SLOs with `timeWindows` and per-objective `ratioMetrics`. */
import type { CalendarUnit } from '../../../budget/calendar.js';
import { v1alphaWindow } from '../../../budget/window.js';
import type { SloObject } from '../../analysis/object.js';
import { yaml11Boolean } from '../../fields/field-spec.js';
import type {
  IndicatorModel,
  ModelOptions,
  ObjectModel,
  ObjectiveModel,
  SloModel,
  WindowModel,
} from '../../model/slo-model.js';
import type { YNode } from '../../syntax/node.js';
import type { SloFormat } from '../format.js';
import { OSLO_DUPLICATE_KEYS } from '../openslo-common.js';
import { openSloV1alphaLiveSpec } from '../openslo-live.js';
import { openSloObjective, openSloPiece, openSloSlo, openSloWindowModel } from '../openslo-model.js';
import { ratio } from '../model-fields.js';
import { defaultPeriodWindow } from '../sloth/model.js';
import { slothOpenSloRules } from '../sloth/rules.js';
import { isForSloth, rootSpec, validateOpenSloV1alpha } from './validate.js';

const KINDS = ['SLO', 'Service'] as const;
const CALENDAR_UNITS: Record<string, CalendarUnit> = { Day: 'd', Week: 'w', Month: 'M', Quarter: 'Q' };

/**
 * `spec.timeWindows[0]`: `count` × `unit`, rolling or calendar-aligned. Sloth reads `count` days, always
 * rolling, and its SLO period when the list is absent or empty (`internal/storage/io/openslo.go`).
 */
function timeWindowsModel(
  spec: YNode | undefined,
  forSloth: ModelOptions | undefined,
): WindowModel | undefined {
  const w = spec?.get('timeWindows')?.items()[0];
  if (!w && forSloth) return defaultPeriodWindow(forSloth.slothPeriod);
  const unit = w?.get('unit')?.string;
  const countNode = w?.get('count');
  const count = countNode?.number;
  if (!unit || !count) return undefined;
  const rolling = forSloth !== undefined || yaml11Boolean(w?.get('isRolling')) === true;
  const letter = CALENDAR_UNITS[unit];
  const duration = `${count}${letter ?? (unit === 'Second' ? 's' : unit)}`;
  const calendar = letter && !rolling ? { count, unit: letter } : undefined;
  return openSloWindowModel(
    v1alphaWindow(unit, count, rolling),
    duration,
    countNode,
    w?.get('isRolling'),
    calendar,
    w?.get('calendar'),
    { list: spec?.get('timeWindows'), entry: w },
  );
}

/** An objective's `ratioMetrics`: good, bad and total queries, each with its source. */
function ratioMetrics(node: YNode | undefined): IndicatorModel | undefined {
  if (!node) return undefined;
  const queries: IndicatorModel['queries'] = {};
  for (const role of ['good', 'bad', 'total'] as const) {
    const q = node.get(role);
    if (!q) continue;
    const query = q.get('query')?.string;
    const sourceType = q.get('source')?.string;
    queries[role] = {
      ...(query !== undefined ? { query } : {}),
      ...(sourceType !== undefined ? { sourceType } : {}),
      node: q,
    };
  }
  return { kind: 'ratio', queries, node };
}

/** A v1alpha objective: its `target` as a ratio, and its own `ratioMetrics`. */
function objective(o: YNode): ObjectiveModel {
  const targetNode = o.get('target');
  return openSloObjective(
    o,
    { target: ratio(targetNode, false), targetNode },
    ratioMetrics(o.get('ratioMetrics')),
  );
}

/** `spec.indicator.thresholdMetric`: the SLO's one indicator when its objectives judge a metric by `op` and `value`. */
function thresholdMetric(spec: YNode | undefined): Pick<SloModel, 'indicator'> {
  const node = spec?.get('indicator')?.get('thresholdMetric');
  if (!node) return {};
  const query = node.get('query')?.string;
  const sourceType = node.get('source')?.string;
  const value = {
    ...(query !== undefined ? { query } : {}),
    ...(sourceType !== undefined ? { sourceType } : {}),
    node,
  };
  return { indicator: { kind: 'threshold', queries: { value }, node } };
}

function model(object: SloObject, options: ModelOptions): ObjectModel {
  if (object.kind !== 'SLO') return openSloPiece(object);
  const spec = object.root.get('spec');
  const objectives = (spec?.get('objectives')?.items() ?? []).map(objective);
  const window = timeWindowsModel(spec, isForSloth(object.root) ? options : undefined);
  return { slos: [openSloSlo(object, window, objectives, thresholdMetric(spec))] };
}

export const openSloV1alpha: SloFormat = {
  ids: ['openslo/v1alpha'],
  labels: { 'openslo/v1alpha': 'OpenSLO v1alpha' },
  apiVersions: [
    {
      value: 'openslo/v1alpha',
      kinds: KINDS,
      formatOf: (kind) =>
        kind && (KINDS as readonly string[]).includes(kind) ? 'openslo/v1alpha' : undefined,
      completion: { label: 'OpenSLO v1alpha (older)', format: 'openslo/v1alpha' },
      suggested: true,
      family: 'openslo',
    },
  ],
  specFor: (_id, kind) => rootSpec(kind),
  objectName: (root) => root.get('metadata')?.get('name')?.string,
  objectKind: (root) => root.get('kind')?.string ?? '',
  validate: validateOpenSloV1alpha,
  normalise: model,
  liveSpec: (_slo, o) => openSloV1alphaLiveSpec(o),
  // Sloth is the generator that reads OpenSLO v1alpha: its rules are the ones `sloth generate` writes.
  rules: slothOpenSloRules,
  outline: 'objectives',
  serviceReference: { kind: 'SLO', path: 'spec.service' },
  snippets: [],
  duplicateKeys: OSLO_DUPLICATE_KEYS,
};
