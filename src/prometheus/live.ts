/**
 * The budget actually left, from Prometheus: the SLI over the SLO's window, the budget remaining, the burn
 * rate over every alert window and a burn-down series, per budgeting method. Format-free: it reads a
 * `LiveSpec` (queries with a `{{.window}}` placeholder, or the recording rules Sloth and Pyrra deploy).
 */
import { alertNow, type AlertNow } from '../budget/alerts.js';
import { errorBudget } from '../budget/budget.js';
import { prometheusDurationMinutes } from '../budget/duration.js';
import type { BudgetInput, BudgetReport } from '../budget/budget-report.js';
import { PrometheusError, type PrometheusClient, type SentQuery, type Series } from './client.js';
import { canonicalDuration, windowText } from './durations.js';
import { checkedErrorRatio, finite, roundedBound } from './values.js';
import { dropPartialPoints, everyStep, stepFor } from './steps.js';
import { countSlices, planSlices, sliceErrorRatio, type SliceFigures, type SliceSli } from './slices.js';
import { dataAge, readFreshness, staleNote, type Freshness } from './freshness.js';

export { canonicalDuration, windowText };

/** How the SLI is read from raw metrics. Queries are templates: `{{.window}}` stands for the window. */
export type LiveSli =
  | { kind: 'events'; good?: string; bad?: string; total?: string; origin: string }
  | { kind: 'ratio'; errorRatio: string; origin: string }
  | {
      kind: 'threshold';
      query: string;
      op: 'lt' | 'lte' | 'gt' | 'gte';
      value: number;
      origin: string;
    }
  | { kind: 'unsupported'; reason: string };

/**
 * The series recording rules hold for one SLO, when they are deployed: the error ratio per window
 * (`<ratioPrefix><window>{<label>="<value>"}`) and, where the rules record them, the events of a window.
 */
export interface RecordedRules {
  /** Metric name the window follows: `slo:sli_error:ratio_rate` reads `slo:sli_error:ratio_rate5m`. */
  ratioPrefix: string;
  /** The label that picks this SLO's series, and its value. */
  label: { name: string; value: string };
  /** Selectors of the series counting a window's events, with `{{.window}}` for the window. */
  events?: { errors?: string; good?: string; total: string };
  /** Which rules these are, as the answer names its source. */
  source: Exclude<LiveSource, 'queries'>;
  /** The rules in words, for the answer's source note. */
  note: string;
  /** Said when the whole measured window is read from one recorded ratio (`{{.window}}` is that window). */
  wholeWindowNote?: string;
}

export interface LiveSpec {
  sli: LiveSli;
  recorded?: RecordedRules;
}

export type LiveSource = 'queries' | 'sloth-recording-rules' | 'pyrra-recording-rules';

export interface LiveBudget {
  at: string;
  source: LiveSource;
  /** Which series or queries were used, in words. */
  sourceNote: string;
  method: BudgetInput['method'];
  /** The part of the window measured: all of a rolling window, the elapsed part of a calendar period. */
  measured: { start: string; end: string; window: string };
  /** Ratio of good over the window (events, slices or mean slice ratio, by method). */
  sli: number;
  /** Share of the window's budget left: 1 − spent / budget, negative when overspent. */
  budgetRemaining: number;
  /** Burn rate (error ratio / budget) over each alert window; `null` without traffic or data, or when stale. */
  burnRates: Record<string, number | null>;
  /** Per alert row of the report, in its order: would it fire now, from `burnRates` over its own windows. */
  alertsNow: AlertNow[];
  /** The newest sample of the SLI's series: `stale` (no burn rate) when older than the shortest window. */
  freshness?: Freshness;
  slices?: { length: string; counted: number; bad: number; empty: number; inWindow: number };
  burnDown: { step: number; meaning: string; points: Array<[number, number | null]> };
  notes: string[];
  queries: SentQuery[];
}

const WINDOW = /\{\{\s*\.window\s*\}\}/g;
export const renderWindow = (template: string, window: string) => template.replace(WINDOW, window);

const round = (x: number, digits = 10) => Number(x.toPrecision(digits));
const seconds = (d: Date) => d.getTime() / 1000;
const at = (s: number) => new Date(s * 1000);

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Sums the series of a range result per timestamp. */
function sumSeries(series: Series[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const s of series) for (const [t, v] of s.points) out.set(t, (out.get(t) ?? 0) + v);
  return out;
}

