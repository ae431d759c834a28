/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts, no script, no remote font,
 * image or style (a Content-Security-Policy says so too), readable on paper. Every value from the files is
 * HTML-escaped, in text and in attributes.
 */
import type { LintStatus, PostmortemRow, Report, ServiceReport, SloRow } from './model.js';
import {
  BUDGET_STATES,
  budgetMinutes,
  budgetState,
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
  serviceTitle,
  share,
  sloPlace,
  sloTitle,
  sourceLabel,
  target,
} from './text.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or an attribute value as HTML: `& < > " '` escaped. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
:root { --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --bg: #fff; --soft: #f6f8fa;
  --good: #1a7f37; --warn: #9a6700; --bad: #cf222e; --bar: #0969da;
  --state-ok: #1a7f37; --state-warning: #9a6700; --state-critical: #cf222e; --state-exhausted: #82071e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; color: var(--fg); background: var(--bg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1.25rem 0 .4rem; }
.meta, .source, .muted, figcaption { color: var(--muted); }
.source { font-size: .9rem; font-weight: normal; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
code.path { overflow-wrap: normal; word-break: normal; } code.path span { white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 .75rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
.codes { list-style: none; padding: 0; margin: .25rem 0; display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
h4 { font-size: .9rem; margin: .75rem 0 .25rem; }
.tiles { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0 1rem; padding: 0; }
.tiles div { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; min-width: 7rem; }
.tiles dt { color: var(--muted); font-size: .85rem; }
.tiles dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
.attention h3 { margin-top: .75rem; }
.attention ul { margin: .25rem 0; padding-left: 1.25rem; }
.ok { color: var(--good); }
.bad, .past-due, .no-owner { color: var(--bad); font-weight: 600; }
.warn { color: var(--warn); }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure { margin: .5rem 0; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--fg); }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .good { fill: var(--good); } svg .warn { fill: var(--warn); } svg .bad { fill: var(--bad); }
svg .bar { fill: var(--bar); } svg .value { fill: var(--muted); }
svg .budget.ok { fill: var(--state-ok); } svg .budget.warning { fill: var(--state-warning); }
svg .budget.critical { fill: var(--state-critical); } svg .budget.exhausted { fill: var(--state-exhausted); }
.state { font-weight: 600; }
.state.ok { color: var(--state-ok); } .state.warning { color: var(--state-warning); }
.state.critical { color: var(--state-critical); } .state.exhausted { color: var(--state-exhausted); }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem 1rem; margin: .25rem 0; padding: 0;
  color: var(--muted); font-size: .85rem; }
.legend .swatch { display: inline-block; width: .8em; height: .8em; margin-right: .3em; vertical-align: -.05em; }
.swatch.ok { background: var(--state-ok); } .swatch.warning { background: var(--state-warning); }
.swatch.critical { background: var(--state-critical); } .swatch.exhausted { background: var(--state-exhausted); }
nav ul { columns: 2; margin: .25rem 0; padding-left: 1.25rem; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav { display: none; }
  h2, h3 { break-after: avoid; }
  tr, figure, .tiles div { break-inside: avoid; }
  .service { break-before: auto; }
  th { background: none; }
}
`;

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'";

/** A label of at most `max` characters (the full text goes in the chart's tooltips and tables). */
const clip = (text: string, max = 34) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const ROW = 22;
const LABEL = 230;
const BARS = 300;
const num = (x: number) => String(Math.round(x * 10) / 10);

/** A bar per SLO of the budget left, from −100 % (or 0) to 100 %; beyond the scale, clipped with the figure. */
function budgetChart(report: Report): string {
  const rows = report.services.flatMap((s) =>
    s.slos.filter(hasFigures).flatMap((r) => (r.live || r.liveError ? [{ s, r }] : [])),
  );
  if (!rows.length) return '';
  const negative = rows.some(({ r }) => r.live && r.live.budgetRemaining < 0);
  const zero = LABEL + (negative ? BARS / 2 : 0);
  const scale = negative ? BARS / 2 : BARS;
  const width = LABEL + BARS + 130;
  const height = rows.length * ROW + 24;
  const parts = rows.map(({ s, r }, i) => {
    const y = i * ROW + 4;
    const name = `${sloTitle(r)} (${serviceTitle(report, s)})`;
    const label = `<text x="${LABEL - 6}" y="${y + 14}" text-anchor="end">${esc(clip(sloTitle(r)))}</text>`;
    if (!r.live)
      return `<g><title>${esc(`${name}: not read`)}</title>${label}<text class="value" x="${zero + 4}" y="${y + 14}">not read</text></g>`;
    const v = r.live.budgetRemaining;
    const clipped = Math.max(-1, Math.min(1, v));
    const w = Math.abs(clipped) * scale;
    const x = clipped < 0 ? zero - w : zero;
    const state = budgetState(v);
    return (
      `<g><title>${esc(`${name}: ${share(v)} of the budget left, ${state}`)}</title>${label}` +
      `<rect class="budget ${state}" x="${num(x)}" y="${y + 3}" width="${num(Math.max(w, 1))}" height="${ROW - 8}"/>` +
      `<text class="value" x="${LABEL + BARS + 6}" y="${y + 14}">${esc(`${share(v)} ${state}`)}</text></g>`
    );
  });
  const ticks = (negative ? [-1, 0, 1] : [0, 0.5, 1])
    .map(
      (t) =>
        `<text class="value" x="${num(zero + t * scale)}" y="${height - 4}" text-anchor="middle">${esc(share(t))}</text>`,
    )
    .join('');
  return `<figure><svg role="img" aria-labelledby="budget-chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}<line class="axis" x1="${zero}" y1="0" x2="${zero}" y2="${height - 18}"/>${ticks}</svg><figcaption id="budget-chart">Budget left per SLO at ${esc(instant(report.at))}${negative ? ' (bars end at −100 %)' : ''}.</figcaption>${legend()}</figure>`;
}

