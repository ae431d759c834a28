/**
 * The data of a report over one or several repositories: what is gathered from each (SLOs with their budget,
 * live figures, lint problems, postmortems) and the digest built from it, per service with a summary on top.
 * Plain data only, so that the command line and the editor can both fill and render it.
 */
import type { BudgetingMethod, BudgetReport } from '../budget/budget-report.js';
import type { PostmortemSummary } from '../postmortem/index.js';
import type { LiveBudget, LiveSource } from '../prometheus/live.js';

/** Version of the JSON below; it changes when a field changes meaning or goes away. */
export const REPORT_VERSION = 1;

/** What the rendered report calls the SLOs and postmortems of no service. */
export const NO_SERVICE = '(no service)';

// What is gathered, per repository or folder.

export type GatheredSlo = GatheredBudget | GatheredFailure;

interface GatheredPlace {
  /** The SLO file, relative to its source, with `/`. */
  file: string;
  /** The service the SLO names (OpenSLO `spec.service`, Sloth `service`, Pyrra's namespace); null for none. */
  service: string | null;
}

/** An SLO whose budget cannot be computed, and why (the message of the diagnostic at fault, when there is one). */
export interface GatheredFailure extends GatheredPlace {
  name: string;
  format: string;
  error: string;
}

export interface GatheredBudget extends GatheredPlace {
  /** The budget of the objective at the report's instant. */
  report: BudgetReport;
  /** What Prometheus says is left, when it was asked and answered. */
  live?: LiveBudget;
  /** Why Prometheus could not say. */
  liveError?: { kind: string; message: string; query?: string };
}

export interface GatheredPostmortem {
  /** Its summary; `path` relative to the source, with `/`. */
  summary: PostmortemSummary;
  /** The front matter's `services`. */
  services: string[];
}

export interface GatheredDiagnostic {
  /** Relative to the source, with `/`. */
  file: string;
  code: string;
  severity: 'error' | 'warning' | 'info';
  /**
   * The service of the SLO file's document the problem is in (`null`: none can be told); absent for postmortems,
   * whose problems count under every service they attach to.
   */
  service?: string | null;
}

export interface GatheredSource {
  /** The path as given (`.` for the working folder). */
  path: string;
  /** How the report names it: the path as given, or the folder's name for the working folder. */
  label: string;
  slos: GatheredSlo[];
  postmortems: GatheredPostmortem[];
  /** The problems `team-sre lint` finds in its SLO files and postmortems. */
  diagnostics: GatheredDiagnostic[];
}

export interface ReportInput {
  /** The instant budgets are computed at. */
  at: Date;
  /** `YYYY-MM-DD`: postmortems dated before it are left out. */
  since: string;
  /** `YYYY-MM-DD`: action items due before it and still open are past due (default: the UTC day of `at`). */
  today?: string;
  /** The Prometheus the live figures were read from (shown as its origin). */
  prometheus?: string;
  sources: GatheredSource[];
}

// The report.

export interface Report {
  version: typeof REPORT_VERSION;
  /** ISO 8601 instant the budgets are computed at. */
  at: string;
  /** `YYYY-MM-DD`, the day action items are compared with. */
  today: string;
  /** `YYYY-MM-DD`, the first day of the postmortems listed. */
  since: string;
  /** The Prometheus origin the live figures come from (no credentials, no path); absent without one. */
  prometheus?: string;
  sources: Array<{ path: string; label: string }>;
  summary: ReportSummary;
  services: ServiceReport[];
}

/** Which SLO objective, from anywhere in the report. */
export interface SloPointer {
  source: string;
  service: string | null;
  name: string;
  objective?: string;
  file: string;
}

export interface PostmortemPointer {
  source: string;
  file: string;
  title: string;
  date?: string;
}

