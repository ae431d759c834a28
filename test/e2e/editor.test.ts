// The packaged extension in a real VS Code (code-server), driven through Chromium as a person would.
// Run by `npm run test:e2e`; installs code-server and Chromium on first use (scripts/editor.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { createLanguageService } from '../../src/language/service.js';
import { loadEditor, Workbench, type Editor } from './workbench.js';

/** The README's screenshots are refreshed only by `npm run screenshots`; other runs keep theirs aside. */
const SHOTS =
  process.env.TEAM_SRE_SCREENSHOTS === 'refresh'
    ? path.join(__dirname, '..', '..', 'docs', 'screenshots')
    : path.join(tmpdir(), 'team-sre-screenshots');
let editor: Editor;
let tmp: string;
let workspace: string;
let workbench: Workbench;
let page: Page;
let vsix: string;
let prometheus: { url: string; stop: () => Promise<void> } | undefined;
/** The last sample of the examples' history, in seconds. */
let historyEnd = 0;

async function goTo(line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  // Go to Line opens Quick Open with ":" typed; wait for it so the digits land there.
  await assertEventually(
    async () => (await page.locator('.quick-input-widget input').inputValue()) === ':',
    'Go to Line',
  );
  // The whole value at once (typed keys can land before the widget reads them), then Enter until the widget
  // has taken it: a keystroke that arrives while Quick Open is still filtering is dropped.
  const input = page.locator('.quick-input-widget input');
  await input.fill(`:${line}:${column}`);
  await assertEventually(async () => {
    if (!(await page.locator('.quick-input-widget').isVisible())) return true;
    if ((await input.inputValue()) !== `:${line}:${column}`) await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    return page
      .locator('.quick-input-widget')
      .waitFor({ state: 'hidden', timeout: 2000 })
      .then(
        () => true,
        () => false,
      );
  }, `Go to line ${line}:${column}`);
}

before(async () => {
  editor = await loadEditor();
  tmp = mkdtempSync(path.join(tmpdir(), 'team-sre-e2e-'));
  // A copy: quick fixes and new files must not touch the repository's examples.
  workspace = path.join(tmp, 'examples');
  cpSync(path.join(editor.ROOT, 'examples'), workspace, { recursive: true });
  // A local Prometheus with a month of the examples' metrics, ending now: the preview's live budget.
  const { startPrometheus } = (await import(path.join(editor.ROOT, 'scripts', 'prometheus.mjs'))) as {
    startPrometheus: (dir: string, om: string) => Promise<{ url: string; stop: () => Promise<void> }>;
  };
  const { exampleHistory } = (await import(path.join(editor.ROOT, 'scripts', 'example-history.mjs'))) as {
    exampleHistory: (endSeconds: number) => string;
  };
  historyEnd = Math.floor(Date.now() / 60_000) * 60;
  prometheus = await startPrometheus(path.join(tmp, 'prometheus'), exampleHistory(historyEnd));
  workbench = await Workbench.open({
    editor,
    tmp,
    folder: workspace,
    settings: {
      'window.autoDetectColorScheme': true,
      'teamSre.prometheus.url': prometheus.url,
      'teamSre.prometheus.refreshInterval': 0,
    },
    shots: SHOTS,
  });
  ({ page, vsix } = workbench);
});

