// The web build as github.dev and vscode.dev run it: a VSIX without `main`, so code-server can only run its
// `browser` build in its web worker extension host, the language server a worker of that worker, the
// workspace's files read through the editor. The same diagnostics as the desktop build (editor.test.ts).
// Run by `npm run test:e2e`; installs code-server and Chromium on first use (scripts/editor.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadEditor, Workbench } from './workbench.js';

let tmp: string;
let workbench: Workbench;
let page: Page;

before(async () => {
  const editor = await loadEditor();
  tmp = mkdtempSync(path.join(tmpdir(), 'team-sre-web-e2e-'));
  const workspace = path.join(tmp, 'examples');
  cpSync(path.join(editor.ROOT, 'examples'), workspace, { recursive: true });
  workbench = await Workbench.open({
    editor,
    tmp,
    folder: workspace,
    shots: path.join(tmpdir(), 'team-sre-screenshots'),
    vsix: () => editor.packageWebExtension(),
  });
  ({ page } = workbench);
});

after(async () => {
  await workbench?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('the installed extension has only its browser build: no main to run in a Node extension host', () => {
  const [installed] = readdirSync(path.join(tmp, 'extensions')).filter((d) => d.startsWith('team-sre.'));
  assert.ok(installed, 'the extension is installed');
  const pkg = JSON.parse(readFileSync(path.join(tmp, 'extensions', installed, 'package.json'), 'utf8')) as {
    main?: string;
    browser?: string;
  };
  assert.equal(pkg.main, undefined);
  assert.equal(pkg.browser, './dist/web/extension.js');
});

test('the mistakes file in the web worker extension host: the Problems count, the status bar item, the budget CodeLens', async () => {
  await workbench.openFile('mistakes.yaml');
  const problems = page.locator('#status\\.problems');
  await workbench.assertEventually(
    async () => (await problems.getAttribute('aria-label')) === 'Errors: 11, Warnings: 5',
    'Problems: 11 errors, 5 warnings',
    90_000,
  );
  await page.locator('.statusbar-item', { hasText: 'OpenSLO v1 + Sloth (prometheus/v1) + Pyrra' }).waitFor();
  await workbench.assertEventually(
    async () =>
      (await page.locator('.codelens-decoration').allInnerTexts()).some((t) =>
        t.includes("Budget: 29d16h48m / 30 days, rolling (Sloth's SLO period)"),
      ),
    'the budget CodeLens of the Sloth SLO',
  );
});

test('the budget preview from the web build: its webview served from the extension, the budget of the SLO under the cursor', async () => {
  await workbench.openFile('slos/checkout-slos.yaml');
  // The CodeLens above the SLO opens the preview, once the server (reading the workspace through the editor) has analysed it.
  const lens = page.locator('.codelens-decoration a', {
    hasText: 'Budget: 40m19s / 28 days, rolling · preview',
  });
  await lens.waitFor({ timeout: 60_000 });
  await lens.click();
  await page.locator('.tab', { hasText: 'Error budget: checkout-availability' }).waitFor();
  const preview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await preview.locator('.tiles .tile', { hasText: '40 min 19 s' }).waitFor();
  // No Prometheus set: the preview says where the budget left is read from in the browser, and CORS.
  await preview.getByText('read only from the Prometheus set in teamSre.prometheus.url').waitFor();
});
