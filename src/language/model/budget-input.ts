import type { ConditionInput } from '../../budget/alerts.js';
import type { CalendarUnit, LocalTime } from '../../budget/calendar.js';
import type { BudgetInput, WindowInput } from '../../budget/budget-report.js';
import { openSloDurationMinutes, prometheusDurationMinutes } from '../../budget/duration.js';
import type { NormalisedObjective, NormalisedSlo } from './slo-model.js';
import type { YNode } from '../syntax/node.js';
import { yaml11Boolean } from '../fields/field-spec.js';
import { FORMAT_LABELS } from '../types.js';

/** Finds an OpenSLO object of the workspace by kind and name (for alert policies and conditions by reference). */
export type ObjectResolver = (kind: string, name: string) => YNode | undefined;

const UTC_JAN_1: LocalTime = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };

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

function calendarWindow(
  count: number,
  unit: CalendarUnit,
  calendar: YNode | undefined,
  label: string,
): WindowInput {
  return {
    kind: 'calendar',
    count,
    unit,
    anchor: parseStartTime(calendar?.get('startTime')?.string),
    timeZone: calendar?.get('timeZone')?.string ?? 'UTC',
    label,
  };
}

/** The window as the engine needs it: a rolling length, or calendar periods anchored in a time zone. */
function windowInput(slo: NormalisedSlo): WindowInput | undefined {
  const { object, window } = slo;
  if (!window) return undefined;
  const spec = object.root.get('spec');
  if (object.format === 'openslo/v1' || object.format === 'openslo/v2alpha') {
    const w = spec?.get('timeWindow')?.items()[0];
    const m = /^(\d+)([mhdwMQY])$/.exec(w?.get('duration')?.string ?? '');
    if (m && yaml11Boolean(w?.get('isRolling')) !== true)
      return calendarWindow(Number(m[1]), m[2] as CalendarUnit, w?.get('calendar'), window.label);
  }
  if (object.format === 'openslo/v1alpha') {
    const w = spec?.get('timeWindows')?.items()[0];
    const unit = ({ Day: 'd', Week: 'w', Month: 'M', Quarter: 'Q' } as Record<string, CalendarUnit>)[
      w?.get('unit')?.string ?? ''
    ];
    const count = w?.get('count')?.number;
    if (unit && count && yaml11Boolean(w?.get('isRolling')) !== true)
      return calendarWindow(count, unit, w?.get('calendar'), window.label);
  }
  return { kind: 'rolling', minutes: window.minutes, label: window.label };
}

/** The burn-rate conditions of an OpenSLO SLO's alert policies, inline or by reference. */
function conditions(slo: NormalisedSlo, resolve: ObjectResolver | undefined): ConditionInput[] {
  const out: ConditionInput[] = [];
  for (const item of slo.object.root.get('spec')?.get('alertPolicies')?.items() ?? []) {
    const refName = item.get('alertPolicyRef')?.string;
    const policySpec = refName ? resolve?.('AlertPolicy', refName)?.get('spec') : item.get('spec');
    for (const c of policySpec?.get('conditions')?.items() ?? []) {
      const condRef = c.get('conditionRef')?.string;
      const root = condRef ? resolve?.('AlertCondition', condRef) : c;
      const spec = root?.get('spec');
      const condition = spec?.get('condition');
      const threshold = condition?.get('threshold')?.number;
      const lookback = openSloDurationMinutes(condition?.get('lookbackWindow')?.string ?? '');
      if (threshold === undefined || lookback === undefined) continue;
      out.push({
        name: root?.get('metadata')?.get('name')?.string ?? condRef ?? '',
        severity: spec?.get('severity')?.string ?? '',
        threshold,
        lookbackMinutes: lookback,
      });
    }
  }
  return out;
}

/** An engine input, with the objective it was made from (to point at it in the file). */
export interface ObjectiveInput {
  input: BudgetInput;
  objective: NormalisedObjective;
}

/** One engine input per objective of a normalised SLO (objectives without a usable target are left out). */
export function budgetInputs(slo: NormalisedSlo, resolve?: ObjectResolver): ObjectiveInput[] {
  const window = windowInput(slo);
  if (!window) return [];
  const format = slo.object.format;
  const alerting: BudgetInput['alerting'] =
    format === 'pyrra/v1alpha1'
      ? { style: 'pyrra' }
      : format.startsWith('openslo')
        ? { style: 'openslo', conditions: conditions(slo, resolve) }
        : { style: 'sloth' };
  return slo.objectives.flatMap((o, i) => {
    if (o.target === undefined || !(o.target >= 0 && o.target <= 1)) return [];
    const sliceText = o.node.get('timeSliceWindow')?.string;
    const sliceMinutes = sliceText
      ? (openSloDurationMinutes(sliceText) ?? prometheusDurationMinutes(sliceText))
      : undefined;
    const sliceTarget = o.node.get('timeSliceTarget')?.number;
    const input = {
      name: slo.name,
      format: FORMAT_LABELS[format],
      objective: o.displayName ?? (slo.objectives.length > 1 ? `objective ${i + 1}` : undefined),
      target: o.target,
      method: slo.budgetingMethod,
      window,
      ...(sliceMinutes
        ? {
            timeSlice: {
              minutes: sliceMinutes,
              ...(sliceTarget !== undefined ? { target: sliceTarget } : {}),
            },
          }
        : {}),
      alerting,
    } as BudgetInput;
    return [{ input, objective: o }];
  });
}
