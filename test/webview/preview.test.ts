// The preview's bundle in headless Chromium, under the same Content-Security-Policy as in VS Code, with the
// VS Code API replaced by a stand-in that records what the page posts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { budgetReport, type BudgetReport } from '../../src/budget/budget-report.js';
import { budgetInputs } from '../../src/language/model/budget-input.js';
import { createLanguageService } from '../../src/language/service.js';
import type { ToPreview } from '../../src/protocol/preview.js';
import { PROMETHEUS_ERROR_KINDS } from '../../src/prometheus/client.js';
import { openPreviewPage, type PreviewPage } from './preview-page.js';

let preview: PreviewPage;
let page: Page;

before(async () => {
  preview = await openPreviewPage();
  ({ page } = preview);
  page.on('dialog', () => assert.fail('a dialog opened: some text ran as code'));
});

after(() => preview?.close());

const report = (name: string) =>
  budgetReport(
    {
      name,
      format: 'OpenSLO v1',
      objective: 'Available',
      target: 0.999,
      method: 'Occurrences',
      window: { kind: 'rolling', minutes: 28 * 1440, label: '28 days, rolling' },
      alerting: { style: 'burn-rate-table', table: 'workbook-multiwindow', source: "Sloth's alert windows" },
    },
    new Date('2026-11-24T12:00:00Z'),
  );

async function send(message: ToPreview): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

test('the page says it is ready, then renders the tiles, the window and the alert table of a message', async () => {
  assert.deepEqual(await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted), [
    { type: 'ready' },
  ]);
  await send({
    type: 'update',
    file: 'slos/checkout.yaml',
    reports: [report('checkout-availability')],
    selected: 0,
  });
  await page.locator('h1', { hasText: 'checkout-availability' }).waitFor();
  const tiles = await page.locator('.tiles .tile').allInnerTexts();
  assert.deepEqual(
    tiles.map((t) => t.replace(/\s+/g, ' ').trim()),
    ['Target 99.9 %', 'Error budget 0.1 %', 'Full outage allowed 40 min 19 s'],
  );
  assert.equal(
    await page.locator('.tiles .tile').nth(2).getAttribute('title'),
    '0.1 % × 28 days × 1440 min = 40 min 19 s',
  );
  assert.match(
    await page.locator('.window').innerText(),
    /^28 days, rolling: 2026-10-27 12:00 UTC → 2026-11-24 12:00 UTC \(28 days\)$/,
  );
  const rows = await page.locator('table.alerts tbody tr').allInnerTexts();
  assert.equal(rows.length, 4);
  assert.deepEqual(
    rows[0]!.split('\t').map((c) => c.trim()),
    ['page', '1h', '5m', '13.44', '1.344 %', '2 days 2 h', '–', '48 s'],
  );
  assert.equal((await page.locator('#chart canvas').count()) > 0, true);
});

test("an alert row with a generated rule links to it: the severity opens the rule's line", async () => {
  await send({
    type: 'update',
    file: 'slos/checkout.yaml',
    reports: [report('checkout-availability')],
    selected: 0,
    ruleLines: [[156, 156, null, 176]],
  });
  await page.locator('table.alerts a.rule-link').first().waitFor();
  assert.deepEqual(
    await page
      .locator('table.alerts tbody tr td:first-child')
      .evaluateAll((cells) =>
        cells.map((c) => [c.textContent, c.querySelector('a')?.getAttribute('title') ?? null]),
      ),
    [
      ['page', 'Show its rule (line 157 of the generated rules)'],
      ['page', 'Show its rule (line 157 of the generated rules)'],
      ['ticket', null],
      ['ticket', 'Show its rule (line 177 of the generated rules)'],
    ],
  );
  await page.locator('table.alerts a.rule-link').last().click();
  assert.deepEqual(await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted.at(-1)), {
    type: 'showRule',
    line: 176,
  });
});

