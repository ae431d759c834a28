// In a real VS Code (code-server): one SLO whose budget cannot be computed leaves the SLOs view, its file's
// CodeLenses and New Postmortem working for the others; renaming an SLO reaches the postmortem that cites it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

interface Editor {
  CHROMIUM_LAUNCH: LaunchOptions;
  ROOT: string;
  packageExtension(): string;
  installIntoCodeServer(vsix: string, extensionsDir: string): void;
  startCodeServer(o: { folder: string; userDataDir: string; extensionsDir: string }): Promise<{
    child: { kill(): void };
    url: string;
    log(): string;
  }>;
}

const CEST = '`CEST` is not an IANA time zone name';
let editor: Editor;
let tmp: string;
let workspace: string;
let server: Awaited<ReturnType<Editor['startCodeServer']>>;
let browser: Browser;
let page: Page;

async function assertEventually(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  await page.screenshot({ path: path.join(tmpdir(), `team-sre-failed-${what.replace(/\W+/g, '-')}.png`) });
  assert.fail(`${what}: not reached within ${timeoutMs} ms\n${server.log().slice(-2000)}`);
}

async function runCommand(title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(title);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^>/, '') })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
}

async function openFile(name: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(name);
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: path.basename(name) })
    .waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: path.basename(name) }).waitFor();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Answers the open quick input with `text` and Enter, once its title says it is `title`. */
async function step(title: string, text: string): Promise<void> {
  await page.locator('.quick-input-widget', { hasText: title }).waitFor();
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  await assertEventually(async () => (await input.inputValue()) === text, `the answer ${text}`);
  await page.keyboard.press('Enter');
}

before(async () => {
  editor = (await import(path.join(__dirname, '..', '..', 'scripts', 'editor.mjs'))) as Editor;
  tmp = mkdtempSync(path.join(tmpdir(), 'team-sre-e2e-isolation-'));
  // A copy of the examples where checkout-latency's calendar is in `CEST`, which no budget can be computed in.
  workspace = path.join(tmp, 'examples');
  cpSync(path.join(editor.ROOT, 'examples'), workspace, { recursive: true });
  const slos = path.join(workspace, 'slos', 'checkout-slos.yaml');
  writeFileSync(slos, readFileSync(slos, 'utf8').replace('timeZone: Europe/Paris', 'timeZone: CEST'));
  const userDataDir = path.join(tmp, 'user-data');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
      'workbench.tips.enabled': false,
      'editor.minimap.enabled': false,
      'window.zoomLevel': 0,
    }),
  );
  const extensionsDir = path.join(tmp, 'extensions');
  editor.installIntoCodeServer(editor.packageExtension(), extensionsDir);
  server = await editor.startCodeServer({ folder: workspace, userDataDir, extensionsDir });
  browser = await chromium.launch(editor.CHROMIUM_LAUNCH);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(30_000);
  await page.goto(server.url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
});

after(async () => {
  await browser?.close();
  server?.child.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the SLOs view lists every SLO, the one in CEST with its error; the other SLO of its file keeps its CodeLens', async () => {
  for (const other of [
    page.locator('.pane-header', { hasText: /^examples/ }),
    page.locator('.pane-header', { hasText: /^Postmortems/ }),
  ])
    if ((await other.getAttribute('aria-expanded').catch(() => null)) === 'true') await other.click();
  const header = page.locator('.pane-header', { hasText: /^SLOs/ });
  await header.waitFor();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const pane = page.locator('.pane', { has: header });
  const row = (text: string) => pane.locator('.monaco-list-row', { hasText: text }).first();
  await assertEventually(
    async () =>
      (await row('checkout-availability · Available').innerText()).includes(
        '99.9 % · 28 days, rolling · 40 min 19 s',
      ),
    'the budget of checkout-availability',
  );
  await assertEventually(
    async () => (await row('checkout-latency').innerText()).includes(CEST),
    'checkout-latency with its error',
  );
  for (const name of ['requests-availability', 'search-latency'])
    assert.ok(await row(name).isVisible(), name);

  await openFile('slos/checkout-slos.yaml');
  await page
    .locator('.codelens-decoration a', { hasText: 'Budget: 40m19s / 28 days, rolling · preview' })
    .waitFor();
});