/** The SLI's error ratio over one window, read one way or another; values no ratio can be are errors. */
interface Reader {
  note: string;
  /** Error ratio over `window` ending at `time` (NaN with no traffic). */
  ratio(purpose: string, window: string, time: Date): Promise<number>;
  /** Per-point error ratio (and traffic weight when known) over `window`-long windows ending at each step. */
  ratioRange(
    purpose: string,
    window: string,
    start: Date,
    end: Date,
    step: number,
  ): Promise<Map<number, { ratio: number; errors?: number; total?: number }>>;
  /** PromQL of the good ratio over `window` (absent or NaN without traffic), for slices counted in Prometheus. */
  slice(window: string): string | undefined;
}

function noData(purpose: string, query: string): PrometheusError {
  return new PrometheusError(
    'no-data',
    `No data for ${purpose}: the query returned no series. Check the metric name and labels, and that Prometheus has data at that time.`,
    query,
  );
}

/** A ratio query answers no series without data, and also without traffic where the engine leaves NaN out. */
function noRatio(purpose: string, query: string): PrometheusError {
  return new PrometheusError(
    'no-data',
    `No data for ${purpose}: the ratio query returned no series. Check the metric name and labels, and that Prometheus has data at that time; VictoriaMetrics also answers no series for a ratio without traffic (0/0), where Prometheus answers NaN.`,
    query,
  );
}

const pointAt = (purpose: string, t: number) => `${purpose} at ${at(t).toISOString()}`;

/** Error ratios of a range answer, per timestamp, checked. */
function ratiosOf(series: Series[], purpose: string, query: string) {
  return new Map(
    [...sumSeries(series)].map(([t, ratio]) => [
      t,
      { ratio: checkedErrorRatio(ratio, pointAt(purpose, t), query) },
    ]),
  );
}

/** Reads raw metrics with the SLO's own queries. */
export function queryReader(
  client: PrometheusClient,
  sli: Extract<LiveSli, { kind: 'events' | 'ratio' }>,
): Reader {
  if (sli.kind === 'ratio') {
    return {
      note: sli.origin,
      async ratio(purpose, window, time) {
        const query = renderWindow(sli.errorRatio, window);
        const result = await client.instant(purpose, query, time);
        if (!result.length) throw noRatio(purpose, query);
        return checkedErrorRatio(sum(result.map((r) => r.value)), purpose, query);
      },
      async ratioRange(purpose, window, start, end, step) {
        const query = renderWindow(sli.errorRatio, window);
        const result = await client.range(purpose, query, start, end, step);
        if (!result.length) throw noData(purpose, query);
        return ratiosOf(result, purpose, query);
      },
      slice: (window) => `1 - sum(${renderWindow(sli.errorRatio, window)})`,
    };
  }
  const parts = (['good', 'bad', 'total'] as const).filter((k) => sli[k] !== undefined);
  const combine = (v: Partial<Record<'good' | 'bad' | 'total', number>>) => {
    const total = v.total ?? (v.good ?? 0) + (v.bad ?? 0);
    const errors = v.bad ?? total - (v.good ?? 0);
    return { ratio: total > 0 ? errors / total : Number.NaN, errors, total };
  };
  // A slice's ratio as one expression: errors / total.
  const part = (p: 'good' | 'bad' | 'total', window: string) => `sum(${renderWindow(sli[p]!, window)})`;
  const orZero = (p: 'good' | 'bad', window: string) => `(${part(p, window)} or vector(0))`;
  const errorsOf = (w: string) =>
    sli.bad ? orZero('bad', w) : `(${part('total', w)} - ${orZero('good', w)})`;
  const totalOf = (w: string) =>
    sli.total ? part('total', w) : `(${orZero('good', w)} + ${orZero('bad', w)})`;
  // The queries a ratio is made of, as the message about an odd ratio shows them.
  const ratioQuery = (w: string) => parts.map((p) => renderWindow(sli[p]!, w)).join(' / ');
  return {
    note: sli.origin,
    async ratio(purpose, window, time) {
      const values: Partial<Record<'good' | 'bad' | 'total', number>> = {};
      for (const part of parts) {
        const query = renderWindow(sli[part]!, window);
        const result = await client.instant(`${purpose} (${part})`, query, time);
        if (!result.length) throw noData(`${purpose} (${part} events)`, query);
        values[part] = finite(sum(result.map((r) => r.value)), `${purpose} (${part} events)`, query);
      }
      return checkedErrorRatio(combine(values).ratio, purpose, ratioQuery(window));
    },
    async ratioRange(purpose, window, start, end, step) {
      const values: Partial<Record<'good' | 'bad' | 'total', Map<number, number>>> = {};
      for (const part of parts) {
        const query = renderWindow(sli[part]!, window);
        const result = await client.range(`${purpose} (${part})`, query, start, end, step);
        if (!result.length) throw noData(`${purpose} (${part} events)`, query);
        values[part] = sumSeries(result);
        for (const [t, v] of values[part]) finite(v, pointAt(`${purpose} (${part} events)`, t), query);
      }
      const out = new Map<number, { ratio: number; errors?: number; total?: number }>();
      for (const t of values[parts[0]!]!.keys()) {
        const p = combine(Object.fromEntries(parts.map((p) => [p, values[p]!.get(t) ?? 0])));
        checkedErrorRatio(p.ratio, pointAt(purpose, t), ratioQuery(window));
        out.set(t, p);
      }
      return out;
    },
    // A slice without traffic (a total of 0) has no ratio: the filter leaves it out.
    slice: (window) => `1 - ${errorsOf(window)} / (${totalOf(window)} > 0)`,
  };
}