after(async () => {
  await workbench?.close();
  await prometheus?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The names of the entries of a zip file, from its central directory. */
function zipEntries(file: string): string[] {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

test('the packaged VSIX: both builds (desktop and web), under 2 MB, no sources, tests, node_modules or source maps', () => {
  assert.ok(statSync(vsix).size < 2 * 1024 * 1024, `${statSync(vsix).size} bytes`);
  const entries = zipEntries(vsix);
  for (const build of ['dist/server.js', 'dist/extension.js', 'dist/web/server.js', 'dist/web/extension.js'])
    assert.ok(entries.includes(`extension/${build}`), `${build} in ${entries.join(' ')}`);
  for (const e of entries)
    assert.doesNotMatch(e, /\.map$|\.ts$|^extension\/(src|test|node_modules|examples)\//, e);
});

test('the mistakes file: squiggles, the Problems count and the status bar item', async () => {
  await openFile('mistakes.yaml');
  const problems = page.locator('#status\\.problems');
  await assertEventually(
    async () => (await problems.getAttribute('aria-label')) === 'Errors: 11, Warnings: 5',
    'Problems: 11 errors, 5 warnings',
  );
  await assertEventually(
    async () => (await page.locator('.view-overlays .squiggly-error').count()) >= 8,
    'error squiggles',
  );
  await assertEventually(
    async () => (await page.locator('.view-overlays .squiggly-warning').count()) >= 3,
    'warning squiggles',
  );
  const status = page.locator('.statusbar-item', { hasText: 'OpenSLO v1 + Sloth (prometheus/v1) + Pyrra' });
  await status.waitFor();
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'SLO114' }).first().waitFor();
  await shot('diagnostics');
  await page.keyboard.press('Control+Shift+M');
});

test('hover: the target in budget terms', async () => {
  await openFile('slos/checkout-slos.yaml');
  await goTo(18, 16);
  const hover = page.locator('.monaco-hover', { hasText: '40 min 19 s' });
  // "Show Hover" (Ctrl+K Ctrl+I); asked again if the first one came before the language server was ready.
  await assertEventually(async () => {
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    return hover.waitFor({ timeout: 3000 }).then(
      () => true,
      () => false,
    );
  }, 'the hover');
  assert.match(
    await hover.innerText(),
    /99\.9 %\s*over\s*28 days, rolling: error budget 0\.1 %, 40 min 19 s of full outage, or 1 bad request in 1 000\./,
  );
  await shot('hover');
  await page.keyboard.press('Escape');
});

test('PromQL is highlighted inside query strings', async () => {
  await openFile('slos/checkout-slis.yaml');
  const line = page.locator('.view-line', {
    hasText: 'query: sum(rate(http_requests_total{job="checkout",code!~',
  });
  await line.waitFor();
  const classOf = async (text: string) =>
    (
      await line
        .locator('span > span', { hasText: new RegExp(`^${text}$`) })
        .first()
        .getAttribute('class')
    )?.split(' ')[0];
  const classes = await Promise.all(
    ['sum', 'rate', 'http_requests_total', 'job', '"checkout"', '5m'].map(classOf),
  );
  // Aggregation, function, metric, label, string and duration each get their own colour.
  assert.equal(new Set(classes).size, 6, classes.join(' '));
  await shot('promql');
});

test('the budget preview: opened from the palette and the CodeLens, the same numbers as team-sre budget, updated as you type', async () => {
  await openFile('slos/checkout-slos.yaml');
  // From the command palette first; the CodeLens below then reveals the same preview.
  await goTo(18, 15);
  await runCommand('>Team SRE: Preview Error Budget');
  await page.locator('.tab', { hasText: 'Error budget: checkout-availability' }).waitFor();
  await page
    .frameLocator('iframe.webview.ready')
    .frameLocator('#active-frame')
    .locator('.tiles .tile', { hasText: '40 min 19 s' })
    .waitFor();
  const lens = page.locator('.codelens-decoration a', {
    hasText: 'Budget: 40m19s / 28 days, rolling · preview',
  });
  await lens.waitFor();
  await lens.click();
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const allowed = preview.locator('.tiles .tile', { hasText: 'Full outage allowed' });
  await allowed.waitFor();
  const cli = spawnSync(
    process.execPath,
    [
      path.join(editor.ROOT, 'dist', 'cli.js'),
      'budget',
      'slos/checkout-slos.yaml',
      '--slo',
      'checkout-availability',
      '--json',
    ],
    {
      cwd: workspace,
      encoding: 'utf8',
    },
  );
  const [json] = JSON.parse(cli.stdout) as Array<{
    budget: { allowedBadMinutes: number };
    alerts: Array<{ factor: number }>;
  }>;
  assert.equal(json!.budget.allowedBadMinutes, 40.32);
  assert.equal((await allowed.innerText()).replace(/\s+/g, ' ').trim(), 'Full outage allowed 40 min 19 s');
  assert.deepEqual(
    (await preview.locator('table.alerts tbody tr td:nth-child(4)').allInnerTexts()).map(Number),
    json!.alerts.map((a) => a.factor),
  );
  await shot('budget-preview');
  // Type a new target: the preview follows.
  await page.locator('.monaco-editor .view-line', { hasText: 'target: 0.999' }).first().click();
  await goTo(18, 15);
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('0.9995');
  await assertEventually(
    async () => (await allowed.innerText()).includes('20 min 10 s'),
    'the preview shows the new budget',
  );
  // Back to the top of the file, so the editor is not left scrolled sideways for the screenshot.
  await page.keyboard.press('Control+Home');
  await page.locator('.monaco-editor .view-line', { hasText: 'apiVersion: openslo/v1' }).first().waitFor();
  // The theme follows the system's colour scheme (window.autoDetectColorScheme): switch it to dark and back.
  await page.emulateMedia({ colorScheme: 'dark' });
  await assertEventually(
    async () => (await page.locator('.monaco-workbench.vs-dark').count()) > 0,
    'the dark theme',
  );
  await page.waitForTimeout(500);
  await shot('budget-preview-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await assertEventually(
    async () => (await page.locator('.monaco-workbench.vs').count()) > 0,
    'the light theme',
  );
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+S');
  // Leave a clean workbench for the next test: no preview holding the focus.
  await runCommand('>View: Close All Editors');
  await page.locator('.tab').first().waitFor({ state: 'detached' });
});

test('the live budget: read from Prometheus in the preview, the same figures as team-sre budget --prometheus', async () => {
  await openFile('slos/checkout-slos.yaml');
  await goTo(18, 15);
  await runCommand('>Team SRE: Preview Error Budget');
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const remaining = preview.locator('#live-remaining');
  await remaining.waitFor({ timeout: 60_000 });
  const at = await preview.locator('section.live').getAttribute('data-at');
  const cli = spawnSync(
    process.execPath,
    [
      path.join(editor.ROOT, 'dist', 'cli.js'),
      'budget',
      'slos/checkout-slos.yaml',
      '--slo',
      'checkout-availability',
      '--prometheus',
      prometheus!.url,
      '--at',
      at!,
      '--json',
    ],
    { cwd: workspace, encoding: 'utf8' },
  );
  const [json] = JSON.parse(cli.stdout) as Array<{
    live: {
      sli: number;
      budgetRemaining: number;
      burnRates: Record<string, number>;
      alertsNow: Array<{ text: string }>;
    };
  }>;
  assert.equal(
    (await remaining.innerText()).replace(/\s+/g, ' ').trim(),
    `Budget left ${(json!.live.budgetRemaining * 100).toFixed(1)} %`,
  );
  assert.deepEqual(
    (await preview.locator('table.burn-rates tbody td').allInnerTexts()).map((t) => Number(t)),
    Object.values(json!.live.burnRates).map((v) => Number(v.toPrecision(3))),
  );
  assert.ok((await preview.locator('#live-chart canvas').count()) > 0, 'the burn-down chart');
  // Each alert row says whether it would fire at these burn rates, and the what-if starts from the budget left.
  assert.deepEqual(
    await preview.locator('table.alerts td.fires').allInnerTexts(),
    json!.live.alertsNow.map((a) => a.text),
  );
  assert.match(
    await preview.locator('#what-if-summary').innerText(),
    new RegExp(
      `^From ${(json!.live.budgetRemaining * 100).toFixed(1)} % left \\(live\\): 10 % errors for 30 min leaves `,
    ),
  );
  // The replay arrives after the live figures and redraws the panel: scroll once it is there.
  await preview.locator('.replay-summary').waitFor({ timeout: 120_000 });
  await preview.locator('section.live').scrollIntoViewIfNeeded();
  await shot('live-budget');
  await runCommand('>View: Close All Editors');
  await page.locator('.tab').first().waitFor({ state: 'detached' });
});

test("the replay: the month's alert bars and the postmortem's marker in the preview; another target, another number of pages, applied and undone", async (t) => {
  // A postmortem of the history's 10 % incident two days ago (the examples' own is older than the 28 days replayed).
  const iso = (minutesAgo: number) => new Date((historyEnd - minutesAgo * 60) * 1000).toISOString();
  const started = iso(2 * 1440 + 20);
  // Removed at the end: the tests after this one count the examples' postmortems.
  const postmortem = path.join(workspace, 'postmortems', `${started.slice(0, 10)}-checkout-errors.md`);
  t.after(() => rmSync(postmortem, { force: true }));
  writeFileSync(
    postmortem,
    `---\ntitle: Checkout errors after a config push\ndate: ${started.slice(0, 10)}\nstarted: ${started}\nresolved: ${iso(2 * 1440)}\nstatus: draft\nowner: amina.diallo\nslos:\n  - file: slos/checkout-slos.yaml\n    name: checkout-availability\naction_items: []\n---\n\n# Checkout errors after a config push\n`,
  );
  await openFile('slos/checkout-slos.yaml');
  // The server has read the new postmortem once the SLO's CodeLens counts it.
  await page.locator('.codelens-decoration a', { hasText: '2 postmortems' }).waitFor({ timeout: 60_000 });
  await goTo(18, 15);
  await runCommand('>Team SRE: Preview Error Budget');
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const summary = preview.locator('.replay-summary');
  await summary.waitFor({ timeout: 120_000 });
  // The fast-burn page fires for the 10 % incident, not for the 3 % one (its hour stays under 14.4 × the budget).
  assert.match(
    await summary.innerText(),
    new RegExp(
      `^With 99\\.9 %: 1 page over 28 days; incident of ${started.slice(0, 10)} detected after \\d+ min$`,
    ),
  );
  assert.equal(await preview.locator('.replay-bar[data-severity="page"]').count(), 1);
  assert.ok((await preview.locator('#replay-chart canvas').count()) > 0, 'the timeline');
  assert.equal(
    await preview
      .locator('.replay-incident')
      .getAttribute('title')
      .then((t) => t?.split(' (')[0]),
    'Checkout errors after a config push',
  );
  await preview.locator('section.replay').scrollIntoViewIfNeeded();
  await shot('replay');
  // 99 %: ten times the budget, and the incident's hour no longer burns 14.4 times it.
  await preview.locator('#replay-target input').fill('99');
  await assertEventually(
    async () => /^With 99 %: 0 pages over 28 days/.test(await summary.innerText().catch(() => '')),
    'the replay under 99 %',
  );
  assert.equal(await preview.locator('.replay-bar').count(), 0);
  await preview.locator('#replay-apply').click();
  const edited = page.locator('.monaco-editor .view-line', { hasText: 'target: 0.99' });
  await assertEventually(
    async () =>
      (await edited.count()) > 0 &&
      (await page.locator('.monaco-editor .view-line', { hasText: 'target: 0.999' }).count()) === 0,
    'the target applied in the file',
  );
  await edited.first().click();
  await page.keyboard.press('Control+Z');
  await page.locator('.monaco-editor .view-line', { hasText: 'target: 0.999' }).first().waitFor();
  await runCommand('>View: Close All Editors');
  await page.locator('.tab').first().waitFor({ state: 'detached' });
});

test('a quick fix: 1m becomes 1M', async () => {
  await openFile('mistakes.yaml');
  await goTo(11, 17);
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Change to 1M (one month)' });
  // Asked again when the first request came before the diagnostics of the freshly opened file.
  await assertEventually(async () => {
    await page.keyboard.press('Control+.');
    const shown = await fix.waitFor({ timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (!shown) await page.keyboard.press('Escape');
    return shown;
  }, 'the quick fix menu');
  await shot('quick-fix');
  await fix.click();
  await page.keyboard.press('Control+S');
  await assertEventually(
    async () => readFileSync(path.join(workspace, 'mistakes.yaml'), 'utf8').includes('    - duration: 1M\n'),
    'the file on disk has duration: 1M',
  );
  const problems = page.locator('#status\\.problems');
  // Two warnings less: the window is a month now, so the 5-minute time slice fits in it too.
  await assertEventually(
    async () => (await problems.getAttribute('aria-label')) === 'Errors: 11, Warnings: 3',
    'two warnings less',
  );
});

test('a command from the palette: Team SRE: New SLO writes and opens a file', async () => {
  await runCommand('>Team SRE: New SLO');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Sloth' }).first().waitFor();
  await answer('Sloth');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'New SLO (2/3): service' }).waitFor();
  await answer('payments');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'New SLO (3/3): target' }).waitFor();
  await answer('99.95');
  await shot('new-slo');
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'payments-sloth.yaml' }).waitFor();
  const written = readFileSync(path.join(workspace, 'slos', 'payments-sloth.yaml'), 'utf8');
  assert.match(written, /^version: prometheus\/v1\nservice: payments\n/);
  assert.match(written, /objective: 99\.95\n/);
  assert.match(written, /name: PaymentsHighErrorRate\n/);
  const problems = page.locator('#status\\.problems');
  await assertEventually(
    async () => (await problems.getAttribute('aria-label')) === 'Errors: 11, Warnings: 3',
    'the new file is clean',
  );
});

