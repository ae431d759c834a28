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
  /** How long the condition must hold before the alert fires (OpenSLO `alertAfter`, Prometheus `for`); '' for none. */
  alertAfter: string;
  alertAfterMinutes: number;
  /**
   * Minutes until a full outage (error ratio 1) fires it: factor × budget × long window for the long window to
   * cross the threshold, plus `alertAfterMinutes`.
   */
  detectionMinutes: number;
  /** True when even a full outage stays under the threshold (threshold > 1). */
  neverFires: boolean;
  /** True when the SLO turns this alert off: it is listed, but nothing is generated for it. */
  disabled: boolean;
}

const round = (x: number, digits = 10) => Number(x.toPrecision(digits));

function row(
  severity: string,
  longMinutes: number,
  shortMinutes: number,
  factor: number,
  windowMinutes: number,
  budget: number,
  alertAfterMinutes = 0,
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
    alertAfter: alertAfterMinutes > 0 ? promDuration(alertAfterMinutes, true) : '',
    alertAfterMinutes: round(alertAfterMinutes, 6),
    detectionMinutes: round(threshold * longMinutes + alertAfterMinutes, 6),
    neverFires: threshold > 1,
    disabled: false,
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

/**
 * Pyrra's tiers: fixed factors 14, 7, 2, 1 and windows that scale with the SLO window, rounded to the minute, each
 * with its `for` (2m, 15m, 1h, 3h for 28 days).
 */
export function pyrraAlerts(windowMinutes: number, budget: number): AlertRow[] {
  return (
    [
      ['critical', 672, 8064, 20160, 14],
      ['critical', 112, 1344, 2688, 7],
      ['warning', 28, 336, 672, 2],
      ['warning', 7, 112, 224, 1],
    ] as const
  ).map(([severity, longDiv, shortDiv, forDiv, factor]) =>
    row(
      severity,
      Math.round(windowMinutes / longDiv),
      Math.round(windowMinutes / shortDiv),
      factor,
      windowMinutes,
      budget,
      Math.round(windowMinutes / forDiv),
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
  /** `alertAfter`: how long the condition must hold before it fires. */
  alertAfterMinutes?: number;
}

export function conditionAlerts(
  conditions: ConditionInput[],
  windowMinutes: number,
  budget: number,
): AlertRow[] {
  return conditions.map((c) =>
    row(c.severity, c.lookbackMinutes, 0, c.threshold, windowMinutes, budget, c.alertAfterMinutes),
  );
}

/** Whether a burn-rate alert's condition holds now, judged on the live burn rates over its own windows. */
export interface AlertNow {
  /** True when both windows burn above the alert's factor; null when a window's burn rate was not read. */
  fires: boolean | null;
  /** The verdict and, when it does not fire, the window that keeps it quiet: "No — 1h burn 2.1 < 14.4". */
  text: string;
}

/** A burn rate to three significant digits, as the burn-rate table shows it; more when it would read as the factor. */
const burn = (x: number, factor: number) => {
  const short = Number(x.toPrecision(3));
  return String(short === factor && x !== factor ? Number(x.toPrecision(8)) : short);
};

/**
 * Would the alert fire now: both its long and its short window (where it has one) burn faster than its factor,
 * as the generated rules compare (`>`). `burnRates` holds the live burn rate per window text (`1h`), null for a
 * window without traffic. An alert with a `for` (alert after) fires once the condition has held that long.
 */
export function alertNow(alert: AlertRow, burnRates: Record<string, number | null>): AlertNow {
  if (alert.disabled) return { fires: false, text: 'No — disabled' };
  const windows = [alert.longWindow, alert.shortWindow].filter(Boolean);
  for (const w of windows) {
    if (!(w in burnRates)) return { fires: null, text: `Unknown — ${w} not read` };
  }
  for (const w of windows) {
    const rate = burnRates[w];
    if (rate === null || rate === undefined) return { fires: false, text: `No — no traffic over ${w}` };
    if (!(rate > alert.factor))
      return {
        fires: false,
        text: `No — ${w} burn ${burn(rate, alert.factor)} ${rate < alert.factor ? '<' : '≤'} ${alert.factor}`,
      };
  }
  return { fires: true, text: alert.alertAfter ? `Fires now (once held ${alert.alertAfter})` : 'Fires now' };
}
