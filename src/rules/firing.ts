/**
 * When an alert rule fires, from the instants its expression returned a sample, as Prometheus's rule manager
 * decides it: a series becomes pending at the first evaluation that returns it, firing once it has been returned
 * at every evaluation for `for`, and resolved at the first evaluation that does not return it (or, with
 * `keep_firing_for`, once it has been absent that long).
 */

/** One firing of one alert series: from the evaluation it started firing at, to the one it was resolved at. */
export interface FiringInterval {
  /** Seconds since the epoch. */
  start: number;
  /** The evaluation at which it was resolved; undefined when it still fires at the end of the range. */
  end?: number;
  labels: Record<string, string>;
}

export interface EvaluatedSeries {
  /** The series' labels, as the expression returns them (without `__name__`). */
  labels: Record<string, string>;
  /** The evaluation instants (seconds) at which the expression returned the series. */
  times: number[];
}

/**
 * The firing intervals of every series, evaluated every `step` seconds from `from` to `to`. Evaluations are at
 * `from + k·step`; a missing instant is an evaluation that did not return the series.
 */
export function firingIntervals(
  series: readonly EvaluatedSeries[],
  options: { from: number; to: number; step: number; forSeconds: number; keepFiringForSeconds?: number },
): FiringInterval[] {
  const { from, to, step } = options;
  const forEvals = Math.ceil(options.forSeconds / step);
  const keepEvals = Math.ceil((options.keepFiringForSeconds ?? 0) / step);
  const last = Math.round((to - from) / step);
  const out: FiringInterval[] = [];
  for (const s of series) {
    const ks = [
      ...new Set(s.times.map((t) => Math.round((t - from) / step)).filter((k) => k >= 0 && k <= last)),
    ].sort((a, b) => a - b);
    // Runs of consecutive evaluations that returned the series.
    const runs: Array<[number, number]> = [];
    for (const k of ks) {
      const run = runs[runs.length - 1];
      if (run && k === run[1] + 1) run[1] = k;
      else runs.push([k, k]);
    }
    let firingAt: number | undefined;
    let lastSeen = 0;
    for (const [a, b] of runs) {
      if (firingAt !== undefined) {
        // Absent from lastSeen + 1 to a - 1: resolved at the first of those evaluations past keep_firing_for.
        const resolvedAt = lastSeen + 1 + keepEvals;
        if (resolvedAt <= a - 1) {
          out.push({ start: from + firingAt * step, end: from + resolvedAt * step, labels: s.labels });
          firingAt = undefined;
        }
      }
      // Pending from a; firing once returned at every evaluation for `for`.
      if (firingAt === undefined && a + forEvals <= b) firingAt = a + forEvals;
      lastSeen = b;
    }
    if (firingAt !== undefined) {
      const resolvedAt = lastSeen + 1 + keepEvals;
      out.push({
        start: from + firingAt * step,
        ...(resolvedAt <= last ? { end: from + resolvedAt * step } : {}),
        labels: s.labels,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
