import { conditionAlerts, pyrraAlerts, slothAlerts, type AlertRow, type ConditionInput } from './alerts.js';
import { allowedBadMinutes, errorBudget } from './budget.js';
import { periodAt, type CalendarUnit, type LocalTime } from './calendar.js';
import { formatDuration } from './format.js';
import { BudgetInputError } from './input-error.js';

export type BudgetingMethod = 'Occurrences' | 'Timeslices' | 'RatioTimeslices';

/** Where a window comes from: a rolling length, or calendar periods from an anchor in a time zone. */
export type WindowInput =
  | { kind: 'rolling'; minutes: number; label: string }
  | {
      kind: 'calendar';
      count: number;
      unit: CalendarUnit;
      anchor: LocalTime;
      timeZone: string;
      label: string;
    };

/** An SLO as the engine sees it, whatever its format. */
export interface BudgetInput {
  name: string;
  format: string;
  objective?: string;
  /** Target as a ratio. */
  target: number;
  method: BudgetingMethod;
  window: WindowInput;
  timeSlice?: { minutes: number; target?: number };
  /**
   * What the SLI counts: the share of good events (`ratio`, the default), or whether a metric holds a threshold
   * (`threshold`: an incident is measured in minutes over the threshold, not a share of failing requests).
   */
  sli?: SliKind;
  /** The alert table that applies: a generated burn-rate table, or the file's own conditions. */
  alerting: AlertingInput;
}

export type SliKind = 'ratio' | 'threshold';

/** The burn-rate tables tools generate: the SRE workbook's page/ticket windows, or tiers scaled to the window. */
export type BurnRateTable = 'workbook-multiwindow' | 'window-scaled-tiers';

export type AlertingInput =
  /** `source` names the table in the report (e.g. "Sloth's alert windows"). */
  | {
      style: 'burn-rate-table';
      table: BurnRateTable;
      source: string;
      /** Severities whose alerts the SLO turns off (`page`, `ticket`), or all of them. */
      disabled?: 'all' | string[];
    }
  /** The SLO's own burn-rate conditions; without any, the workbook's windows stand in. */
  | { style: 'conditions'; conditions: ConditionInput[] };

export interface BudgetReport {
  name: string;
  format: string;
  objective?: string;
  target: number;
  method: BudgetingMethod;
  sli: SliKind;
  /** The slice length in minutes and, for Timeslices, the share of good a slice needs. */
  timeSlice?: { minutes: number; target?: number };
  window: {
    kind: 'rolling' | 'calendar';
    label: string;
    start: string;
    end: string;
    days: number;
    timeZone?: string;
  };
  budget: { ratio: number; allowedBadMinutes: number; allowedBadEvents?: number; allowedBadSlices?: number };
  alerts: AlertRow[];
  alertSource: string;
  warnings: string[];
}

const round = (x: number, digits = 10) => Number(x.toPrecision(digits));

