/**
 * The report as Markdown, readable as is and when rendered: every value from the files is escaped so that it
 * stays text (no HTML, no links, no entities, no table breaks).
 */
import { markdownText, table } from '../postmortem/markdown.js';
import { escapeControls } from '../text/escape.js';
import type { LintStatus, PostmortemRow, Report, ServiceReport, SloBudgetRow, SloRow } from './model.js';
import {
  budgetMinutes,
  liveBurnRates,
  consumed,
  firingShort,
  firingText,
  hasFigures,
  HEADING,
  instant,
  NOT_COMPUTED,
  plural,
  serviceName,
  share,
  sloPlace,
  sloTitle,
  sourceLabel,
  target,
} from './text.js';

/** A value from a file as Markdown text on one line: the escaping the postmortem index uses. */
export const mdText = markdownText;

/** A path as a code span (HTML and emphasis cannot start in one); in a table, `|` escaped. */
export function mdCode(text: string, inTable = false): string {
  let body = escapeControls(text.replace(/[\r\n]+/g, ' '));
  if (inTable) body = body.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

const none = (what: string) => `- ${what}: none.`;

function summary(report: Report): string[] {
  const s = report.summary;
  const where = (x: { source: string; service: string | null; file: string }) => mdText(sloPlace(report, x));
  const out = [
    '## Summary',
    '',
    table(
      ['Services', 'SLOs', 'Postmortems', 'Open action items', 'Errors', 'Warnings'],
      [[s.services, s.slos, s.postmortems, s.openActionItems, s.errors, s.warnings].map(String)],
    ),
    '',
  ];
  const list = (title: string, lines: string[]) => {
    if (!lines.length) out.push(none(title));
    else out.push(`- **${title}** (${lines.length}):`, ...lines.map((l) => `  - ${l}`));
  };
  if (report.prometheus) {
    list(
      'Over budget',
      s.overBudget.map((o) => `${mdText(sloTitle(o))} (${where(o)}): ${share(o.budgetRemaining)} left`),
    );
    list(
      'Burning fast',
      s.burningFast.map(
        (o) =>
          `${mdText(sloTitle(o))} (${where(o)}): ${o.firing.map((a) => mdText(firingText(a))).join('; ')}`,
      ),
    );
    if (s.liveFailures.length)
      list(
        'Live budget not read',
        s.liveFailures.map((o) => `${mdText(sloTitle(o))} (${where(o)}): ${mdText(o.message)}`),
      );
  } else out.push('- Over budget, burning fast: not measured (run with `--prometheus URL`).');
  if (s.sloErrors.length)
    list(
      'Budget not computed',
      s.sloErrors.map((o) => `${mdText(o.name)} (${where(o)}): ${mdText(o.message)}`),
    );
  list(
    'Postmortems without an owner',
    s.postmortemsWithoutOwner.map(
      (p) =>
        `${p.date ?? 'undated'} ${mdText(p.title)} (${mdText(sourceLabel(report, p.source))}, ${mdCode(p.file)})`,
    ),
  );
  list(
    'Action items past due',
    s.pastDueActionItems.map(
      (a) =>
        `${mdText(a.title)}: ${a.owner ? mdText(a.owner) : 'no owner'}, due ${mdText(a.due)}${a.ticket ? `, ${mdText(a.ticket)}` : ''} (${mdText(a.postmortem)}, ${mdCode(a.file)})`,
    ),
  );
  list(
    'Files with errors',
    s.filesWithErrors.map(
      (f) =>
        `${mdCode(f.file)} (${mdText(sourceLabel(report, f.source))}): ${plural(f.errors, 'error')}, ${plural(f.warnings, 'warning')}`,
    ),
  );
  out.push('');
  return out;
}

function budgetLeft(r: SloBudgetRow): string {
  if (r.liveError) return `not read: ${mdText(r.liveError.message)}`;
  if (!r.live) return '';
  return r.live.budgetRemaining < 0
    ? `**${share(r.live.budgetRemaining)}** (over budget)`
    : share(r.live.budgetRemaining);
}

function burning(r: SloBudgetRow): string {
  if (!r.live) return '';
  const rates = mdText(liveBurnRates(r.live));
  return r.live.firing.length
    ? `${rates}; **firing**: ${r.live.firing.map((a) => mdText(firingShort(a))).join(', ')}`
    : rates;
}

function slos(report: Report, rows: SloRow[]): string[] {
  if (!rows.length) return ['No SLOs.', ''];
  const live = report.prometheus !== undefined;
  const objectives = rows.some((r) => hasFigures(r) && r.objective);
  const headers = [
    'SLO',
    ...(objectives ? ['Objective'] : []),
    'Format',
    'Target',
    'Window',
    'Budget',
    'File',
  ];
  if (live) headers.push('Budget left', 'Burn rates');
  return [
    table(
      headers,
      rows.map((r) => {
        if (!hasFigures(r)) {
          const cells = [
            mdText(r.name),
            ...(objectives ? [''] : []),
            mdText(r.format),
            '—',
            '—',
            `**${NOT_COMPUTED}**: ${mdText(r.error)}`,
            mdCode(r.file, true),
          ];
          if (live) cells.push('', '');
          return cells;
        }
        const cells = [
          mdText(r.name),
          ...(objectives ? [mdText(r.objective ?? '')] : []),
          mdText(r.format),
          target(r),
          mdText(r.window.label),
          budgetMinutes(r),
          mdCode(r.file, true),
        ];
        if (live) cells.push(budgetLeft(r), burning(r));
        return cells;
      }),
    ),
    '',
  ];
}

function lint(status: LintStatus): string[] {
  if (!status.errors && !status.warnings) return [`No problems in ${plural(status.files, 'file')}.`, ''];
  const codes = status.codes.map((c) => `${c.code} (${c.severity}) ×${c.count}`).join(', ');
  return [
    `${plural(status.errors, 'error')}, ${plural(status.warnings, 'warning')} in ${status.problemFiles.length} of ${plural(status.files, 'file')}: ${codes}.`,
    '',
    ...status.problemFiles.map(
      (f) => `- ${mdCode(f.file)}: ${plural(f.errors, 'error')}, ${plural(f.warnings, 'warning')}`,
    ),
    '',
  ];
}

function postmortems(report: Report, rows: PostmortemRow[]): string[] {
  if (!rows.length) return [`No postmortems since ${report.since}.`, ''];
  const out = [
    table(
      ['Date', 'Title', 'Severity', 'Status', 'Owner', 'SLOs hit', 'Open action items', 'File'],
      rows.map((p) => [
        p.date ?? 'undated',
        mdText(p.title),
        mdText(p.severity ?? ''),
        mdText(p.status ?? ''),
        p.owner ? mdText(p.owner) : '**no owner**',
        p.slos
          .map((s) =>
            s.budgetConsumed === undefined
              ? mdText(s.name)
              : `${mdText(s.name)} (${consumed(s.budgetConsumed)})`,
          )
          .join(', '),
        String(p.openActionItems.length),
        mdCode(p.file, true),
      ]),
    ),
    '',
  ];
  const items = rows.flatMap((p) => p.openActionItems.map((i) => ({ p, i })));
  if (items.length)
    out.push(
      'Open action items:',
      '',
      table(
        ['Action item', 'Owner', 'Due', 'Ticket', 'Postmortem'],
        items.map(({ p, i }) => [
          mdText(i.title),
          i.owner ? mdText(i.owner) : '**no owner**',
          i.due ? `${mdText(i.due)}${i.pastDue ? ' **(past due)**' : ''}` : '',
          mdText(i.ticket ?? ''),
          mdText(p.title),
        ]),
      ),
      '',
    );
  return out;
}

function service(report: Report, s: ServiceReport): string[] {
  return [
    // The source's parentheses are the report's own: only the names are escaped.
    `## ${report.sources.length > 1 ? `${mdText(serviceName(s))} (${mdText(sourceLabel(report, s.source))})` : mdText(serviceName(s))}`,
    '',
    `From ${mdText(sourceLabel(report, s.source))}: ${plural(s.slos.length, 'SLO')}, ${plural(s.postmortems.length, 'postmortem')} since ${report.since}, ${plural(s.lint.errors, 'lint error')}.`,
    '',
    '### SLOs',
    '',
    ...slos(report, s.slos),
    '### Lint',
    '',
    ...lint(s.lint),
    '### Postmortems',
    '',
    ...postmortems(report, s.postmortems),
  ];
}

export function renderMarkdown(report: Report): string {
  const sources = report.sources.map((s) => mdText(s.label)).join(', ');
  const lines = [
    `# ${HEADING}`,
    '',
    `Budgets at ${instant(report.at)} · postmortems since ${report.since} · ${report.sources.length === 1 ? 'from' : `${report.sources.length} sources:`} ${sources}${report.prometheus ? ` · live budgets from ${mdText(report.prometheus)}` : ''}`,
    '',
    ...summary(report),
    ...report.services.flatMap((s) => service(report, s)),
  ];
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n*$/, '\n');
}
