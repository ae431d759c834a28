// The HTML report in headless Chromium, opened from a file:// URL as someone would open an attachment: it
// renders, asks for nothing over the network, runs no script, shows hostile strings as text, and prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';
import { budgetReport } from '../../src/budget/budget-report.js';
import { buildReport, renderHtml, type Report } from '../../src/team-report/index.js';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const AT = '2026-11-24T12:00:00Z';
const SCRIPT = '<script>alert(1)</script>';
const QUOTES = `"&'<>`;
const ACTION = '<iframe src="https://example.com/"></iframe> [click](javascript:alert(4)) &amp; | pipe';

let dir: string;
let browser: Browser;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'team-sre-report-html-'));
  const ws = path.join(dir, 'ws');
  mkdirSync(ws);
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true });
  cpSync(path.join(ROOT, 'test', 'fixtures', 'report', 'hostile'), ws, { recursive: true });
  for (const [format, out] of [
    ['html', 'report.html'],
    ['json', 'report.json'],
  ]) {
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        'report',
        '--format',
        format!,
        '--out',
        path.join(dir, out!),
        '--at',
        AT,
        '--since',
        '2026-01-01',
      ],
      { cwd: ws, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
  }
  const { CHROMIUM_LAUNCH } = (await import(path.join(ROOT, 'scripts', 'editor.mjs'))) as {
    CHROMIUM_LAUNCH: LaunchOptions;
  };
  browser = await chromium.launch(CHROMIUM_LAUNCH);
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens a file in a new page, recording every request and failing on any dialog. */
async function open(file: string): Promise<{ page: Page; requests: string[]; url: string }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', () => assert.fail('a dialog opened: some text ran as code'));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, url };
}

