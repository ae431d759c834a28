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
  /** Why the blocks before the last one are missing, when the server refused their range query. */
  refused?: string;
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

/** Slices in one part of a subquery, for a server that refuses longer ones (VictoriaMetrics: 30 000 points). */
export const SLICES_PER_SUBQUERY = 20_000;

/** How `over`'s figure is made of the figures of consecutive parts of the slices. */
const COMBINE: Record<string, string> = {
  count_over_time: 'sum',
  sum_over_time: 'sum',
  max_over_time: 'max',
  min_over_time: 'min',
};

/**
 * `over` for more slices than one subquery holds: consecutive parts, each shifted by `offset` past the ones after it,
 * labelled apart so that `or` keeps them all, then combined (no series at all when no part has one).
 */
function inParts(plan: SlicePlan, fn: string, expr: string, n: number): string {
  const parts: string[] = [];
  for (let done = 0; done < n; done += SLICES_PER_SUBQUERY) {
    const part = over(plan, fn, expr, Math.min(SLICES_PER_SUBQUERY, n - done));
    const shifted = done ? part.replace(/\)$/, ` offset ${canonicalDuration(done * plan.seconds)})`) : part;
    parts.push(`label_replace(${shifted}, "part", "${parts.length}", "", "")`);
  }
  return `${COMBINE[fn]!}(${parts.join(' or ')})`;
}

/** Clients whose server refused one subquery over many slices: the rest of their read sends slices in parts. */
const bounded = new WeakSet<PrometheusClient>();

/**
 * `fn` over the `n` slices ending at `time` as one figure, and the query that read it: one subquery, or in parts
 * once the server refused one past `SLICES_PER_SUBQUERY` slices (VictoriaMetrics' bound on the points of one).
 */
async function counted(
  client: PrometheusClient,
  purpose: string,
  plan: SlicePlan,
  fn: string,
  expr: string,
  n: number,
  time: number,
): Promise<{ value: number | undefined; query: string }> {
  if (n > SLICES_PER_SUBQUERY && !bounded.has(client)) {
    const query = over(plan, fn, expr, n);
    try {
      return { value: await figure(client, purpose, query, time), query };
    } catch (err) {
      if (!(err instanceof PrometheusError && err.kind === 'promql')) throw err;
      bounded.add(client);
    }
  }
  const query = n > SLICES_PER_SUBQUERY ? inParts(plan, fn, expr, n) : over(plan, fn, expr, n);
  return { value: await figure(client, purpose, query, time), query };
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
      const { value, query } = await counted(
        client,
        `the ${which} ${window} slice SLI`,
        plan,
        fn,
        e.data,
        n,
        last,
      );
      if (value === undefined) continue;
      const error =
        infinite(value, `a ${window} slice`, query) ?? outOfRange(value, `a ${window} slice`, query);
      if (error) throw error;
    }
  }
  const badRead = await counted(client, `bad ${window} slices`, plan, 'count_over_time', e.bad, n, last);
  const bad = slices(badRead.value, n, badRead.query, origin);
  const dataRead = await counted(
    client,
    `${window} slices with data`,
    plan,
    'count_over_time',
    e.data,
    n,
    last,
  );
  const withData = slices(dataRead.value, n, dataRead.query, origin);
  let goodSum = withData - bad;
  if (sli.kind === 'ratio' && ratios) {
    const purpose = `the good ratios of ${window} slices, summed`;
    const { value, query } = await counted(client, purpose, plan, 'sum_over_time', e.data, n, last);
    goodSum = value ?? 0;
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
  let refused: string | undefined;
  if (fullBlocks > 0) {
    try {
      await burnDown();
    } catch (err) {
      // One subquery spans every slice of a range query: an engine that bounds subqueries (VictoriaMetrics, at 30 000
      // points by default) refuses it past that, and the figures above stand without the burn-down.
      if (!(err instanceof PrometheusError && err.kind === 'promql' && n > SLICES_PER_SUBQUERY)) throw err;
      blocks.length = 0;
      refused = `${origin} refused the burn-down over ${n} slices of ${window} (${err.message.slice(err.message.lastIndexOf(': ') + 2)}): only the last point is shown.`;
    }
  }
  blocks.push({ end: last, bad, withData, goodSum });
  return { bad, withData, goodSum, every, blocks, ...(refused ? { refused } : {}) };

  async function burnDown(): Promise<void> {
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
  const last = plan.last;
  const badRead = await counted(
    client,
    `bad ${plan.window} slices over the last ${window}`,
    plan,
    'count_over_time',
    e.bad,
    n,
    last,
  );
  const bad = slices(badRead.value, n, badRead.query, origin);
  const dataRead = await counted(
    client,
    `${plan.window} slices with data over the last ${window}`,
    plan,
    'count_over_time',
    e.data,
    n,
    last,
  );
  const withData = slices(dataRead.value, n, dataRead.query, origin);
  return withData ? bad / withData : Number.NaN;
}
