// The preview's replay: what the objective's alerts would have sent over the last days, on a timeline of the
// error ratio with the firing intervals and the postmortems' incidents, and another target to try.
import uPlot from 'uplot';
import { formatDuration, formatPercent } from '../src/budget/format.js';
import type { FromPreview, ReplayData, ReplayState } from '../src/protocol/preview.js';
import { axis, chartHooks, chartTheme, fixedY, niceCeiling, rangeText } from './charts.js';
import { date, el, named } from './dom.js';

let replayChart: uPlot | undefined;
/** Waits for typing to pause before a typed target is replayed. */
let replayTimer: ReturnType<typeof setTimeout> | undefined;
const REPLAY_DEBOUNCE_MS = 600;

/** A ratio as a percentage to type and read: 0.999 → `99.9`. */
const percentText = (ratio: number) => String(Number((ratio * 100).toPrecision(10)));

/** The typed target as a ratio, when it is a percentage above 0 and below 100. */
function typedRatio(field: HTMLElement): number | undefined {
  const value = (field as unknown as HTMLInputElement).value.trim();
  const n = Number(value);
  return value !== '' && Number.isFinite(n) && n > 0 && n < 100
    ? Number((n / 100).toPrecision(12))
    : undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "With 99.9 %: 2 pages and 0 tickets over 7 days; incident of 2026-11-07 detected after 1 min". */
function replaySummary(d: ReplayData): string {
  const bySeverity = new Map<string, number>();
  for (const a of d.alerts) {
    const key = a.severity ?? a.name;
    bySeverity.set(key, (bySeverity.get(key) ?? 0) + a.notifications);
  }
  const counts = [...bySeverity].map(([severity, n]) => plural(n, severity));
  const listed =
    counts.length > 1 ? `${counts.slice(0, -1).join(', ')} and ${counts.at(-1)!}` : (counts[0] ?? 'no alert');
  const days = Math.round((Date.parse(d.to) - Date.parse(d.from)) / 86_400_000);
  const incidents = d.incidents.map(
    (i) =>
      `incident of ${i.start.slice(0, 10)} ${i.detection ? `detected after ${formatDuration(i.detection.delayMinutes)}` : 'not detected by any alert'}`,
  );
  return `With ${formatPercent(d.target)}: ${listed} over ${plural(days, 'day')}${incidents.length ? `; ${incidents.join('; ')}` : ''}`;
}

const clock = (iso: string) => date(iso).replace(/^\d{4}-/, '');

/** The replay: the sentence, the target to try, and the timeline of error ratio, firing alerts and incidents. */
export function renderReplay(
  replay: ReplayState | undefined,
  post: (message: FromPreview) => void,
): HTMLElement | undefined {
  if (!replay) return undefined;
  const section = el('section', { class: 'replay', 'data-state': replay.state });
  const field = el('vscode-textfield', {
    id: 'replay-target',
    type: 'number',
    step: '0.01',
    value: percentText(replay.target),
    'aria-label': 'Target in percent to replay',
  });
  named(field);
  const apply = el(
    'vscode-button',
    {
      id: 'replay-apply',
      secondary: '',
      'aria-label': 'Apply this target to the file',
      ...(replay.target === replay.fileTarget ? { disabled: '' } : {}),
    },
    'Apply',
  );
  field.addEventListener('input', () => {
    clearTimeout(replayTimer);
    const target = typedRatio(field);
    if (target === undefined) return;
    apply.toggleAttribute('disabled', target === replay.fileTarget);
    replayTimer = setTimeout(() => post({ type: 'replayTarget', target }), REPLAY_DEBOUNCE_MS);
  });
  apply.addEventListener('click', () => {
    const target = typedRatio(field);
    if (target !== undefined && target !== replay.fileTarget) post({ type: 'applyTarget', target });
  });
  section.append(
    el('h2', {}, 'Replay'),
    el('div', { class: 'replay-controls' }, el('label', {}, 'Target (%) ', field), apply),
  );
  if (replay.state === 'loading')
    section.append(
      el(
        'p',
        { class: 'loading' },
        el('vscode-progress-ring', { 'aria-label': 'Replaying' }),
        ` Replaying with ${formatPercent(replay.target)}…`,
      ),
    );
  else if (replay.state === 'error')
    section.append(el('div', { class: 'error', role: 'alert' }, replay.message));
  else {
    const d = replay.data;
    section.append(
      el('p', { class: 'replay-summary', 'aria-live': 'polite' }, replaySummary(d)),
      el('div', { id: 'replay-chart' }),
      ...d.notes.map((n) => el('p', { class: 'note' }, n)),
    );
  }
  return section;
}

/** One row per alert (page, ticket, critical, warning…) above the plot, bars where it fired. */
const ROW = 14;

export function drawReplayChart(replay: ReplayState | undefined): void {
  replayChart?.destroy();
  replayChart = undefined;
  const host = document.getElementById('replay-chart');
  if (!host || replay?.state !== 'ok') return;
  const d = replay.data;
  const from = Date.parse(d.from) / 1000;
  const to = Date.parse(d.to) / 1000;
  const points = d.series?.points ?? [
    [from, null],
    [to, null],
  ];
  const values = points.map(([, v]) => (v === null ? null : Number((v * 100).toPrecision(6))));
  // From 0 to a round ceiling above both the highest ratio and twice what the target allows (the dashed line):
  // noise well under the target stays flat, an outage fills the chart.
  const allowed = Number(((1 - d.target) * 100).toPrecision(10));
  const range: [number, number] = [
    0,
    niceCeiling(Math.max(2 * allowed, ...values.filter((v): v is number => v !== null))),
  ];
  const theme = chartTheme();
  const read = points.filter((p): p is [number, number] => p[1] !== null);
  const highest = read.reduce<[number, number] | undefined>((h, p) => (h && h[1] >= p[1] ? h : p), undefined);
  const intervals = d.alerts.reduce((n, a) => n + a.firing.length, 0);
  const summary = `Error ratio from ${date(d.from)} to ${date(d.to)}: ${
    highest
      ? `highest ${Number((highest[1] * 100).toPrecision(4))} % at ${clock(new Date(highest[0] * 1000).toISOString())}`
      : 'no value'
  }, ${allowed} % allowed; ${plural(intervals, 'firing interval')}, ${plural(d.incidents.length, 'incident')}`;
  const hooks = chartHooks(host, [allowed], theme, summary);
  const rows = d.alerts.length;
  replayChart = new uPlot(
    {
      width: Math.max(300, host.clientWidth || 600),
      height: 220 + rows * ROW,
      title: `Error ratio (%, axis ${rangeText(range)}), alerts firing, incidents`,
      padding: [rows * ROW + 6, 8, 0, 0],
      scales: { x: { min: from, max: to }, y: fixedY(range) },
      axes: [axis(theme), axis(theme, `error ratio (%, ${rangeText(range)}; dashed: ${allowed} % allowed)`)],
      series: [{}, { label: 'error ratio (%)', stroke: theme.red, width: 1, spanGaps: false }],
      hooks: { ...hooks, ready: [...(hooks.ready ?? []), (u) => overlay(u, d, from, to)] },
    },
    [points.map(([t]) => t), values],
    host,
  );
}

/** Positions an element through the CSSOM: the Content-Security-Policy forbids style attributes. */
function placed(node: HTMLElement, at: { top?: string; left?: string; width?: string }): HTMLElement {
  if (at.top !== undefined) node.style.top = at.top;
  if (at.left !== undefined) node.style.left = at.left;
  if (at.width !== undefined) node.style.width = at.width;
  return node;
}

/** The alert bars and incident markers, as elements over the plot: each says what it is on hover and to readers. */
function overlay(u: uPlot, d: ReplayData, from: number, to: number): void {
  const x = (iso: string | null) =>
    u.valToPos(Math.min(to, Math.max(from, iso === null ? to : Date.parse(iso) / 1000)), 'x');
  const layer = el('div', { class: 'replay-layer' });
  d.alerts.forEach((a, row) => {
    const label = a.severity ?? a.name;
    const top = `${row * ROW - (d.alerts.length * ROW + 4)}px`;
    layer.append(placed(el('div', { class: 'replay-row-label' }, label), { top }));
    for (const f of a.firing) {
      const left = x(f.start);
      const text = `${a.name} (${label}) firing ${clock(f.start)} → ${f.end === null ? 'the end' : clock(f.end)}${f.alreadyFiring ? ', already firing at the start' : ''}`;
      const bar = el('div', {
        class: 'replay-bar',
        'data-severity': label,
        role: 'img',
        tabindex: '0',
        title: text,
        'aria-label': text,
      });
      layer.append(placed(bar, { top, left: `${left}px`, width: `${Math.max(2, x(f.end) - left)}px` }));
    }
  });
  for (const i of d.incidents) {
    const text = `${i.title} (${i.file}): ${clock(i.start)} → ${clock(i.end)}${i.detection ? `, detected after ${formatDuration(i.detection.delayMinutes)}` : ', not detected'}`;
    const marker = el('div', {
      class: 'replay-incident',
      role: 'img',
      tabindex: '0',
      title: text,
      'aria-label': text,
    });
    layer.append(placed(marker, { left: `${x(i.start)}px` }));
  }
  u.over.append(layer);
}