test('New Postmortem: the command flow writes it with the budget the incident cost, opens it, and the index and the tree view list it', async () => {
  await openFile('slos/checkout-slos.yaml');
  await goTo(18, 15);
  // The incident in the examples' history: 10 % of checkout requests failing for 20 minutes, two days ago.
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  const started = iso(historyEnd - (2 * 1440 + 20) * 60);
  const resolved = iso(historyEnd - 2 * 1440 * 60);
  const detected = iso(historyEnd - (2 * 1440 + 15) * 60);
  // The owner is prefilled from git.
  for (const args of [
    ['init', '-q'],
    ['config', 'user.name', 'Ada Example'],
  ])
    assert.equal(spawnSync('git', args, { cwd: workspace }).status, 0, `git ${args.join(' ')}`);
  await runCommand('>Team SRE: New Postmortem');
  const step = async (title: string, text: string) => {
    await page.locator('.quick-input-widget', { hasText: title }).waitFor();
    await answer(text);
    await page.keyboard.press('Enter');
  };
  await step('New Postmortem (1/8): title', 'Checkout: 10 % errors for 20 minutes');
  // The SLO under the cursor is first and pre-selected; the others follow by name.
  await page.locator('.quick-input-widget', { hasText: 'New Postmortem (2/8): the SLOs it hit' }).waitFor();
  await page
    .locator('.quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: 'checkout-availability' })
    .waitFor();
  // The rows' labels (the details, each SLO's file, are left out).
  const labels = (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts())
    .map((l) => l.trim())
    .filter((l) => !l.endsWith('.yaml'));
  assert.equal(labels[0], 'checkout-availability · Available', labels.join('\n'));
  const rest = labels.slice(1).map((l) => l.replace(/^\$\(error\)\s*/, ''));
  assert.deepEqual(
    rest,
    [...rest].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })),
    'sorted by name',
  );
  await page.keyboard.press('Enter');
  // A rolling window has no time zone: a time without an offset is in this computer's.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  await page
    .locator('.quick-input-widget', {
      hasText: `Times without an offset are in ${zone} (this computer's time zone)`,
    })
    .waitFor();
  await step('New Postmortem (3/8): when the impact started', started);
  await step('New Postmortem (4/8): when it was detected', detected);
  await step('New Postmortem (5/8): when it ended', resolved);
  await step('New Postmortem (6/8): severity', 'SEV2');
  const owner = page.locator('.quick-input-widget', { hasText: 'New Postmortem (7/8): owner' });
  await owner.waitFor();
  await assertEventually(
    async () => (await page.locator('.quick-input-widget input').inputValue()) === 'Ada Example',
    'the owner from git config user.name',
  );
  await page.keyboard.press('Enter');
  await step('New Postmortem (8/8): template', 'Lightweight');
  const name = `${started.slice(0, 10)}-checkout-10-errors-for-20-minutes.md`;
  await page.locator('.tab.active', { hasText: name }).waitFor();
  const text = readFileSync(path.join(workspace, 'postmortems', name), 'utf8');
  const { parse } = await import('yaml');
  const front = parse(text.split(/^---$/m)[1]!) as {
    title: string;
    severity: string;
    status: string;
    owner: string;
    started: string;
    detected: string;
    resolved: string;
    slos: Array<{
      file: string;
      name: string;
      errorRate: number;
      errorRateSource: { measured: { query: string; time: string; prometheus: string; at: string } };
      badMinutes: number;
      budgetConsumed: number;
    }>;
  };
  // The error rate was measured in Prometheus; the budget it cost is the engine's figure.
  const { sloImpact } = await import('../../src/postmortem/model.js');
  const impact = sloImpact(
    {
      name: 'checkout-availability',
      format: 'OpenSLO v1',
      objective: 'Available',
      target: 0.999,
      method: 'Occurrences',
      window: { kind: 'rolling', minutes: 28 * 1440, label: '28 days, rolling' },
      alerting: { style: 'conditions', conditions: [] },
    },
    new Date(started),
    new Date(resolved),
    { errorRate: 0.1 },
  );
  assert.deepEqual(
    [front.title, front.severity, front.status, front.owner, front.started, front.detected, front.resolved],
    ['Checkout: 10 % errors for 20 minutes', 'SEV2', 'draft', 'Ada Example', started, detected, resolved],
  );
  // Where the error rate came from: the query Prometheus answered, at the end of the incident.
  const { query, time, prometheus: address, at } = front.slos[0]!.errorRateSource.measured;
  assert.match(query, /checkout/);
  assert.deepEqual([time, address], [new Date(resolved).toISOString(), prometheus!.url.replace(/\/$/, '')]);
  assert.ok(Date.parse(at) >= historyEnd * 1000, at);
  assert.deepEqual(front.slos, [
    {
      file: 'slos/checkout-slos.yaml',
      name: 'checkout-availability',
      objective: 'Available',
      window: '28 days, rolling',
      errorRate: 0.1,
      errorRateSource: front.slos[0]!.errorRateSource,
      badMinutes: 2,
      budgetConsumed: impact.budgetConsumed,
    },
  ]);
  assert.equal(impact.budgetConsumed, 0.0496);
  // The cursor waits under the summary heading.
  await page.locator('.monaco-editor .view-line', { hasText: '## Summary' }).waitFor();

  await runCommand('>Team SRE: Update Postmortem Index');
  await page.locator('.tab.active', { hasText: 'README.md' }).waitFor();
  const index = readFileSync(path.join(workspace, 'postmortems', 'README.md'), 'utf8');
  assert.ok(
    index.indexOf(name) !== -1 && index.indexOf('2026-11-03-checkout-5xx-after-deploy.md') !== -1,
    index,
  );
  assert.ok(index.indexOf(name) < index.indexOf('2026-11-03-checkout-5xx-after-deploy.md'), 'newest first');

  // The Postmortems view in the explorer lists it under Draft.
  const view = page.locator('.pane-header', { hasText: 'Postmortems' });
  await view.waitFor();
  if ((await view.getAttribute('aria-expanded')) !== 'true') await view.click();
  await page.locator('.monaco-list-row', { hasText: 'Draft (1)' }).waitFor();
  await page.locator('.monaco-list-row', { hasText: 'Checkout: 10 % errors for 20 minutes' }).waitFor();
  await page.locator('.monaco-list-row', { hasText: 'Final (1)' }).waitFor();
  await openFile(name);
  await shot('postmortem');
});

