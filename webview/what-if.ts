// The preview's what-if: an incident typed as an error rate (or minutes over a threshold) and a duration, what it
// costs the budget, from the budget actually left when the live budget is read, and its chart over time.
import uPlot from 'uplot';
import { formatCount, formatDuration, formatPercent, plural } from '../src/budget/format.js';
import { whatIf, type BudgetReport, type WhatIf } from '../src/budget/budget-report.js';
import { axis, budgetRange, chartHooks, chartTheme, fixedY, rangeText } from './charts.js';
import { el, named, share, sliceCount, tile } from './dom.js';

let chart: uPlot | undefined;

const whatIfInput = { errorRate: 10, minutes: 30 };
/** The share of the budget actually left, when the live budget is read: the what-if starts from it. */
let liveLeft: number | undefined;

/** Sets the budget left the what-if starts from: the live budget's, or none (a full budget). */
export function setBudgetLeft(left: number | undefined): void {
  liveLeft = left;
}

/** A threshold SLI is asked for minutes over its threshold: the whole of each of those minutes is bad. */
const incidentRate = (report: BudgetReport) => (report.sli === 'threshold' ? 1 : whatIfInput.errorRate / 100);

export function renderWhatIf(report: BudgetReport, container: HTMLElement): void {
  container.replaceChildren();
  const threshold = report.sli === 'threshold';
  const rate = el('vscode-textfield', {
    id: 'what-if-rate',
    type: 'number',
    value: String(whatIfInput.errorRate),
    'aria-label': 'Error rate in percent',
  });
  const minutes = el('vscode-textfield', {
    id: 'what-if-minutes',
    type: 'number',
    value: String(whatIfInput.minutes),
    'aria-label': threshold ? 'Minutes over the threshold' : 'Duration in minutes',
  });
  named(rate);
  named(minutes);
  const onInput = () => {
    const r = threshold ? whatIfInput.errorRate : Number((rate as unknown as HTMLInputElement).value);
    const m = Number((minutes as unknown as HTMLInputElement).value);
    if (Number.isFinite(r) && r >= 0 && r <= 100 && Number.isFinite(m) && m >= 0) {
      whatIfInput.errorRate = r;
      whatIfInput.minutes = m;
      renderWhatIfResult(report, out, summary);
      drawChart(report);
    }
  };
  rate.addEventListener('input', onInput);
  minutes.addEventListener('input', onInput);
  const summary = el('p', { class: 'what-if-summary', id: 'what-if-summary', 'aria-live': 'polite' });
  const out = el('div', { class: 'what-if-result' });
  container.append(
    el('h2', {}, 'What if'),
    el(
      'div',
      { class: 'what-if-inputs' },
      ...(threshold
        ? [el('label', {}, 'Minutes over the threshold ', minutes)]
        : [el('label', {}, 'Errors (%) ', rate), el('label', {}, 'for (minutes) ', minutes)]),
    ),
    summary,
    out,
  );
  renderWhatIfResult(report, out, summary);
}

/** How the incident is weighed, in words: bad slices for Timeslices, minutes of full outage otherwise. */
function whatIfFormula(report: BudgetReport, r: WhatIf): string {
  const { minutes } = whatIfInput;
  const incident = incidentText(report);
  const slice = report.timeSlice;
  if (r.slices && slice?.target !== undefined) {
    const tolerated = formatPercent(1 - slice.target);
    return `${incident}: a ${formatDuration(slice.minutes)} slice is bad above ${tolerated} errors (timeSliceTarget ${formatPercent(slice.target)}); ${plural(r.slices.bad, 'bad slice')} ÷ ${sliceCount(r.slices.allowed)} allowed`;
  }
  const outage = (incidentRate(report) * minutes).toPrecision(12);
  return `${incident} = ${formatDuration(Number(outage))} of full outage, over a budget of ${formatDuration(report.budget.allowedBadMinutes)}`;
}

/** The incident in words: "10 % errors for 30 min", "30 min over the threshold". */
const incidentText = (report: BudgetReport) =>
  report.sli === 'threshold'
    ? `${whatIfInput.minutes} min over the threshold`
    : `${whatIfInput.errorRate} % errors for ${whatIfInput.minutes} min`;

