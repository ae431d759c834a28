/** What a postmortem records in its front matter, and what an incident cost each SLO it hit. */
import {
  budgetReport,
  whatIf,
  whatIfBadEvents,
  type BudgetInput,
  type WhatIf,
} from '../budget/budget-report.js';

export type PostmortemStatus = 'draft' | 'in review' | 'final';

export const STATUSES: readonly PostmortemStatus[] = ['draft', 'in review', 'final'];

export interface ActionItem {
  title: string;
  /** investigate, prevent, mitigate, repair, detect… */
  type?: string;
  priority?: string;
  owner?: string;
  /** ISO 8601 date. */
  due?: string;
  ticket?: string;
  /** Open unless one of `done`, `closed`, `fixed`, `resolved`, `completed`, `cancelled`, `wontfix`. */
  status?: string;
}

/**
 * Where an SLO's `errorRate` came from: `typed` by the person writing the postmortem, or `measured` in
 * Prometheus — the query as sent, the instant it was evaluated at (`time`), the server's address and when it
 * was read (`at`).
 */
export type ErrorRateSource =
  'typed' | { measured: { query: string; time?: string; prometheus: string; at: string } };

/** An SLO of the repository the incident hit, and the budget it cost. */
export interface PostmortemSloRef {
  /** The SLO file, relative to the workspace folder. */
  file: string;
  name: string;
  objective?: string;
  window?: string;
  /** Share of the requests that failed during the incident (1 = full outage). */
  errorRate?: number;
  errorRateSource?: ErrorRateSource;
  /** Minutes of full-outage equivalent: error rate × incident minutes. */
  badMinutes?: number;
  /** Threshold SLIs: minutes the metric was over its threshold (instead of an error rate). */
  minutesOverThreshold?: number;
  badEvents?: number;
  /** Timeslices: the slices the incident made bad, and the bad slices the window allows. */
  badSlices?: number;
  allowedBadSlices?: number;
  /** Share of the window's error budget the incident spent (0.113 = 11.3 %). */
  budgetConsumed?: number;
}

/** The front matter of a postmortem; keys as written in the file. */
export interface PostmortemFields {
  title?: string;
  date?: string;
  started?: string;
  detected?: string;
  resolved?: string;
  status?: string;
  owner?: string;
  authors?: string[];
  severity?: string;
  services?: string[];
  slos?: PostmortemSloRef[];
  action_items?: ActionItem[];
  tags?: string[];
  links?: Record<string, string>;
}

/** A status as written, or one of its spellings (`In Review`, `in-review`, `review`), as a status. */
export function normaliseStatus(text: string | undefined): PostmortemStatus | undefined {
  const s = text
    ?.trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  return s === 'review' ? 'in review' : STATUSES.find((x) => x === s);
}

const DONE = new Set([
  'done',
  'closed',
  'fixed',
  'resolved',
  'completed',
  'complete',
  'cancelled',
  'canceled',
  'wontfix',
  "won't fix",
]);

export function isOpen(item: ActionItem): boolean {
  return !DONE.has(item.status?.trim().toLowerCase() ?? '');
}

export interface IsoTime {
  date: Date;
  hasTime: boolean;
  hasZone: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-](\d{2}):(\d{2}))?)?$/i;

/**
 * An ISO 8601 (RFC 3339) date, or date and time with or without a zone; a time without a zone is read
 * as UTC. Undefined for anything else, impossible days (`2026-02-30`) included.
 */
export function parseIsoTime(text: string): IsoTime | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0, , zh = 0, zm = 0] = m
    .slice(1)
    .map((x) => (x === undefined || /^[Zz]$/.test(x) ? undefined : Number(x)));
  if (hour > 23 || minute > 59 || second > 59 || zh > 23 || zm > 59) return undefined;
  const day0 = new Date(Date.UTC(year!, month! - 1, day!));
  if (day0.getUTCFullYear() !== year || day0.getUTCMonth() !== month! - 1 || day0.getUTCDate() !== day)
    return undefined;
  const hasTime = m[4] !== undefined;
  const hasZone = m[7] !== undefined;
  const iso = hasTime ? text.trim().toUpperCase() + (hasZone ? '' : 'Z') : `${m[1]}-${m[2]}-${m[3]}`;
  return { date: new Date(iso), hasTime, hasZone };
}