export interface ReportSummary {
  /** Named services (the groups of no service are not counted). */
  services: number;
  /** SLO objectives. */
  slos: number;
  /** Postmortems dated from `since` on (or undated), each counted once. */
  postmortems: number;
  /** Open action items of those postmortems. */
  openActionItems: number;
  /** Lint problems of every file read. */
  errors: number;
  warnings: number;
  /** Live budget remaining below 0. */
  overBudget: Array<SloPointer & { budgetRemaining: number }>;
  /** A burn-rate alert of the SLO would fire: its long and short windows both burn at or above its factor. */
  burningFast: Array<SloPointer & { firing: FiringAlert[] }>;
  /** The SLOs whose live budget could not be read, and why. */
  liveFailures: Array<SloPointer & { message: string }>;
  /** The SLOs whose budget cannot be computed, and why. */
  sloErrors: Array<SloPointer & { message: string }>;
  postmortemsWithoutOwner: PostmortemPointer[];
  pastDueActionItems: Array<{
    source: string;
    /** The postmortem's file and title. */
    file: string;
    postmortem: string;
    title: string;
    owner?: string;
    due: string;
    ticket?: string;
  }>;
  filesWithErrors: Array<{ source: string; file: string; errors: number; warnings: number }>;
}

export interface ServiceReport {
  /** The source's path as given. */
  source: string;
  /** Null for the SLOs, postmortems and files of the source that belong to no service. */
  service: string | null;
  slos: SloRow[];
  lint: LintStatus;
  postmortems: PostmortemRow[];
}

export type SloRow = SloBudgetRow | SloErrorRow;

/** An SLO whose budget cannot be computed: its name, format and file, and why. */
export interface SloErrorRow {
  name: string;
  format: string;
  file: string;
  error: string;
}

export interface SloBudgetRow {
  name: string;
  /** The objective's display name, when the SLO has several or names it. */
  objective?: string;
  /** `OpenSLO v1`, `Sloth (prometheus/v1)`, `Pyrra`… */
  format: string;
  /** Ratio, e.g. 0.999. */
  target: number;
  method: BudgetingMethod;
  window: BudgetReport['window'];
  /** The error budget: its ratio, and in minutes of full outage over the window (`allowedBadMinutes`). */
  budget: { ratio: number; allowedBadMinutes: number; allowedBadSlices?: number };
  /** Relative to the source, with `/`. */
  file: string;
  live?: SloLive;
  liveError?: { kind: string; message: string; query?: string };
}

export interface SloLive {
  at: string;
  source: LiveSource;
  /** Ratio of good over the measured window. */
  sli: number;
  /** Share of the budget left: 1 − spent / budget, negative when overspent. */
  budgetRemaining: number;
  /** Burn rate over each alert window (`1h`, `5m`…), null when that window saw no traffic or the data is stale. */
  burnRates: Record<string, number | null>;
  /** The SLO's burn-rate alerts that would fire now. */
  firing: FiringAlert[];
  /** Said instead of the burn rates when the data is too old to compute them: its age and newest sample. */
  stale?: string;
}

export interface FiringAlert {
  severity: string;
  longWindow: string;
  /** Empty for an alert over one window. */
  shortWindow: string;
  factor: number;
  longBurnRate: number;
  shortBurnRate?: number;
}

export interface LintStatus {
  /** The service's files: its SLO files and postmortems (for no service: the other files with problems). */
  files: number;
  errors: number;
  warnings: number;
  /** Errors and warnings per code, most frequent first. */
  codes: Array<{ code: string; severity: 'error' | 'warning'; count: number }>;
  /** The files with errors or warnings. */
  problemFiles: Array<{ file: string; errors: number; warnings: number }>;
}

export interface PostmortemRow {
  /** Relative to the source, with `/`. */
  file: string;
  title: string;
  /** `YYYY-MM-DD`. */
  date?: string;
  severity?: string;
  status?: string;
  owner?: string;
  /** The front matter's `services`. */
  services: string[];
  /** The SLOs it hit, with the share of their budget it consumed as its front matter says. */
  slos: Array<{
    file: string;
    name: string;
    objective?: string;
    budgetConsumed?: number;
    /** The service of the SLO it names, when that SLO is among the source's. */
    service?: string | null;
  }>;
  actionItems: number;
  openActionItems: ActionItemRow[];
}

export interface ActionItemRow {
  title: string;
  owner?: string;
  /** As written (an ISO 8601 date). */
  due?: string;
  ticket?: string;
  status?: string;
  /** Due before `today` and still open. */
  pastDue: boolean;
}