function renderWhatIfResult(report: BudgetReport, out: HTMLElement, summary: HTMLElement): void {
  const rate = incidentRate(report);
  const left = liveLeft ?? 1;
  const r = whatIf(report, rate, whatIfInput.minutes, 0, left);
  const gone =
    left <= 0
      ? 'already gone'
      : Number.isFinite(r.exhaustionMinutes)
        ? formatDuration(r.exhaustionMinutes)
        : 'never';
  const of = liveLeft === undefined ? '' : `${share(left)} × `;
  const goneFormula = r.slices
    ? Number.isFinite(r.exhaustionMinutes)
      ? `every slice is bad: ${of}${sliceCount(r.slices.allowed)} allowed bad slices × ${formatDuration(report.timeSlice!.minutes)}`
      : 'no slice is bad at this error rate'
    : `${of}${formatDuration(report.budget.allowedBadMinutes)} ÷ ${formatPercent(rate)}`;
  const exhausted =
    left <= 0
      ? 'the budget is already overspent'
      : Number.isFinite(r.exhaustionMinutes)
        ? `at that rate, ${liveLeft === undefined ? 'the full budget' : 'what is left'} is gone after ${formatDuration(r.exhaustionMinutes)}`
        : 'at that rate, the budget never runs out';
  summary.textContent = `${liveLeft === undefined ? 'From a full budget' : `From ${share(left)} left (live)`}: ${incidentText(report)} leaves ${share(r.remaining)} — ${exhausted}.`;
  out.replaceChildren(
    ...(r.slices
      ? [
          tile(
            'Bad slices',
            `${formatCount(r.slices.bad)} of ${sliceCount(r.slices.allowed)} allowed`,
            whatIfFormula(report, r),
          ),
        ]
      : []),
    tile('Budget consumed', share(r.consumed), whatIfFormula(report, r)),
    tile(
      'Budget left',
      share(r.remaining),
      `${liveLeft === undefined ? '1' : share(left)} − ${share(r.consumed)}`,
    ),
    tile(liveLeft === undefined ? 'Full budget gone after' : 'What is left gone after', gone, goneFormula),
  );
}

/** Budget left in percent, drawn no lower than −100 % (past that the line only says "overspent"). */
const drawn = (remaining: number) => Math.max(-100, Number((100 * remaining).toFixed(6)));

/**
 * The what-if over time, from the budget left (live, or full): the incident as chosen (the rate for the minutes
 * typed, then no errors) and, dashed, the same rate going on until the budget is gone.
 */
export function drawChart(report: BudgetReport): void {
  const host = document.getElementById('chart');
  if (!host) return;
  chart?.destroy();
  chart = undefined;
  const rate = incidentRate(report);
  const left = liveLeft ?? 1;
  const { minutes } = whatIfInput;
  const windowMinutes = report.window.days * 1440;
  const exhaustion = whatIf(report, rate, 0, 0, left).exhaustionMinutes;
  const span = Math.min(
    windowMinutes,
    Math.max(Number.isFinite(exhaustion) ? exhaustion * 1.25 : 0, minutes * 1.5, 60),
  );
  // 100 steps, and the end of the incident itself, so that the chart turns where the incident ends.
  const ts = [...new Set([...Array.from({ length: 101 }, (_, i) => (span * i) / 100), minutes])]
    .filter((t) => t <= span)
    .sort((a, b) => a - b);
  const xs = ts.map((t) => Number((t / 60).toPrecision(12)));
  const goingOn = ts.map((t) => drawn(whatIf(report, rate, t, 0, left).remaining));
  const incident = ts.map((t) => drawn(whatIf(report, rate, Math.min(t, minutes), 0, left).remaining));
  const range = budgetRange([...goingOn, ...incident]);
  const theme = chartTheme();
  host.dataset.after = String(incident.at(-1));
  host.dataset.spanHours = String(xs.at(-1));
  const from = liveLeft === undefined ? 'from a full budget' : `from ${share(left)} left`;
  const title =
    report.sli === 'threshold'
      ? `Budget left, ${from}: ${minutes} min over the threshold`
      : `Budget left, ${from}: ${whatIfInput.errorRate} % errors for ${minutes} min`;
  const after = whatIf(report, rate, minutes, 0, left).remaining;
  const summary = `${title}: ${share(after)} left after the incident; ${
    left <= 0
      ? 'the budget is already overspent'
      : Number.isFinite(exhaustion)
        ? `if it goes on, the budget is gone after ${formatDuration(exhaustion)}`
        : 'if it goes on, the budget never runs out'
  }`;
  chart = new uPlot(
    {
      width: Math.max(300, host.clientWidth || 600),
      height: 220,
      title,
      scales: { x: { time: false }, y: fixedY(range) },
      axes: [axis(theme, 'hours'), axis(theme, `% of budget left (${rangeText(range)})`)],
      series: [
        { label: 'hours' },
        { label: 'this incident (%)', stroke: theme.red, width: 2 },
        { label: 'if it goes on (%)', stroke: theme.red, width: 1, dash: [4, 4] },
      ],
      hooks: chartHooks(host, [0], theme, summary),
    },
    [xs, incident, goingOn],
    host,
  );
}
