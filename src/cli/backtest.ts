/**
 * `team-sre backtest FILE [--slo NAME] --prometheus URL [--from ISO-8601] [--to ISO-8601] [--json]`: each SLO
 * objective of FILE replayed over the range — the alerts its generated rules would have sent, the SLI and budget
 * over the range, the target met in each past window, and the postmortems' incidents with their detection.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { BacktestResult } from '../backtest/backtest.js';
import { backtestObjective, type PostmortemText } from '../backtest/objective.js';
import { formatDuration, formatPercent } from '../budget/format.js';
import { UsageError } from '../fs/walk.js';
import { readBounded } from '../fs/read.js';
import { PrometheusClient, type PrometheusConfig } from '../prometheus/client.js';
import { escapeControls, safeJson } from '../text/escape.js';
import { loadSlos, parseAt } from './budget.js';

/** How far back a backtest looks without `--from`: four weeks, the most common SLO window. */
const DEFAULT_DAYS = 28;
/** Postmortems read for incidents: at most this many files of at most 1 MB. */
const MAX_POSTMORTEMS = 2000;

export interface BacktestOptions {
  file: string;
  slo?: string;
  from?: string;
  to?: string;
  postmortems: string;
  slothPeriod: string;
  maxFileSize: number;
  cwd: string;
  prometheus: PrometheusConfig;
}

/** The postmortems of `dir`, at most MAX_POSTMORTEMS files of at most 1 MB, read once for every objective. */
function readPostmortems(dir: string, cwd: string): PostmortemText[] {
  let names: string[];
  try {
    names = readdirSync(path.resolve(cwd, dir)).filter(
      (n) => n.endsWith('.md') && n !== 'README.md' && n !== 'INDEX.md',
    );
  } catch {
    return [];
  }
  const out: PostmortemText[] = [];
  for (const name of names.sort().slice(0, MAX_POSTMORTEMS)) {
    const file = path.join(dir, name);
    const read = readBounded(path.resolve(cwd, file), 1024 * 1024);
    if ('text' in read) out.push({ file: file.split(path.sep).join('/'), text: read.text });
  }
  return out;
}

export async function backtestFile(options: BacktestOptions): Promise<BacktestResult[]> {
  const to = options.to === undefined ? new Date() : parseAt(options.to);
  const from =
    options.from === undefined ? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000) : parseAt(options.from);
  if (!(from.getTime() < to.getTime()))
    throw new UsageError(`--from (${from.toISOString()}) must be before --to (${to.toISOString()})`);
  const { slos, workspace, file } = loadSlos({
    file: options.file,
    ...(options.slo !== undefined ? { slo: options.slo } : {}),
    slothPeriod: options.slothPeriod,
    cwd: options.cwd,
    maxFileSize: options.maxFileSize,
  });
  const chosen = new Set(slos.map((s) => s.name));
  const postmortems = readPostmortems(options.postmortems, options.cwd);
  const results: BacktestResult[] = [];
  for (const entry of workspace.budgets(file, to)) {
    if (!chosen.has(entry.name)) continue;
    results.push(
      await backtestObjective(workspace, file, entry, {
        from,
        to,
        postmortems,
        client: () => new PrometheusClient(options.prometheus),
      }),
    );
  }
  return results;
}

const when = (iso: string | null) => (iso === null ? 'still firing' : iso.replace(':00.000Z', 'Z'));

/** The results as a person reads them: one block per objective. */
export function backtestText(results: readonly BacktestResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    const title = `${r.slo}${r.objective ? ` (${r.objective})` : ''}`;
    out.push(
      Number.isNaN(r.target)
        ? title
        : `${title}: target ${formatPercent(r.target)}, ${when(r.from)} → ${when(r.to)}`,
    );
    if (r.sli !== null && r.budget)
      out.push(
        `  SLI ${formatPercent(r.sli)} over the range: burn rate ${r.budget.burnRate}, ${formatPercent(r.budget.consumed)} of a window's budget`,
      );
    for (const a of r.alerts) {
      const firing = a.firing
        .map((f) => `${when(f.start)}${f.alreadyFiring ? ' (already firing)' : ''}–${when(f.end)}`)
        .join(', ');
      out.push(
        `  ${a.name}${a.severity ? ` (${a.severity})` : ''}: ${a.notifications} notification${a.notifications === 1 ? '' : 's'}${firing ? `; firing ${firing}` : ''}`,
      );
    }
    const measured = r.windows.filter((w) => w.met !== null);
    if (r.windows.length > 0)
      out.push(
        `  windows: target met in ${measured.filter((w) => w.met).length} of ${measured.length}${measured.length < r.windows.length ? ` (${r.windows.length - measured.length} not read)` : ''}: ${r.windows.map((w) => (w.sli === null ? 'not read' : formatPercent(w.sli))).join(', ')}`,
      );
    for (const i of r.incidents) {
      const detected = i.detection
        ? `${i.detection.alert}${i.detection.severity ? ` (${i.detection.severity})` : ''} after ${formatDuration(i.detection.delayMinutes)}`
        : 'no alert fired';
      const stated =
        i.budget.stated !== undefined ? `${formatPercent(i.budget.stated)} stated` : 'not stated';
      const measuredBudget =
        i.budget.measured !== undefined
          ? `${formatPercent(i.budget.measured)} measured`
          : `not measured (${i.budget.error ?? 'no data'})`;
      out.push(`  incident ${i.title} (${i.file}): ${detected}; budget ${stated}, ${measuredBudget}`);
    }
    for (const n of r.notes) out.push(`  note: ${n}`);
    out.push(`  ${r.queries} ${r.queries === 1 ? 'query' : 'queries'} sent`);
  }
  return `${out.map(escapeControls).join('\n')}\n`;
}

export const backtestJson = (results: readonly BacktestResult[]) => safeJson(results);
