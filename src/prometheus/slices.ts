/**
 * Time slices counted inside Prometheus: one subquery per figure (bad slices, slices with data, …) over the slices
 * of the measured window, so a read costs a handful of queries answered with one number each, whatever the window
 * holds. Slices lie on Prometheus's grid — multiples of the slice length since 1970-01-01 UTC, as every subquery
 * step does — and only the slices wholly inside the measured part of the window are counted.
 */
import { LIMITS, PrometheusError, type PrometheusClient, type Series } from './client.js';
import { canonicalDuration, windowText } from './durations.js';
import { infinite, outOfRange, roundedBound, ROUNDING } from './values.js';

/** How one slice is judged: PromQL evaluated at the slice's end. */
export type SliceSli =
  /** `good`: the slice's good ratio (its SLI), absent or NaN when the slice had no traffic. */
  | { kind: 'ratio'; good: string }
  /** `value`: the threshold query, summed; `bad`: the same, kept only where it breaks the objective. */
  | { kind: 'threshold'; value: string; bad: string };

export interface SlicePlan {
  /** The slice length in seconds, and as a Prometheus duration. */
  seconds: number;
  window: string;
  /** The ends of the first and last slices counted (unix seconds, on the grid), and how many slices that is. */
  first: number;
  last: number;
  count: number;
}

/** The slices wholly inside `start`–`end` (unix seconds); refused beyond `LIMITS.slicesPerRead`. */
export function planSlices(start: number, end: number, seconds: number): SlicePlan {
  const window = windowText(seconds);
  const first = Math.ceil(start / seconds) * seconds + seconds;
  const last = Math.floor(end / seconds) * seconds;
  if (last < first) throw new PrometheusError('no-data', `No ${window} slice has ended yet in this window.`);
  const count = Math.round((last - first) / seconds) + 1;
  if (count > LIMITS.slicesPerRead)
    throw new PrometheusError(
      'limit',
      `The window holds ${count} slices of ${window} to count, above the bound of ${LIMITS.slicesPerRead} slices per read: choose a longer timeSliceWindow or a shorter window.`,
    );
  return { seconds, window, first, last, count };
}

/** Figures over slices: bad ones, ones with data, and the sum of the good ratios of those with data. */
export interface SliceFigures {
  bad: number;
  withData: number;
  goodSum: number;
}

export interface SliceCount extends SliceFigures {
  /** The figures so far after each block of `every` slices, the last block ending at the last slice. */
  every: number;
  blocks: Array<SliceFigures & { end: number }>;
}

const at = (s: number) => new Date(s * 1000);

/** What is counted, as PromQL over one slice. */
function expressions(sli: SliceSli, target: number) {
  return sli.kind === 'ratio'
    ? { bad: `(${sli.good}) < ${roundedBound(target, '<')}`, data: `(${sli.good}) >= -Inf` }
    : { bad: sli.bad, data: `(${sli.value}) >= -Inf` };
}

/** `fn` over the `n` slices ending at the evaluation time: `[n slices − a second : slice]`, so that both ends of
 * the range are not on the grid (Prometheus 2 includes a point at the range's start, Prometheus 3 does not). */
function over(plan: SlicePlan, fn: string, expr: string, n: number): string {
  const range = n * plan.seconds - Math.min(1, plan.seconds / 2);
  return `${fn}((${expr})[${canonicalDuration(range)}:${plan.window}])`;
}

/** One figure at `time`: the sum of the answer's series, undefined when there is none. */
async function figure(
  client: PrometheusClient,
  purpose: string,
  query: string,
  time: number,
): Promise<number | undefined> {
  const result = await client.instant(purpose, query, at(time));
  return result.length ? result.reduce((a, r) => a + r.value, 0) : undefined;
}

/** A count of slices, which cannot be anything but a whole number from 0 to `n`. */
function slices(value: number | undefined, n: number, query: string, origin: string): number {
  const count = value ?? 0;
  if (!(Number.isInteger(count) && count >= 0 && count <= n))
    throw new PrometheusError(
      'garbage',
      `${origin} did not answer like Prometheus (${count} slices counted of ${n})`,
      query,
    );
  return count;
}

/** Sums a range answer per timestamp. */
function perTime(series: Series[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const s of series) for (const [t, v] of s.points) out.set(t, (out.get(t) ?? 0) + v);
  return out;
}

/**
 * Counts the slices of `plan`: bad ones (the SLI under `target`, or the threshold broken), ones with data, the sum
 * of their good ratios (`ratios`: RatioTimeslices needs it, and the burn-down follows it), and the same figures
 * after each block of slices for the burn-down.
 */