test('the what-if controls recompute the consumed budget', async () => {
  const rate = page.locator('#what-if-rate');
  await rate.evaluate((el) => {
    (el as HTMLInputElement).value = '12';
    el.dispatchEvent(new Event('input'));
  });
  const minutes = page.locator('#what-if-minutes');
  await minutes.evaluate((el) => {
    (el as HTMLInputElement).value = '38';
    el.dispatchEvent(new Event('input'));
  });
  const result = (await page.locator('.what-if-result').innerText()).replace(/\s+/g, ' ');
  assert.match(result, /Budget consumed 11\.3 %/);
  assert.match(result, /Budget left 88\.7 %/);
  assert.match(result, /Full budget gone after 5 h 36 min/);
});

test('the replay: the sentence, a bar per firing interval on its alert row, a marker per incident, and the target to try and apply', async () => {
  const from = '2026-11-03T12:00:00.000Z';
  const to = '2026-11-10T12:00:00.000Z';
  const t0 = Date.parse(from) / 1000;
  const points: Array<[number, number | null]> = [];
  for (let i = 0; i <= 7 * 288; i++)
    points.push([t0 + i * 300, i === 100 ? null : 0.001 + (i % 576 === 0 ? 0.9 : 0)]);
  await send({
    type: 'update',
    file: 'slos/checkout.yaml',
    reports: [report('checkout-availability')],
    selected: 0,
    live: { state: 'loading', url: 'http://prometheus:9090' },
    replay: {
      state: 'ok',
      target: 0.999,
      fileTarget: 0.999,
      data: {
        from,
        to,
        target: 0.999,
        alerts: [
          {
            name: 'CheckoutAvailability',
            severity: 'page',
            notifications: 2,
            firing: [
              { start: '2026-11-07T11:01:00.000Z', end: '2026-11-07T12:04:00.000Z', alreadyFiring: false },
              { start: '2026-11-10T11:31:00.000Z', end: null, alreadyFiring: false },
            ],
          },
          {
            name: 'CheckoutAvailability',
            severity: 'ticket',
            notifications: 0,
            firing: [{ start: from, end: null, alreadyFiring: true }],
          },
        ],
        incidents: [
          {
            title: 'Checkout <b>down</b>',
            file: 'postmortems/2026-11-07-checkout-down.md',
            start: '2026-11-07T11:00:00.000Z',
            end: '2026-11-07T12:00:00.000Z',
            detection: { alert: 'CheckoutAvailability', severity: 'page', delayMinutes: 1 },
          },
        ],
        series: { step: 300, points },
        notes: [],
      },
    },
  });
  await page.locator('.replay-summary').waitFor();
  assert.equal(
    await page.locator('.replay-summary').innerText(),
    'With 99.9 %: 2 pages and 0 tickets over 7 days; incident of 2026-11-07 detected after 1 min',
  );
  assert.equal(await page.locator('#replay-chart canvas').count(), 1);
  assert.deepEqual(
    await page.locator('.replay-bar').evaluateAll((bars) => bars.map((b) => b.getAttribute('data-severity'))),
    ['page', 'page', 'ticket'],
  );
  assert.equal(
    await page.locator('.replay-bar').first().getAttribute('aria-label'),
    'CheckoutAvailability (page) firing 11-07 11:01 UTC → 11-07 12:04 UTC',
  );
  const marker = page.locator('.replay-incident');
  assert.equal(
    await marker.getAttribute('title'),
    'Checkout <b>down</b> (postmortems/2026-11-07-checkout-down.md): 11-07 11:00 UTC → 11-07 12:00 UTC, detected after 1 min',
  );
  assert.equal(await page.locator('.replay b').count(), 0);
  // The page's bar starts where the incident's marker is, a minute later: both placed on the same time axis.
  const barLeft = await page
    .locator('.replay-bar')
    .first()
    .evaluate((b) => b.getBoundingClientRect().left);
  const markerLeft = await marker.evaluate((m) => m.getBoundingClientRect().left);
  assert.ok(barLeft - markerLeft >= -1 && barLeft - markerLeft < 5, `${barLeft} against ${markerLeft}`);
  assert.equal(await page.locator('#replay-apply').getAttribute('disabled'), '');

  // Typing a target: one request once typing pauses; Apply writes it.
  const posted = () => page.evaluate(() => (window as unknown as { posted: unknown[] }).posted.slice());
  const before = (await posted()).length;
  const field = page.locator('#replay-target');
  for (const value of ['9', '99', '99.5'])
    await field.evaluate((el, v) => {
      (el as HTMLInputElement).value = v;
      el.dispatchEvent(new Event('input'));
    }, value);
  await page.waitForFunction((n) => (window as unknown as { posted: unknown[] }).posted.length > n, before);
  assert.deepEqual((await posted()).slice(before), [{ type: 'replayTarget', target: 0.995 }]);
  assert.equal(await page.locator('#replay-apply').getAttribute('disabled'), null);
  assert.equal(await field.getAttribute('aria-label'), 'Target in percent to replay');
  await page.locator('#replay-apply').click();
  assert.deepEqual((await posted()).at(-1), { type: 'applyTarget', target: 0.995 });
});

