// The preview with everything it can show — an SLO with alerts, the live budget, the what-if and a replay — read
// as a screen reader reads it: Chromium's accessibility tree, the Tab stops in order, headings, table headers and
// the charts' text alternatives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CDPSession, Page } from 'playwright-core';
import { alertNow } from '../../src/budget/alerts.js';
import { budgetReport } from '../../src/budget/budget-report.js';
import type { ToPreview } from '../../src/protocol/preview.js';
import { openPreviewPage, type PreviewPage } from './preview-page.js';

let preview: PreviewPage;
let page: Page;
let cdp: CDPSession;

before(async () => {
  preview = await openPreviewPage({ viewport: { width: 1000, height: 2400 }, timezoneId: 'UTC' });
  ({ page } = preview);
  cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  await page.evaluate((m) => window.postMessage(m, '*'), MESSAGE);
  await page.locator('#replay-chart .replay-incident').waitFor();
  await page.locator('#live-chart canvas').first().waitFor();
});

after(() => preview?.close());

/** 99.9 % over 28 days, Sloth's windows: four alerts, two of them with a line in the generated rules. */
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
const burnRates = { '5m': 20, '30m': 2.5, '1h': 16, '2h': 3.2, '6h': 5.9, '1d': 0.9, '3d': 0.72 };
const T0 = Date.UTC(2026, 9, 13, 12) / 1000;
const FROM = '2026-11-03T12:00:00.000Z';
const TO = '2026-11-10T12:00:00.000Z';

const MESSAGE: ToPreview = {
  type: 'update',
  file: 'slos/checkout.yaml',
  reports: [report],
  selected: 0,
  ruleLines: [[10, null, 20, null]],
  live: {
    state: 'ok',
    url: 'http://127.0.0.1:9090',
    fetched: '2026-11-10T12:00:01.000Z',
    refreshSeconds: 60,
    data: {
      at: '2026-11-10T12:00:00.000Z',
      source: 'queries',
      sourceNote: "the SLO's queries",
      method: 'Occurrences',
      measured: { start: '2026-10-13T12:00:00.000Z', end: '2026-11-10T12:00:00.000Z', window: '28d' },
      sli: 1 - 0.001 * 0.56,
      budgetRemaining: 0.44,
      burnRates,
      alertsNow: report.alerts.map((a) => alertNow(a, burnRates)),
      burnDown: {
        step: 86_400,
        meaning: 'Each point is the budget left in the 28 days, rolling window ending at that time.',
        points: Array.from({ length: 29 }, (_, i) => [
          T0 + i * 86_400,
          i === 10 ? null : 1 - (0.56 * i) / 28,
        ]),
      },
      notes: [],
      queries: [{ purpose: 'the SLI over 28d', query: 'sum(rate(errors[28d]))', type: 'instant' }],
    },
  },
  replay: {
    state: 'ok',
    target: 0.999,
    fileTarget: 0.999,
    data: {
      from: FROM,
      to: TO,
      target: 0.999,
      alerts: [
        {
          name: 'CheckoutAvailability',
          severity: 'page',
          notifications: 1,
          firing: [
            { start: '2026-11-07T11:01:00.000Z', end: '2026-11-07T12:04:00.000Z', alreadyFiring: false },
          ],
        },
      ],
      incidents: [
        {
          title: 'Checkout down',
          file: 'postmortems/2026-11-07-checkout-down.md',
          start: '2026-11-07T11:00:00.000Z',
          end: '2026-11-07T12:00:00.000Z',
          detection: { alert: 'CheckoutAvailability', severity: 'page', delayMinutes: 1 },
        },
      ],
      series: {
        step: 3600,
        points: Array.from({ length: 169 }, (_, i) => [
          Date.parse(FROM) / 1000 + i * 3600,
          i === 95 ? 0.25 : 0.0005,
        ]),
      },
      notes: [],
    },
  },
};

interface AXNode {
  nodeId: string;
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  properties?: Array<{ name: string; value: { value: unknown } }>;
}

const prop = (n: AXNode, name: string) => n.properties?.find((p) => p.name === name)?.value.value;

async function tree(): Promise<AXNode[]> {
  return ((await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] }).nodes;
}

const stop = (n: AXNode) => `${n.role?.value ?? ''}: ${n.name?.value ?? ''}`;

/** Each control and graphic of the page: focusable, or a role a user acts on or hears as a picture. */
const CONTROL_ROLES = new Set([
  'button',
  'link',
  'spinbutton',
  'textbox',
  'checkbox',
  'image',
  'DisclosureTriangle',
]);

