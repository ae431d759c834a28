/** An SLI's error ratio over time, for the replay's timeline: bounded by the range query's point limit. */
import { PrometheusError, type PrometheusClient } from './client.js';
import { queryReader, windowText, type LiveSpec } from './live.js';
import { everyStep, stepFor } from './steps.js';

const seconds = (d: Date) => d.getTime() / 1000;
const at = (s: number) => new Date(s * 1000);
const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/** Each point is the ratio over the step ending there (null without traffic). */
export interface ErrorRatioSeries {
  step: number;
  points: Array<[number, number | null]>;
}

/** The error ratio from `start` to `end` in about `points` steps of whole minutes (within the point limit). */
export async function errorRatioSeries(
  spec: LiveSpec,
  client: PrometheusClient,
  start: Date,
  end: Date,
  points: number,
): Promise<ErrorRatioSeries> {
  if (spec.sli.kind !== 'events' && spec.sli.kind !== 'ratio')
    throw new PrometheusError(
      'unsupported',
      spec.sli.kind === 'unsupported' ? spec.sli.reason : 'A threshold SLI has no error ratio to chart.',
    );
  const span = seconds(end) - seconds(start);
  const step = stepFor(span, points);
  const from = seconds(end) - Math.floor(span / step) * step;
  const series = await queryReader(client, spec.sli).ratioRange(
    `the error ratio over time (${windowText(step)} steps)`,
    windowText(step),
    at(from),
    end,
    step,
  );
  return {
    step,
    points: everyStep(series, from, seconds(end), step).map(([t, p]) => [
      t,
      Number.isFinite(p.ratio) ? round(Math.min(1, Math.max(0, p.ratio)), 8) : null,
    ]),
  };
}