test('names from the YAML stay text: no element, no script', async () => {
  const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  await send({ type: 'update', file: 'x.yaml', reports: [report(hostile)], selected: 0 });
  await page.locator('h1', { hasText: '<img' }).waitFor();
  assert.equal(await page.locator('h1').evaluate((h) => h.firstChild?.textContent), hostile);
  assert.equal(await page.locator('#app img, #app script').count(), 0);
});

test('a message with fields of the wrong types is dropped and logged: what is shown stays, nothing throws', async () => {
  await send({ type: 'update', file: 'x.yaml', reports: [report('kept-availability')], selected: 0 });
  await page.locator('h1', { hasText: 'kept-availability' }).waitFor();
  const shown = await page.locator('#app').innerHTML();
  const errors: string[] = [];
  const onError = (e: Error) => errors.push(e.message);
  page.on('pageerror', onError);
  const good = report('dropped');
  const bad: unknown[] = [
    { type: 'update', file: 'x.yaml', reports: [{ ...good, alerts: 'none' }], selected: 0 },
    { type: 'update', file: 'x.yaml', reports: [{ ...good, window: null }], selected: 0 },
    { type: 'update', file: 'x.yaml', reports: [{ ...good, warnings: [{ html: '<b>' }] }], selected: 0 },
    { type: 'update', file: 'x.yaml', reports: [good], selected: 0, live: { state: 'ok', url: 'u' } },
    { type: 'update', file: 'x.yaml', reports: [good], selected: '0' },
  ];
  const warnings: string[] = [];
  try {
    for (const message of bad) {
      const warned = page.waitForEvent('console', (m) => m.type() === 'warning');
      await page.evaluate((m) => window.postMessage(m, '*'), message);
      warnings.push((await warned).text());
    }
  } finally {
    page.off('pageerror', onError);
  }
  assert.deepEqual(warnings, [
    'Team SRE preview: a malformed message dropped: reports.0.alerts: Invalid type: Expected Array but received "none"',
    'Team SRE preview: a malformed message dropped: reports.0.window: Invalid type: Expected Object but received null',
    'Team SRE preview: a malformed message dropped: reports.0.warnings.0: Invalid type: Expected string but received Object',
    'Team SRE preview: a malformed message dropped: live.data: Invalid key: Expected "data" but received undefined',
    'Team SRE preview: a malformed message dropped: selected: Invalid type: Expected number but received "0"',
  ]);
  assert.deepEqual(errors, []);
  assert.equal(await page.locator('#app').innerHTML(), shown);
});

test('a parse error keeps the last good state and says what is wrong', async () => {
  await send({
    type: 'update',
    file: 'x.yaml',
    reports: [],
    selected: 0,
    error: 'Line 7: YAML syntax error: Missing closing "quote.',
  });
  await page.locator('.error', { hasText: 'Line 7: YAML syntax error' }).waitFor();
  assert.equal(await page.locator('.tiles .tile').count(), 3);
});