/** The budget of one SLO objective at an instant: its window's real boundaries, the budget, the alerts. */
export function budgetReport(input: BudgetInput, at: Date, trafficPerSecond?: number): BudgetReport {
  const budget = errorBudget(input.target);
  let start: Date;
  let end: Date;
  if (input.window.kind === 'rolling') {
    end = at;
    start = new Date(at.getTime() - input.window.minutes * 60_000);
  } else {
    if (!(input.window.count > 0))
      throw new BudgetInputError(
        'window',
        `The window (${input.window.label}) has no length: give it a duration above zero, such as \`1M\`.`,
      );
    try {
      ({ start, end } = periodAt(
        at,
        input.window.count,
        input.window.unit,
        input.window.anchor,
        input.window.timeZone,
      ));
    } catch (err) {
      if (err instanceof BudgetInputError) throw err;
      // Periods so long that their boundaries are past the last date there is.
      start = end = new Date(NaN);
    }
  }
  // Past about 270 000 years from 1970 there are no dates: such a window has no boundaries to show.
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
    throw new BudgetInputError(
      'window',
      `The window (${input.window.label}) is too long to place in time: shorten it, e.g. to \`28d\` or \`1M\`.`,
    );
  const minutes = (end.getTime() - start.getTime()) / 60_000;
  const warnings: string[] = [];
  const report: BudgetReport = {
    name: input.name,
    format: input.format,
    ...(input.objective ? { objective: input.objective } : {}),
    target: input.target,
    method: input.method,
    sli: input.sli ?? 'ratio',
    ...(input.method !== 'Occurrences' && input.timeSlice ? { timeSlice: input.timeSlice } : {}),
    window: {
      kind: input.window.kind,
      label: input.window.label,
      start: start.toISOString(),
      end: end.toISOString(),
      days: round(minutes / 1440, 8),
      ...(input.window.kind === 'calendar' ? { timeZone: input.window.timeZone } : {}),
    },
    budget: { ratio: budget, allowedBadMinutes: allowedBadMinutes(input.target, minutes) },
    alerts: [],
    alertSource: '',
    warnings,
  };
  if (trafficPerSecond !== undefined)
    report.budget.allowedBadEvents = round(budget * trafficPerSecond * minutes * 60);
  if (input.method !== 'Occurrences' && input.timeSlice) {
    report.budget.allowedBadSlices = round((budget * minutes) / input.timeSlice.minutes);
  }
  if (budget <= 0) {
    warnings.push(
      'A 100 % target leaves no error budget: any bad event breaks the objective, and no burn-rate alert can be computed.',
    );
    return report;
  }
  if (report.budget.allowedBadMinutes < 1) {
    warnings.push(
      `The budget is ${formatDuration(report.budget.allowedBadMinutes)} of full outage over the window: a single bad deploy spends it before anyone is paged.`,
    );
  }
  const windowMinutes = minutes;
  const alerting = input.alerting;
  if (alerting.style === 'conditions' && alerting.conditions.length) {
    report.alerts = conditionAlerts(alerting.conditions, windowMinutes, budget);
    report.alertSource = "the SLO's AlertConditions";
  } else if (alerting.style === 'burn-rate-table' && alerting.table === 'window-scaled-tiers') {
    report.alerts = pyrraAlerts(windowMinutes, budget);
    report.alertSource = alerting.source;
  } else {
    report.alerts = slothAlerts(windowMinutes, budget);
    report.alertSource =
      alerting.style === 'burn-rate-table'
        ? alerting.source
        : "the SRE workbook's windows (as Sloth generates them)";
  }
  const off = alerting.style === 'burn-rate-table' ? alerting.disabled : undefined;
  if (off) {
    for (const a of report.alerts) a.disabled = off === 'all' || off.includes(a.severity);
    if (report.alerts.every((a) => a.disabled))
      warnings.push(
        'Every burn-rate alert of this SLO is disabled: nothing fires however fast the budget burns.',
      );
  }
  for (const a of report.alerts) {
    if (a.neverFires && !a.disabled) {
      warnings.push(
        `The ${a.severity} alert over ${a.longWindow} needs an error ratio of ${round(a.threshold * 100, 4)} %, above 100 %: it can never fire at this target.`,
      );
    }
  }
  return report;
}

/**
 * What an incident costs: `errorRate` of the requests failing for `minutes` (constant traffic); for a threshold
 * SLI, `errorRate` 1 and the minutes over the threshold.
 */
export interface WhatIf {
  /** Share of the window's budget the incident spends. */
  consumed: number;
  /** Share left after the incident: the budget left before it (a full budget unless given) minus `consumed`. */
  remaining: number;
  /** Minutes until the budget left before the incident is gone at this error rate (0 when none is left). */
  exhaustionMinutes: number;
  /** Timeslices: the slices the incident makes bad, and how many bad slices the window allows. */
  slices?: { bad: number; allowed: number };
}

/**
 * How many slices of `sliceMinutes` an incident of `minutes` at `errorRate` makes bad, when a slice may hold a
 * share `tolerated` of bad (1 − timeSliceTarget) and the incident starts `offset` minutes into a slice: a slice
 * it covers for a fraction f is bad when errorRate × f > tolerated (the rest of the slice is good).
 */
