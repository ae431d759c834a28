/** Words and figures shared by the Markdown and HTML renderings of a report. */
import { formatDuration, formatPercent } from '../budget/format.js';
import {
  NO_SERVICE,
  type FiringAlert,
  type Report,
  type ServiceReport,
  type SloBudgetRow,
  type SloRow,
} from './model.js';

export const plural = (n: number, noun: string, nouns = `${noun}s`) => `${n} ${n === 1 ? noun : nouns}`;

/** An instant as `2026-11-24 12:00 UTC`. */
export const instant = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** A measured share (budget left, SLI) to one decimal: 0.87234 → "87.2 %", −0.5 → "−50 %". */
export function share(ratio: number): string {
  const n = Number((ratio * 100).toFixed(1));
  return `${n < 0 ? '−' : ''}${Math.abs(n)} %`;
}

export const burnRate = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : String(Number(v.toPrecision(3)));

/** Whether a row has its budget (else it says why it has none). */
export const hasFigures = (r: SloRow): r is SloBudgetRow => !('error' in r);

export const target = (r: SloBudgetRow) => formatPercent(r.target);

/** The budget of an objective as minutes of full outage, e.g. "40 min 19 s". */
export const budgetMinutes = (r: SloBudgetRow) => formatDuration(r.budget.allowedBadMinutes);

/** What the report says of an SLO whose budget cannot be computed. */
export const NOT_COMPUTED = 'budget not computed';

export const consumed = (ratio: number) => `${formatPercent(ratio)} of budget`;

export const serviceName = (s: { service: string | null }) => s.service ?? NO_SERVICE;

/** The label of a source by its path as given. */
export function sourceLabel(report: Report, path: string): string {
  return report.sources.find((s) => s.path === path)?.label ?? path;
}

/** "checkout", or "checkout (examples)" when the report covers several sources. */
export function serviceTitle(report: Report, s: Pick<ServiceReport, 'service' | 'source'>): string {
  return report.sources.length > 1 ? `${serviceName(s)} (${sourceLabel(report, s.source)})` : serviceName(s);
}

/** Where an SLO of the summary is: "checkout, slos/a.yaml", with the source when there are several. */
export function sloPlace(
  report: Report,
  s: { source: string; service: string | null; file: string },
): string {
  const service = s.service ?? 'no service';
  return report.sources.length > 1
    ? `${service}, ${sourceLabel(report, s.source)}: ${s.file}`
    : `${service}, ${s.file}`;
}

export const sloTitle = (s: { name: string; objective?: string }) =>
  s.objective ? `${s.name} · ${s.objective}` : s.name;

/** "page 1h/5m at 14.4: 20.1 and 31.2". */
export function firingText(a: FiringAlert): string {
  const windows = a.shortWindow ? `${a.longWindow}/${a.shortWindow}` : a.longWindow;
  const rates =
    a.shortBurnRate === undefined
      ? burnRate(a.longBurnRate)
      : `${burnRate(a.longBurnRate)} and ${burnRate(a.shortBurnRate)}`;
  return `${a.severity} ${windows} (burn rate ${rates} ≥ ${burnRate(a.factor)})`;
}

/** "page 1h/5m". */
export const firingShort = (a: FiringAlert) =>
  `${a.severity} ${a.shortWindow ? `${a.longWindow}/${a.shortWindow}` : a.longWindow}`;

/** The burn rates of a live reading, "1h 0.4 · 5m 1.2". */
export const burnRates = (rates: Record<string, number | null>) =>
  Object.entries(rates)
    .map(([w, v]) => `${w} ${burnRate(v)}`)
    .join(' · ');

/** The burn rates of a live read, or why there are none: the data is too old. */
export const liveBurnRates = (live: { burnRates: Record<string, number | null>; stale?: string }) =>
  live.stale ?? burnRates(live.burnRates);

export const HEADING = 'SLOs and postmortems';

/** How much of its error budget an SLO has left, in words. */
export type BudgetState = 'ok' | 'warning' | 'critical' | 'exhausted';

/** The states from the most budget left, with the share that starts each (`exhausted`: 0 % or less). */
export const BUDGET_STATES: ReadonlyArray<{ state: BudgetState; from: number; legend: string }> = [
  { state: 'ok', from: 0.5, legend: 'ok: 50 % or more left' },
  { state: 'warning', from: 0.2, legend: 'warning: 20 % to 50 %' },
  { state: 'critical', from: 0, legend: 'critical: under 20 %' },
  { state: 'exhausted', from: -Infinity, legend: 'exhausted: 0 % or less' },
];

/** The state of a budget left of `ratio` (0.27 → `warning`); 0 % left is `exhausted`. */
export function budgetState(ratio: number): BudgetState {
  if (ratio <= 0) return 'exhausted';
  return BUDGET_STATES.find((s) => ratio >= s.from)!.state;
}