test('the live budget: loading, then figures, burn rates and burn-down; errors with their query', async () => {
  const base = {
    type: 'update' as const,
    file: 'slos/checkout.yaml',
    reports: [report('checkout')],
    selected: 0,
  };
  await send({ ...base, live: { state: 'loading', url: 'http://127.0.0.1:9090' } });
  await page.locator('.live vscode-progress-ring').waitFor();
  assert.match(await page.locator('.live .loading').innerText(), /Reading from http:\/\/127\.0\.0\.1:9090…/);
  const hostileQuery = 'sum(rate(x{a="<img src=x onerror=alert(3)>"}[7d]))';
  const start = Date.UTC(2026, 10, 3, 12) / 1000;
  await send({
    ...base,
    live: {
      state: 'ok',
      url: 'http://127.0.0.1:9090',
      fetched: '2026-11-10T12:00:05.000Z',
      refreshSeconds: 60,
      data: {
        at: '2026-11-10T12:00:00.000Z',
        source: 'queries',
        sourceNote: "the SLO's error and total queries, over each window",
        method: 'Occurrences',
        measured: { start: '2026-11-03T12:00:00.000Z', end: '2026-11-10T12:00:00.000Z', window: '7d' },
        sli: 0.99288,
        budgetRemaining: -6.1198,
        burnRates: { '5m': 1.147, '1h': 25.83, '3d': 0.4 },
        alertsNow: [
          { fires: false, text: 'No — 5m burn 1.15 < 13.44' },
          { fires: null, text: 'Unknown — 6h not read' },
          { fires: true, text: 'Fires now' },
          { fires: false, text: 'No — 3d burn 0.4 < 1.12' },
        ],
        burnDown: {
          step: 2520,
          meaning: 'Each point is the budget left in the 7 days, rolling window ending at that time.',
          points: [
            [start, 0.5],
            [start + 2520, 0.2],
            [start + 5040, -6.1198],
          ],
        },
        notes: ['No traffic over the last 1m: no burn rate.'],
        queries: [{ purpose: 'the SLI over 7d (bad)', query: hostileQuery, type: 'instant' }],
      },
    },
  });
  await page.locator('#live-remaining').waitFor();
  assert.equal(
    (await page.locator('#live-remaining').innerText()).replace(/\s+/g, ' ').trim(),
    'Budget left (overspent) -612.0 %',
  );
  assert.equal(await page.locator('#live-remaining.overspent').count(), 1);
  assert.deepEqual(
    (await page.locator('.live .tiles .tile').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()),
    ['Budget left (overspent) -612.0 %', 'SLI 99.288 %'],
  );
  assert.deepEqual(
    (await page.locator('table.burn-rates tbody td').allInnerTexts()).map((t) => t.trim()),
    ['1.15', '25.8', '0.4'],
  );
  assert.deepEqual(await page.locator('table.burn-rates td.burning').allInnerTexts(), ['1.15', '25.8']);
  assert.equal((await page.locator('#live-chart canvas').count()) > 0, true);
  assert.match(await page.locator('.live').innerText(), /window ending at that time/);
  assert.match(
    await page.locator('.live .source').innerText(),
    /Read at 12:00:05 UTC from http:\/\/127\.0\.0\.1:9090, every 60 s/,
  );
  assert.equal(await page.locator('.live .queries code').textContent(), hostileQuery);
  assert.equal(await page.locator('#app img').count(), 0);
  await page.locator('#live-refresh').click();
  assert.deepEqual((await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted)).at(-1), {
    type: 'refresh',
  });

  // Data that stopped arriving: no burn rate, one note with its age.
  const staleNote =
    'Data is 3 h 12 min old (newest sample 2026-11-10 08:48 UTC): burn rates over the last 5m, 1h and 3d are not computed.';
  await send({
    ...base,
    live: {
      state: 'ok',
      url: 'http://127.0.0.1:9090',
      fetched: '2026-11-10T12:00:05.000Z',
      refreshSeconds: 60,
      data: {
        at: '2026-11-10T12:00:00.000Z',
        source: 'queries',
        sourceNote: "the SLO's error and total queries, over each window",
        method: 'Occurrences',
        measured: { start: '2026-11-03T12:00:00.000Z', end: '2026-11-10T12:00:00.000Z', window: '7d' },
        sli: 0.99288,
        budgetRemaining: -6.1198,
        burnRates: { '5m': null, '1h': null, '3d': null },
        alertsNow: [
          { fires: null, text: 'Unknown — data 3 h 12 min old' },
          { fires: null, text: 'Unknown — data 3 h 12 min old' },
          { fires: null, text: 'Unknown — data 3 h 12 min old' },
          { fires: null, text: 'Unknown — data 3 h 12 min old' },
        ],
        freshness: { newestSample: '2026-11-10T08:48:00.000Z', ageSeconds: 11520, stale: true },
        burnDown: { step: 2520, meaning: 'Each point is the budget left.', points: [[start, 0.5]] },
        notes: [staleNote],
        queries: [],
      },
    },
  });
  await page.locator('.live p.note', { hasText: 'Data is' }).waitFor();
  assert.deepEqual(
    (await page.locator('table.burn-rates tbody td').allInnerTexts()).map((t) => t.trim()),
    ['–', '–', '–'],
  );
  assert.deepEqual(await page.locator('table.burn-rates td.burning').count(), 0);
  assert.deepEqual(
    (await page.locator('.live p.note').allInnerTexts()).filter((t) =>
      /^(Data is|No traffic|No data)/.test(t),
    ),
    [staleNote],
  );

  // A setting or query in a note is set as code, not shown with its backticks.
  await send({
    ...base,
    live: { state: 'off', hint: 'Set `teamSre.prometheus.url` to read the budget left.' },
  });
  await page.locator('.live p.note code').waitFor();
  assert.equal(
    await page.locator('.live p.note').innerText(),
    'Set teamSre.prometheus.url to read the budget left.',
  );
  assert.equal(await page.locator('.live p.note code').innerText(), 'teamSre.prometheus.url');

  await send({
    ...base,
    live: {
      state: 'error',
      url: 'http://127.0.0.1:9090',
      kind: 'promql',
      message: 'Prometheus rejected the query: parse error',
      query: 'sum(rate(x{job=~"("}[7d]))',
    },
  });
  await page.locator('.live .error').waitFor();
  assert.equal(
    (await page.locator('.live .error').innerText()).replace(/\s+/g, ' ').trim(),
    'Prometheus rejected a query Prometheus rejected the query: parse error Query: sum(rate(x{job=~"("}[7d]))',
  );
  assert.equal(await page.locator('.live .error').getAttribute('role'), 'alert');

  // Every failure is named, with its message.
  const failures: Array<[string, string, string]> = [
    ['unreachable', 'Prometheus is unreachable', 'cannot reach http://127.0.0.1:1 (ECONNREFUSED)'],
    ['timeout', 'Prometheus did not answer in time', 'http://127.0.0.1:9090 did not answer within 10 s'],
    [
      'http',
      'Prometheus answered with an HTTP error',
      'http://127.0.0.1:9090 answered HTTP 503 Service Unavailable',
    ],
    [
      'garbage',
      'The server does not answer like Prometheus',
      'http://127.0.0.1:9090 did not answer like Prometheus',
    ],
    ['no-data', 'No data', 'No data for the SLI over 7d (bad events): the query returned no series.'],
    ['nan', 'No traffic in the window', 'The SLI over 7d is NaN: the total was 0 (no traffic in the window)'],
    ['url', 'The Prometheus address is not usable', "'localhost:9090' is not an http or https address"],
    [
      'too-large',
      "Prometheus's answer is too large",
      'http://127.0.0.1:9090 sent an answer larger than 16 MB, the bound on one answer: narrow or aggregate the query',
    ],
    [
      'limit',
      'Too much to read at once',
      'The window holds 52560000 slices of 1m to count, above the bound of 1100000 slices per read: choose a longer timeSliceWindow or a shorter window.',
    ],
    [
      'positive-infinity',
      'Prometheus returned +Inf',
      'For the SLI over 7d, Prometheus returned +Inf: a division by zero (errors counted while the total is 0?), not a figure the budget can use.',
    ],
    [
      'negative-infinity',
      'Prometheus returned -Inf',
      'For the SLI over 7d, Prometheus returned -Inf: not a figure the budget can use.',
    ],
    [
      'above-one',
      'The SLI is above 100 %',
      'For the SLI over 7d, the SLI comes out at 150 %, above 100 %: the good events outnumber the total (do the queries count the same requests?).',
    ],
    [
      'below-zero',
      'The SLI is below 0 %',
      'For the SLI over 7d, the SLI comes out at -50 %, below 0 %: the bad events outnumber the total (do the queries count the same requests?).',
    ],
    ['unsupported', 'This SLO cannot be read live', 'A 100 % target has no error budget to measure.'],
    ['cancelled', 'Cancelled', 'cancelled'],
  ];
  // Every kind a read can fail with is rendered with its own title (promql is checked above).
  assert.deepEqual([...failures.map(([kind]) => kind), 'promql'].sort(), [...PROMETHEUS_ERROR_KINDS].sort());
  for (const [kind, title, message] of failures) {
    await send({ ...base, live: { state: 'error', url: 'http://127.0.0.1:9090', kind, message } });
    await page.locator('.live .error strong', { hasText: title }).waitFor();
    assert.equal(
      (await page.locator('.live .error').innerText()).replace(/\s+/g, ' ').trim(),
      `${title} ${message}`,
    );
  }

  await send({
    ...base,
    live: { state: 'confirm', url: 'http://prometheus.monitoring:9090', dataSource: 'prometheus' },
  });
  await page.locator('#live-allow').waitFor();
  assert.match(
    await page.locator('.live .note').innerText(),
    /The DataSource 'prometheus' points at http:\/\/prometheus\.monitoring:9090\. This folder is not trusted/,
  );
  await page.locator('#live-allow').click();
  assert.deepEqual((await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted)).at(-1), {
    type: 'allowDataSource',
    url: 'http://prometheus.monitoring:9090',
  });
});

