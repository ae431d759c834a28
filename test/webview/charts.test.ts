// The preview's charts and live columns in headless Chromium, under the preview's Content-Security-Policy: the
// what-if from the budget left, the axis ranges, the legend, the theme change and "Fires now?" per alert.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { alertNow } from '../../src/budget/alerts.js';
import { budgetReport } from '../../src/budget/budget-report.js';
import type { LiveBudget } from '../../src/prometheus/live.js';
import type { ReplayState, ToPreview } from '../../src/protocol/preview.js';
import { openPreviewPage, type PreviewPage } from './preview-page.js';

let preview: PreviewPage;
let page: Page;

before(async () => {
  // Light+ colours on the root element, as VS Code sets them, and the light theme's body class.
  preview = await openPreviewPage({
    rootStyle: '--vscode-foreground: #3b3b3b; --vscode-charts-red: #e51400; --vscode-charts-blue: #1a85ff',
    bodyClass: 'vscode-light',
    viewport: { width: 1000, height: 2400 },
    timezoneId: 'UTC',
  });
  ({ page } = preview);
});

after(() => preview?.close());

/** 99.9 % over 28 days, Sloth's windows: 40.32 min of full outage allowed; page factors 13.44 and 5.6. */
const report = budgetReport(
  {
    name: 'checkout',
    format: 'Sloth',
    target: 0.999,
    method: 'Occurrences',
    window: { kind: 'rolling', minutes: 28 * 1440, label: '28 days, rolling' },
    alerting: { style: 'burn-rate-table', table: 'workbook-multiwindow', source: "Sloth's alert windows" },
  },
  new Date('2026-11-10T12:00:00Z'),
);

const T0 = Date.UTC(2026, 10, 10, 9) / 1000;
const burnRates = { '5m': 20, '30m': 2.5, '1h': 16, '2h': 3.2, '6h': 5.9, '1d': 0.9, '3d': 0.72 };

/** A live budget read at 12:00: `left` of the budget, a flat burn-down around it. */
function live(left: number, points: Array<number | null>): LiveBudget {
  return {
    at: '2026-11-10T12:00:00.000Z',
    source: 'queries',
    sourceNote: "the SLO's queries",
    method: 'Occurrences',
    measured: { start: '2026-10-13T12:00:00.000Z', end: '2026-11-10T12:00:00.000Z', window: '28d' },
    sli: 1 - 0.001 * (1 - left),
    budgetRemaining: left,
    burnRates,
    alertsNow: report.alerts.map((a) => alertNow(a, burnRates)),
    burnDown: {
      step: 3600,
      meaning: 'Each point is the budget left in the 28 days, rolling window ending at that time.',
      points: points.map((v, i) => [T0 + i * 3600, v]),
    },
    notes: [],
    queries: [],
  };
}

async function show(data?: LiveBudget, replay?: ReplayState): Promise<void> {
  const message: ToPreview = {
    type: 'update',
    file: 'slos/checkout.yaml',
    reports: [report],
    selected: 0,
    ...(data
      ? {
          live: {
            state: 'ok',
            url: 'http://127.0.0.1:9090',
            data,
            fetched: '2026-11-10T12:00:01.000Z',
            refreshSeconds: 0,
          },
        }
      : {}),
    ...(replay ? { replay } : {}),
  };
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  await page.locator('#chart canvas').first().waitFor();
}

async function setInput(id: string, value: string): Promise<void> {
  await page.locator(`#${id}`).evaluate((el, v) => {
    (el as HTMLInputElement).value = v;
    el.dispatchEvent(new Event('input'));
  }, value);
}

const text = async (selector: string) =>
  (await page.locator(selector).innerText()).replace(/\s+/g, ' ').trim();
const data = (selector: string, key: string) =>
  page.locator(selector).evaluate((el, k) => (el as HTMLElement).dataset[k] ?? null, key);

