/**
 * An SLO objective replayed over its history: the alerts its generated rules would have sent, the SLI and
 * budget over the range, the target met in each past window, and the team's incidents with when an alert
 * caught them and what they really cost. Composes the budget engine, the generated rules and live reads; the
 * CLI and the editor are adapters around it.
 */
import { budgetReport, type BudgetInput } from '../budget/budget-report.js';
import { errorBudget } from '../budget/budget.js';
import type { PrometheusClient } from '../prometheus/client.js';
import { PrometheusError } from '../prometheus/client.js';
import { liveBudget, type LiveSpec } from '../prometheus/live.js';
import { measureErrorRatio } from '../prometheus/incident.js';
import { errorRatioSeries, type ErrorRatioSeries } from '../prometheus/series.js';
import { replayAlerts, type ReplayedAlert } from '../prometheus/replay.js';
import type { RuleGroup } from '../rules/types.js';

/** At most this many past windows are measured: a year of weekly windows. */
export const MAX_WINDOWS = 53;

export interface BacktestIncident {
  /** The postmortem, relative to the workspace, and its title. */
  file: string;
  title: string;
  start: string;
  end: string;
  /** The first alert that started firing between the incident's start and end, and how long after the start. */
  detection: { alert: string; severity?: string; at: string; delayMinutes: number } | null;
  /** The share of the window's budget the incident spent: as the postmortem states it, and as measured. */
  budget: { stated?: number; measured?: number; error?: string };
}

export interface BacktestWindow {
  start: string;
  end: string;
  /** Ratio of good over the window, null when it could not be read (see `error`). */
  sli: number | null;
  met: boolean | null;
  error?: string;
}

export interface BacktestResult {
  slo: string;
  objective?: string;
  target: number;
  from: string;
  to: string;
  alerts: Array<{
    name: string;
    severity?: string;
    notifications: number;
    /** `alreadyFiring`: firing when the range starts (no notification in the range). */
    firing: Array<{ start: string; end: string | null; alreadyFiring: boolean }>;
  }>;
  /** Ratio of good over the whole range, null when it could not be read. */
  sli: number | null;
  /** The range's average burn rate, and the share of one window's budget it spent at that rate. */
  budget: { burnRate: number; consumed: number } | null;
  windows: BacktestWindow[];
  incidents: BacktestIncident[];
  /** The error ratio over the range, when asked for (`seriesPoints`) and read. */
  series?: ErrorRatioSeries;
  /** What could not be replayed or measured, one line each. */
  notes: string[];
  queries: number;
}

export interface IncidentInput {
  file: string;
  title: string;
  start: Date;
  end: Date;
  /** The share of the window's budget the postmortem says the incident spent, for this SLO. */
  statedBudget?: number;
}

export interface BacktestInput {
  slo: string;
  objective?: string;
  input: BudgetInput;
  spec: LiveSpec;
  /** The generated rule groups of this SLO's document (alerts and the recordings they read), if any. */
  groups?: RuleGroup[];
  /** The names of the groups that are this SLO's (others are read only for their recordings). */
  ownGroups?: ReadonlySet<string>;
  /** Why there are no rules to replay, when there are none. */
  rulesNote?: string;
  incidents: IncidentInput[];
  from: Date;
  to: Date;
  /** About how many points of the error ratio over time to read (none when absent). */
  seriesPoints?: number;
  /** A fresh client per read, so each read has its own bound on queries. */
  client: () => PrometheusClient;
}

/** The length of the window that holds `at`, in minutes (a calendar month's own length). */
function windowMinutes(input: BudgetInput, at: Date): number {
  const w = budgetReport(input, at).window;
  return (Date.parse(w.end) - Date.parse(w.start)) / 60_000;
}

const iso = (s: number) => new Date(s * 1000).toISOString();
const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The windows to measure: rolling windows tiled back from `to`; calendar periods back from the one holding `to`. */
function pastWindows(input: BudgetInput, from: Date, to: Date): Array<{ start: Date; end: Date; at: Date }> {
  const out: Array<{ start: Date; end: Date; at: Date }> = [];
  let at = to;
  while (out.length < MAX_WINDOWS) {
    const report = budgetReport(input, at);
    const start = new Date(report.window.start);
    const end = new Date(Math.min(new Date(report.window.end).getTime(), to.getTime()));
    if (!(start.getTime() < end.getTime())) break;
    out.push({ start, end, at: end });
    if (start.getTime() <= from.getTime()) break;
    at = new Date(start.getTime() - 1);
  }
  return out.reverse();
}

/** The SLI over a window, as the budget counts it: events for Occurrences, slices (counted in Prometheus) otherwise. */
async function windowSli(
  b: BacktestInput,
  input: BudgetInput,
  w: { start: Date; end: Date; at: Date },
  client: () => PrometheusClient,
): Promise<number> {
  if (input.method === 'Occurrences' && (b.spec.sli.kind === 'events' || b.spec.sli.kind === 'ratio'))
    return 1 - (await measureErrorRatio(b.spec, client(), w.start, w.end));
  const live = await liveBudget({
    report: budgetReport(input, w.at),
    input,
    spec: b.spec,
    client: client(),
    at: w.at,
  });
  return live.sli;
}

