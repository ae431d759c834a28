/**
 * Alert rules replayed over a past range, as Prometheus would have evaluated them: each alerting rule's
 * expression, with the recording rules it reads replaced by their expressions (they were not recorded in the
 * past), evaluated by range queries at the group's evaluation interval, chunked under Prometheus's points per
 * query, then `for` and `keep_firing_for` applied as the rule manager applies them.
 */
import { ExpandError, expandRecorded } from '../rules/expand.js';
import { firingIntervals, type FiringInterval } from '../rules/firing.js';
import { parseDuration } from '../rules/promql-print.js';
import type { Rule, RuleGroup } from '../rules/types.js';
import { LIMITS, PrometheusError, type PrometheusClient } from './client.js';

/** Prometheus's default `evaluation_interval`, for groups without their own `interval`. */
export const DEFAULT_EVALUATION_SECONDS = 60;

export interface ReplayedAlert {
  /** The alerting rule's name, its group and its severity label (when it has one). */
  name: string;
  group: string;
  severity?: string;
  labels: Record<string, string>;
  /** The expression sent, with its recording rules expanded. */
  query: string;
  step: number;
  /** Firing intervals within the range; one already firing when the range starts begins at its start. */
  firing: Array<FiringInterval & { alreadyFiring: boolean }>;
  /** Notifications sent: one per firing interval that starts within the range. */
  notifications: number;
}

export interface ReplayRange {
  from: Date;
  to: Date;
}

const seconds = (text: string | undefined, what: string, rule: string): number => {
  if (text === undefined) return 0;
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new PrometheusError('unsupported', `${rule}: ${what} "${text}" is not a Prometheus duration`);
  return ms / 1000;
};

/** The series an expression returned at each evaluation from `from` to `to`, in as many queries as the bounds allow. */
async function evaluate(
  client: PrometheusClient,
  purpose: string,
  query: string,
  from: number,
  to: number,
  step: number,
): Promise<Map<string, { labels: Record<string, string>; times: number[] }>> {
  const perQuery = LIMITS.pointsPerRangeQuery - 1;
  const series = new Map<string, { labels: Record<string, string>; times: number[] }>();
  for (let start = from; start <= to; start += perQuery * step) {
    const end = Math.min(to, start + (perQuery - 1) * step);
    for (const s of await client.range(purpose, query, new Date(start * 1000), new Date(end * 1000), step)) {
      const labels = Object.fromEntries(Object.entries(s.metric).filter(([k]) => k !== '__name__'));
      const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
      let entry = series.get(key);
      if (!entry) series.set(key, (entry = { labels, times: [] }));
      for (const [t, v] of s.points) if (!Number.isNaN(v)) entry.times.push(t);
    }
  }
  return series;
}

/**
 * Every alerting rule of `groups` replayed over `range`. The evaluation instants are aligned on the step so
 * chunks join without gaps; evaluation starts `for` + `keep_firing_for` before the range, so an alert already
 * pending or held at its start has its true state there.
 */
export async function replayAlerts(
  client: PrometheusClient,
  groups: readonly RuleGroup[],
  range: ReplayRange,
  options: { step?: number; recordings?: readonly Rule[] } = {},
): Promise<ReplayedAlert[]> {
  const recordings: readonly Rule[] =
    options.recordings ?? groups.flatMap((g) => g.rules.filter((r) => r.record !== undefined));
  const out: ReplayedAlert[] = [];
  for (const group of groups) {
    const step =
      options.step ??
      (group.interval !== undefined
        ? seconds(group.interval, 'interval', group.name)
        : DEFAULT_EVALUATION_SECONDS);
    if (!(step > 0)) throw new PrometheusError('unsupported', `${group.name}: an evaluation interval of 0`);
    for (const rule of group.rules) {
      if (rule.alert === undefined) continue;
      const forSeconds = seconds(rule.for, 'for', rule.alert);
      const keep = seconds(rule.keep_firing_for, 'keep_firing_for', rule.alert);
      let query: string;
      try {
        query = expandRecorded(rule.expr, recordings, `${step}s`);
      } catch (e) {
        if (e instanceof ExpandError)
          throw new PrometheusError('unsupported', `${rule.alert}: ${e.message}`, rule.expr);
        throw e;
      }
      const to = Math.floor(range.to.getTime() / 1000 / step) * step;
      const from = Math.ceil(range.from.getTime() / 1000 / step) * step;
      // One evaluation more than `for` and `keep_firing_for` need: a series returned there was already active,
      // so an interval starting at or after `from` is a new firing, one notification.
      const warmFrom = from - (Math.ceil((forSeconds + keep) / step) + 1) * step;
      const series = await evaluate(client, `replay ${rule.alert}`, query, warmFrom, to, step);
      const firing = firingIntervals(
        [...series.values()].map((s) => ({
          labels: { ...s.labels, ...rule.labels, alertname: rule.alert! },
          times: s.times,
        })),
        { from: warmFrom, to, step, forSeconds, keepFiringForSeconds: keep },
      )
        .filter((f) => f.end === undefined || f.end > from)
        .map((f) => ({ ...f, alreadyFiring: f.start < from, start: Math.max(f.start, from) }));
      out.push({
        name: rule.alert,
        group: group.name,
        ...(rule.labels?.severity !== undefined ? { severity: rule.labels.severity } : {}),
        labels: rule.labels ?? {},
        query,
        step,
        firing,
        notifications: firing.filter((f) => !f.alreadyFiring).length,
      });
    }
  }
  return out;
}
