/** OpenSLO v1 (`apiVersion: openslo/v1`): SLOs, SLIs, alert policies and conditions, data sources, services. */
import { openSloWindow } from '../../../budget/window.js';
import type { CalendarUnit } from '../../../budget/calendar.js';
import type { SloObject } from '../../analysis/object.js';
import { yaml11Boolean } from '../../fields/field-spec.js';
import type { ObjectModel, WindowModel } from '../../model/slo-model.js';
import type { YNode } from '../../syntax/node.js';
import type { SloFormat } from '../format.js';
import { OPENSLO_V1_KINDS, OSLO_DUPLICATE_KEYS } from '../openslo-common.js';
import { openSloLiveSpec } from '../openslo-live.js';
import {
  type MetricShape,
  indicatorModel,
  openSloObjective,
  openSloPiece,
  openSloSlo,
  openSloWindowModel,
} from '../openslo-model.js';
import { openSloV1Rules } from './rules.js';
import { OPENSLO_V1_SNIPPETS } from './snippets.js';
import { rootSpec } from './spec.js';
import { validateOpenSloV1 } from './validate.js';

/** `spec.timeWindow[0]`: a duration, rolling or calendar-aligned from `calendar.startTime` in its time zone. */
export function timeWindowModel(spec: YNode | undefined): WindowModel | undefined {
  const w = spec?.get('timeWindow')?.items()[0];
  const duration = w?.get('duration');
  const text = duration?.string;
  if (!text) return undefined;
  const rolling = yaml11Boolean(w?.get('isRolling')) === true;
  const m = /^(\d+)([mhdwMQY])$/.exec(text);
  const calendar = m && !rolling ? { count: Number(m[1]), unit: m[2] as CalendarUnit } : undefined;
  return openSloWindowModel(
    openSloWindow(text, rolling),
    text,
    duration,
    w?.get('isRolling'),
    calendar,
    w?.get('calendar'),
    { list: spec?.get('timeWindow'), entry: w },
  );
}

/** The model of an OpenSLO v1 (or v2alpha) object: an SLO with its objectives, or a piece SLOs refer to. */
export function openSloV1Model(object: SloObject, shape: MetricShape = 'metricSource'): ObjectModel {
  if (object.kind !== 'SLO') return openSloPiece(object, shape);
  const spec = object.root.get('spec');
  const ref = spec?.get('indicatorRef')?.string;
  const inline = spec?.get('indicator')?.get('spec') ?? spec?.get('sli')?.get('spec');
  const objectives = (spec?.get('objectives')?.items() ?? []).map((o) => openSloObjective(o));
  const indicator = ref ? { indicatorRef: ref } : inline ? { indicator: indicatorModel(inline, shape) } : {};
  return { slos: [openSloSlo(object, timeWindowModel(spec), objectives, indicator)] };
}

export const openSloV1: SloFormat = {
  ids: ['openslo/v1'],
  labels: { 'openslo/v1': 'OpenSLO v1' },
  apiVersions: [
    {
      value: 'openslo/v1',
      kinds: OPENSLO_V1_KINDS,
      formatOf: (kind) =>
        kind && (OPENSLO_V1_KINDS as readonly string[]).includes(kind) ? 'openslo/v1' : undefined,
      completion: { label: 'OpenSLO v1', format: 'openslo/v1' },
      suggested: true,
      family: 'openslo',
    },
  ],
  specFor: (_id, kind) => rootSpec(kind),
  objectName: (root) => root.get('metadata')?.get('name')?.string,
  objectKind: (root) => root.get('kind')?.string ?? '',
  validate: validateOpenSloV1,
  normalise: (object) => openSloV1Model(object),
  liveSpec: openSloLiveSpec,
  rules: openSloV1Rules,
  outline: 'objectives',
  referenceKeys: {
    indicatorRef: 'SLI',
    alertPolicyRef: 'AlertPolicy',
    conditionRef: 'AlertCondition',
    targetRef: 'AlertNotificationTarget',
    metricSourceRef: 'DataSource',
  },
  serviceReference: { kind: 'SLO', path: 'spec.service' },
  snippets: OPENSLO_V1_SNIPPETS,
  duplicateKeys: OSLO_DUPLICATE_KEYS,
  newSlo: {
    choice: 'openslo',
    label: 'OpenSLO v1',
    description: 'SLO with an inline ratio SLI on Prometheus',
    fileSuffix: 'availability',
    snippet: 'OpenSLO SLO (ratio, rolling window)',
  },
};