/** The budget reports of every SLO of a YAML text, as the server makes them. */
function reportsOf(yaml: string): BudgetReport[] {
  const service = createLanguageService();
  service.setFile('file:///preview-numbers.yaml', yaml);
  return service
    .slos('file:///preview-numbers.yaml')
    .flatMap((slo) => budgetInputs(slo, service.resolve))
    .map(({ input }) => budgetReport(input, new Date('2026-11-24T12:00:00Z')));
}

const cells = async () =>
  (await page.locator('table.alerts tbody tr').allInnerTexts()).map((r) =>
    r.split('\t').map((c) => c.trim()),
  );

async function setInput(id: string, value: string): Promise<void> {
  await page.locator(`#${id}`).evaluate((el, v) => {
    (el as HTMLInputElement).value = v;
    el.dispatchEvent(new Event('input'));
  }, value);
}

const whatIfText = async () =>
  (await page.locator('.what-if-result').innerText()).replace(/\s+/g, ' ').trim();

test("the alert table: an AlertCondition's alertAfter in the detection time, Sloth's disabled alerts marked", async () => {
  const openslo = reportsOf(
    readFileSync(path.join(__dirname, '..', '..', 'examples', 'slos', 'alerting.yaml'), 'utf8') +
      '---\n' +
      readFileSync(path.join(__dirname, '..', '..', 'examples', 'slos', 'checkout-slis.yaml'), 'utf8') +
      '---\n' +
      readFileSync(path.join(__dirname, '..', '..', 'examples', 'slos', 'checkout-slos.yaml'), 'utf8'),
  );
  await send({ type: 'update', file: 'slos/checkout-slos.yaml', reports: openslo, selected: 0 });
  await page.locator('h1', { hasText: 'checkout-availability' }).waitFor();
  assert.deepEqual(await page.locator('table.alerts thead th').allInnerTexts(), [
    'Severity',
    'Long window',
    'Short window',
    'Burn rate',
    'Error ratio',
    'Budget gone in',
    'Alert after',
    'Full outage detected in',
  ]);
  assert.deepEqual(await cells(), [
    ['page', '1h', '–', '14.4', '1.44 %', '1 day 22 h 40 min', '5m', '5 min 52 s'],
  ]);
  assert.equal(
    await page.locator('table.alerts tbody td').last().getAttribute('title'),
    '14.4 × 0.1 % × 1h at 100 % errors, then 5m before it fires',
  );
  const sloth = reportsOf(`version: prometheus/v1
service: payments-api
slos:
  - name: requests-availability
    objective: 99.95
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: PaymentsApiHighErrorRate
      ticket_alert:
        disable: true
`);
  await send({ type: 'update', file: 'sloth/payments-api.yaml', reports: sloth, selected: 0 });
  await page.locator('h1', { hasText: 'payments-api-requests-availability' }).waitFor();
  assert.deepEqual(await cells(), [
    ['page', '1h', '5m', '14.4', '0.72 %', '2 days 2 h', '–', '26 s'],
    ['page', '6h', '30m', '6', '0.3 %', '5 days', '–', '1 min 5 s'],
    ['ticket (disabled)', '1d', '2h', '3', '0.15 %', '10 days', '–', 'never: disabled'],
    ['ticket (disabled)', '3d', '6h', '1', '0.05 %', '30 days', '–', 'never: disabled'],
  ]);
  assert.deepEqual(
    await page.locator('table.alerts tbody tr').evaluateAll((rows) => rows.map((r) => r.className)),
    ['', '', 'disabled', 'disabled'],
  );
});