test('the what-if starts from the budget actually left when it is read, from a full budget otherwise', async () => {
  await show();
  await setInput('what-if-rate', '10');
  await setInput('what-if-minutes', '30');
  // 10 % × 30 min = 3 of 40.32 min (7.4 %); a full budget lasts 40.32 / 0.1 = 403.2 min at 10 %.
  assert.equal(
    await text('#what-if-summary'),
    'From a full budget: 10 % errors for 30 min leaves 92.6 % — at that rate, the full budget is gone after 6 h 43 min 12 s.',
  );
  await show(live(0.44, [0.45, 0.44]));
  // 44 % − 7.4 % = 36.6 %; the 44 % left is 17.7408 min, gone at 10 % in 177.408 min.
  assert.equal(
    await text('#what-if-summary'),
    'From 44.0 % left (live): 10 % errors for 30 min leaves 36.6 % — at that rate, what is left is gone after 2 h 57 min 24 s.',
  );
  assert.equal(
    await text('.what-if-result'),
    'Budget consumed 7.4 % Budget left 36.6 % What is left gone after 2 h 57 min 24 s',
  );
  assert.equal(await page.locator('.what-if-result .tile').nth(1).getAttribute('title'), '44.0 % − 7.4 %');
  await show(live(-0.2, [-0.19, -0.2]));
  assert.equal(
    await text('#what-if-summary'),
    'From -20.0 % left (live): 10 % errors for 30 min leaves -27.4 % — the budget is already overspent.',
  );
});

test('both what-if fields redraw its chart: the budget left after the incident and the title follow them', async () => {
  await show(live(0.44, [0.45, 0.44]));
  await setInput('what-if-rate', '10');
  await setInput('what-if-minutes', '30');
  assert.equal(await data('#chart', 'after'), '36.559524');
  assert.equal(await text('#chart .u-title'), 'Budget left, from 44.0 % left: 10 % errors for 30 min');
  // 60 min: 6 of 40.32 min, 44 % − 14.88 % = 29.12 %.
  await setInput('what-if-minutes', '60');
  assert.equal(await data('#chart', 'after'), '29.119048');
  assert.equal(await text('#chart .u-title'), 'Budget left, from 44.0 % left: 10 % errors for 60 min');
  // 20 % for 60 min: 12 of 40.32 min, 44 % − 29.76 % = 14.24 %; the chart spans 1.25 × 88.704 min.
  await setInput('what-if-rate', '20');
  assert.equal(await data('#chart', 'after'), '14.238095');
  assert.equal(await data('#chart', 'spanHours'), '1.848');
});

test('budget charts span 0 to 100 % of the budget, lower only to show an overspent budget; the replay states its range', async () => {
  // Pyrra's 31.74 % to 31.80 %: the axis stays 0 to 100, so the line is flat.
  await show(live(0.318, [0.3174, 0.318, 0.3177]));
  await page.locator('#live-chart canvas').first().waitFor();
  assert.deepEqual([await data('#live-chart', 'yMin'), await data('#live-chart', 'yMax')], ['0', '100']);
  // The what-if from 31.8 % at 10 %, drawn until 1.25 × its exhaustion (160.272 min): down to −7.95 %, the axis
  // to −10.
  await setInput('what-if-rate', '10');
  await setInput('what-if-minutes', '30');
  assert.deepEqual([await data('#chart', 'yMin'), await data('#chart', 'yMax')], ['-10', '100']);
  // Overspent down to −61.2 %: the axis reaches the next ten below.
  await show(live(-0.612, [0.5, 0.2, -0.612]));
  assert.deepEqual([await data('#live-chart', 'yMin'), await data('#live-chart', 'yMax')], ['-70', '100']);

  // The replay's error ratio: 0.05 % under a target allowing 0.1 %, drawn from 0 to twice the allowed ratio.
  const from = '2026-11-03T12:00:00.000Z';
  const to = '2026-11-10T12:00:00.000Z';
  const t0 = Date.parse(from) / 1000;
  await show(live(0.318, [0.3174, 0.318]), {
    state: 'ok',
    target: 0.999,
    fileTarget: 0.999,
    data: {
      from,
      to,
      target: 0.999,
      alerts: [],
      incidents: [],
      series: { step: 3600, points: Array.from({ length: 169 }, (_, i) => [t0 + i * 3600, 0.0005]) },
      notes: [],
    },
  });
  await page.locator('#replay-chart canvas').first().waitFor();
  assert.deepEqual([await data('#replay-chart', 'yMin'), await data('#replay-chart', 'yMax')], ['0', '0.2']);
  assert.equal(
    await text('#replay-chart .u-title'),
    'Error ratio (%, axis 0 to 0.2), alerts firing, incidents',
  );
});