/** The budget states, each with its colour and the shares it covers. */
const legend = () =>
  `<ul class="legend" aria-label="Budget states">${BUDGET_STATES.map((s) => `<li><span class="swatch ${s.state}"></span>${esc(s.legend)}</li>`).join('')}</ul>`;

/** A bar per service of the postmortems since `since`. */
function postmortemChart(report: Report): string {
  const rows = report.services.filter((s) => s.postmortems.length);
  if (!rows.length) return '';
  const max = Math.max(...rows.map((s) => s.postmortems.length));
  const width = LABEL + BARS + 50;
  const height = rows.length * ROW + 8;
  const parts = rows.map((s, i) => {
    const y = i * ROW + 4;
    const n = s.postmortems.length;
    const title = serviceTitle(report, s);
    return (
      `<g><title>${esc(`${title}: ${plural(n, 'postmortem')}`)}</title>` +
      `<text x="${LABEL - 6}" y="${y + 14}" text-anchor="end">${esc(clip(title))}</text>` +
      `<rect class="bar" x="${LABEL}" y="${y + 3}" width="${num((n / max) * BARS)}" height="${ROW - 8}"/>` +
      `<text class="value" x="${num(LABEL + (n / max) * BARS + 6)}" y="${y + 14}">${n}</text></g>`
    );
  });
  return `<figure><svg role="img" aria-labelledby="postmortem-chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}<line class="axis" x1="${LABEL}" y1="0" x2="${LABEL}" y2="${height}"/></svg><figcaption id="postmortem-chart">Postmortems per service since ${esc(report.since)}.</figcaption></figure>`;
}

/** A file path that wraps only after a `/`: each name with its slash unbreakable (not at a `-` either). */
const pathCode = (text: string) =>
  `<code class="path">${text
    .split(/(?<=\/)/)
    .map((segment) => `<span>${esc(segment)}</span>`)
    .join('<wbr>')}</code>`;

function list(title: string, items: string[], cls = 'bad'): string {
  return items.length
    ? `<h3>${esc(title)} <span class="${cls}">(${items.length})</span></h3><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`
    : `<h3>${esc(title)}</h3><p class="ok">None.</p>`;
}

