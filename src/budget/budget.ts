/** The error budget of a target, as the formulas of the budget guide define it. */

/** B = 1 − T, rounded so 1 − 0.999 is 0.001 and not 0.000999…. */
export function errorBudget(target: number): number {
  return Number((1 - target).toPrecision(12));
}

/** Minutes of full outage the budget allows over a window of `windowMinutes`. */
export function allowedBadMinutes(target: number, windowMinutes: number): number {
  return Number((errorBudget(target) * windowMinutes).toPrecision(12));
}

/** Burn rate of an error ratio: how many times faster than "exactly the budget over the window" it spends. */
export function burnRate(errorRatio: number, target: number): number {
  return Number((errorRatio / errorBudget(target)).toPrecision(12));
}
