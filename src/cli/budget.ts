import path from 'node:path';
import { formatDuration, formatPercent, formatCount } from '../budget/format.js';
import { budgetReport, type BudgetInput, type BudgetReport } from '../budget/budget-report.js';
import type { SloLiveSpec } from '../language/model/live-spec.js';
import {
  PrometheusClient,
  PrometheusError,
  type PrometheusConfig,
  type PrometheusErrorKind,
} from '../prometheus/client.js';
import { liveBudget, type LiveBudget } from '../prometheus/live.js';
import { DEFAULT_SELECTION } from '../language/workspace/files.js';
import type { ModelResolver, SloModel } from '../language/model/slo-model.js';
import {
  createLanguageService,
  hasBudget,
  type LanguageService,
  type WorkspaceSloBudget,
  type WorkspaceSloFailure,
} from '../language/service.js';
import { expandPaths, UsageError } from '../fs/walk.js';
import { cliServiceOptions, readSourceFile } from './lint.js';
import { describeBytes } from '../fs/read.js';
import { DEFAULT_MAX_FILE_SIZE } from '../language/analysis/limits.js';
import { step } from './step.js';
import { escapeControls } from '../text/escape.js';

export interface BudgetOptions {
  file: string;
  slo?: string;
  at: Date;
  trafficPerSecond?: number;
  slothPeriod: string;
  cwd: string;
  /** Files above this many bytes are not read (`--max-file-size`, default 2 MB). */
  maxFileSize?: number;
}

/** `100/s`, `6000/m`, `360000/h` or a bare number per second. */
export function parseTraffic(text: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(?:\/(s|m|h|d))?$/.exec(text.trim());
  if (!m) throw new UsageError(`--traffic must be a rate such as 100/s, 6000/m or 360000/h, not '${text}'`);
  const per = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) / per;
}