test('the SLOs view: every SLO of the examples by service, with its budget left; its actions preview the budget and start a postmortem', async () => {
  await runCommand('>View: Close All Editors');
  // Room for the view: the folder and the Postmortems view collapsed.
  for (const other of [
    page.locator('.pane-header', { hasText: /^examples/ }),
    page.locator('.pane-header', { hasText: /^Postmortems/ }),
  ])
    if ((await other.getAttribute('aria-expanded')) === 'true') await other.click();
  const header = page.locator('.pane-header', { hasText: /^SLOs/ });
  await header.waitFor();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const pane = page.locator('.pane', { has: header });
  const row = (text: string) => pane.locator('.monaco-list-row', { hasText: text }).first();
  for (const service of ['checkout', 'payments-api', 'search'])
    await row(service)
      .waitFor()
      .catch(async (err: unknown) => {
        await shot('failed-slos-view');
        throw err;
      });
  // The live budget arrives from the local Prometheus.
  const availability = row('checkout-availability · Available');
  await assertEventually(
    async () =>
      /99\.9 % · 28 days, rolling · 40 min 19 s · -?\d+\.\d % left/.test(await availability.innerText()),
    'the budget left of checkout-availability',
  );
  assert.ok(await row('requests-availability').isVisible(), 'the Sloth SLO');
  assert.ok(await row('search-latency').isVisible(), 'the Pyrra SLO');
  // A wider sidebar for the screenshot, so the figures are not cut.
  const sash = await page.locator('.sidebar').boundingBox();
  if (sash) {
    await page.mouse.move(sash.x + sash.width + 1, 400);
    await page.mouse.down();
    await page.mouse.move(sash.x + sash.width + 420, 400, { steps: 5 });
    await page.mouse.up();
  }
  await shot('slos-view');
  // Inline actions: preview the budget, start a postmortem for this SLO.
  await availability.hover();
  await availability.locator('.action-label[aria-label="Preview Error Budget"]').click();
  await page.locator('.tab', { hasText: 'Error budget: checkout-availability' }).waitFor();
  await availability.hover();
  await availability.locator('.action-label[aria-label="New Postmortem for this SLO…"]').click();
  await page.locator('.quick-input-widget', { hasText: 'New Postmortem (1/8): title' }).waitFor();
  await page.keyboard.press('Escape');
  await runCommand('>View: Close All Editors');
});