export async function countSlices(
  client: PrometheusClient,
  plan: SlicePlan,
  sli: SliceSli,
  target: number,
  ratios: boolean,
): Promise<SliceCount> {
  const { count: n, window, last } = plan;
  const origin = client.base.origin;
  const e = expressions(sli, target);
  if (sli.kind === 'ratio') {
    // A slice's SLI outside 0–1 is not counted as good or bad: it is an error of its own kind.
    for (const [fn, which] of [
      ['max_over_time', 'highest'],
      ['min_over_time', 'lowest'],
    ] as const) {
      const query = over(plan, fn, e.data, n);
      const value = await figure(client, `the ${which} ${window} slice SLI`, query, last);
      if (value === undefined) continue;
      const error =
        infinite(value, `a ${window} slice`, query) ?? outOfRange(value, `a ${window} slice`, query);
      if (error) throw error;
    }
  }
  const badQuery = over(plan, 'count_over_time', e.bad, n);
  const bad = slices(await figure(client, `bad ${window} slices`, badQuery, last), n, badQuery, origin);
  const dataQuery = over(plan, 'count_over_time', e.data, n);
  const withData = slices(
    await figure(client, `${window} slices with data`, dataQuery, last),
    n,
    dataQuery,
    origin,
  );
  let goodSum = withData - bad;
  if (sli.kind === 'ratio' && ratios) {
    const query = over(plan, 'sum_over_time', e.data, n);
    goodSum = (await figure(client, `the good ratios of ${window} slices, summed`, query, last)) ?? 0;
    if (!(goodSum >= -ROUNDING && goodSum <= withData + ROUNDING))
      throw new PrometheusError(
        'garbage',
        `${origin} did not answer like Prometheus (good ratios summing to ${goodSum} over ${withData} slices)`,
        query,
      );
  }

  // The burn-down: the same figures per block of `every` slices, for the blocks before the last one.
  const every = Math.max(1, Math.ceil(n / 600));
  const fullBlocks = Math.ceil(n / every) - 1;
  const blocks: SliceCount['blocks'] = [];
  if (fullBlocks > 0) {
    const step = every * plan.seconds;
    const from = plan.first + (every - 1) * plan.seconds;
    const to = from + (fullBlocks - 1) * step;
    const block = async (what: string, fn: string, expr: string) =>
      perTime(
        await client.range(
          `the burn-down (${what} per ${every} ${window} slices)`,
          over(plan, fn, expr, every),
          at(from),
          at(to),
          step,
        ),
      );
    const badPer =
      !ratios || sli.kind === 'threshold' ? await block('bad slices', 'count_over_time', e.bad) : undefined;
    const dataPer = ratios ? await block('slices with data', 'count_over_time', e.data) : undefined;
    const sumPer =
      ratios && sli.kind === 'ratio' ? await block('good ratios summed', 'sum_over_time', e.data) : undefined;
    const so = { bad: 0, withData: 0, goodSum: 0 };
    for (let t = from; t <= to; t += step) {
      so.bad += badPer?.get(t) ?? 0;
      so.withData += dataPer?.get(t) ?? 0;
      so.goodSum += sumPer ? (sumPer.get(t) ?? 0) : (dataPer?.get(t) ?? 0) - (badPer?.get(t) ?? 0);
      blocks.push({ end: t, ...so });
    }
  }
  blocks.push({ end: last, bad, withData, goodSum });
  return { bad, withData, goodSum, every, blocks };
}

/** For a threshold SLI: bad slices among those with data over the last `seconds` of the counted slices. */
export async function sliceErrorRatio(
  client: PrometheusClient,
  plan: SlicePlan,
  sli: SliceSli,
  window: string,
  seconds: number,
): Promise<number> {
  const n = Math.min(plan.count, Math.max(1, Math.round(seconds / plan.seconds)));
  const e = expressions(sli, 1);
  const origin = client.base.origin;
  const badQuery = over(plan, 'count_over_time', e.bad, n);
  const bad = slices(
    await figure(client, `bad ${plan.window} slices over the last ${window}`, badQuery, plan.last),
    n,
    badQuery,
    origin,
  );
  const dataQuery = over(plan, 'count_over_time', e.data, n);
  const withData = slices(
    await figure(client, `${plan.window} slices with data over the last ${window}`, dataQuery, plan.last),
    n,
    dataQuery,
    origin,
  );
  return withData ? bad / withData : Number.NaN;
}
