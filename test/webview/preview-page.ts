// The preview's bundle (dist/webview.js) served to headless Chromium under the Content-Security-Policy VS Code
// gives it, with the VS Code API replaced by a stand-in that records what the page posts (`window.posted`) and
// every policy violation (`window.violations`).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { chromium, type LaunchOptions, type Page } from 'playwright-core';

const DIST = path.join(__dirname, '..', '..', 'dist');
const NONCE = 'preview-nonce-42';

export interface PreviewPageOptions {
  /** Style of the root element: VS Code's colour variables (`--vscode-foreground: #3b3b3b; …`). */
  rootStyle?: string;
  /** The body's class, as VS Code sets it per theme (`vscode-light`, `vscode-dark`…). */
  bodyClass?: string;
  viewport?: { width: number; height: number };
  /** The browser's time zone, which uPlot's time axes follow. */
  timezoneId?: string;
}

export interface PreviewPage {
  page: Page;
  close(): Promise<void>;
}

export async function openPreviewPage(options: PreviewPageOptions = {}): Promise<PreviewPage> {
  const html = `<!DOCTYPE html><html${options.rootStyle ? ` style="${options.rootStyle}"` : ''}><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; script-src 'nonce-${NONCE}'">
<link rel="stylesheet" href="/webview-style.css"></head>
<body${options.bodyClass ? ` class="${options.bodyClass}"` : ''}><main id="app"></main>
<script nonce="${NONCE}">
  window.posted = []; let state;
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => state, setState: (s) => { state = s; } });
</script>
<script nonce="${NONCE}" src="/webview.js"></script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const file = path.join(DIST, path.basename(req.url ?? ''));
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
  const { CHROMIUM_LAUNCH } = (await import(path.join(__dirname, '..', '..', 'scripts', 'editor.mjs'))) as {
    CHROMIUM_LAUNCH: LaunchOptions;
  };
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  const page = await browser.newPage({
    ...(options.viewport ? { viewport: options.viewport } : {}),
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { violations: string[] }).violations.push(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  return {
    page,
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}
