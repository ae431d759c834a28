// In a real VS Code (code-server): one SLO whose budget cannot be computed leaves the SLOs view, its file's
// CodeLenses and New Postmortem working for the others; renaming an SLO reaches the postmortem that cites it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadEditor, Workbench } from './workbench.js';

const CEST = '“CEST” is not an IANA time zone name';
let tmp: string;
let workspace: string;
let workbench: Workbench;
let page: Page;

/** Answers the open quick input with `text` and Enter, once its title says it is `title`. */
async function step(title: string, text: string): Promise<void> {
  await page.locator('.quick-input-widget', { hasText: title }).waitFor();
  await workbench.answer(text);
  await page.keyboard.press('Enter');
}

before(async () => {
  const editor = await loadEditor();
  tmp = mkdtempSync(path.join(tmpdir(), 'team-sre-e2e-isolation-'));
  // A copy of the examples where checkout-latency's calendar is in `CEST`, which no budget can be computed in.
  workspace = path.join(tmp, 'examples');
  cpSync(path.join(editor.ROOT, 'examples'), workspace, { recursive: true });
  const slos = path.join(workspace, 'slos', 'checkout-slos.yaml');
  writeFileSync(slos, readFileSync(slos, 'utf8').replace('timeZone: Europe/Paris', 'timeZone: CEST'));
  workbench = await Workbench.open({ editor, tmp, folder: workspace, shots: path.join(tmp, 'shots') });
  ({ page } = workbench);
});

after(async () => {
  await workbench?.close();
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
  // The other files' SLOs, listed as the index reaches them.
  for (const name of ['requests-availability', 'search-latency'])
    await assertEventually(() => row(name).isVisible(), name);

  await openFile('slos/checkout-slos.yaml');
  await page
    .locator('.codelens-decoration a', { hasText: 'Budget: 40m19s / 28 days, rolling · preview' })
    .waitFor();
});

test('New Postmortem lists the other SLOs and the one in CEST with its reason, which cannot be checked', async () => {
  await runCommand('>Team SRE: New Postmortem');
  await step('New Postmortem (1/8): title', 'Checkout slow');
  await page.locator('.quick-input-widget', { hasText: 'New Postmortem (2/8): the SLOs it hit' }).waitFor();
  const item = (text: string) =>
    page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  // Marked with its reason, in its place by name: right after checkout-availability, the SLO under the cursor.
  const failed = item('cannot compute budget: “CEST” is not an IANA time zone name');
  await failed.waitFor();
  assert.match(await failed.innerText(), /checkout-latency[\s\S]*slos\/checkout-slos\.yaml/);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  assert.match(await rows.nth(0).innerText(), /^checkout-availability · Available/);
  assert.match(await rows.nth(1).innerText(), /^\s*checkout-latency/);
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
  // Four SLOs, three without Prometheus: each asks its error rate, by name, after the eight common steps.
  // checkout-availability's data source (prometheus.monitoring) is read first; it cannot be reached from
  // here, so its error rate is asked too and the count grows by one.
  await step('New Postmortem (3/11): when the impact started', '2026-11-03T14:05:00+01:00');
  await step('New Postmortem (4/11): when it was detected', '2026-11-03T14:09:00+01:00');
  await step('New Postmortem (5/11): when it ended', '2026-11-03T14:45:00+01:00');
  await step('New Postmortem (6/11): severity', 'SEV2');
  await step('New Postmortem (7/11): owner', 'Ada Example');
  await step('New Postmortem (8/11): template', 'Lightweight');
  const rates = [
    ['checkout-availability', '12'],
    ['payments-api-latency', ''],
    ['payments-api-requests-availability', '3'],
    ['search-latency', '50'],
  ];
  for (const [k, [name, rate]] of rates.entries()) {
    await page
      .locator('.quick-input-widget', { hasText: `Error rate during the incident for ${name}` })
      .waitFor();
    await step(`New Postmortem (${9 + k}/12): error rate during the incident for ${name}`, rate!);
  }
  await page.locator('.tab.active', { hasText: '2026-11-03-checkout-slow.md' }).waitFor();
  const written = readFileSync(path.join(workspace, 'postmortems', '2026-11-03-checkout-slow.md'), 'utf8');
  const { parse } = await import('yaml');
  const front = parse(written.split(/^---$/m)[1]!) as {
    detected: string;
    slos: Array<{ file: string; name: string; errorRate: number; errorRateSource: unknown }>;
  };
  assert.equal(front.detected, '2026-11-03T14:09:00+01:00');
  assert.deepEqual(
    front.slos.map((s) => [s.file, s.name, s.errorRate, s.errorRateSource]),
    [
      ['slos/checkout-slos.yaml', 'checkout-availability', 0.12, 'typed'],
      ['mistakes.yaml', 'payments-api-latency', 1, 'typed'],
      ['sloth/payments-api.yaml', 'payments-api-requests-availability', 0.03, 'typed'],
      ['pyrra/search-latency.yaml', 'search-latency', 0.5, 'typed'],
    ],
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

function assertEventually(check: () => Promise<boolean>, what: string, timeoutMs?: number): Promise<void> {
  return workbench.assertEventually(check, what, timeoutMs);
}

async function runCommand(title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await workbench.runCommand(title);
}

function openFile(name: string): Promise<void> {
  return workbench.openFile(name);
}
