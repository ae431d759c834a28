// The error-budget preview: browser code, rendered from the extension's messages. Every string from the YAML
// is set as text, never as HTML.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import uPlot from 'uplot';
import { formatDuration, formatPercent, plural } from '../src/budget/format.js';
import { parseToPreview, type FromPreview, type LiveState, type ToPreview } from '../src/protocol/preview.js';
import type { PrometheusErrorKind } from '../src/prometheus/client.js';
import type { LiveBudget } from '../src/prometheus/live.js';
import { axis, budgetRange, chartHooks, chartTheme, fixedY, rangeText } from './charts.js';
import { date, el, prose, sliceCount, tile } from './dom.js';
import { drawReplayChart, renderReplay } from './replay.js';
import { drawChart, renderWhatIf, setBudgetLeft } from './what-if.js';
import { keepKeysInFields, pinButton } from './keys.js';

interface VsCodeApi {
  postMessage(message: FromPreview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
/** Drops what does not have the shape of a message, and says why in the webview's console. */
const accept = (data: unknown, what: string) =>
  parseToPreview(data, (why) => console.warn(`Team SRE preview: ${what} dropped: ${why}`));
const saved = vscode.getState();
let last: ToPreview | undefined = saved === undefined ? undefined : accept(saved, 'a malformed saved state');
let liveChart: uPlot | undefined;
const KIND_TITLES: Record<PrometheusErrorKind, string> = {
  url: 'The Prometheus address is not usable',
  unreachable: 'Prometheus is unreachable',
  timeout: 'Prometheus did not answer in time',
  http: 'Prometheus answered with an HTTP error',
  promql: 'Prometheus rejected a query',
  garbage: 'The server does not answer like Prometheus',
  'too-large': "Prometheus's answer is too large",
  limit: 'Too much to read at once',
  'no-data': 'No data',
  nan: 'No traffic in the window',
  'positive-infinity': 'Prometheus returned +Inf',
  'negative-infinity': 'Prometheus returned -Inf',
  'above-one': 'The SLI is above 100 %',
  'below-zero': 'The SLI is below 0 %',
  unsupported: 'This SLO cannot be read live',
  cancelled: 'Cancelled',
};

function button(label: string, message: FromPreview, id: string): HTMLElement {
  const b = el('vscode-button', { id, secondary: '' }, label);
  b.addEventListener('click', () => vscode.postMessage(message));
  return b;
}

const signed = (x: number) => `${(x * 100).toFixed(1)} %`;
const time = (iso: string) => iso.replace(/^.*T/, '').replace(/\.\d{3}Z$/, ' UTC');

function queryList(data: LiveBudget): HTMLElement {
  return el(
    'details',
    { class: 'queries' },
    el('summary', {}, `${plural(data.queries.length, 'query', 'queries')} sent`),
    el(
      'ol',
      {},
      ...data.queries.map((q) =>
        el('li', {}, el('span', { class: 'purpose' }, `${q.purpose}: `), el('code', {}, q.query)),
      ),
    ),
  );
}

/** The budget actually left: from Prometheus, or why not. */
function renderLive(live: LiveState | undefined): HTMLElement | undefined {
  if (!live) return undefined;
  const section = el('section', { class: 'live', 'aria-live': 'polite', 'data-state': live.state });
  const heading = el('h2', {}, 'Budget actually left');
  switch (live.state) {
    case 'off':
      section.append(
        heading,
        el('p', { class: 'note' }, ...prose(live.hint)),
        button('Open Settings', { type: 'configure' }, 'live-configure'),
      );
      break;
    case 'unsupported':
      section.append(heading, el('p', { class: 'note' }, ...prose(live.reason)));
      break;
    case 'confirm':
      section.append(
        heading,
        el(
          'p',
          { class: 'note' },
          live.dataSource
            ? `The DataSource '${live.dataSource}' points at ${live.url}. This folder is not trusted: nothing is sent there until you allow it.`
            : `This folder is not trusted: its SLO queries go to ${live.url} only once you allow it.`,
        ),
        button(`Query ${live.url}`, { type: 'allowDataSource', url: live.url }, 'live-allow'),
      );
      break;
    case 'loading':
      section.append(
        heading,
        el(
          'p',
          { class: 'loading' },
          el('vscode-progress-ring', { 'aria-label': 'Loading' }),
          ` Reading from ${live.url}…`,
        ),
      );
      break;
    case 'error':
      section.append(
        heading,
        el(
          'div',
          { class: 'error', role: 'alert' },
          el('strong', {}, KIND_TITLES[live.kind as PrometheusErrorKind] ?? 'Prometheus failed'),
          el('div', {}, live.message),
          ...(live.query ? [el('div', { class: 'query' }, 'Query: ', el('code', {}, live.query))] : []),
        ),
        button('Refresh', { type: 'refresh' }, 'live-refresh'),
      );
      break;
    case 'ok': {
      const d = live.data;
      section.setAttribute('data-at', d.at);
      const over = d.budgetRemaining < 0;
      const rates = Object.entries(d.burnRates);
      section.append(
        heading,
        el(
          'div',
          { class: 'tiles' },
          el(
            'div',
            {
              class: `tile${over ? ' overspent' : ''}`,
              id: 'live-remaining',
              title:
                d.method === 'Timeslices'
                  ? '1 − bad slices ÷ (budget × slices in the window)'
                  : '1 − (1 − SLI) ÷ budget',
            },
            el('div', { class: 'label' }, over ? 'Budget left (overspent)' : 'Budget left'),
            el('div', { class: 'value' }, signed(d.budgetRemaining)),
          ),
          tile(
            'SLI',
            `${Number((d.sli * 100).toPrecision(6))} %`,
            `over ${d.measured.window}, ${date(d.measured.start)} → ${date(d.measured.end)}`,
          ),
          ...(d.slices
            ? [
                tile(
                  'Bad slices',
                  `${d.slices.bad} of ${d.slices.counted}`,
                  `${d.slices.length} slices; the window holds ${d.slices.inWindow}`,
                ),
              ]
            : []),
        ),
        el(
          'table',
          { class: 'burn-rates' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', { scope: 'row' }, 'Window'),
              ...rates.map(([w]) => el('th', { scope: 'col' }, w)),
            ),
          ),
          el(
            'tbody',
            {},
            el(
              'tr',
              {},
              el('th', { scope: 'row' }, 'Burn rate'),
              ...rates.map(([, v]) =>
                el(
                  'td',
                  { class: v !== null && v >= 1 ? 'burning' : '' },
                  v === null ? '–' : String(Number(v.toPrecision(3))),
                ),
              ),
            ),
          ),
        ),
        el('div', { id: 'live-chart' }),
        el('p', { class: 'note' }, d.burnDown.meaning),
        ...d.notes.map((n) => el('p', { class: 'note' }, ...prose(n))),
        el(
          'p',
          { class: 'source' },
          `From ${d.sourceNote}. Read at ${time(live.fetched)} from ${live.url}${live.refreshSeconds ? `, every ${live.refreshSeconds} s` : ''}. `,
          button('Refresh', { type: 'refresh' }, 'live-refresh'),
        ),
        queryList(d),
      );
      break;
    }
  }
  return section;
}

function drawLiveChart(live: LiveState | undefined): void {
  liveChart?.destroy();
  liveChart = undefined;
  const host = document.getElementById('live-chart');
  if (!host || live?.state !== 'ok') return;
  const points = live.data.burnDown.points;
  const values = points.map(([, v]) => (v === null ? null : Number((v * 100).toFixed(3))));
  const range = budgetRange(values);
  const theme = chartTheme();
  const read = points.filter((p): p is [number, number] => p[1] !== null);
  const at = (t: number) => date(new Date(t * 1000).toISOString());
  const lowest = Math.min(...read.map(([, v]) => v));
  const summary = read.length
    ? `Budget left from ${at(read[0]![0])} to ${at(read.at(-1)![0])}: from ${signed(read[0]![1])} to ${signed(read.at(-1)![1])}${lowest < Math.min(read[0]![1], read.at(-1)![1]) ? `, lowest ${signed(lowest)}` : ''}`
    : 'Budget left: no value in the range';
  liveChart = new uPlot(
    {
      width: Math.max(300, host.clientWidth || 600),
      height: 200,
      title: 'Budget left (%)',
      scales: { y: fixedY(range) },
      axes: [axis(theme), axis(theme, `% of budget left (${rangeText(range)})`)],
      series: [{}, { label: 'budget left (%)', stroke: theme.blue, width: 2, spanGaps: false }],
      hooks: chartHooks(host, [0], theme, summary),
    },
    [points.map(([t]) => t), values],
    host,
  );
}

/** An alert row's severity, linked to its rule in the generated rules when the generator writes one. */
function ruleLink(label: string, line: number | null | undefined): Node | string {
  if (typeof line !== 'number') return label;
  const link = el(
    'a',
    {
      href: '#',
      class: 'rule-link',
      'data-line': String(line),
      title: `Show its rule (line ${line + 1} of the generated rules)`,
      'aria-label': `${label}: show its rule (line ${line + 1} of the generated rules)`,
    },
    label,
  );
  link.addEventListener('click', (event) => {
    event.preventDefault();
    vscode.postMessage({ type: 'showRule', line });
  });
  return link;
}

function render(message: ToPreview): void {
  const report = message.reports[message.selected] ?? message.reports[0];
  const children: Node[] = [];
  if (message.error) children.push(el('div', { class: 'error', role: 'alert' }, message.error));
  if (!report) {
    children.push(
      el('p', {}, 'No SLO under the cursor: put it in an OpenSLO SLO, a Sloth SLO or a Pyrra objective.'),
    );
    app.replaceChildren(...children);
    return;
  }
  const b = report.budget;
  const minutes = report.window.days * 1440;
  const pin = pinButton(message.pinned === true, (m) => vscode.postMessage(m));
  children.push(
    el(
      'header',
      {},
      el('h1', {}, report.name, report.objective ? ` · ${report.objective}` : ''),
      el('vscode-badge', { variant: 'default' }, report.window.kind),
      el('span', { class: 'format' }, report.format),
      pin,
    ),
    el(
      'p',
      { class: 'shown-from', role: 'status' },
      message.kept
        ? `${message.file}: ${report.name}, the last SLO shown (${message.kept} holds no SLO).`
        : message.pinned
          ? `${message.file}: ${report.name}, pinned.`
          : message.file,
    ),
    el(
      'p',
      { class: 'window' },
      `${report.window.label}: ${date(report.window.start)} → ${date(report.window.end)} (${report.window.days} days${report.window.timeZone ? `, ${report.window.timeZone}` : ''})`,
    ),
    el(
      'div',
      { class: 'tiles' },
      tile(
        'Target',
        formatPercent(report.target),
        `${report.method}: ${formatPercent(report.target)} of ${report.method === 'Occurrences' ? 'events' : 'time slices'} must be good`,
      ),
      tile(
        'Error budget',
        formatPercent(b.ratio),
        `1 − ${formatPercent(report.target)} = ${formatPercent(b.ratio)}`,
      ),
      tile(
        'Full outage allowed',
        formatDuration(b.allowedBadMinutes),
        `${formatPercent(b.ratio)} × ${report.window.days} days × 1440 min = ${formatDuration(b.allowedBadMinutes)}`,
      ),
      ...(b.allowedBadSlices !== undefined && report.timeSlice
        ? [
            tile(
              'Bad slices allowed',
              sliceCount(b.allowedBadSlices),
              `${formatPercent(b.ratio)} × ${report.window.days} days ÷ ${formatDuration(report.timeSlice.minutes)} slices`,
            ),
          ]
        : []),
      ...(b.allowedBadEvents !== undefined
        ? [
            tile(
              'Bad events allowed',
              String(b.allowedBadEvents),
              `${formatPercent(b.ratio)} × events in ${minutes} min`,
            ),
          ]
        : []),
    ),
  );
  setBudgetLeft(message.live?.state === 'ok' ? message.live.data.budgetRemaining : undefined);
  const liveSection = renderLive(message.live);
  if (liveSection) children.push(liveSection);
  const replaySection = renderReplay(message.live?.state === 'off' ? undefined : message.replay, (m) =>
    vscode.postMessage(m),
  );
  if (replaySection) children.push(replaySection);
  if (report.alerts.length) {
    // "Fires now?" from the live burn rates over each alert's own windows, when they were read for these rows.
    const now =
      message.live?.state === 'ok' && message.live.data.alertsNow.length === report.alerts.length
        ? message.live.data.alertsNow
        : undefined;
    const lines = message.ruleLines?.[message.reports[message.selected] ? message.selected : 0] ?? [];
    const rows = report.alerts.map((a, i) =>
      el(
        'tr',
        a.disabled ? { class: 'disabled', title: 'Disabled in the SLO: this alert is not generated' } : {},
        el('td', {}, a.disabled ? `${a.severity} (disabled)` : ruleLink(a.severity, lines[i])),
        el('td', {}, a.longWindow),
        el('td', {}, a.shortWindow || '–'),
        el(
          'td',
          { title: `burn rate ${a.factor}: the budget lasts ${report.window.days} days ÷ ${a.factor}` },
          String(a.factor),
        ),
        el(
          'td',
          { title: `${a.factor} × ${formatPercent(b.ratio)} = ${formatPercent(a.threshold)}` },
          formatPercent(a.threshold),
        ),
        el(
          'td',
          { title: `${report.window.days} days ÷ ${a.factor}` },
          formatDuration(a.exhaustionHours * 60),
        ),
        el('td', { title: 'How long the condition must hold before the alert fires' }, a.alertAfter || '–'),
        el(
          'td',
          {
            title: `${a.factor} × ${formatPercent(b.ratio)} × ${a.longWindow} at 100 % errors${a.alertAfter ? `, then ${a.alertAfter} before it fires` : ''}`,
          },
          a.disabled ? 'never: disabled' : a.neverFires ? 'never' : formatDuration(a.detectionMinutes),
        ),
        ...(now
          ? [
              el(
                'td',
                {
                  class: `fires${now[i]!.fires ? ' fires-now' : ''}`,
                  title: `Live burn rates over ${a.shortWindow ? `${a.longWindow} and ${a.shortWindow}` : a.longWindow} against ${a.factor}`,
                },
                now[i]!.text,
              ),
            ]
          : []),
      ),
    );
    children.push(
      el('h2', {}, `Alerts, from ${report.alertSource}`),
      el(
        'table',
        { class: 'alerts' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ...[
              'Severity',
              'Long window',
              'Short window',
              'Burn rate',
              'Error ratio',
              'Budget gone in',
              'Alert after',
              'Full outage detected in',
              ...(now ? ['Fires now?'] : []),
            ].map((h) => el('th', { scope: 'col' }, h)),
          ),
        ),
        el('tbody', {}, ...rows),
      ),
    );
  }
  for (const w of report.warnings) children.push(el('p', { class: 'warning', role: 'note' }, ...prose(w)));
  const whatIfHost = el('section', { class: 'what-if' });
  children.push(whatIfHost, el('div', { id: 'chart' }));
  // A new render keeps the typing in a field (the target, the what-if figures): its text and the focus.
  const typing = document.activeElement?.id ? document.activeElement : undefined;
  const typed = typing ? (typing as unknown as HTMLInputElement).value : undefined;
  app.replaceChildren(...children);
  renderWhatIf(report, whatIfHost);
  drawChart(report);
  drawLiveChart(message.live);
  drawReplayChart(message.live?.state === 'off' ? undefined : message.replay);
  const field = typing && document.getElementById(typing.id);
  if (field && typed !== undefined) {
    if ('value' in field) (field as unknown as HTMLInputElement).value = typed;
    field.focus();
  }
}

/** Redraws the charts of what is shown, their colours read again. */
function redrawCharts(): void {
  if (!last) return;
  const report = last.reports[last.selected] ?? last.reports[0];
  if (report) drawChart(report);
  drawLiveChart(last.live);
  drawReplayChart(last.live?.state === 'off' ? undefined : last.replay);
}

// VS Code changes the theme by the body's class (vscode-light, vscode-dark, vscode-high-contrast) and the colour
// variables on the root element: uPlot paints its axes with colours given when it draws, so the charts are drawn again.
const themeChange = new MutationObserver(() => redrawCharts());
themeChange.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeChange.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

keepKeysInFields();

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = accept(event.data, 'a malformed message');
  if (!message) return;
  // On a parse error keep the last good reports, with the error on top.
  const shown =
    message.error && last && !message.reports.length ? { ...last, error: message.error } : message;
  last = shown;
  vscode.setState(shown);
  render(shown);
});

if (last) render(last);
vscode.postMessage({ type: 'ready' });