test('every focusable node and every control has a role and a name', async () => {
  const nodes = (await tree()).filter((n) => !n.ignored && n.role?.value !== 'RootWebArea');
  const controls = nodes.filter(
    (n) => prop(n, 'focusable') === true || CONTROL_ROLES.has(n.role?.value ?? ''),
  );
  assert.ok(controls.length >= 10, controls.map(stop).join('\n'));
  const unnamed = controls.filter(
    (n) =>
      !n.role?.value || ['generic', 'none', 'presentation'].includes(n.role.value) || !n.name?.value?.trim(),
  );
  assert.deepEqual(unnamed.map(stop), []);
});

test('Tab from the top reaches every control once, in the order of the page, each with its role and name', async () => {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const focused = (await tree()).filter(
      (n) => !n.ignored && prop(n, 'focused') === true && n.role?.value !== 'RootWebArea',
    );
    // Past the last control, the focus leaves the page.
    if (!focused.length) break;
    assert.equal(focused.length, 1, `one focused node after ${stops.join(', ')}`);
    const now = stop(focused[0]!);
    if (now === stops[0]) break;
    stops.push(now);
  }
  assert.deepEqual(stops, [
    'button: Pin to this SLO',
    'button: Refresh',
    'DisclosureTriangle: 1 query sent',
    'spinbutton: Target in percent to replay',
    'image: CheckoutAvailability (page) firing 11-07 11:01 UTC → 11-07 12:04 UTC',
    'image: Checkout down (postmortems/2026-11-07-checkout-down.md): 11-07 11:00 UTC → 11-07 12:00 UTC, detected after 1 min',
    'link: page: show its rule (line 11 of the generated rules)',
    'link: ticket: show its rule (line 21 of the generated rules)',
    'spinbutton: Error rate in percent',
    'spinbutton: Duration in minutes',
  ]);
});

test('headings go from the SLO down to its sections, no level skipped', async () => {
  // In the order of the page; each as the accessibility tree exposes it, with its level.
  const order = await page
    .locator('#app')
    .evaluate((app) => [...app.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => h.textContent));
  const exposed = new Map(
    (await tree())
      .filter((n) => !n.ignored && n.role?.value === 'heading')
      .map((n) => [n.name?.value, prop(n, 'level')]),
  );
  const headings = order.map((name) => [exposed.get(name ?? ''), name]);
  assert.equal(exposed.size, order.length);
  assert.deepEqual(headings, [
    [1, 'checkout'],
    [2, 'Budget actually left'],
    [2, 'Replay'],
    [2, "Alerts, from Sloth's alert windows"],
    [2, 'What if'],
  ]);
});

test('every table has header cells, each with its scope', async () => {
  const tables = await page.locator('#app table').evaluateAll((ts) =>
    ts.map((t) => ({
      headers: t.querySelectorAll('th').length,
      unscoped: [...t.querySelectorAll('th')]
        .filter((th) => !['row', 'col'].includes(th.getAttribute('scope') ?? ''))
        .map((th) => th.textContent),
    })),
  );
  assert.ok(tables.length >= 5, `${tables.length} tables`);
  for (const t of tables) {
    assert.ok(t.headers > 0);
    assert.deepEqual(t.unscoped, []);
  }
});

test('each chart is an image whose name states its figures', async () => {
  const label = (id: string) =>
    page.locator(`#${id} canvas`).evaluate((c) => [c.getAttribute('role'), c.getAttribute('aria-label')]);
  assert.deepEqual(await label('live-chart'), [
    'img',
    'Budget left from 2026-10-13 12:00 UTC to 2026-11-10 12:00 UTC: from 100.0 % to 44.0 %',
  ]);
  assert.deepEqual(await label('replay-chart'), [
    'img',
    'Error ratio from 2026-11-03 12:00 UTC to 2026-11-10 12:00 UTC: highest 25 % at 11-07 11:00 UTC, 0.1 % allowed; 1 firing interval, 1 incident',
  ]);
  assert.deepEqual(await label('chart'), [
    'img',
    'Budget left, from 44.0 % left: 10 % errors for 30 min: 36.6 % left after the incident; if it goes on, the budget is gone after 2 h 57 min 24 s',
  ]);
  // The same names in the accessibility tree, and the what-if's follows what is typed.
  const images = async () =>
    (await tree()).filter((n) => !n.ignored && n.role?.value === 'image').map((n) => n.name?.value ?? '');
  assert.equal((await images()).filter((n) => /^(Budget left|Error ratio)/.test(n)).length, 3);
  await page.locator('#what-if-minutes').evaluate((el) => {
    (el as HTMLInputElement).value = '60';
    el.dispatchEvent(new Event('input'));
  });
  assert.ok(
    (await images()).includes(
      'Budget left, from 44.0 % left: 10 % errors for 60 min: 29.1 % left after the incident; if it goes on, the budget is gone after 2 h 57 min 24 s',
    ),
  );
});