test('the legend shows no "--" placeholders: a time and a value only while the pointer is on the plot', async () => {
  await show(live(0.318, [0.3174, 0.318, 0.3177]));
  const chart = page.locator('#live-chart');
  await chart.locator('canvas').first().waitFor();
  assert.doesNotMatch(await chart.innerText(), /--/);
  assert.doesNotMatch(await page.locator('#chart').innerText(), /--/);
  const plot = await chart.locator('.u-over').boundingBox();
  assert.ok(plot);
  await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 2);
  const legend = (await chart.locator('.u-legend').innerText()).replace(/\s+/g, ' ');
  // The middle point: 10:00 UTC (the browser's time zone here), and its value.
  assert.match(legend, /^Time\s*2026-11-10 10:00am/);
  assert.match(legend, /budget left \(%\)\s*31\.8$/);
  assert.doesNotMatch(legend, /--/);
  await page.mouse.move(0, 0);
  assert.doesNotMatch(await chart.innerText(), /--/);
});

test('a theme change redraws the charts with the new theme colours', async () => {
  await show(live(0.318, [0.3174, 0.318]));
  await page.locator('#live-chart canvas').first().waitFor();
  assert.equal(await data('#chart', 'axisStroke'), '#3b3b3b');
  assert.equal(await data('#live-chart', 'axisStroke'), '#3b3b3b');
  // Dark Modern's foreground, then the body class as VS Code switches it.
  await page.evaluate(() => {
    document.body.style.setProperty('--vscode-foreground', '#cccccc');
    document.body.className = 'vscode-dark';
  });
  await page.waitForFunction(() => document.getElementById('chart')?.dataset.axisStroke === '#cccccc');
  assert.equal(await data('#live-chart', 'axisStroke'), '#cccccc');
  // Colours set on the root element, as VS Code sets them, are followed as well.
  await page.evaluate(() => document.documentElement.style.setProperty('--vscode-foreground', '#000000'));
  await page.evaluate(() => document.body.style.removeProperty('--vscode-foreground'));
  await page.evaluate(() => {
    document.body.className = 'vscode-high-contrast-light';
  });
  await page.waitForFunction(() => document.getElementById('live-chart')?.dataset.axisStroke === '#000000');
});

test('"Fires now?" per alert row, from the live burn rates over its own windows', async () => {
  await show();
  assert.equal(await page.locator('table.alerts th', { hasText: 'Fires now?' }).count(), 0);
  await show(live(0.318, [0.3174, 0.318]));
  const headers = await page.locator('table.alerts thead th').allInnerTexts();
  assert.equal(headers.at(-1), 'Fires now?');
  assert.deepEqual(await page.locator('table.alerts td.fires').allInnerTexts(), [
    // 16 and 20 above 13.44.
    'Fires now',
    // The 6h burn (5.9) is above 5.6, the 30m one is not.
    'No — 30m burn 2.5 < 5.6',
    'No — 1d burn 0.9 < 2.8',
    'No — 3d burn 0.72 < 0.933333',
  ]);
  assert.equal(await page.locator('table.alerts td.fires-now').count(), 1);
  assert.equal(
    await page.locator('table.alerts td.fires').first().getAttribute('title'),
    'Live burn rates over 1h and 5m against 13.44',
  );
});

test('no Content-Security-Policy violation', async () => {
  assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
});
