/**
 * `team-sre backtest FILE [--slo NAME] --prometheus URL [--from ISO-8601] [--to ISO-8601] [--json]`: each SLO
 * objective of FILE replayed over the range — the alerts its generated rules would have sent, the SLI and budget
 * over the range, the target met in each past window, and the postmortems' incidents with their detection.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { backtest, type BacktestResult, type IncidentInput } from '../backtest/backtest.js';
import { formatPercent } from '../budget/format.js';
import { UsageError } from '../fs/walk.js';
import { readBounded } from '../fs/read.js';
import { hasBudget } from '../language/service.js';
import { parsePostmortem } from '../postmortem/frontmatter.js';
import { parseIsoTime } from '../postmortem/model.js';
import { PrometheusClient, type PrometheusConfig } from '../prometheus/client.js';
import { sloGroups } from '../rules/types.js';
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

/** The postmortems of `dir` that name `slo` and whose incident overlaps the range. */
function incidentsOf(dir: string, cwd: string, slo: string, from: Date, to: Date): IncidentInput[] {
  let names: string[];
  try {
    names = readdirSync(path.resolve(cwd, dir)).filter(
      (n) => n.endsWith('.md') && n !== 'README.md' && n !== 'INDEX.md',
    );
  } catch {
    return [];
  }
  const out: IncidentInput[] = [];
  for (const name of names.sort().slice(0, MAX_POSTMORTEMS)) {
    const file = path.join(dir, name);
    const read = readBounded(path.resolve(cwd, file), 1024 * 1024);
    if (!('text' in read)) continue;
    const { fields } = parsePostmortem(read.text);
    const ref = fields.slos?.find((r) => r.name === slo);
    const start = fields.started ? parseIsoTime(fields.started) : undefined;
    if (!ref || !start?.hasTime) continue;
    const resolved = fields.resolved ? parseIsoTime(fields.resolved) : undefined;
    const end = resolved?.hasTime ? resolved.date : to;
    if (end.getTime() <= from.getTime() || start.date.getTime() >= to.getTime()) continue;
    out.push({
      file: file.split(path.sep).join('/'),
      title: fields.title ?? name,
      start: start.date,
      end,
      ...(ref.budgetConsumed !== undefined ? { statedBudget: ref.budgetConsumed } : {}),
    });
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
  const documents = workspace.rules(file)?.documents ?? [];
  const results: BacktestResult[] = [];
  for (const entry of workspace.budgets(file, to)) {
    if (!chosen.has(entry.name)) continue;
    if (!hasBudget(entry)) {
      results.push({
        slo: entry.name,
        target: Number.NaN,
        from: from.toISOString(),
        to: to.toISOString(),
        alerts: [],
        sli: null,
        budget: null,
        windows: [],
        incidents: [],
        notes: [entry.error],
        queries: 0,
      });
      continue;
    }
    const doc = documents.find((d) => d.slos.some((s) => s.name === entry.name));
    const note = documents.flatMap((d) => d.notes).find((n) => n.slo === entry.name);
    const own = doc ? sloGroups(doc).get(entry.name) : undefined;
    results.push(
      await backtest({
        slo: entry.name,
        ...(entry.report.objective !== undefined ? { objective: entry.report.objective } : {}),
        input: entry.input,
        spec: entry.spec,
        ...(doc && own?.length ? { groups: doc.groups, ownGroups: new Set(own.map((g) => g.name)) } : {}),
        ...(!own?.length
          ? { rulesNote: `No alerts to replay: ${note?.message ?? 'its format generates no rules for it.'}` }
          : {}),
        incidents: incidentsOf(options.postmortems, options.cwd, entry.name, from, to),
        from,
        to,
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
        ? `${i.detection.alert}${i.detection.severity ? ` (${i.detection.severity})` : ''} after ${i.detection.delayMinutes} min`
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
