// The browser's language server (dist/web/server.js) as a real Web Worker in headless Chromium, spoken to over
// postMessage by a test page that answers its file reads with the examples' contents, against the Node server
// (in this process) on the same files: the same diagnostics, hovers and document symbols.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from '../server/client.js';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const BUNDLE = path.join(ROOT, 'dist', 'web', 'server.js');

/** Every example file, by URI, with its text and language. */
function exampleFiles(dir = EXAMPLES): Array<{ uri: string; text: string; languageId: string }> {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) return exampleFiles(file);
      const languageId = e.name.endsWith('.md') ? 'markdown' : 'yaml';
      return [{ uri: pathToFileURL(file).href, text: readFileSync(file, 'utf8'), languageId }];
    });
}

const FILES = exampleFiles();
const FOLDER = pathToFileURL(EXAMPLES).href;

/**
 * The test page: starts the worker and speaks JSON-RPC with it. It answers the server's requests as the web
 * extension does: the settings (none set), and the files, listed and read from `window.files`.
 */
const PAGE = `<!DOCTYPE html><html><body><script>
  window.files = {}; window.latest = {}; window.received = []; window.fileRequests = [];
  const worker = new Worker('/server.js');
  let nextId = 1;
  const pending = new Map();
  worker.onmessage = ({ data: m }) => {
    if (m.id !== undefined && m.method === undefined) {
      const done = pending.get(m.id); pending.delete(m.id);
      return m.error ? done.reject(new Error(m.error.message)) : done.resolve(m.result ?? null);
    }
    if (m.id !== undefined) {
      let result = null;
      if (m.method === 'workspace/configuration') result = m.params.items.map(() => null);
      else if (m.method === 'teamSre/findFiles') {
        window.fileRequests.push(m.method);
        result = Object.keys(window.files).filter((uri) => uri.startsWith(m.params.folder + '/'));
      } else if (m.method === 'teamSre/readFile') {
        window.fileRequests.push(m.method + ' ' + m.params.uri);
        const text = window.files[m.params.uri];
        result = text === undefined ? { kind: 'error', code: 'ENOENT' } : { kind: 'text', text };
      }
      worker.postMessage({ jsonrpc: '2.0', id: m.id, result });
      return;
    }
    window.received.push(m.method);
    if (m.method === 'textDocument/publishDiagnostics') window.latest[m.params.uri] = m.params;
  };
  window.request = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ jsonrpc: '2.0', id, method, params });
    });
  window.notify = (method, params) => worker.postMessage({ jsonrpc: '2.0', method, params });
</script></body></html>`;

interface Side {
  request(method: string, params: unknown): Promise<unknown>;
  notify(method: string, params: unknown): Promise<void>;
  diagnostics(): Promise<Record<string, PublishDiagnosticsParams>>;
}

let http: Server;
let browser: Browser;
let page: Page;
let node: TestClient;
let web: Side;
let nodeSide: Side;

const CAPABILITIES = {
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
  window: { workDoneProgress: true },
  textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
};

