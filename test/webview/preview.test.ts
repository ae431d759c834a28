// The preview's bundle in headless Chromium, under the same Content-Security-Policy as in VS Code, with the
// VS Code API replaced by a stand-in that records what the page posts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { budgetReport } from '../../src/budget/report.js';
import type { ToPreview } from '../../src/preview-protocol.js';

const DIST = path.join(__dirname, '..', '..', 'dist');
const NONCE = 'test-nonce-123';
let server: Server;
let browser: Browser;
let page: Page;
let base: string;

const PAGE = `<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; script-src 'nonce-${NONCE}'">
<link rel="stylesheet" href="/webview-style.css"></head>
<body><main id="app"></main>
<script nonce="${NONCE}">
  window.posted = []; let state;
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => state, setState: (s) => { state = s; } });
</script>
<script nonce="${NONCE}" src="/webview.js"></script></body></html>`;

before(async () => {
  server = createServer((req, res) => {
    const file = req.url === '/' ? undefined : path.join(DIST, path.basename(req.url ?? ''));
    if (!file) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  const { CHROMIUM } = (await import(path.join(__dirname, '..', '..', 'scripts', 'editor.mjs'))) as {
    CHROMIUM: string;
  };
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage();
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { violations: string[] }).violations.push(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  page.on('dialog', () => assert.fail('a dialog opened: some text ran as code'));
  await page.goto(base);
});

after(async () => {
  await browser?.close();
  server?.close();
});

const report = (name: string) =>
  budgetReport(
    {
      name,
      format: 'OpenSLO v1',
      objective: 'Available',
      target: 0.999,
      method: 'Occurrences',
      window: { kind: 'rolling', minutes: 28 * 1440, label: '28 days, rolling' },
      alerting: { style: 'sloth' },
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
    ['page', '1h', '5m', '13.44', '1.344 %', '2 days 2 h', '48 s'],
  );
  assert.equal((await page.locator('#chart canvas').count()) > 0, true);
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

test('names from the YAML stay text: no element, no script', async () => {
  const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  await send({ type: 'update', file: 'x.yaml', reports: [report(hostile)], selected: 0 });
  await page.locator('h1', { hasText: '<img' }).waitFor();
  assert.equal(await page.locator('h1').evaluate((h) => h.firstChild?.textContent), hostile);
  assert.equal(await page.locator('#app img, #app script').count(), 0);
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

test('no Content-Security-Policy violation', async () => {
  assert.deepEqual(await page.evaluate(() => (window as unknown as { violations: string[] }).violations), []);
});
