import { promDuration } from './format.js';

/** One multi-window burn-rate alert, with what it means for this SLO. */
export interface AlertRow {
  severity: string;
  longWindow: string;
  shortWindow: string;
  /** Burn rate that fires the alert. */
  factor: number;
  /** The same, as an error ratio: factor × budget. */
  threshold: number;
  /** Hours until a full budget is gone when burning at `factor`: W / factor. */
  exhaustionHours: number;
  /** Share of the budget spent within the long window when the alert fires. */
  budgetSpent: number;
  /** Minutes until a full outage (error ratio 1) fires it: factor × budget × long window. */
  detectionMinutes: number;
  /** True when even a full outage stays under the threshold (threshold > 1). */
  neverFires: boolean;
}

const round = (x: number, digits = 10) => Number(x.toPrecision(digits));

function row(
  severity: string,
  longMinutes: number,
  shortMinutes: number,
  factor: number,
  windowMinutes: number,
  budget: number,
): AlertRow {
  const threshold = round(factor * budget);
  return {
    severity,
    longWindow: promDuration(longMinutes),
    shortWindow: shortMinutes > 0 ? promDuration(shortMinutes) : '',
    factor: round(factor, 6),
    threshold,
    exhaustionHours: round(windowMinutes / factor / 60, 6),
    budgetSpent: round((factor * longMinutes) / windowMinutes, 6),
    detectionMinutes: round(threshold * longMinutes, 6),
    neverFires: threshold > 1,
  };
}

/**
 * The Google SRE workbook's windows as Sloth ships them: the factor is derived from the share of the budget
 * spent within the long window, for this SLO's window (30 days: 14.4, 6, 3, 1).
 */
export function slothAlerts(windowMinutes: number, budget: number): AlertRow[] {
  return (
    [
      ['page', 60, 5, 2],
      ['page', 360, 30, 5],
      ['ticket', 1440, 120, 10],
      ['ticket', 4320, 360, 10],
    ] as const
  ).map(([severity, long, short, percent]) =>
    row(severity, long, short, ((percent / 100) * windowMinutes) / long, windowMinutes, budget),
  );
}

/** Pyrra's tiers: fixed factors 14, 7, 2, 1 and windows that scale with the SLO window, rounded to the minute. */
export function pyrraAlerts(windowMinutes: number, budget: number): AlertRow[] {
  return (
    [
      ['critical', 672, 8064, 14],
      ['critical', 112, 1344, 7],
      ['warning', 28, 336, 2],
      ['warning', 7, 112, 1],
    ] as const
  ).map(([severity, longDiv, shortDiv, factor]) =>
    row(
      severity,
      Math.round(windowMinutes / longDiv),
      Math.round(windowMinutes / shortDiv),
      factor,
      windowMinutes,
      budget,
    ),
  );
}

/** An OpenSLO AlertCondition: a burn-rate threshold over a lookback window. */
export interface ConditionInput {
  name: string;
  severity: string;
  /** Burn rate. */
  threshold: number;
  lookbackMinutes: number;
}

export function conditionAlerts(
  conditions: ConditionInput[],
  windowMinutes: number,
  budget: number,
): AlertRow[] {
  return conditions.map((c) => row(c.severity, c.lookbackMinutes, 0, c.threshold, windowMinutes, budget));
}