const labelValue = (text: string) => JSON.stringify(text);

const durationSeconds = (text: string) => {
  const minutes = prometheusDurationMinutes(text);
  return minutes === undefined ? Number.NaN : Math.round(minutes * 60);
};

/** Finds which recorded windows exist for this SLO at `time`: window length in seconds → current error ratio. */
async function recordedWindows(
  client: PrometheusClient,
  rules: RecordedRules,
  time: Date,
): Promise<Map<number, number> | undefined> {
  const prefix = rules.ratioPrefix;
  const label = `${rules.label.name}=${labelValue(rules.label.value)}`;
  const found = await client.instant(
    'recording rules deployed for this SLO',
    `{__name__=~${labelValue(`${prefix}.+`)},${label}}`,
    time,
  );
  if (!found.length) return undefined;
  const values = new Map<number, number>();
  for (const s of found) {
    const w = durationSeconds((s.metric.__name__ ?? '').slice(prefix.length));
    if (!Number.isNaN(w)) values.set(w, (values.get(w) ?? 0) + s.value);
  }
  return values;
}

function recordedReader(
  client: PrometheusClient,
  rules: RecordedRules,
  values: Map<number, number>,
  fallback: Reader | undefined,
): Reader {
  const selector = (window: string) => {
    const w = canonicalDuration(durationSeconds(window));
    return `${rules.ratioPrefix}${w}{${rules.label.name}=${labelValue(rules.label.value)}}`;
  };
  // Event series (Pyrra's `:increase<window>`) hold the events of the SLO window.
  const eventsQuery = (window: string, which: 'total' | 'other') => {
    const w = canonicalDuration(durationSeconds(window));
    return renderWindow(
      which === 'total' ? rules.events!.total : (rules.events!.errors ?? rules.events!.good)!,
      w,
    );
  };
  const recordedEvents = async (
    window: string,
    run: (q: string) => Promise<Map<number, number>>,
    when: (t: number) => string,
  ): Promise<Map<number, { ratio: number; errors: number; total: number }> | undefined> => {
    const events = rules.events;
    if (!events) return undefined;
    const totalQuery = eventsQuery(window, 'total');
    const total = await run(totalQuery);
    if (!total.size) return undefined;
    const otherQuery = eventsQuery(window, 'other');
    const other = await run(otherQuery);
    const out = new Map<number, { ratio: number; errors: number; total: number }>();
    for (const [t, tot] of total) {
      const o = finite(other.get(t) ?? 0, when(t), otherQuery);
      const errors = events.errors ? o : finite(tot, when(t), totalQuery) - o;
      const ratio = tot > 0 ? errors / tot : Number.NaN;
      checkedErrorRatio(ratio, when(t), `${otherQuery} / ${totalQuery}`);
      out.set(t, { ratio, errors, total: tot });
    }
    return out;
  };
  return {
    note: rules.note,
    async ratio(purpose, window, time) {
      const recorded = values.get(durationSeconds(window));
      if (recorded !== undefined) {
        client.sent.push({ purpose, query: selector(window), type: 'instant', time: time.toISOString() });
        return checkedErrorRatio(recorded, purpose, selector(window));
      }
      const events = await recordedEvents(
        window,
        async (q) => {
          const r = await client.instant(purpose, q, time);
          return r.length ? new Map([[0, sum(r.map((s) => s.value))]]) : new Map<number, number>();
        },
        () => purpose,
      );
      if (events?.size) return events.get(0)!.ratio;
      if (fallback) return fallback.ratio(purpose, window, time);
      throw noData(purpose, selector(window));
    },
    async ratioRange(purpose, window, start, end, step) {
      if (values.has(durationSeconds(window))) {
        const r = await client.range(purpose, selector(window), start, end, step);
        if (r.length) return ratiosOf(r, purpose, selector(window));
      }
      const events = await recordedEvents(
        window,
        async (q) => sumSeries(await client.range(purpose, q, start, end, step)),
        (t) => pointAt(purpose, t),
      );
      if (events?.size) return events;
      if (fallback) return fallback.ratioRange(purpose, window, start, end, step);
      throw noData(purpose, selector(window));
    },
    slice: (window) =>
      values.has(durationSeconds(window)) ? `1 - sum(${selector(window)})` : fallback?.slice(window),
  };
}