export function parseAt(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--at must be an ISO-8601 date and time such as 2026-11-24T12:00:00Z, not '${text}'`,
    );
  }
  return date;
}

/**
 * The budget reports of every SLO objective of a file (references resolved against the working folder), and
 * in their place the SLOs whose budget cannot be computed.
 */
export function budgetReports(options: BudgetOptions): Array<BudgetReport | FailedReport> {
  return budgetEntries(options).map((e) => (hasBudget(e) ? e.report : failed(e)));
}

/** Which SLOs of which file: `file` relative to `cwd`; with `slo`, only the SLO of that name. */
export interface SloSource {
  file: string;
  slo?: string;
  slothPeriod: string;
  cwd: string;
  /** Files above this many bytes are not read (`--max-file-size`, default 2 MB). */
  maxFileSize?: number;
}

/** An index of the SLO files of the working folder (but `except`), so that references between files resolve. */
export function indexWorkingFolder(
  cwd: string,
  except?: string,
  slothPeriod?: string,
  maxFileSize = DEFAULT_MAX_FILE_SIZE,
): LanguageService {
  const index = createLanguageService({
    ...cliServiceOptions(maxFileSize),
    ...(slothPeriod ? { slothPeriod } : {}),
  });
  for (const other of expandPaths([], DEFAULT_SELECTION, cwd)) {
    if (other === except) continue;
    try {
      const read = readSourceFile(other, other, maxFileSize);
      if ('text' in read) index.setFile(other, read.text);
    } catch {
      // an unreadable neighbour only costs a reference
    }
  }
  return index;
}

/**
 * The SLOs of a file (or the one `slo` names: its id, or a Sloth SLO's own name), analyzed in `index` (by
 * default an index of the working folder) so that OpenSLO references resolve, and the resolver of those
 * references. Usage errors for an unreadable file, a file too large, a file without SLOs and an unknown name.
 */
export function loadSlos(
  source: SloSource,
  index?: LanguageService,
): { slos: SloModel[]; resolve: ModelResolver; workspace: LanguageService; file: string } {
  const file = path.resolve(source.cwd, source.file);
  const maxFileSize = source.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const read = readSourceFile(file, source.file, maxFileSize);
  if (!('text' in read))
    throw new UsageError(
      `'${source.file}' has ${describeBytes(read.size)}, above the ${describeBytes(maxFileSize)} limit of the files read: raise the limit with --max-file-size (in MB)`,
    );
  const { text } = read;
  const workspace = index ?? indexWorkingFolder(source.cwd, file, source.slothPeriod, maxFileSize);
  workspace.setFile(file, text);
  const resolve = workspace.resolve;
  const slos = workspace.slos(file);
  if (!slos.length)
    throw new UsageError(
      `'${source.file}' holds no SLO (an OpenSLO SLO, a Sloth file or a Pyrra ServiceLevelObjective)`,
    );
  const chosen = source.slo
    ? slos.filter((s) => s.name === source.slo || s.node.get('name')?.string === source.slo)
    : slos;
  if (!chosen.length) {
    throw new UsageError(
      `no SLO named '${source.slo}' in '${source.file}'; its SLOs: ${slos.map((s) => s.name).join(', ')}`,
    );
  }
  return { slos: chosen, resolve, workspace, file };
}

/**
 * The objectives of the chosen SLOs with their budget (computed with the traffic, when given), and the SLOs
 * whose budget cannot be computed with why, each SLO on its own.
 */
function budgetEntries(options: BudgetOptions): Array<WorkspaceSloBudget | WorkspaceSloFailure> {
  const { slos, workspace, file } = loadSlos(options);
  const chosen = new Set(slos.map((s) => s.name));
  return step(`computing the budgets of ${options.file}`, () => workspace.budgets(file, options.at))
    .filter((e) => chosen.has(e.name))
    .map((e) =>
      hasBudget(e) && options.trafficPerSecond !== undefined
        ? { ...e, report: budgetReport(e.input, options.at, options.trafficPerSecond) }
        : e,
    );
}

/** An SLO of the file whose budget cannot be computed, as `--json` prints it. */
export interface FailedReport {
  name: string;
  format: string;
  error: string;
}

const failed = (e: WorkspaceSloFailure): FailedReport => ({ name: e.name, format: e.format, error: e.error });

export interface LiveReport extends BudgetReport {
  live?: LiveBudget;
  liveError?: { kind: PrometheusErrorKind; message: string; query?: string };
}

/** The budget reports with what Prometheus says is left (or why it could not say). */
export async function liveBudgets(
  options: BudgetOptions,
  config: PrometheusConfig,
): Promise<Array<LiveReport | FailedReport>> {
  const out: Array<LiveReport | FailedReport> = [];
  for (const entry of budgetEntries(options))
    out.push(
      hasBudget(entry) ? { ...entry.report, ...(await readLive(entry, config, options.at)) } : failed(entry),
    );
  return out;
}

/** What Prometheus says is left of one objective's budget at `at` (a client of its own), or why it could not say. */
export async function readLive(
  entry: { report: BudgetReport; input: BudgetInput; spec: SloLiveSpec },
  config: PrometheusConfig,
  at: Date,
): Promise<Pick<LiveReport, 'live' | 'liveError'>> {
  const { report, input, spec } = entry;
  const client = new PrometheusClient(config);
  try {
    return { live: await liveBudget({ report, input, spec, client, at }) };
  } catch (err) {
    if (err instanceof PrometheusError) return { liveError: err.describe() };
    // Whatever else fails is this SLO's, as the editor answers it: the other SLOs are still read.
    return {
      liveError: {
        kind: 'garbage',
        message: `Reading the live budget failed: ${err instanceof Error ? err.message : String(err)}`,
      },
    };
  }
}

const percent = (ratio: number) => `${Number((ratio * 100).toPrecision(6))} %`;

function liveText(r: LiveReport): string[] {
  if (r.liveError) {
    const lines = [`  ! live: ${r.liveError.message}`];
    if (r.liveError.query) lines.push(`    query: ${r.liveError.query}`);
    return lines;
  }
  const l = r.live;
  if (!l) return [];
  const left =
    l.budgetRemaining < 0
      ? `${percent(l.budgetRemaining)} (overspent by ${percent(-l.budgetRemaining)})`
      : percent(l.budgetRemaining);
  const lines = [
    `  live at ${l.at.replace('T', ' ').replace(/:\d{2}\.\d{3}Z$/, ' UTC')}, from ${l.sourceNote}:`,
    `    SLI ${percent(l.sli)} over ${l.measured.window} · budget left ${left}`,
  ];
  if (l.slices)
    lines.push(
      `    ${l.slices.bad} bad of ${l.slices.counted} ${l.slices.length} slices (the window holds ${l.slices.inWindow})`,
    );
  const rates = Object.entries(l.burnRates).map(
    ([w, v]) => `${w} ${v === null ? '-' : Number(v.toPrecision(4))}`,
  );
  if (rates.length) lines.push(`    burn rate: ${rates.join(' · ')}`);
  for (const n of l.notes) lines.push(`    ${n}`);
  return lines;
}

const pad = (s: string, n: number) => s.padEnd(n);

export function formatBudgetText(
  reports: Array<LiveReport | FailedReport>,
  trafficPerSecond?: number,
): string {
  const out: string[] = [];
  for (const r of reports) {
    if ('error' in r) {
      out.push(`${r.name} (${r.format})`, `  error: ${r.error}`, '');
      continue;
    }
    const date = (iso: string) => iso.replace('T', ' ').replace(/:\d{2}\.\d{3}Z$/, ' UTC');
    out.push(`${r.name}${r.objective ? ` · ${r.objective}` : ''} (${r.format})`);
    out.push(
      `  target ${formatPercent(r.target)} · ${r.method} · ${r.window.label}: ${date(r.window.start)} → ${date(r.window.end)} (${r.window.days} days)`,
    );
    let budget = `  budget ${formatPercent(r.budget.ratio)} = ${formatDuration(r.budget.allowedBadMinutes)} of full outage`;
    if (r.budget.allowedBadEvents !== undefined)
      budget += `, ${formatCount(r.budget.allowedBadEvents)} bad events at ${trafficPerSecond}/s`;
    if (r.budget.allowedBadSlices !== undefined)
      budget += `, ${formatCount(r.budget.allowedBadSlices)} bad slices`;
    out.push(budget);
    if (r.alerts.length) {
      out.push(`  alerts, from ${r.alertSource}:`);
      const rows = [
        [
          'severity',
          'long',
          'short',
          'burn rate',
          'error ratio',
          'budget gone in',
          'alert after',
          'full outage detected in',
        ],
      ];
      for (const a of r.alerts) {
        rows.push([
          a.disabled ? `${a.severity} (disabled)` : a.severity,
          a.longWindow,
          a.shortWindow || '-',
          String(a.factor),
          formatPercent(a.threshold),
          formatDuration(a.exhaustionHours * 60),
          a.alertAfter || '-',
          a.disabled ? 'never: disabled' : a.neverFires ? 'never' : formatDuration(a.detectionMinutes),
        ]);
      }
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
      for (const row of rows)
        out.push(
          `    ${row
            .map((c, i) => pad(c, widths[i]!))
            .join('  ')
            .trimEnd()}`,
        );
    }
    for (const w of r.warnings) out.push(`  ! ${w}`);
    out.push(...liveText(r));
    out.push('');
  }
  // Each line is one line of the terminal: a newline or ESC in a name, a warning or an error is shown escaped.
  return out.map(escapeControls).join('\n');
}