test('the what-if of a Timeslices SLO counts bad slices: none at 3 % errors, every one above 5 %', async () => {
  const timeslices = budgetReport(
    {
      name: 'checkout-latency',
      format: 'OpenSLO v1',
      target: 0.999,
      method: 'Timeslices',
      window: { kind: 'rolling', minutes: 28 * 1440, label: '28 days, rolling' },
      timeSlice: { minutes: 1, target: 0.95 },
      alerting: { style: 'conditions', conditions: [] },
    },
    new Date('2026-11-24T12:00:00Z'),
  );
  await send({ type: 'update', file: 'slos/latency.yaml', reports: [timeslices], selected: 0 });
  await page.locator('h1', { hasText: 'checkout-latency' }).waitFor();
  assert.ok(
    (await page.locator('.tiles .tile').allInnerTexts()).some((t) => /Bad slices allowed\s+40\.32/.test(t)),
  );
  await setInput('what-if-rate', '3');
  await setInput('what-if-minutes', '30');
  assert.equal(
    await whatIfText(),
    'Bad slices 0 of 40.32 allowed Budget consumed 0.0 % Budget left 100.0 % Full budget gone after never',
  );
  await setInput('what-if-rate', '6');
  assert.equal(
    await whatIfText(),
    'Bad slices 30 of 40.32 allowed Budget consumed 74.4 % Budget left 25.6 % Full budget gone after 40 min 19 s',
  );
  assert.equal(
    await page.locator('.what-if-result .tile').nth(1).getAttribute('title'),
    '6 % errors for 30 min: a 1 min slice is bad above 5 % errors (timeSliceTarget 95 %); 30 bad slices ÷ 40.32 allowed',
  );
});