/** The budget an incident cost one SLO objective, as the budget engine computes it. */
export interface SloImpact {
  objective?: string;
  window: string;
  /** Ratio SLIs: the share of requests failing, and error rate × minutes. */
  errorRate?: number;
  badMinutes?: number;
  /** Threshold SLIs: the minutes over the threshold. */
  minutesOverThreshold?: number;
  badEvents?: number;
  /** Timeslices: bad slices, of the bad slices the window allows. */
  badSlices?: number;
  allowedBadSlices?: number;
  budgetConsumed: number;
}

export interface ImpactOptions {
  /** Share of requests failing during the incident; 1 (a full outage) when neither it nor bad events are known. */
  errorRate?: number;
  /** Bad events counted during the incident; needs `trafficPerSecond`. */
  badEvents?: number;
  /** Mean requests per second, for event counts. */
  trafficPerSecond?: number;
  /** Threshold SLIs: minutes the metric was over its threshold, from the start (default: the whole incident). */
  minutesOverThreshold?: number;
}

const significant = (x: number) => Number(x.toPrecision(4));

/**
 * What the incident from `started` to `resolved` cost an SLO objective: the window is the one holding
 * `resolved`, the share of its budget is the engine's `whatIf` (or `whatIfBadEvents` when bad events and
 * traffic are known), rounded to 4 significant digits. With Timeslices the incident costs the slices it makes bad
 * (slices of whole minutes or hours, counted from the Unix epoch, as Prometheus aligns its steps); a threshold SLI
 * is weighed by the minutes it spent over its threshold. Throws a RangeError on inconsistent input.
 */
export function sloImpact(
  input: BudgetInput,
  started: Date,
  resolved: Date,
  opts: ImpactOptions = {},
): SloImpact {
  const minutes = (resolved.getTime() - started.getTime()) / 60_000;
  if (!(minutes >= 0)) throw new RangeError('The incident must be resolved after it started.');
  const { badEvents, trafficPerSecond } = opts;
  if (opts.errorRate !== undefined && !(opts.errorRate >= 0 && opts.errorRate <= 1))
    throw new RangeError(`The error rate is a ratio between 0 and 1, not ${opts.errorRate}.`);
  if (badEvents !== undefined && trafficPerSecond === undefined)
    throw new RangeError(
      'Bad events need the traffic (requests per second) to be weighed against the budget.',
    );
  const over = opts.minutesOverThreshold;
  if (over !== undefined && !(over >= 0 && over <= minutes))
    throw new RangeError(
      `The minutes over the threshold are between 0 and the incident's ${significant(minutes)}, not ${over}.`,
    );
  const report = budgetReport(input, resolved, trafficPerSecond);
  const sliceOffset = report.timeSlice ? (started.getTime() / 60_000) % report.timeSlice.minutes : 0;
  const head = {
    ...(input.objective ? { objective: input.objective } : {}),
    window: report.window.label,
  };
  const slices = (cost: WhatIf) =>
    cost.slices ? { badSlices: cost.slices.bad, allowedBadSlices: cost.slices.allowed } : {};
  if (report.sli === 'threshold') {
    const overMinutes = over ?? minutes;
    const cost = whatIf(report, 1, overMinutes, sliceOffset);
    return {
      ...head,
      minutesOverThreshold: significant(overMinutes),
      ...slices(cost),
      budgetConsumed: significant(cost.consumed),
    };
  }
  const requests = trafficPerSecond === undefined ? undefined : trafficPerSecond * minutes * 60;
  const errorRate =
    opts.errorRate ?? (badEvents !== undefined && requests ? Math.min(1, badEvents / requests) : 1);
  const cost = whatIf(report, errorRate, minutes, sliceOffset);
  // Bad slices are judged on the error rate; otherwise counted bad events weigh against the allowed ones.
  const consumed =
    (badEvents !== undefined && !cost.slices ? whatIfBadEvents(report, badEvents)?.consumed : undefined) ??
    cost.consumed;
  const events = badEvents ?? (requests === undefined ? undefined : errorRate * requests);
  return {
    ...head,
    errorRate: significant(errorRate),
    badMinutes: significant(errorRate * minutes),
    ...(events === undefined ? {} : { badEvents: Math.round(events) }),
    ...slices(cost),
    budgetConsumed: significant(consumed),
  };
}
