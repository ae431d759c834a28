/** The steps of the range reads of a live budget: how far apart, and every one of them, answered or not. */
import { MAX_POINTS } from './client.js';

/** Steps of a range query over `span` seconds: about `points` of them, whole minutes, within the point limit. */
export function stepFor(span: number, points: number, minimum = 60): number {
  const step = Math.max(minimum, Math.ceil(span / points / 60) * 60);
  return Math.max(step, Math.ceil(span / (MAX_POINTS - 1)));
}

export type RatioPoint = { ratio: number; errors?: number; total?: number };

/**
 * Every step of a range read, NaN where the answer has no point: Prometheus answers NaN where VictoriaMetrics, which
 * leaves NaN out of its answers, answers nothing, and a step without data is no ratio either way.
 */
export function everyStep(
  series: Map<number, RatioPoint>,
  from: number,
  to: number,
  step: number,
): Array<[number, RatioPoint]> {
  const out: Array<[number, RatioPoint]> = [];
  for (let i = 0; from + i * step <= to; i++) {
    const t = from + i * step;
    out.push([t, series.get(t) ?? { ratio: Number.NaN }]);
  }
  return out;
}

/**
 * Leaves out (sets to null) each point of a rolling burn-down that follows a point without data: its window, a
 * step later, holds less than a step of data (a rate read from a few samples, or a recorded ratio averaging its
 * first few), which draws as a spike. Returns how many were left out.
 */
export function dropPartialPoints(points: Array<[number, number | null]>): number {
  let dropped = 0;
  // From the end, so that a point left out does not make the next one look partial.
  for (let i = points.length - 1; i > 0; i--) {
    if (points[i]![1] !== null && points[i - 1]![1] === null) {
      points[i] = [points[i]![0], null];
      dropped++;
    }
  }
  return dropped;
}
