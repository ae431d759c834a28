/**
 * Builds the report from what was gathered: SLOs, postmortems and files grouped per service of each source,
 * postmortems filtered by date, and the summary of what needs attention.
 */
import { alertNow, type AlertRow } from '../budget/alerts.js';
import type { PostmortemSloRef } from '../postmortem/model.js';
import { parseIsoTime } from '../postmortem/model.js';
import { sloResolver } from '../postmortem/workspace.js';
import { staleNote } from '../prometheus/freshness.js';
import {
  REPORT_VERSION,
  type ActionItemRow,
  type FiringAlert,
  type GatheredPostmortem,
  type GatheredSlo,
  type GatheredSource,
  type LintStatus,
  type PostmortemRow,
  type Report,
  type ReportInput,
  type ReportSummary,
  type ServiceReport,
  type SloBudgetRow,
  type SloRow,
} from './model.js';

/** The alerts of the table that would fire at these burn rates: long and short window above the factor. */
export function firingAlerts(alerts: AlertRow[], burnRates: Record<string, number | null>): FiringAlert[] {
  const out: FiringAlert[] = [];
  for (const a of alerts) {
    // The preview's "Fires now?" column judges the same way; a disabled alert is never generated.
    if (alertNow(a, burnRates).fires !== true) continue;
    const long = burnRates[a.longWindow] as number;
    const short = a.shortWindow ? burnRates[a.shortWindow] : undefined;
    out.push({
      severity: a.severity,
      longWindow: a.longWindow,
      shortWindow: a.shortWindow,
      factor: a.factor,
      longBurnRate: long,
      ...(typeof short === 'number' ? { shortBurnRate: short } : {}),
    });
  }
  return out;
}

function sloRow(slo: GatheredSlo): SloRow {
  if ('error' in slo) return { name: slo.name, format: slo.format, file: slo.file, error: slo.error };
  const r = slo.report;
  const row: SloBudgetRow = {
    name: r.name,
    ...(r.objective ? { objective: r.objective } : {}),
    format: r.format,
    target: r.target,
    method: r.method,
    window: r.window,
    budget: {
      ratio: r.budget.ratio,
      allowedBadMinutes: r.budget.allowedBadMinutes,
      ...(r.budget.allowedBadSlices !== undefined ? { allowedBadSlices: r.budget.allowedBadSlices } : {}),
    },
    file: slo.file,
  };
  if (slo.live)
    row.live = {
      at: slo.live.at,
      source: slo.live.source,
      sli: slo.live.sli,
      budgetRemaining: slo.live.budgetRemaining,
      burnRates: slo.live.burnRates,
      firing: firingAlerts(r.alerts, slo.live.burnRates),
      ...(slo.live.freshness?.stale
        ? {
            stale: staleNote(
              slo.live.freshness,
              Date.parse(slo.live.at) / 1000,
              Object.keys(slo.live.burnRates),
            ),
          }
        : {}),
    };
  if (slo.liveError) row.liveError = { ...slo.liveError };
  return row;
}

const nameOf = (s: GatheredSlo) => ('error' in s ? s.name : s.report.name);

/** The SLOs of the source a postmortem's reference names: as the lint check resolves it, workspace path first. */
function citedSlos(slos: GatheredSlo[], postmortem: string, ref: PostmortemSloRef): GatheredSlo[] {
  const named = slos.filter((s) => nameOf(s) === ref.name);
  const matching = (from: string) =>
    named.filter((s) => sloResolver(new Map([[s.file, [nameOf(s)]]]), from)(ref.file, ref.name) === 'ok');
  // First from the source's root (as resolved for a postmortem folder at the root), then from the folder
  // holding the postmortem's folder: the order of the lint check.
  const direct = matching('postmortems/_.md');
  return direct.length ? direct : matching(postmortem);
}

const pastDue = (due: string | undefined, today: string) =>
  due !== undefined && parseIsoTime(due) !== undefined && due.trim().slice(0, 10) < today;

