import { openSloWindow, prometheusWindow, v1alphaWindow, type SloWindow } from '../../budget/window.js';
import type { SloObject } from '../analysis/analyze.js';
import type { YNode } from '../syntax/node.js';
import { yaml11Boolean } from '../fields/field-spec.js';

/** One objective of an SLO, whatever the format: its target as a ratio. */
export interface NormalisedObjective {
  displayName?: string;
  /** Target as a ratio in [0, 1]. */
  target?: number;
  /** The node holding the target as written (a ratio, a percentage, or a Pyrra string). */
  targetNode?: YNode;
  node: YNode;
}

/** The normalised model every format maps onto, so budget maths never knows which format a file was. */
export interface NormalisedSlo {
  name: string;
  object: SloObject;
  /** The node that defines the SLO (a Sloth `slos` item, or the object's root). */
  node: YNode;
  window?: SloWindow;
  windowNode?: YNode;
  budgetingMethod: 'Occurrences' | 'Timeslices' | 'RatioTimeslices';
  objectives: NormalisedObjective[];
}

export interface ModelOptions {
  /** Sloth's SLO period (`--default-slo-period`), a Prometheus duration. */
  slothPeriod: string;
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = { slothPeriod: '30d' };

const METHODS = ['Occurrences', 'Timeslices', 'RatioTimeslices'] as const;

function method(node: YNode | undefined): NormalisedSlo['budgetingMethod'] {
  const v = node?.string;
  return (METHODS as readonly string[]).includes(v ?? '')
    ? (v as NormalisedSlo['budgetingMethod'])
    : 'Occurrences';
}

function ratio(node: YNode | undefined, percent: boolean): number | undefined {
  const raw =
    node?.number ??
    (node?.string !== undefined && node.string.trim() !== '' ? Number(node.string) : undefined);
  if (raw === undefined || !Number.isFinite(raw)) return undefined;
  return percent ? Number((raw / 100).toPrecision(12)) : raw;
}

/** The SLOs an object defines (a Sloth file defines several; other objects one or none). */
export function normaliseSlos(
  object: SloObject,
  options: ModelOptions = DEFAULT_MODEL_OPTIONS,
): NormalisedSlo[] {
  const { root, format } = object;
  const name = object.name ?? '';
  switch (format) {
    case 'openslo/v1':
    case 'openslo/v2alpha': {
      if (object.kind !== 'SLO') return [];
      const spec = root.get('spec');
      const w = spec?.get('timeWindow')?.items()[0];
      const duration = w?.get('duration');
      const window = duration?.string
        ? openSloWindow(duration.string, yaml11Boolean(w?.get('isRolling')) === true)
        : undefined;
      const objectives = (spec?.get('objectives')?.items() ?? []).map((o) => {
        const t = o.get('target');
        const p = o.get('targetPercent');
        const targetNode = t && !t.isNull ? t : p && !p.isNull ? p : undefined;
        return {
          displayName: o.get('displayName')?.string,
          target: targetNode === t ? ratio(t, false) : ratio(p, true),
          targetNode,
          node: o,
        };
      });
      return [
        {
          name,
          object,
          node: root,
          window,
          windowNode: duration,
          budgetingMethod: method(spec?.get('budgetingMethod')),
          objectives,
        },
      ];
    }
    case 'openslo/v1alpha': {
      if (object.kind !== 'SLO') return [];
      const spec = root.get('spec');
      const w = spec?.get('timeWindows')?.items()[0];
      const unit = w?.get('unit')?.string;
      const count = w?.get('count')?.number;
      const window =
        unit && count ? v1alphaWindow(unit, count, yaml11Boolean(w?.get('isRolling')) === true) : undefined;
      const objectives = (spec?.get('objectives')?.items() ?? []).map((o) => ({
        displayName: o.get('displayName')?.string,
        target: ratio(o.get('target'), false),
        targetNode: o.get('target'),
        node: o,
      }));
      return [
        {
          name,
          object,
          node: root,
          window,
          windowNode: w?.get('count'),
          budgetingMethod: method(spec?.get('budgetingMethod')),
          objectives,
        },
      ];
    }
    case 'sloth/v1':
    case 'sloth/k8s': {
      const body = format === 'sloth/v1' ? root : root.get('spec');
      const service = body?.get('service')?.string ?? '';
      const window = prometheusWindow(options.slothPeriod);
      return (body?.get('slos')?.items() ?? []).map((slo) => ({
        name: `${service}-${slo.get('name')?.string ?? ''}`,
        object,
        node: slo,
        window: window && { ...window, label: `${window.label} (Sloth's SLO period)` },
        budgetingMethod: 'Occurrences' as const,
        objectives: [
          { target: ratio(slo.get('objective'), true), targetNode: slo.get('objective'), node: slo },
        ],
      }));
    }
    case 'pyrra/v1alpha1': {
      const spec = root.get('spec');
      const windowNode = spec?.get('window');
      return [
        {
          name,
          object,
          node: root,
          window: windowNode?.string ? prometheusWindow(windowNode.string) : undefined,
          windowNode,
          budgetingMethod: 'Occurrences',
          objectives: [
            { target: ratio(spec?.get('target'), true), targetNode: spec?.get('target'), node: spec ?? root },
          ],
        },
      ];
    }
    default:
      return [];
  }
}
