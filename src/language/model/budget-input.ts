/** The budget engine's input for each objective of an SLO, read from the model. */
import type { ConditionInput } from '../../budget/alerts.js';
import type { AlertingInput, BudgetInput, SliKind, WindowInput } from '../../budget/budget-report.js';
import { openSloDurationMinutes } from '../../budget/duration.js';
import { FORMAT_LABELS } from '../formats/registry.js';
import type {
  AlertConditionModel,
  ModelResolver,
  ObjectiveModel,
  SloModel,
  WindowModel,
} from './slo-model.js';

/** The window as the engine needs it: a rolling length, or calendar periods anchored in a time zone. */
function windowInput(window: WindowModel): WindowInput {
  const { calendar } = window;
  if (calendar)
    return {
      kind: 'calendar',
      count: calendar.count,
      unit: calendar.unit,
      anchor: calendar.anchor,
      timeZone: calendar.timeZone,
      label: window.label,
    };
  return { kind: 'rolling', minutes: window.minutes, label: window.label };
}

/** The burn-rate conditions of an SLO's alert policies, inline or by reference. */
function conditions(slo: SloModel, resolve: ModelResolver | undefined): ConditionInput[] {
  if (slo.alerting.style !== 'conditions') return [];
  const out: ConditionInput[] = [];
  for (const item of slo.alerting.policies) {
    const policy = item.ref ? resolve?.('AlertPolicy', item.ref)?.alertPolicy : item.policy;
    for (const c of policy?.conditions ?? []) {
      const condition: AlertConditionModel | undefined = c.ref
        ? resolve?.('AlertCondition', c.ref)?.alertCondition
        : c.condition;
      const threshold = condition?.threshold;
      const lookback = openSloDurationMinutes(condition?.lookbackWindow ?? '');
      if (threshold === undefined || lookback === undefined) continue;
      // Upstream's default is 0m; an unreadable value is reported by validation and counts as none.
      const alertAfter = openSloDurationMinutes(condition?.alertAfter ?? '');
      out.push({
        name: condition?.name ?? c.ref ?? '',
        severity: condition?.severity ?? '',
        threshold,
        lookbackMinutes: lookback,
        ...(alertAfter ? { alertAfterMinutes: alertAfter } : {}),
      });
    }
  }
  return out;
}

/** The alert table of an SLO: its own conditions, or the burn-rate table its tool generates. */
function alertingInput(slo: SloModel, resolve: ModelResolver | undefined): AlertingInput {
  const { alerting } = slo;
  switch (alerting.style) {
    case 'conditions':
      return { style: 'conditions', conditions: conditions(slo, resolve) };
    case 'multiwindow': {
      const disabled = (['page', 'ticket'] as const).filter((severity) => alerting[severity].disable);
      return {
        style: 'burn-rate-table',
        table: 'workbook-multiwindow',
        source: alerting.source,
        ...(disabled.length ? { disabled } : {}),
      };
    }
    case 'window-scaled-tiers':
      return {
        style: 'burn-rate-table',
        table: 'window-scaled-tiers',
        source: alerting.source,
        ...(alerting.disabled || !alerting.burnrates ? { disabled: 'all' as const } : {}),
      };
  }
}

/** Whether the SLI judges a metric against a threshold (its own, or the SLI object it names). */
function sliKind(slo: SloModel, objective: ObjectiveModel, resolve: ModelResolver | undefined): SliKind {
  const indicator =
    objective.indicator ??
    slo.indicator ??
    (slo.indicatorRef !== undefined ? resolve?.('SLI', slo.indicatorRef)?.sli : undefined);
  return indicator?.kind === 'threshold' ? 'threshold' : 'ratio';
}

/** An engine input, with the objective it was made from (to point at it in the file). */
export interface ObjectiveInput {
  input: BudgetInput;
  objective: ObjectiveModel;
}

/** One engine input per objective of an SLO (objectives without a usable target are left out). */
export function budgetInputs(slo: SloModel, resolve?: ModelResolver): ObjectiveInput[] {
  if (!slo.window) return [];
  const window = windowInput(slo.window);
  const alerting = alertingInput(slo, resolve);
  return slo.objectives.flatMap((o, i) => {
    if (o.target === undefined || !(o.target >= 0 && o.target <= 1)) return [];
    const input: BudgetInput = {
      name: slo.name,
      format: FORMAT_LABELS[slo.format],
      objective: o.displayName ?? (slo.objectives.length > 1 ? `objective ${i + 1}` : undefined),
      target: o.target,
      method: slo.budgetingMethod,
      window,
      ...(o.timeSliceMinutes
        ? {
            timeSlice: {
              minutes: o.timeSliceMinutes,
              ...(o.timeSliceTarget !== undefined ? { target: o.timeSliceTarget } : {}),
            },
          }
        : {}),
      ...(sliKind(slo, o, resolve) === 'threshold' ? { sli: 'threshold' as const } : {}),
      alerting,
    };
    return [{ input, objective: o }];
  });
}
