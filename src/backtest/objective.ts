/**
 * What the CLI and the editor share around `backtest`: an objective of the language service turned into its
 * input (its budget, its generated rules, the postmortems naming it), and the same objective under another
 * target, analyzed from the file's text with the target rewritten, the file itself untouched.
 */
import {
  createLanguageService,
  hasBudget,
  targetText,
  type LanguageService,
  type LanguageServiceOptions,
  type WorkspaceSloBudget,
  type WorkspaceSloEntry,
} from '../language/service.js';
import type { Range } from '../language/types.js';
import { parsePostmortem } from '../postmortem/frontmatter.js';
import { parseIsoTime } from '../postmortem/model.js';
import type { PrometheusClient } from '../prometheus/client.js';
import { sloGroups } from '../rules/types.js';
import { backtest, type BacktestResult, type IncidentInput } from './backtest.js';

/** A postmortem as read: its path relative to the workspace, with `/`, and its text. */
export interface PostmortemText {
  file: string;
  text: string;
}

/** The incidents of the postmortems that name `slo` and whose incident overlaps the range. */
export function incidentsOf(
  postmortems: Iterable<PostmortemText>,
  slo: string,
  from: Date,
  to: Date,
): IncidentInput[] {
  const out: IncidentInput[] = [];
  for (const { file, text } of postmortems) {
    const { fields } = parsePostmortem(text);
    const ref = fields.slos?.find((r) => r.name === slo);
    const start = fields.started ? parseIsoTime(fields.started) : undefined;
    if (!ref || !start?.hasTime) continue;
    const resolved = fields.resolved ? parseIsoTime(fields.resolved) : undefined;
    const end = resolved?.hasTime ? resolved.date : to;
    if (end.getTime() <= from.getTime() || start.date.getTime() >= to.getTime()) continue;
    out.push({
      file,
      title: fields.title ?? file.split('/').pop() ?? file,
      start: start.date,
      end,
      ...(ref.budgetConsumed !== undefined ? { statedBudget: ref.budgetConsumed } : {}),
    });
  }
  return out;
}

export interface ObjectiveBacktestOptions {
  from: Date;
  to: Date;
  postmortems: Iterable<PostmortemText>;
  client: () => PrometheusClient;
  /** About how many points of the error ratio over time to read (none when absent). */
  seriesPoints?: number;
}

/** One objective of a file of `service` (an entry of `service.budgets(uri, to)`) replayed over the range. */
export async function backtestObjective(
  service: LanguageService,
  uri: string,
  entry: WorkspaceSloEntry,
  options: ObjectiveBacktestOptions,
): Promise<BacktestResult> {
  const { from, to } = options;
  if (!hasBudget(entry))
    return {
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
    };
  const documents = service.rules(uri)?.documents ?? [];
  const doc = documents.find((d) => d.slos.some((s) => s.name === entry.name));
  const note = documents.flatMap((d) => d.notes).find((n) => n.slo === entry.name);
  const own = doc ? sloGroups(doc)[doc.slos.findIndex((s) => s.name === entry.name)] : undefined;
  return backtest({
    slo: entry.name,
    ...(entry.report.objective !== undefined ? { objective: entry.report.objective } : {}),
    input: entry.input,
    spec: entry.spec,
    ...(doc && own?.length ? { groups: doc.groups, ownGroups: new Set(own.map((g) => g.name)) } : {}),
    ...(!own?.length
      ? { rulesNote: `No alerts to replay: ${note?.message ?? 'its format generates no rules for it.'}` }
      : {}),
    incidents: incidentsOf(options.postmortems, entry.name, from, to),
    from,
    to,
    client: options.client,
    ...(options.seriesPoints !== undefined ? { seriesPoints: options.seriesPoints } : {}),
  });
}

/** The edit that writes a new target into the file, in the file's own style. */
export interface TargetEdit {
  range: Range;
  newText: string;
}

/** The edit writing `target` at an objective's target, or why there is none. */
export function targetEdit(entry: WorkspaceSloBudget, target: number): TargetEdit | { error: string } {
  if (!(target > 0 && target < 1)) return { error: `The target ${target} is not a ratio between 0 and 1.` };
  const field = entry.targetField;
  const text = field && targetText(field.text, entry.input.target, target);
  if (!field || text === undefined) return { error: 'This objective has no target written as a number.' };
  return { range: field.range, newText: text };
}

/** `text` with `edit` applied (a range of lines and characters). */
function applyEdit(text: string, { range, newText }: TargetEdit): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: Range['start']) => (starts[p.line] ?? text.length) + p.character;
  return text.slice(0, offset(range.start)) + newText + text.slice(offset(range.end));
}

/**
 * The objective `index` of `uri` under another target: a scratch service holding the same files, the file's
 * text with the target rewritten, and the edit that would write it.
 */
export function withTarget(
  service: LanguageService,
  options: LanguageServiceOptions,
  uri: string,
  index: number,
  target: number,
  at: Date,
): { service: LanguageService; entry: WorkspaceSloBudget; edit: TargetEdit } | { error: string } {
  const entry = service.budgets(uri, at).filter(hasBudget)[index];
  const analysis = service.get(uri);
  if (!entry || !analysis) return { error: 'No SLO objective there any more.' };
  const edit = targetEdit(entry, target);
  if ('error' in edit) return edit;
  const scratch = createLanguageService(options);
  for (const other of service.uris()) {
    const file = service.get(other);
    if (file && other !== uri) scratch.setFile(other, file.text);
  }
  scratch.setFile(uri, applyEdit(analysis.text, edit));
  const changed = scratch.budgets(uri, at).filter(hasBudget)[index];
  if (!changed) return { error: `The target ${target} leaves no objective to replay.` };
  return { service: scratch, entry: changed, edit };
}