test('New Postmortem lists the other SLOs and the one in CEST with its reason, which cannot be checked', async () => {
  await runCommand('>Team SRE: New Postmortem');
  await step('New Postmortem (1/6): title', 'Checkout slow');
  await step('New Postmortem (2/6): when the impact started', '2026-11-03');
  await step('New Postmortem (3/6): when it ended', '2026-11-03');
  await step('New Postmortem (4/6): severity', 'SEV2');
  await page.locator('.quick-input-widget', { hasText: 'New Postmortem (5/6): the SLOs it hit' }).waitFor();
  const item = (text: string) =>
    page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  const failed = item('cannot be selected: its budget cannot be computed');
  await failed.waitFor();
  assert.match(
    await failed.innerText(),
    /checkout-latency[\s\S]*slos\/checkout-slos\.yaml: `CEST` is not an IANA/,
  );
  // Checking every SLO checks all but the one in error.
  await page.locator('.quick-input-widget .monaco-checkbox[aria-label="Toggle all checkboxes"]').click();
  await assertEventually(
    async () => (await item('checkout-availability').getAttribute('aria-checked')) === 'true',
    'checkout-availability checked',
  );
  for (const name of ['search-latency', 'payments-api-requests-availability'])
    assert.equal(await item(name).getAttribute('aria-checked'), 'true', name);
  await assertEventually(async () => (await failed.getAttribute('aria-checked')) === 'false', 'not checked');
  // Nor on its own.
  await failed.click();
  await assertEventually(
    async () => (await failed.getAttribute('aria-checked')) === 'false',
    'still not checked',
  );
  assert.equal(await item('checkout-availability').getAttribute('aria-checked'), 'true');
  await page.keyboard.press('Enter');
  await step('New Postmortem (6/6): template', 'Lightweight');
  await page.locator('.tab.active', { hasText: '2026-11-03-checkout-slow.md' }).waitFor();
  const written = readFileSync(path.join(workspace, 'postmortems', '2026-11-03-checkout-slow.md'), 'utf8');
  assert.match(
    written,
    /\nslos:\n {2}- file: mistakes\.yaml\n {4}name: payments-api-latency\n {2}- file: pyrra\/search-latency\.yaml\n {4}name: search-latency\n {2}- file: slos\/checkout-slos\.yaml\n {4}name: checkout-availability\n {2}- file: sloth\/payments-api\.yaml\n {4}name: payments-api-requests-availability\naction_items:/,
  );
  assert.doesNotMatch(written, /checkout-latency/);
});

test('rename an SLO: the postmortems that cite it follow', async () => {
  await runCommand('>View: Close All Editors');
  await openFile('slos/checkout-slos.yaml');
  const name = page.locator('.view-line span', { hasText: /^checkout-availability$/ }).first();
  await name.click();
  await page.keyboard.press('F2');
  const input = page.locator('.rename-box input');
  await input.waitFor();
  await input.fill('checkout-success');
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await runCommand('>File: Save All');
  const postmortems = path.join(workspace, 'postmortems');
  await assertEventually(
    async () =>
      readdirSync(postmortems)
        .filter((f) => f.startsWith('2026-11-03-'))
        .every(
          (f) => !readFileSync(path.join(postmortems, f), 'utf8').includes('name: checkout-availability'),
        ),
    'the postmortems renamed',
  );
  const cited = readFileSync(path.join(postmortems, '2026-11-03-checkout-5xx-after-deploy.md'), 'utf8');
  assert.match(cited, /\n {2}- file: slos\/checkout-slos\.yaml\n {4}name: checkout-success\n/);
  assert.match(
    readFileSync(path.join(workspace, 'slos', 'checkout-slos.yaml'), 'utf8'),
    /\n {2}name: checkout-success\n/,
  );
});