test('the what-if of a threshold SLI asks for minutes over the threshold, not an error rate', async () => {
  const [latency] = reportsOf(
    readFileSync(path.join(__dirname, '..', '..', 'examples', 'slos', 'checkout-slis.yaml'), 'utf8') +
      '---\n' +
      readFileSync(path.join(__dirname, '..', '..', 'examples', 'slos', 'checkout-slos.yaml'), 'utf8'),
  ).filter((r) => r.name === 'checkout-latency');
  await send({ type: 'update', file: 'slos/checkout-slos.yaml', reports: [latency!], selected: 0 });
  await page.locator('h1', { hasText: 'checkout-latency' }).waitFor();
  assert.deepEqual(
    (await page.locator('.what-if-inputs label').allInnerTexts()).map((l) => l.trim()),
    ['Minutes over the threshold'],
  );
  assert.equal(await page.locator('#what-if-rate').count(), 0);
  await setInput('what-if-minutes', '12');
  // November in Paris: 43 200 one-minute slices, 1 % of them may be bad.
  assert.equal(
    await whatIfText(),
    'Bad slices 12 of 432 allowed Budget consumed 2.8 % Budget left 97.2 % Full budget gone after 7 h 12 min',
  );
});

test('no Content-Security-Policy violation', async () => {
  assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
});