export function badSlices(
  errorRate: number,
  minutes: number,
  sliceMinutes: number,
  tolerated: number,
  offset = 0,
): number {
  if (!(minutes > 0 && sliceMinutes > 0)) return 0;
  const bad = (covered: number) => round(errorRate * Math.min(1, covered / sliceMinutes), 12) > tolerated;
  const start = offset % sliceMinutes;
  const end = start + minutes;
  const last = Math.ceil(round(end / sliceMinutes, 12)) - 1;
  if (last === 0) return bad(minutes) ? 1 : 0;
  const full = last - 1;
  return (
    (bad(sliceMinutes - start) ? 1 : 0) +
    (bad(end - last * sliceMinutes) ? 1 : 0) +
    (bad(sliceMinutes) ? full : 0)
  );
}

/**
 * What an incident costs the budget. Occurrences and RatioTimeslices weigh the share of failing requests
 * (RatioTimeslices averages the slices' ratios, which at constant traffic is the same share); Timeslices counts
 * the slices the incident makes bad against the bad slices the window allows. `sliceOffset`: minutes from the
 * start of a slice to the start of the incident. `budgetLeft`: the share of the budget left before the incident
 * (the live budget; 1, a full budget, by default; negative when already overspent).
 */
export function whatIf(
  report: BudgetReport,
  errorRate: number,
  minutes: number,
  sliceOffset = 0,
  budgetLeft = 1,
): WhatIf {
  const slice = report.method === 'Timeslices' ? report.timeSlice : undefined;
  const allowedSlices = report.budget.allowedBadSlices;
  // The share of the window's budget still to spend: nothing when it is already overspent.
  const left = Math.max(0, budgetLeft);
  if (slice?.target !== undefined && allowedSlices !== undefined) {
    const tolerated = errorBudget(slice.target);
    const bad = badSlices(errorRate, minutes, slice.minutes, tolerated, sliceOffset);
    const consumed = allowedSlices > 0 ? round(bad / allowedSlices) : bad > 0 ? Infinity : 0;
    return {
      consumed,
      remaining: round(budgetLeft - consumed),
      exhaustionMinutes: errorRate > tolerated ? round(left * allowedSlices * slice.minutes) : Infinity,
      slices: { bad, allowed: allowedSlices },
    };
  }
  const allowed = report.budget.allowedBadMinutes;
  const badMinutes = errorRate * minutes;
  const consumed = allowed > 0 ? round(badMinutes / allowed) : Infinity;
  return {
    consumed,
    remaining: round(budgetLeft - consumed),
    exhaustionMinutes: errorRate > 0 ? round((left * allowed) / errorRate) : Infinity,
  };
}

/** The share of budget left after `bad` of `total` events (negative when overspent): (B − bad/total) / B. */
export function budgetRemaining(target: number, bad: number, total: number): number {
  const budget = errorBudget(target);
  if (total <= 0) return 1;
  return round((budget - bad / total) / budget);
}

/** What a number of bad events costs, given the traffic the report was computed for. */
export function whatIfBadEvents(
  report: BudgetReport,
  badEvents: number,
): Omit<WhatIf, 'exhaustionMinutes'> | undefined {
  const allowed = report.budget.allowedBadEvents;
  if (allowed === undefined || allowed <= 0) return undefined;
  const consumed = round(badEvents / allowed);
  return { consumed, remaining: round(1 - consumed) };
}

/**
 * Minutes of an incident that exhaust a window's budget when the service otherwise succeeds at `baseline`
 * and at `during` while it lasts (ratios of good events, constant traffic), per budgeting method:
 * Occurrences and RatioTimeslices weigh the success ratio (of events, of each slice's mean); Timeslices counts
 * the incident's slices as bad and the others as good.
 */
export function minutesToExhaust(
  method: BudgetingMethod,
  target: number,
  windowMinutes: number,
  baseline: number,
  during: number,
): number {
  const budget = errorBudget(target);
  if (method === 'Timeslices') return round(budget * windowMinutes);
  if (baseline <= during) return Infinity;
  return round((windowMinutes * (baseline - target)) / (baseline - during));
}
