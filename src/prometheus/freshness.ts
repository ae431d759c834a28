/**
 * How old the data behind an SLI is: the newest sample of the series its queries read, asked of Prometheus
 * in one query, so that burn rates are not computed on data that stopped arriving.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { prometheusDurationMinutes } from '../budget/duration.js';
import { formatDuration } from '../budget/format.js';
import type { PrometheusClient } from './client.js';
import { canonicalDuration, windowText } from './durations.js';
import type { LiveSpec } from './live.js';

/** The vector selectors a PromQL query reads (`{{.window}}` already rendered), each once, as written. */
export function vectorSelectors(query: string): string[] {
  const out = new Set<string>();
  parser.parse(query).iterate({
    enter(node) {
      if (node.name !== 'VectorSelector') return undefined;
      out.add(query.slice(node.from, node.to).trim());
      return false;
    },
  });
  return [...out];
}

/** Subquery step of the newest-sample query: Prometheus's default lookback, so every sample is seen by a step. */
const STEP = '5m';

/**
 * One query answering the time (seconds) of the newest sample of any series the selectors match, at most
 * `lookback` before the evaluation time: per selector, the newest sample within Prometheus's lookback at that
 * time and, for older data, the newest seen by a subquery stepping through `lookback`; the most recent of all.
 */
export function newestSampleQuery(selectors: readonly string[], lookback: string): string {
  const parts = selectors.flatMap((s, i) => [
    `label_replace(max(timestamp(${s})), "team_sre_part", "${i}", "", "")`,
    `label_replace(max(max_over_time(timestamp(${s})[${lookback}:${STEP}])), "team_sre_part", "${i}-older", "", "")`,
  ]);
  return `max(${parts.join(' or ')})`;
}

/** `2026-12-03 11:20 UTC`. */
const utcMinute = (seconds: number) =>
  `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** `5m`, `5m and 1h`, `5m, 30m and 1h`. */
const list = (items: readonly string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** The note said once when the data is older than the shortest burn-rate window. */
/** How old the newest sample is at `atSeconds`, in prose ("3 h 12 min"). */
export function dataAge({ newestSample }: { newestSample: string }, atSeconds: number): string {
  return formatDuration(Math.max(0, atSeconds - Date.parse(newestSample) / 1000) / 60);
}

export function staleNote(
  { newestSample }: { newestSample: string },
  atSeconds: number,
  windows: readonly string[],
): string {
  const newest = Date.parse(newestSample) / 1000;
  return `Data is ${dataAge({ newestSample }, atSeconds)} old (newest sample ${utcMinute(newest)}): burn rates over the last ${list(windows)} are not computed.`;
}

/**
 * How far back the newest sample is looked for: a day, in 288 five-minute steps (Prometheus 2's subqueries grow
 * slower than linearly: 28 days take seconds). Without a sample that recent, the burn rates say "no data".
 */
const LOOKBACK_SECONDS = 86400;

const WINDOW = /\{\{\s*\.window\s*\}\}/g;

/**
 * The series whose newest sample says how old the SLI's data is: those its own queries read; for recording rules
 * alone (`recorded`: the windows found, in seconds), the shortest recorded window's series.
 */
export function freshnessSelectors(spec: LiveSpec, recorded?: ReadonlyMap<number, number>): string[] {
  const sli = spec.sli;
  const queries =
    sli.kind === 'events'
      ? [sli.good, sli.bad, sli.total]
      : sli.kind === 'ratio'
        ? [sli.errorRatio]
        : sli.kind === 'threshold'
          ? [sli.query]
          : [];
  const selectors = [
    ...new Set(queries.flatMap((q) => (q === undefined ? [] : vectorSelectors(q.replace(WINDOW, '5m'))))),
  ];
  if (selectors.length || !spec.recorded || !recorded?.size) return selectors;
  const rules = spec.recorded;
  const shortest = canonicalDuration(Math.min(...recorded.keys()));
  return [`${rules.ratioPrefix}${shortest}{${rules.label.name}=${JSON.stringify(rules.label.value)}}`];
}

export interface Freshness {
  newestSample: string;
  ageSeconds: number;
  /** Older than the shortest burn-rate window. */
  stale: boolean;
}

/**
 * The newest sample of the SLI's series at `end`, in one query looking back over the measured window (`elapsed`
 * seconds, a day at most); `stale` when it is older than the shortest of the burn-rate `windows`. Undefined
 * without windows (no burn rate to protect), when no series has a sample that recent, or the SLI names none.
 */
export async function readFreshness(
  client: PrometheusClient,
  spec: LiveSpec,
  recorded: ReadonlyMap<number, number> | undefined,
  windows: readonly string[],
  end: Date,
  elapsed: number,
): Promise<Freshness | undefined> {
  const staleAfterMinutes = Math.min(...windows.map((w) => prometheusDurationMinutes(w) ?? Infinity));
  const selectors = Number.isFinite(staleAfterMinutes) ? freshnessSelectors(spec, recorded) : [];
  if (!selectors.length) return undefined;
  const lookback = windowText(Math.min(elapsed, LOOKBACK_SECONDS));
  const newest = await client.instant(
    'the newest sample of the SLI',
    newestSampleQuery(selectors, lookback),
    end,
  );
  const t = newest.length ? Math.max(...newest.map((r) => r.value)) : Number.NaN;
  if (!Number.isFinite(t)) return undefined;
  const ageSeconds = Math.max(0, Math.round(end.getTime() / 1000 - t));
  return {
    newestSample: new Date(t * 1000).toISOString(),
    ageSeconds,
    stale: ageSeconds > staleAfterMinutes * 60,
  };
}