before(async () => {
  http = createServer((req, res) => {
    if (req.url === '/server.js')
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(BUNDLE));
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as { port: number }).port}/`;
  const { CHROMIUM_LAUNCH } = (await import(path.join(ROOT, 'scripts', 'editor.mjs'))) as {
    CHROMIUM_LAUNCH: LaunchOptions;
  };
  browser = await chromium.launch(CHROMIUM_LAUNCH);
  page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('worker', (w) => w.on('close', () => errors.push('the worker closed')));
  await page.goto(base);
  await page.evaluate((files) => {
    const w = window as unknown as { files: Record<string, string> };
    for (const f of files) w.files[f.uri] = f.text;
  }, FILES);
  web = {
    request: (method, params) =>
      page.evaluate(
        ([m, p]) => (window as unknown as { request(m: string, p: unknown): Promise<unknown> }).request(m, p),
        [method, params] as const,
      ),
    notify: (method, params) =>
      page.evaluate(([m, p]) => (window as unknown as { notify(m: string, p: unknown): void }).notify(m, p), [
        method,
        params,
      ] as const),
    diagnostics: () =>
      page.evaluate(() => (window as unknown as { latest: Record<string, PublishDiagnosticsParams> }).latest),
  };
  node = await startServer({ workspaceFolder: EXAMPLES });
  nodeSide = {
    request: (method, params) => node.connection.sendRequest(method, params),
    notify: (method, params) => node.connection.sendNotification(method, params),
    diagnostics: async () => Object.fromEntries(node.latest),
  };
  await web.request('initialize', {
    processId: null,
    rootUri: null,
    workspaceFolders: [{ uri: FOLDER, name: 'examples' }],
    capabilities: CAPABILITIES,
  });
  await web.notify('initialized', {});
  // Both indexes built: each server says so once it read every file.
  await page.waitForFunction(() =>
    (window as unknown as { received: string[] }).received.includes('teamSre/indexed'),
  );
  await node.waitFor('teamSre/indexed');
  assert.deepEqual(errors, []);
});

after(async () => {
  await node?.close();
  await browser?.close();
  http?.close();
});

/**
 * What a server published once it has nothing more to publish: a round trip (the server handles messages in
 * order) until two snapshots in a row are the same.
 */
async function settled(side: Side): Promise<Record<string, PublishDiagnosticsParams>> {
  let last = JSON.stringify(await side.diagnostics());
  for (let round = 0; round < 100; round++) {
    await side.request('teamSre/postmortems', {});
    const now = JSON.stringify(await side.diagnostics());
    if (now === last) return JSON.parse(now) as Record<string, PublishDiagnosticsParams>;
    last = now;
  }
  throw new Error('the diagnostics kept changing');
}

/** The diagnostics of the example files, without the document versions (the two sides open them alike). */
const ofExamples = (all: Record<string, PublishDiagnosticsParams>) =>
  Object.fromEntries(FILES.map((f) => [f.uri, all[f.uri]?.diagnostics]));

test('the worker is a browser worker: no process, require or Buffer', async () => {
  const [worker] = page.workers();
  assert.ok(worker, 'the page runs a worker');
  assert.deepEqual(
    await worker.evaluate(() => [typeof process, typeof require, typeof Buffer, typeof postMessage]),
    ['undefined', 'undefined', 'undefined', 'function'],
  );
});

test('the index read through the host: each example listed and read, the same diagnostics as the Node server', async () => {
  const requests = await page.evaluate(() => (window as unknown as { fileRequests: string[] }).fileRequests);
  assert.ok(requests.includes('teamSre/findFiles'));
  for (const f of FILES) assert.ok(requests.includes(`teamSre/readFile ${f.uri}`), `${f.uri} was read`);
  const [fromWeb, fromNode] = [ofExamples(await settled(web)), ofExamples(await settled(nodeSide))];
  assert.deepEqual(fromWeb, fromNode);
  // Not two empty lists: the example with mistakes has its diagnostics, a cross-file check among them.
  const mistakes = fromWeb[pathToFileURL(path.join(EXAMPLES, 'mistakes.yaml')).href] ?? [];
  assert.ok(mistakes.length >= 5, `${mistakes.length} diagnostics in mistakes.yaml`);
  assert.ok(mistakes.every((d) => typeof d.code === 'string' && /^SLO\d{3}$/.test(d.code)));
});

test('every example opened in both: the same diagnostics (ranges, codes, messages), hovers and symbols', async () => {
  for (const side of [web, nodeSide])
    for (const f of FILES)
      await side.notify('textDocument/didOpen', {
        textDocument: { uri: f.uri, languageId: f.languageId, version: 1, text: f.text },
      });
  let hovers = 0;
  const hoverTexts: string[] = [];
  for (const f of FILES) {
    const symbols = await Promise.all(
      [web, nodeSide].map((s) => s.request('textDocument/documentSymbol', { textDocument: { uri: f.uri } })),
    );
    assert.deepEqual(symbols[0], symbols[1], `symbols of ${f.uri}`);
    if (f.languageId !== 'yaml') continue;
    // A hover at the first letter of each key, of each value and of each list item.
    const lines = f.text.split('\n');
    for (let line = 0; line < lines.length; line++) {
      const m = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*)(:\s*)?(\S)?/.exec(lines[line]!);
      if (!m) continue;
      const positions = [m[1]!.length];
      if (m[3] && m[4]) positions.push(m[1]!.length + m[2]!.length + m[3].length);
      for (const character of positions) {
        const params = { textDocument: { uri: f.uri }, position: { line, character } };
        const [a, b] = await Promise.all([web, nodeSide].map((s) => s.request('textDocument/hover', params)));
        assert.deepEqual(a, b, `hover at ${f.uri}:${line + 1}:${character + 1}`);
        if (a) {
          hovers++;
          hoverTexts.push(JSON.stringify(a));
        }
      }
    }
  }
  assert.ok(hovers >= 50, `${hovers} hovers with content`);
  assert.ok(
    hoverTexts.some((t) => /error budget/i.test(t)),
    'a hover says what the target means for the error budget',
  );
  assert.deepEqual(ofExamples(await settled(web)), ofExamples(await settled(nodeSide)));
});