export async function backtest(b: BacktestInput): Promise<BacktestResult> {
  const notes: string[] = [];
  // Every client made for this objective, so the answer says how many queries it took.
  const clients: PrometheusClient[] = [];
  const client = (): PrometheusClient => {
    const c = b.client();
    clients.push(c);
    return c;
  };
  let replayed: ReplayedAlert[] = [];
  if (b.groups) {
    try {
      const own = b.groups.filter((g) => !b.ownGroups || b.ownGroups.has(g.name));
      const recordings = b.groups.flatMap((g) => g.rules.filter((r) => r.record !== undefined));
      replayed = await replayAlerts(client(), own, { from: b.from, to: b.to }, { recordings });
    } catch (err) {
      notes.push(`The alerts could not be replayed: ${why(err)}`);
    }
  } else if (b.rulesNote) notes.push(b.rulesNote);

  const budget = errorBudget(b.input.target);
  let sli: number | null = null;
  let burn: BacktestResult['budget'] = null;
  try {
    // The range read as a rolling window of its own length, so slices are counted as the budget counts them.
    const rangeMinutes = Math.round((b.to.getTime() - b.from.getTime()) / 60_000);
    const rangeInput: BudgetInput = {
      ...b.input,
      window: { kind: 'rolling', minutes: rangeMinutes, label: `${rangeMinutes} minutes` },
    };
    sli = await windowSli(b, rangeInput, { start: b.from, end: b.to, at: b.to }, client);
    const ratio = 1 - sli;
    const burnRate = ratio / budget;
    burn = {
      burnRate: Number(burnRate.toPrecision(6)),
      consumed: Number(((burnRate * rangeMinutes) / windowMinutes(b.input, b.to)).toPrecision(6)),
    };
  } catch (err) {
    notes.push(`The SLI over the range could not be read: ${why(err)}`);
  }

  let series: ErrorRatioSeries | undefined;
  if (b.seriesPoints !== undefined) {
    try {
      series = await errorRatioSeries(b.spec, client(), b.from, b.to, b.seriesPoints);
    } catch (err) {
      notes.push(`The error ratio over time could not be read: ${why(err)}`);
    }
  }

  const windows: BacktestWindow[] = [];
  for (const w of pastWindows(b.input, b.from, b.to)) {
    try {
      const value = await windowSli(b, b.input, w, client);
      windows.push({
        start: w.start.toISOString(),
        end: w.end.toISOString(),
        sli: Number(value.toPrecision(10)),
        met: value >= b.input.target,
      });
    } catch (err) {
      windows.push({
        start: w.start.toISOString(),
        end: w.end.toISOString(),
        sli: null,
        met: null,
        error: err instanceof PrometheusError ? err.message : why(err),
      });
    }
  }

  const incidents: BacktestIncident[] = [];
  for (const incident of b.incidents) {
    const s = incident.start.getTime() / 1000;
    const e = incident.end.getTime() / 1000;
    let detection: BacktestIncident['detection'] = null;
    // Detected by the first notification sent during the incident: an alert already firing sends none.
    for (const alert of replayed)
      for (const f of alert.firing)
        if (f.start >= s && f.start <= e && (!detection || f.start < Date.parse(detection.at) / 1000))
          detection = {
            alert: alert.name,
            ...(alert.severity !== undefined ? { severity: alert.severity } : {}),
            at: iso(f.start),
            delayMinutes: Math.round((f.start - s) / 6) / 10,
          };
    const measured: BacktestIncident['budget'] = {
      ...(incident.statedBudget !== undefined ? { stated: incident.statedBudget } : {}),
    };
    try {
      const ratio = await measureErrorRatio(b.spec, client(), incident.start, incident.end);
      const minutes = (e - s) / 60;
      measured.measured = Number(
        ((ratio * minutes) / (budget * windowMinutes(b.input, incident.end))).toPrecision(6),
      );
    } catch (err) {
      measured.error = why(err);
    }
    incidents.push({
      file: incident.file,
      title: incident.title,
      start: incident.start.toISOString(),
      end: incident.end.toISOString(),
      detection,
      budget: measured,
    });
  }

  return {
    slo: b.slo,
    ...(b.objective !== undefined ? { objective: b.objective } : {}),
    target: b.input.target,
    from: b.from.toISOString(),
    to: b.to.toISOString(),
    alerts: replayed.map((a) => ({
      name: a.name,
      ...(a.severity !== undefined ? { severity: a.severity } : {}),
      notifications: a.notifications,
      firing: a.firing.map((f) => ({
        start: iso(f.start),
        end: f.end === undefined ? null : iso(f.end),
        alreadyFiring: f.alreadyFiring,
      })),
    })),
    sli: sli === null ? null : Number(sli.toPrecision(10)),
    budget: burn,
    windows,
    incidents,
    ...(series ? { series } : {}),
    notes,
    queries: clients.reduce((n, c) => n + c.sent.length, 0),
  };
}