function postmortemRow(pm: GatheredPostmortem, slos: GatheredSlo[], today: string): PostmortemRow {
  const s = pm.summary;
  return {
    file: s.path,
    title: s.title,
    ...(s.date ? { date: s.date } : {}),
    ...(s.severity ? { severity: s.severity } : {}),
    ...(s.status ? { status: s.status } : {}),
    ...(s.owner?.trim() ? { owner: s.owner.trim() } : {}),
    services: pm.services,
    slos: s.slos.map((ref) => {
      const cited = citedSlos(slos, s.path, ref)[0];
      return {
        file: ref.file,
        name: ref.name,
        ...(ref.objective ? { objective: ref.objective } : {}),
        ...(ref.budgetConsumed !== undefined ? { budgetConsumed: ref.budgetConsumed } : {}),
        ...(cited ? { service: cited.service } : {}),
      };
    }),
    actionItems: s.actionItems.length,
    openActionItems: s.openActionItems.map((i): ActionItemRow => ({
      title: i.title,
      ...(i.owner?.trim() ? { owner: i.owner.trim() } : {}),
      ...(i.due ? { due: i.due } : {}),
      ...(i.ticket ? { ticket: i.ticket } : {}),
      ...(i.status ? { status: i.status } : {}),
      pastDue: pastDue(i.due, today),
    })),
  };
}

/** Newest first, undated last, then by file. */
const newestFirst = (a: PostmortemRow, b: PostmortemRow) =>
  a.date === b.date
    ? a.file < b.file
      ? -1
      : a.file > b.file
        ? 1
        : 0
    : a.date === undefined
      ? 1
      : b.date === undefined
        ? -1
        : a.date < b.date
          ? 1
          : -1;

interface Group {
  service: string | null;
  slos: SloRow[];
  postmortems: PostmortemRow[];
  files: Set<string>;
}

function lintStatus(g: Group, source: GatheredSource): LintStatus {
  const { files } = g;
  const codes = new Map<string, { code: string; severity: 'error' | 'warning'; count: number }>();
  const perFile = new Map<string, { file: string; errors: number; warnings: number }>();
  for (const d of source.diagnostics) {
    if (!files.has(d.file) || d.severity === 'info') continue;
    // A problem of an SLO document counts under that document's service only.
    if (d.service !== undefined && d.service !== g.service) continue;
    const key = `${d.code} ${d.severity}`;
    const c = codes.get(key) ?? { code: d.code, severity: d.severity, count: 0 };
    c.count++;
    codes.set(key, c);
    const f = perFile.get(d.file) ?? { file: d.file, errors: 0, warnings: 0 };
    if (d.severity === 'error') f.errors++;
    else f.warnings++;
    perFile.set(d.file, f);
  }
  const problemFiles = [...perFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    files: files.size,
    errors: problemFiles.reduce((n, f) => n + f.errors, 0),
    warnings: problemFiles.reduce((n, f) => n + f.warnings, 0),
    codes: [...codes.values()].sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
        b.count - a.count ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    ),
    problemFiles,
  };
}

function sourceServices(source: GatheredSource, since: string, today: string): ServiceReport[] {
  const groups = new Map<string | null, Group>();
  const group = (service: string | null) => {
    let g = groups.get(service);
    if (!g) groups.set(service, (g = { service, slos: [], postmortems: [], files: new Set() }));
    return g;
  };
  const slos = [...source.slos].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const slo of slos) {
    const g = group(slo.service);
    g.slos.push(sloRow(slo));
    g.files.add(slo.file);
  }
  const known = new Set(slos.map((s) => s.service).filter((s): s is string => s !== null));
  for (const pm of source.postmortems) {
    const row = postmortemRow(pm, slos, today);
    const services = new Set<string | null>(pm.services.filter((s) => known.has(s)));
    for (const ref of row.slos) if (ref.service !== undefined) services.add(ref.service);
    if (!services.size) services.add(null);
    const listed = row.date === undefined || row.date >= since;
    for (const service of [...services].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))) {
      const g = group(service);
      g.files.add(row.file);
      if (listed) g.postmortems.push(row);
    }
  }
  // Files of no service: those with problems that are neither SLO files nor postmortems.
  const assigned = new Set([...groups.values()].flatMap((g) => [...g.files]));
  for (const d of source.diagnostics)
    if (d.severity !== 'info' && (!assigned.has(d.file) || d.service === null)) group(null).files.add(d.file);
  const ordered = [...groups.values()].sort((a, b) =>
    a.service === b.service
      ? 0
      : a.service === null
        ? 1
        : b.service === null
          ? -1
          : a.service < b.service
            ? -1
            : 1,
  );
  return ordered
    .map((g) => ({
      source: source.path,
      service: g.service,
      slos: g.slos,
      lint: lintStatus(g, source),
      postmortems: g.postmortems.sort(newestFirst),
    }))
    .filter((s) => s.service !== null || s.slos.length || s.postmortems.length || s.lint.problemFiles.length);
}