test('New Postmortem for a threshold SLI: it asks for the minutes over the threshold and writes the bad slices', async () => {
  await openFile('slos/checkout-slos.yaml');
  // checkout-latency: p99 under 800 ms in 99 % of the one-minute slices of each calendar month in Paris.
  await goTo(42, 7);
  await runCommand('>Team SRE: New Postmortem');
  const step = async (title: string, text: string) => {
    await page.locator('.quick-input-widget', { hasText: title }).waitFor();
    await answer(text);
    await page.keyboard.press('Enter');
  };
  await step('New Postmortem (1/8): title', 'Checkout latency over its threshold');
  await page.locator('.quick-input-widget', { hasText: 'New Postmortem (2/8): the SLOs it hit' }).waitFor();
  await page
    .locator('.quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: 'checkout-latency' })
    .waitFor();
  await page.keyboard.press('Enter');
  // Its calendar is in Paris: local times are read there, and written with their offset.
  await page
    .locator('.quick-input-widget', {
      hasText: 'Times without an offset are in Europe/Paris (the calendar of checkout-latency)',
    })
    .waitFor();
  await step('New Postmortem (3/9): when the impact started', '2026-11-03 14:12');
  await step('New Postmortem (4/9): when it was detected', '2026-11-03 14:20');
  await step('New Postmortem (5/9): when it ended', '2026-11-03 14:50');
  await step('New Postmortem (6/9): severity', 'SEV3');
  await step('New Postmortem (7/9): owner', 'Ada Example');
  await step('New Postmortem (8/9): template', 'Lightweight');
  // No share of failing requests: the minutes the metric spent over its threshold.
  await page
    .locator('.quick-input-widget', {
      hasText: 'How long the metric was over its threshold during the incident',
    })
    .waitFor();
  await step('New Postmortem (9/9): minutes over the threshold for checkout-latency', '12');
  const name = '2026-11-03-checkout-latency-over-its-threshold.md';
  await page.locator('.tab.active', { hasText: name }).waitFor();
  const text = readFileSync(path.join(workspace, 'postmortems', name), 'utf8');
  const { parse } = await import('yaml');
  const front = parse(text.split(/^---$/m)[1]!) as {
    slos: unknown[];
    started: string;
    detected: string;
    resolved: string;
  };
  assert.deepEqual(
    [front.started, front.detected, front.resolved],
    ['2026-11-03T14:12:00+01:00', '2026-11-03T14:20:00+01:00', '2026-11-03T14:50:00+01:00'],
  );
  // November in Paris holds 43 200 one-minute slices, 1 % of which may be bad: 12 of 432.
  assert.deepEqual(front.slos, [
    {
      file: 'slos/checkout-slos.yaml',
      name: 'checkout-latency',
      objective: 'Fast',
      window: 'calendar month',
      minutesOverThreshold: 12,
      badSlices: 12,
      allowedBadSlices: 432,
      budgetConsumed: 0.02778,
    },
  ]);
  await runCommand('>View: Close All Editors');
});

test("the budget preview's alert rows link to their rules: a click opens the generated rules at the alert", async () => {
  await openFile('sloth/payments-api.yaml');
  await goTo(7, 16);
  await runCommand('>Team SRE: Preview Error Budget');
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const ticket = preview.locator('table.alerts tbody tr td a.rule-link', { hasText: 'ticket' }).first();
  await ticket.waitFor();
  assert.deepEqual(await preview.locator('table.alerts tbody tr td:first-child').allInnerTexts(), [
    'page',
    'page',
    'ticket',
    'ticket',
  ]);
  // The link names its line; read before the click, which may put the rules over the preview.
  const title = await ticket.getAttribute('title');
  const line = Number(/line (\d+)/.exec(title ?? '')?.[1]);
  await ticket.click();
  const rules = page.locator('.editor-group-container', {
    has: page.locator('.tab.active', { hasText: 'Rules: payments-api.yaml' }),
  });
  // The ticket alert's rule, its line selected: the line number shown is the one the link names.
  await rules.locator('.line-numbers.active-line-number', { hasText: String(line) }).waitFor();
  await rules.locator('.view-line', { hasText: 'title: (ticket)' }).waitFor();
  await runCommand('>View: Close All Editors');
  await page.locator('.tab').first().waitFor({ state: 'detached' });
});

test('generated rules: shown beside a Sloth file, following its objective; a stale _gen/ file warned about and rewritten', async () => {
  const slo = path.join(workspace, 'sloth', 'payments-api.yaml');
  const gen = path.join(workspace, 'sloth', '_gen', 'payments-api.yaml');
  const original = readFileSync(slo, 'utf8');
  await openFile('sloth/payments-api.yaml');
  await page.locator('.codelens-decoration a', { hasText: '17 rules · show' }).waitFor();
  await runCommand('>Team SRE: Show Generated Rules');
  const tab = page.locator('.tab', { hasText: 'Rules: payments-api.yaml' });
  await tab.waitFor();
  const rules = page.locator('.editor-group-container', {
    has: page.locator('.tab.active', { hasText: 'Rules:' }),
  });
  await rules
    .locator('.view-line', { hasText: '# Code generated by team-sre from sloth/payments-api.yaml' })
    .waitFor();
  // The rules as generated from the file on disk, computed here as the server does.
  const generatedFrom = (text: string) => {
    const service = createLanguageService();
    service.setFile(pathToFileURL(slo).href, text);
    return service.rulesView(pathToFileURL(slo).href, 'sloth/payments-api.yaml', new Date())!.text;
  };
  // The meta recordings, where the objective is written: Go to Line in the view, then back to the SLO file.
  const objectiveLine =
    generatedFrom(original)
      .split('\n')
      .findIndex((l) => l.includes('expr: vector(0.9995)')) + 1;
  await tab.click();
  await goTo(objectiveLine, 1);
  const objective = rules.locator('.view-line', { hasText: 'expr: vector(0.9995)' });
  await objective.waitFor();
  await page.locator('.tab', { hasText: /^payments-api\.yaml/ }).click();
  // Type a new objective: the view follows.
  await goTo(7, 16);
  await page.keyboard.press('Shift+End');
  await page.keyboard.type('99.9');
  await assertEventually(
    async () =>
      (await rules.locator('.view-line', { hasText: 'expr: vector(0.9990000000000001)' }).count()) > 0,
    'the generated rules follow the new objective',
  );
  // The rules committed at the objective on disk (99.95), as Sloth's _gen/ layout keeps them: stale now.
  mkdirSync(path.dirname(gen), { recursive: true });
  writeFileSync(gen, generatedFrom(original));
  const warning = page.locator('.markers-panel .monaco-list-row', {
    hasText: 'sloth/_gen/payments-api.yaml is stale',
  });
  // The Problems panel, filtered to the warning (the examples' mistakes come first otherwise).
  await page.keyboard.press('Control+Shift+M');
  const filter = page.locator('[placeholder^="Filter (e.g. text"]');
  await filter.fill('is stale');
  await warning.waitFor();
  assert.equal(
    (await warning.innerText()).split('\n').find((l) => l.includes('is stale')),
    'sloth/_gen/payments-api.yaml is stale: 5 differences, e.g. group sloth-slo-meta-recordings-payments-api-requests-availability, rule 1 (record slo:objective:ratio): expr: committed "vector(0.9995)", generated "vector(0.9990000000000001)". Rewrite it with the quick fix, or run “team-sre rules”.',
  );
  await page.locator('.tab', { hasText: /^payments-api\.yaml/ }).click();
  await goTo(1, 1);
  await shot('generated-rules');
  // The quick fix rewrites the file: the warning clears.
  const fix = page.locator('.action-widget .monaco-list-row', {
    hasText: 'Rewrite sloth/_gen/payments-api.yaml',
  });
  await assertEventually(async () => {
    await page.keyboard.press('Control+.');
    const shown = await fix.waitFor({ timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (!shown) await page.keyboard.press('Escape');
    return shown;
  }, 'the Rewrite quick fix');
  await fix.click();
  const edited = original.replace('objective: 99.95', 'objective: 99.9');
  await assertEventually(
    async () => readFileSync(gen, 'utf8') === generatedFrom(edited),
    'the committed rules rewritten from the edited objective',
  );
  await warning.waitFor({ state: 'detached' });
  // Back as it was: the objective undone and saved, the rules file removed, the filter cleared.
  await page.locator('.tab', { hasText: /^payments-api\.yaml/ }).click();
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+S');
  await assertEventually(async () => readFileSync(slo, 'utf8') === original, 'the SLO file as it was');
  rmSync(path.dirname(gen), { recursive: true, force: true });
  await filter.fill('');
  await runCommand('>View: Close All Editors');
  await page.locator('.tab').first().waitFor({ state: 'detached' });
});

function shot(name: string): Promise<void> {
  return workbench.shot(name);
}

function openFile(name: string): Promise<void> {
  return workbench.openFile(name);
}

function answer(text: string): Promise<void> {
  return workbench.answer(text);
}

function runCommand(title: string): Promise<void> {
  return workbench.runCommand(title);
}

function assertEventually(check: () => Promise<boolean>, what: string, timeoutMs?: number): Promise<void> {
  return workbench.assertEventually(check, what, timeoutMs);
}

test('the budget preview keeps its SLO: through Go to Definition, pinned while the cursor moves, following it again once unpinned; keys typed in a what-if field stay there', async () => {
  await openFile('slos/checkout-slos.yaml');
  // The language server has read the file once its CodeLenses show.
  await page.locator('.codelens-decoration a', { hasText: 'Budget:' }).first().waitFor({ timeout: 90_000 });
  await goTo(11, 17);
  await runCommand('>Team SRE: Preview Error Budget');
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const h1 = preview.locator('header h1');
  /** The SLO's name in the preview's heading (the objective follows it). */
  const title = { innerText: async () => (await h1.innerText()).split(' · ')[0]! };
  await assertEventually(async () => (await title.innerText()) === 'checkout-availability', 'the preview');
  // Go to the SLI's definition: a file with no SLO; the preview keeps the SLO and says so.
  await page
    .locator('.monaco-editor .view-line', { hasText: 'indicatorRef: checkout-availability' })
    .first()
    .click();
  await page.keyboard.press('F12');
  await page.locator('.tab.active', { hasText: 'checkout-slis.yaml' }).waitFor();
  await assertEventually(
    async () =>
      (await preview.locator('.shown-from').innerText()) ===
      'slos/checkout-slos.yaml: checkout-availability, the last SLO shown (slos/checkout-slis.yaml holds no SLO).',
    'the preview keeps the SLO',
  );
  assert.equal(await title.innerText(), 'checkout-availability');
  assert.equal(await preview.locator('text=No SLO under the cursor').count(), 0);

  // Pinned: the cursor moves to the other SLO, the preview stays.
  await openFile('slos/checkout-slos.yaml');
  await goTo(11, 17);
  const pin = preview.locator('#pin');
  await assertEventually(async () => (await pin.getAttribute('aria-pressed')) === 'false', 'the pin button');
  await pin.click();
  await assertEventually(async () => (await pin.getAttribute('aria-pressed')) === 'true', 'pinned');
  assert.equal(
    await preview.locator('.shown-from').innerText(),
    'slos/checkout-slos.yaml: checkout-availability, pinned.',
  );
  // Back into the editor (the pin button kept the focus), on a line in view, then to the other SLO.
  await page
    .locator('.monaco-editor .view-line', { hasText: 'indicatorRef: checkout-availability' })
    .first()
    .click();
  await goTo(30, 17);
  await page.locator('.statusbar-item', { hasText: 'Ln 30, Col 17' }).waitFor();
  // Nothing to wait for when nothing changes: give the preview's update (150 ms after a move) time to come.
  await page.waitForTimeout(1000);
  assert.equal(await title.innerText(), 'checkout-availability');
  // Unpinned with the same button: the preview follows the cursor again at once, on the other SLO.
  await pin.click();
  await assertEventually(async () => (await pin.getAttribute('aria-pressed')) === 'false', 'unpinned');
  await assertEventually(
    async () => (await title.innerText()) === 'checkout-latency',
    'the SLO under the cursor',
  );
  // Pinned and unpinned by the commands: the cursor moves back to the first SLO, then to the other one again.
  await runCommand('>Team SRE: Pin the Preview to this SLO');
  await assertEventually(
    async () => (await pin.getAttribute('aria-pressed')) === 'true',
    'pinned by the command',
  );
  await page
    .locator('.monaco-editor .view-line', { hasText: 'indicatorRef: checkout-latency' })
    .first()
    .click();
  await goTo(11, 17);
  await page.locator('.statusbar-item', { hasText: 'Ln 11, Col 17' }).waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await title.innerText(), 'checkout-latency');
  await runCommand('>Team SRE: Unpin the Preview');
  await assertEventually(
    async () => (await pin.getAttribute('aria-pressed')) === 'false',
    'unpinned by the command',
  );
  await assertEventually(
    async () => (await title.innerText()) === 'checkout-availability',
    'the SLO under the cursor after the command',
  );
  await page
    .locator('.monaco-editor .view-line', { hasText: 'indicatorRef: checkout-availability' })
    .first()
    .click();
  await goTo(30, 17);
  await assertEventually(
    async () => (await title.innerText()) === 'checkout-latency',
    'the preview follows the cursor',
  );
  // Back on the first SLO, whose what-if has an error rate.
  await page
    .locator('.monaco-editor .view-line', { hasText: 'indicatorRef: checkout-latency' })
    .first()
    .click();
  await goTo(11, 17);
  await assertEventually(
    async () => (await title.innerText()) === 'checkout-availability',
    'the preview back on the first SLO',
  );

  // Ctrl+A then typing in the what-if error rate acts on the field, not on the YAML file.
  const rate = preview.locator('#what-if-rate input');
  // The preview has the focus first (a click straight from the editor into the field does not always reach it
  // in code-server's first click).
  await h1.click();
  await rate.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('25');
  await assertEventually(async () => (await rate.inputValue()) === '25', 'the field holds 25');
  assert.equal(await page.locator('.tab.active.dirty').count(), 0, 'the YAML file is unchanged');
  assert.equal(
    await page.locator('.statusbar-item', { hasText: 'selected' }).count(),
    0,
    'nothing selected in the YAML',
  );
  await page.waitForTimeout(1000);
  assert.equal(await title.innerText(), 'checkout-availability');
  assert.equal(await rate.inputValue(), '25');
  await runCommand('>View: Close All Editors');
  await page.locator('.tab').first().waitFor({ state: 'detached' });
});