/** What only injected markup or a running script could leave behind. */
async function injected(page: Page) {
  return page.evaluate(() => ({
    scripts: document.scripts.length,
    elements: [
      ...document.querySelectorAll(
        'script, iframe, img, object, embed, link, base, form, meta[http-equiv="refresh"], b',
      ),
    ].map((e) => e.tagName),
    handlers: [...document.querySelectorAll('*')].flatMap((e) =>
      [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`),
    ),
    links: [...document.querySelectorAll('a')]
      .map((a) => a.getAttribute('href'))
      .filter((h) => !/^#service-\d+$/.test(h ?? '')),
  }));
}

const texts = (page: Page, selector: string) =>
  page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));

test('the HTML report renders its headings and one row per SLO, from the file alone', async () => {
  const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
  const { page, requests, url } = await open(path.join(dir, 'report.html'));
  try {
    assert.deepEqual(requests, [url], 'no request other than the page itself');
    assert.deepEqual(await texts(page, 'h1'), ['SLOs and postmortems']);
    const h2 = await texts(page, 'h2');
    assert.equal(h2[0], 'Summary');
    assert.deepEqual(
      h2.slice(1),
      report.services.map((s) => `${s.service ?? '(no service)'} ws`),
    );
    assert.equal(await page.locator('tr.slo').count(), report.summary.slos);
    assert.equal(report.summary.slos, 7);
    assert.deepEqual(
      await texts(page, 'tr.slo td:first-child'),
      report.services.flatMap((s) => s.slos.map((x) => x.name)),
    );
    assert.equal(await page.locator('tr.postmortem').count(), report.summary.postmortems);
    assert.deepEqual(await texts(page, '.tiles dd'), ['4', '7', '4', '3', '13', '10']);
    // The postmortems chart: a bar per service with postmortems.
    assert.equal(
      await page.locator('figure svg rect').count(),
      report.services.filter((s) => s.postmortems.length).length,
    );
  } finally {
    await page.close();
  }
});

test('no script runs and hostile strings show as the text they are', async () => {
  const { page } = await open(path.join(dir, 'report.html'));
  try {
    assert.deepEqual(await injected(page), { scripts: 0, elements: [], handlers: [], links: [] });
    const cellsText = await texts(page, 'td');
    for (const s of [SCRIPT, QUOTES, ACTION, '<img src=x onerror=alert(3)>', '<b>T-1</b>'])
      assert.ok(cellsText.includes(s), `a cell reads ${s}`);
    assert.ok(cellsText.includes(`${QUOTES}-${SCRIPT}`), 'the Sloth SLO name');
    assert.equal(await page.locator('h2', { hasText: QUOTES }).count(), 1);
    assert.equal((await texts(page, 'h2'))[1], `${QUOTES} ws`);
    const past = await texts(page, '.attention li');
    assert.ok(past.some((t) => t.startsWith(`${ACTION}: ${QUOTES}, due 2026-11-21, <b>T-1</b> (${SCRIPT},`)));
    // In the charts' labels and tooltips too.
    assert.ok((await texts(page, 'svg title')).includes(`${QUOTES}: 1 postmortem`));
    assert.ok((await texts(page, 'svg text')).includes(QUOTES));
    assert.equal(await page.title(), 'SLOs and postmortems · 2026-11-24');
  } finally {
    await page.close();
  }
});

test('printed, the summary is still there', async () => {
  const { page } = await open(path.join(dir, 'report.html'));
  try {
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.locator('#summary').isVisible());
    assert.ok(await page.locator('#summary h2', { hasText: 'Summary' }).isVisible());
    assert.equal(await page.locator('.tiles div').count(), 6);
    for (const tile of await page.locator('.tiles div').all()) assert.ok(await tile.isVisible());
    assert.ok(await page.locator('.attention').isVisible());
    assert.ok(await page.locator('tr.slo').first().isVisible());
    // The contents' links lead nowhere on paper: left out.
    assert.equal(await page.locator('nav').isVisible(), false);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 10_000);
  } finally {
    await page.close();
  }
});

test('the budget chart: a bar per SLO read live, hostile names as text', async () => {
  const at = new Date(AT);
  const input = {
    name: SCRIPT,
    format: 'OpenSLO v1',
    objective: QUOTES,
    target: 0.999,
    method: 'Occurrences' as const,
    window: { kind: 'rolling' as const, minutes: 28 * 1440, label: '28 days, rolling' },
    alerting: {
      style: 'burn-rate-table' as const,
      table: 'workbook-multiwindow' as const,
      source: "Sloth's alert windows",
    },
  };
  const live = (budgetRemaining: number) => ({
    at: AT,
    source: 'queries' as const,
    sourceNote: '',
    method: 'Occurrences' as const,
    measured: { start: AT, end: AT, window: '4w' },
    sli: 0.999,
    budgetRemaining,
    burnRates: { '1h': 20, '5m': 20 },
    alertsNow: [],
    burnDown: { step: 60, meaning: '', points: [] },
    notes: [],
    queries: [],
  });
  const report = buildReport({
    at,
    since: '2026-10-01',
    prometheus: 'http://prom.internal:9090',
    sources: [
      {
        path: '.',
        label: QUOTES,
        slos: [
          { file: 'a.yaml', service: QUOTES, report: budgetReport(input, at), live: live(0.9) },
          {
            file: 'd.yaml',
            service: QUOTES,
            report: budgetReport({ ...input, name: 'd' }, at),
            live: live(0.27),
          },
          {
            file: 'b.yaml',
            service: QUOTES,
            report: budgetReport({ ...input, name: 'b' }, at),
            live: live(-3),
          },
          {
            file: 'c.yaml',
            service: null,
            report: budgetReport({ ...input, name: 'c' }, at),
            liveError: { kind: 'no-data', message: SCRIPT },
          },
        ],
        postmortems: [],
        diagnostics: [],
      },
    ],
  });
  const file = path.join(dir, 'live.html');
  writeFileSync(file, renderHtml(report));
  const { page, requests, url } = await open(file);
  try {
    assert.deepEqual(requests, [url]);
    assert.deepEqual(await injected(page), { scripts: 0, elements: [], handlers: [], links: [] });
    const chart = page.locator('figure', { hasText: 'Budget left per SLO' });
    // Bars coloured by state (in file order): 90 % ok, −300 % exhausted, 27 % warning; the state in text beside each.
    const bars = await chart
      .locator('rect')
      .evaluateAll((r) => r.map((e) => [e.getAttribute('class'), getComputedStyle(e).fill]));
    assert.deepEqual(bars, [
      ['budget ok', 'rgb(26, 127, 55)'],
      ['budget exhausted', 'rgb(130, 7, 30)'],
      ['budget warning', 'rgb(154, 103, 0)'],
    ]);
    // Each colour stands out from the white page (WCAG 1.4.11: 3:1 for graphics), and from the others.
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map((c) => {
        const v = Number(c) / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const [, fill] of bars) assert.ok(1.05 / (luminance(fill!) + 0.05) >= 4.5, fill!);
    assert.equal(new Set(bars.map(([, fill]) => fill)).size, 3);
    assert.deepEqual(await texts(page, 'figure svg text.value'), [
      '90 % ok',
      '−300 % exhausted',
      '27 % warning',
      'not read',
      '−100 %',
      '0 %',
      '100 %',
    ]);
    assert.deepEqual(await texts(page, '.legend li'), [
      'ok: 50 % or more left',
      'warning: 20 % to 50 %',
      'critical: under 20 %',
      'exhausted: 0 % or less',
    ]);
    assert.deepEqual(await texts(page, 'tr.slo td.num .state'), ['ok', 'exhausted', 'warning']);
    assert.ok(
      (await texts(page, 'figure svg title')).includes(
        `${SCRIPT} · ${QUOTES} (${QUOTES}): 90 % of the budget left, ok`,
      ),
    );
    assert.ok((await texts(page, 'td')).includes(SCRIPT), 'the live failure message, as text');
    assert.deepEqual(await texts(page, '.attention h3'), [
      'Over budget (1)',
      'Burning fast (3)',
      'Live budget not read (1)',
      'Postmortems without an owner',
      'Action items past due',
      'Files with errors',
    ]);
  } finally {
    await page.close();
  }
});

test('a long file path wraps only after a slash, never inside a name', async () => {
  const at = new Date(AT);
  const file =
    'teams/payments-platform/observability/service-level-objectives/checkout-availability-objectives.yaml';
  const report = buildReport({
    at,
    since: '2026-10-01',
    sources: [
      {
        path: '.',
        label: 'ws',
        slos: [
          {
            file,
            service: 'checkout',
            report: budgetReport(
              {
                name: 'checkout-availability',
                format: 'OpenSLO v1',
                target: 0.999,
                method: 'Occurrences',
                window: { kind: 'rolling', minutes: 28 * 1440, label: '28 days, rolling' },
                alerting: { style: 'conditions', conditions: [] },
              },
              at,
            ),
          },
        ],
        postmortems: [],
        diagnostics: [{ file, code: 'SLO012', severity: 'warning', service: 'checkout' }],
      },
    ],
  });
  const html = path.join(dir, 'paths.html');
  writeFileSync(html, renderHtml(report));
  const { page } = await open(html);
  try {
    await page.setViewportSize({ width: 480, height: 800 });
    // Per path shown: the line tops of each name (with its slash) and of the whole path.
    // (No named functions inside: the page runs this code as it is.)
    const lines = await page.$$eval('code.path', (codes) =>
      codes.map((code) => {
        const ranges: Array<{ text: string; range: Range }> = [];
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const r = document.createRange();
          r.selectNodeContents(n);
          ranges.push({ text: n.textContent ?? '', range: r });
        }
        const whole = document.createRange();
        whole.selectNodeContents(code);
        ranges.push({ text: '', range: whole });
        const counted = ranges.map(({ text, range }) => ({
          text,
          lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size,
        }));
        return { text: code.textContent, lines: counted.pop()!.lines, segments: counted };
      }),
    );
    assert.ok(lines.length >= 2, 'the SLO table and the problem files list show the path');
    for (const shown of lines) {
      assert.equal(shown.text, file);
      assert.ok(shown.lines > 1, `${shown.text} wraps at this width`);
      assert.deepEqual(
        shown.segments.map((s) => s.text),
        [
          'teams/',
          'payments-platform/',
          'observability/',
          'service-level-objectives/',
          'checkout-availability-objectives.yaml',
        ],
      );
      for (const s of shown.segments) assert.equal(s.lines, 1, `${s.text} is on one line`);
    }
  } finally {
    await page.close();
  }
});