/** The PromQL filter keeping the values that break a threshold objective: `lte 0.8` is broken above 0.8. */
const BROKEN = { lt: '>=', lte: '>', gt: '<=', gte: '<' } as const;

/** The unique alert windows of a report, shortest first. */
function alertWindows(report: BudgetReport): string[] {
  const set = new Set(report.alerts.flatMap((a) => [a.shortWindow, a.longWindow]).filter(Boolean));
  return [...set].sort((a, b) => durationSeconds(a) - durationSeconds(b));
}

export interface LiveOptions {
  report: BudgetReport;
  input: BudgetInput;
  spec: LiveSpec;
  client: PrometheusClient;
  at: Date;
}

/** Reads the live budget of one SLO objective. Throws a `PrometheusError` that says what failed. */
export async function liveBudget({
  report,
  input,
  spec,
  client,
  at: time,
}: LiveOptions): Promise<LiveBudget> {
  const budget = errorBudget(input.target);
  if (budget <= 0) throw new PrometheusError('unsupported', 'A 100 % target has no error budget to measure.');
  const notes: string[] = [];
  const start = new Date(report.window.start);
  const windowEnd = new Date(report.window.end);
  const end = time.getTime() < windowEnd.getTime() ? time : windowEnd;
  // Whole minutes of a calendar period so far (the query reads `[1d12h5m]`, not `[130213s]`).
  const elapsed =
    report.window.kind === 'calendar'
      ? Math.floor((seconds(end) - seconds(start)) / 60) * 60
      : Math.round(seconds(end) - seconds(start));
  if (elapsed <= 0) throw new PrometheusError('no-data', 'The window has not started yet.');
  const windowSeconds = seconds(windowEnd) - seconds(start);
  const measuredWindow = windowText(elapsed);

  const sliceMinutes = input.method !== 'Occurrences' ? input.timeSlice?.minutes : undefined;
  // Refused before anything is sent when the slices are beyond the bound.
  const plan = sliceMinutes ? planSlices(seconds(start), seconds(end), sliceMinutes * 60) : undefined;

  const raw =
    spec.sli.kind === 'events' || spec.sli.kind === 'ratio' ? queryReader(client, spec.sli) : undefined;
  let reader = raw;
  let source: LiveSource = 'queries';
  let found: Map<number, number> | undefined;
  if (spec.recorded) {
    found = await recordedWindows(client, spec.recorded, end);
    if (found) {
      reader = recordedReader(client, spec.recorded, found, raw);
      source = spec.recorded.source;
      if (spec.recorded.wholeWindowNote && found.has(elapsed))
        notes.push(renderWindow(spec.recorded.wholeWindowNote, measuredWindow));
    } else if (!raw) {
      notes.push('No recording rules of this SLO were found in Prometheus.');
    }
  }
  if (spec.sli.kind === 'unsupported' && !reader) throw new PrometheusError('unsupported', spec.sli.reason);
  if (input.method !== 'Occurrences' && !sliceMinutes)
    throw new PrometheusError(
      'unsupported',
      `${input.method} needs a timeSliceWindow to count slices; the objective has none.`,
    );
  if (spec.sli.kind === 'threshold' && input.method === 'Occurrences')
    throw new PrometheusError(
      'unsupported',
      'A threshold SLI is measured per time slice: use the Timeslices budgeting method.',
    );

  let sli: number;
  let remaining: number;
  let slices: LiveBudget['slices'];
  let burnDown: LiveBudget['burnDown'];
  let sliceSli: SliceSli | undefined;

  if (plan) {
    // Counted inside Prometheus: a handful of queries answered with one number each, whatever the window holds.
    if (spec.sli.kind === 'threshold') {
      const { query, op, value } = spec.sli;
      sliceSli = {
        kind: 'threshold',
        value: `sum(${query})`,
        bad: `sum(${query}) ${BROKEN[op]} ${roundedBound(value, BROKEN[op])}`,
      };
    } else {
      const good = reader?.slice(plan.window);
      if (good === undefined) throw new PrometheusError('unsupported', 'No query to measure slices with.');
      sliceSli = { kind: 'ratio', good };
    }
    const ratios = input.method === 'RatioTimeslices';
    const target = input.timeSlice?.target ?? input.target;
    const count = await countSlices(client, plan, sliceSli, target, ratios);
    // No slice with traffic at all is a query that matches nothing, not a window of good slices.
    if (sliceSli.kind === 'ratio' && !ratios && !count.withData)
      throw new PrometheusError(
        'no-data',
        `No data for any ${plan.window} slice of the window: the queries returned no traffic. Check the metric name and labels, and that Prometheus has data at that time.`,
        client.sent.find((q) => q.purpose === `${plan.window} slices with data`)?.query,
      );
    const counted = plan.count;
    const empty = counted - count.withData;
    const inWindow = Math.round(windowSeconds / plan.seconds);
    const allowedBad = budget * inWindow;
    const left = (f: SliceFigures): number | null =>
      !ratios ? 1 - f.bad / allowedBad : f.withData ? 1 - (1 - f.goodSum / f.withData) / budget : null;
    if (!ratios) {
      sli = (counted - count.bad) / counted;
      remaining = 1 - count.bad / allowedBad;
    } else {
      if (!count.withData)
        throw new PrometheusError(
          'nan',
          `No ${plan.window} slice of the window had traffic: the SLI is undefined.`,
        );
      sli = count.goodSum / count.withData;
      remaining = 1 - (1 - sli) / budget;
    }
    if (count.refused) notes.push(count.refused);
    if (empty)
      notes.push(
        !ratios
          ? `${empty} of ${counted} slices had no data: they count as good (nothing failed in them).`
          : `${empty} of ${counted} slices had no traffic: they are left out of the mean.`,
      );
    if (plan.first - plan.seconds - seconds(start) > 1e-3)
      notes.push(
        `Slices follow Prometheus's ${plan.window} grid (from 1970-01-01 UTC): the first counted starts at ${at(plan.first - plan.seconds).toISOString()}.`,
      );
    slices = { length: plan.window, counted, bad: count.bad, empty, inWindow };
    burnDown = {
      step: plan.seconds * count.every,
      meaning: `Budget left after each ${plan.window} slice since the window started (${report.window.start.slice(0, 16).replace('T', ' ')} UTC).`,
      points: count.blocks.map((b) => {
        const value = left(b);
        return [b.end, value === null ? null : round(value)];
      }),
    };
  } else {
    if (!reader)
      throw new PrometheusError('unsupported', 'This SLI cannot be measured as a ratio of events.');
    const errorRatio = await reader.ratio(`the SLI over ${measuredWindow}`, measuredWindow, end);
    if (Number.isNaN(errorRatio))
      throw new PrometheusError(
        'nan',
        `The SLI over ${measuredWindow} is NaN: the total was 0 (no traffic in the window), so the budget cannot be measured.`,
      );
    sli = 1 - errorRatio;
    remaining = 1 - errorRatio / budget;
    if (report.window.kind === 'rolling') {
      // Each point is a whole window ending at that time.
      const step = stepFor(windowSeconds, 240);
      const from = seconds(end) - Math.floor(windowSeconds / step) * step;
      const series = await reader.ratioRange(
        `the burn-down (${measuredWindow} ending at each point)`,
        measuredWindow,
        at(from),
        end,
        step,
      );
      const points: Array<[number, number | null]> = everyStep(series, from, seconds(end), step).map(
        ([t, p]) => [t, Number.isNaN(p.ratio) ? null : round(1 - p.ratio / budget)],
      );
      if (dropPartialPoints(points))
        notes.push(
          `The burn-down starts once its window holds a full ${windowText(step)} of data: a point whose window held less is left out.`,
        );
      burnDown = {
        step,
        meaning: `Each point is the budget left in the ${report.window.label} window ending at that time.`,
        points,
      };
    } else {
      // Calendar: spent so far, step by step since the period started.
      const step = stepFor(elapsed, 600);
      const first = seconds(start) + step;
      const series =
        first <= seconds(end)
          ? await reader.ratioRange(
              `the burn-down (each ${windowText(step)} since the start)`,
              windowText(step),
              at(first),
              end,
              step,
            )
          : new Map();
      let errors = 0;
      let total = 0;
      let ratios = 0;
      let n = 0;
      const points: Array<[number, number | null]> = [[seconds(start), 1]];
      for (const [t, p] of everyStep(series, first, seconds(end), step)) {
        if (p.total !== undefined && p.errors !== undefined) {
          errors += p.errors;
          total += p.total;
        } else if (!Number.isNaN(p.ratio)) {
          ratios += p.ratio;
          n++;
        }
        const ratio = total > 0 ? errors / total : n ? ratios / n : 0;
        points.push([t, round(1 - ratio / budget)]);
      }
      burnDown = {
        step,
        meaning: `Budget left as the ${report.window.label} period went by, from its start (${report.window.start.slice(0, 16).replace('T', ' ')} UTC).`,
        points,
      };
    }
  }

  const burnRates: Record<string, number | null> = {};
  const windows = alertWindows(report);
  // Burn rates on data that stopped arriving would read as a calm service: its age is said instead.
  const freshness = await readFreshness(client, spec, found, windows, end, elapsed);
  const stale = freshness?.stale ? staleNote(freshness, seconds(end), windows) : undefined;
  for (const w of stale ? [] : windows) {
    let ratio = Number.NaN;
    if (reader) {
      try {
        ratio = await reader.ratio(`the burn rate over ${w}`, w, end);
        if (Number.isNaN(ratio)) notes.push(`No traffic over the last ${w}: no burn rate.`);
      } catch (err) {
        if (!(err instanceof PrometheusError) || err.kind !== 'no-data') throw err;
        notes.push(`No data over the last ${w}: ${err.message}`);
      }
    } else if (plan && sliceSli?.kind === 'threshold') {
      // A threshold SLI burns slices: the share of bad slices among the last ones in the window.
      ratio = await sliceErrorRatio(client, plan, sliceSli, w, durationSeconds(w));
    }
    burnRates[w] = Number.isNaN(ratio) ? null : round(ratio / budget);
  }
  const rates = stale ? Object.fromEntries(windows.map((w) => [w, null])) : burnRates;

  return {
    at: end.toISOString(),
    source,
    sourceNote: reader?.note ?? (spec.sli.kind === 'threshold' ? spec.sli.origin : ''),
    method: input.method,
    measured: {
      start: at(seconds(end) - elapsed).toISOString(),
      end: end.toISOString(),
      window: measuredWindow,
    },
    sli: round(sli),
    budgetRemaining: round(remaining),
    burnRates: rates,
    // Stale data cannot say whether an alert fires: its age is the answer.
    alertsNow: report.alerts.map((a) =>
      stale && freshness && !a.disabled
        ? { fires: null, text: `Unknown — data ${dataAge(freshness, seconds(end))} old` }
        : alertNow(a, rates),
    ),
    ...(freshness ? { freshness } : {}),
    ...(slices ? { slices } : {}),
    burnDown,
    notes: [...new Set(stale ? [stale, ...notes] : notes)],
    queries: client.sent,
  };
}