function summary(report: Report): string {
  const s = report.summary;
  const where = (x: { source: string; service: string | null; file: string }) =>
    `<span class="muted">(${esc(sloPlace(report, x))})</span>`;
  const tiles = (
    [
      ['Services', s.services],
      ['SLOs', s.slos],
      ['Postmortems', s.postmortems],
      ['Open action items', s.openActionItems],
      ['Errors', s.errors],
      ['Warnings', s.warnings],
    ] as const
  )
    .map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`)
    .join('');
  const attention: string[] = [];
  if (report.prometheus) {
    attention.push(
      list(
        'Over budget',
        s.overBudget.map(
          (o) =>
            `${esc(sloTitle(o))} ${where(o)}: <span class="bad">${esc(share(o.budgetRemaining))}</span> left`,
        ),
      ),
      list(
        'Burning fast',
        s.burningFast.map(
          (o) => `${esc(sloTitle(o))} ${where(o)}: ${esc(o.firing.map(firingText).join('; '))}`,
        ),
      ),
    );
    if (s.liveFailures.length)
      attention.push(
        list(
          'Live budget not read',
          s.liveFailures.map((o) => `${esc(sloTitle(o))} ${where(o)}: ${esc(o.message)}`),
          'warn',
        ),
      );
  } else
    attention.push(
      '<h3>Over budget, burning fast</h3><p class="muted">Not measured: run with <code>--prometheus URL</code>.</p>',
    );
  if (s.sloErrors.length)
    attention.push(
      list(
        'Budget not computed',
        s.sloErrors.map((o) => `${esc(o.name)} ${where(o)}: ${esc(o.message)}`),
      ),
    );
  attention.push(
    list(
      'Postmortems without an owner',
      s.postmortemsWithoutOwner.map(
        (p) =>
          `${esc(p.date ?? 'undated')} ${esc(p.title)} <span class="muted">${esc(sourceLabel(report, p.source))}</span> ${pathCode(p.file)}`,
      ),
    ),
    list(
      'Action items past due',
      s.pastDueActionItems.map(
        (a) =>
          `${esc(a.title)}: ${a.owner ? esc(a.owner) : '<span class="no-owner">no owner</span>'}, due <span class="past-due">${esc(a.due)}</span>${a.ticket ? `, ${esc(a.ticket)}` : ''} <span class="muted">(${esc(a.postmortem)}, ${pathCode(a.file)})</span>`,
      ),
    ),
    list(
      'Files with errors',
      s.filesWithErrors.map(
        (f) =>
          `${pathCode(f.file)} <span class="muted">${esc(sourceLabel(report, f.source))}</span>: ${esc(plural(f.errors, 'error'))}, ${esc(plural(f.warnings, 'warning'))}`,
      ),
    ),
  );
  const charts = [budgetChart(report), postmortemChart(report)].filter(Boolean);
  const contents = report.services
    .map((x, i) => `<li><a href="#service-${i + 1}">${esc(serviceTitle(report, x))}</a></li>`)
    .join('');
  return (
    `<section class="summary" id="summary"><h2>Summary</h2><dl class="tiles">${tiles}</dl>` +
    `<div class="attention">${attention.join('')}</div>` +
    (charts.length ? `<div class="charts">${charts.join('')}</div>` : '') +
    (report.prometheus
      ? ''
      : '<p class="muted">The budget left per SLO is read from Prometheus: run with <code>--prometheus URL</code> to chart it.</p>') +
    (contents ? `<nav aria-label="Services"><h3>Services</h3><ul>${contents}</ul></nav>` : '') +
    '</section>'
  );
}

function sloTable(report: Report, rows: SloRow[]): string {
  if (!rows.length) return '<p class="muted">No SLOs.</p>';
  const live = report.prometheus !== undefined;
  const objectives = rows.some((r) => hasFigures(r) && r.objective);
  const head = ['SLO', ...(objectives ? ['Objective'] : []), 'Format', 'Target', 'Window', 'Budget', 'File']
    .concat(live ? ['Budget left', 'Burn rates'] : [])
    .map(
      (h) =>
        `<th${h === 'Target' || h === 'Budget' || h === 'Budget left' ? ' class="num"' : ''}>${esc(h)}</th>`,
    )
    .join('');
  const body = rows
    .map((r) => {
      if (!hasFigures(r))
        return (
          `<tr class="slo slo-error"><td>${esc(r.name)}</td>${objectives ? '<td></td>' : ''}<td>${esc(r.format)}</td>` +
          `<td colspan="3" class="bad">${esc(NOT_COMPUTED)}: ${esc(r.error)}</td><td>${pathCode(r.file)}</td>` +
          `${live ? '<td></td><td></td>' : ''}</tr>`
        );
      const cells = [
        `<td>${esc(r.name)}</td>`,
        ...(objectives ? [`<td>${esc(r.objective ?? '')}</td>`] : []),
        `<td>${esc(r.format)}</td>`,
        `<td class="num">${esc(target(r))}</td>`,
        `<td>${esc(r.window.label)}</td>`,
        `<td class="num" title="${esc(`${budgetMinutes(r)} of full outage over the window (${r.window.label})`)}">${esc(budgetMinutes(r))}</td>`,
        `<td>${pathCode(r.file)}</td>`,
      ];
      if (live) {
        if (r.liveError)
          cells.push(
            `<td class="num warn">not read</td>`,
            `<td class="warn">${esc(r.liveError.message)}</td>`,
          );
        else if (r.live)
          cells.push(
            `<td class="num${r.live.budgetRemaining < 0 ? ' bad' : ''}">${esc(share(r.live.budgetRemaining))} <span class="state ${budgetState(r.live.budgetRemaining)}">${budgetState(r.live.budgetRemaining)}</span></td>`,
            `<td>${esc(liveBurnRates(r.live))}${r.live.firing.length ? `<br><span class="bad">firing: ${esc(r.live.firing.map(firingShort).join(', '))}</span>` : ''}</td>`,
          );
        else cells.push('<td></td>', '<td></td>');
      }
      return `<tr class="slo">${cells.join('')}</tr>`;
    })
    .join('');
  return `<table class="slos"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function lintBlock(status: LintStatus): string {
  if (!status.errors && !status.warnings)
    return `<p class="ok">No problems in ${esc(plural(status.files, 'file'))}.</p>`;
  const codes = status.codes
    .map(
      (c) =>
        `<li><code>${esc(c.code)}</code> <span class="${c.severity === 'error' ? 'bad' : 'warn'}">${esc(c.severity)}</span> ×${esc(c.count)}</li>`,
    )
    .join('');
  const files = status.problemFiles
    .map(
      (f) =>
        `<li>${pathCode(f.file)}: ${esc(plural(f.errors, 'error'))}, ${esc(plural(f.warnings, 'warning'))}</li>`,
    )
    .join('');
  return (
    `<p><span class="${status.errors ? 'bad' : 'warn'}">${esc(plural(status.errors, 'error'))}, ${esc(plural(status.warnings, 'warning'))}</span> in ${esc(status.problemFiles.length)} of ${esc(plural(status.files, 'file'))}.</p>` +
    `<h4>By code</h4><ul class="codes">${codes}</ul><h4>By file</h4><ul>${files}</ul>`
  );
}

function postmortemBlock(report: Report, rows: PostmortemRow[]): string {
  if (!rows.length) return `<p class="muted">No postmortems since ${esc(report.since)}.</p>`;
  const body = rows
    .map((p) => {
      const slos = p.slos
        .map(
          (s) =>
            `${esc(s.name)}${s.budgetConsumed === undefined ? '' : ` (${esc(consumed(s.budgetConsumed))})`}`,
        )
        .join('<br>');
      return (
        `<tr class="postmortem"><td class="date">${esc(p.date ?? 'undated')}</td><td>${esc(p.title)}</td><td>${esc(p.severity ?? '')}</td>` +
        `<td>${esc(p.status ?? '')}</td><td>${p.owner ? esc(p.owner) : '<span class="no-owner">no owner</span>'}</td>` +
        `<td>${slos}</td><td class="num">${esc(p.openActionItems.length)}</td><td>${pathCode(p.file)}</td></tr>`
      );
    })
    .join('');
  let out =
    '<table class="postmortems"><thead><tr><th>Date</th><th>Title</th><th>Severity</th><th>Status</th><th>Owner</th><th>SLOs hit</th><th class="num">Open action items</th><th>File</th></tr></thead>' +
    `<tbody>${body}</tbody></table>`;
  const items = rows.flatMap((p) => p.openActionItems.map((i) => ({ p, i })));
  if (items.length)
    out +=
      '<h4>Open action items</h4><table class="actions"><thead><tr><th>Action item</th><th>Owner</th><th>Due</th><th>Ticket</th><th>Postmortem</th></tr></thead><tbody>' +
      items
        .map(
          ({ p, i }) =>
            `<tr><td>${esc(i.title)}</td><td>${i.owner ? esc(i.owner) : '<span class="no-owner">no owner</span>'}</td>` +
            `<td class="date${i.pastDue ? ' past-due' : ''}">${esc(i.due ?? '')}${i.pastDue ? ' (past due)' : ''}</td>` +
            `<td>${esc(i.ticket ?? '')}</td><td>${esc(p.title)}</td></tr>`,
        )
        .join('') +
      '</tbody></table>';
  return out;
}

function service(report: Report, s: ServiceReport, i: number): string {
  return (
    `<section class="service" id="service-${i + 1}"><h2>${esc(serviceName(s))} <span class="source">${esc(sourceLabel(report, s.source))}</span></h2>` +
    `<h3>SLOs</h3>${sloTable(report, s.slos)}` +
    `<h3>Lint</h3>${lintBlock(s.lint)}` +
    `<h3>Postmortems since ${esc(report.since)}</h3>${postmortemBlock(report, s.postmortems)}</section>`
  );
}

export function renderHtml(report: Report): string {
  const sources = report.sources.map((s) => esc(s.label)).join(', ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(`${HEADING} · ${report.at.slice(0, 10)}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(HEADING)}</h1><p class="meta">Budgets at ${esc(instant(report.at))} · postmortems since ${esc(report.since)} · ${report.sources.length === 1 ? 'from' : `${report.sources.length} sources:`} ${sources}${report.prometheus ? ` · live budgets from ${esc(report.prometheus)}` : ''}</p></header>
<main>
${summary(report)}
${report.services.map((s, i) => service(report, s, i)).join('\n')}
</main>
<footer>team-sre report · format version ${esc(report.version)}</footer>
</body>
</html>
`;
}