function summarise(services: ServiceReport[], sources: GatheredSource[]): ReportSummary {
  const summary: ReportSummary = {
    services: services.filter((s) => s.service !== null).length,
    slos: 0,
    postmortems: 0,
    openActionItems: 0,
    errors: 0,
    warnings: 0,
    overBudget: [],
    burningFast: [],
    liveFailures: [],
    sloErrors: [],
    postmortemsWithoutOwner: [],
    pastDueActionItems: [],
    filesWithErrors: [],
  };
  const seen = new Set<string>();
  for (const s of services) {
    for (const slo of s.slos) {
      summary.slos++;
      if ('error' in slo) {
        const { name, file, error } = slo;
        summary.sloErrors.push({ source: s.source, service: s.service, name, file, message: error });
        continue;
      }
      const pointer = {
        source: s.source,
        service: s.service,
        name: slo.name,
        ...(slo.objective ? { objective: slo.objective } : {}),
        file: slo.file,
      };
      if (slo.live && slo.live.budgetRemaining < 0)
        summary.overBudget.push({ ...pointer, budgetRemaining: slo.live.budgetRemaining });
      if (slo.live?.firing.length) summary.burningFast.push({ ...pointer, firing: slo.live.firing });
      if (slo.liveError) summary.liveFailures.push({ ...pointer, message: slo.liveError.message });
    }
    for (const pm of s.postmortems) {
      const key = JSON.stringify([s.source, pm.file]);
      if (seen.has(key)) continue;
      seen.add(key);
      summary.postmortems++;
      summary.openActionItems += pm.openActionItems.length;
      const pointer = {
        source: s.source,
        file: pm.file,
        title: pm.title,
        ...(pm.date ? { date: pm.date } : {}),
      };
      if (!pm.owner) summary.postmortemsWithoutOwner.push(pointer);
      for (const item of pm.openActionItems)
        if (item.pastDue)
          summary.pastDueActionItems.push({
            source: s.source,
            file: pm.file,
            postmortem: pm.title,
            title: item.title,
            ...(item.owner ? { owner: item.owner } : {}),
            due: item.due!,
            ...(item.ticket ? { ticket: item.ticket } : {}),
          });
    }
  }
  summary.overBudget.sort((a, b) => a.budgetRemaining - b.budgetRemaining);
  summary.pastDueActionItems.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  for (const source of sources) {
    const perFile = new Map<string, { source: string; file: string; errors: number; warnings: number }>();
    for (const d of source.diagnostics) {
      if (d.severity === 'info') continue;
      const f = perFile.get(d.file) ?? { source: source.path, file: d.file, errors: 0, warnings: 0 };
      if (d.severity === 'error') f.errors++;
      else f.warnings++;
      perFile.set(d.file, f);
    }
    for (const f of perFile.values()) {
      summary.errors += f.errors;
      summary.warnings += f.warnings;
      if (f.errors) summary.filesWithErrors.push(f);
    }
  }
  return summary;
}

/** The report of the gathered sources. */
export function buildReport(input: ReportInput): Report {
  const today = input.today ?? input.at.toISOString().slice(0, 10);
  const services = input.sources.flatMap((s) => sourceServices(s, input.since, today));
  return {
    version: REPORT_VERSION,
    at: input.at.toISOString(),
    today,
    since: input.since,
    ...(input.prometheus ? { prometheus: input.prometheus } : {}),
    sources: input.sources.map((s) => ({ path: s.path, label: s.label })),
    summary: summarise(services, input.sources),
    services,
  };
}
