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
