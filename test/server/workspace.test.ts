import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer, type ServerMessage, type TestClient } from './client.js';
import {
  brief,
  codes,
  message,
  openDoc,
  published,
  settle,
  sliYaml,
  sloYaml,
  TempWorkspace,
} from './util.js';

const GENERATED = 57;

function publishedFor(client: TestClient, uri: string): PublishDiagnosticsParams[] {
  return client.received
    .filter((m) => m.method === 'textDocument/publishDiagnostics')
    .map((m) => m.params as PublishDiagnosticsParams)
    .filter((p) => p.uri === uri);
}

async function watched(client: TestClient, changes: Array<{ uri: string; type: 1 | 2 | 3 }>): Promise<void> {
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
}

describe('workspace index', () => {
  let client: TestClient;
  let ws: TempWorkspace;
  const observed: ServerMessage[] = [];

  before(async () => {
    ws = new TempWorkspace({
      'slos/orders.yaml': sloYaml('orders-availability', 'orders-requests'),
      'slos/broken.yml': sloYaml('broken-availability', 'orders-availability-sli', '99.9').replace(
        'indicatorRef: orders-availability-sli',
        'indicatorRef: generated-00',
      ),
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
      'node_modules/pkg/slo.yaml': sloYaml('vendored', 'nowhere', '99.9'),
      'package.json': '{"name": "x"}',
    });
    for (let i = 0; i < GENERATED; i++)
      ws.write(
        `gen/sli-${String(i).padStart(2, '0')}.yaml`,
        sliYaml(`generated-${String(i).padStart(2, '0')}`),
      );
    client = await startServer({ workspaceFolder: ws.dir, observe: (m) => observed.push(m) });
    await client.waitFor('window/logMessage', (m) =>
      /^Indexed/.test((m.params as { message: string }).message),
    );
  });
  after(async () => {
    await client.close();
    ws.dispose();
  });

  test('files that were never opened get their diagnostics at start', async () => {
    const orders = await published(client, ws.uri('slos/orders.yaml'));
    assert.equal(orders.version, undefined);
    assert.deepEqual(orders.diagnostics.map(brief), ['SLO704@7:17-7:32']);
    assert.match(message(orders.diagnostics[0]!), /^No SLI named “orders-requests” in the files checked: /);

    const broken = await published(client, ws.uri('slos/broken.yml'));
    assert.deepEqual(broken.diagnostics.map(brief), ['SLO114@14:15-14:19']);

    // The generated SLIs were indexed too: the reference to one of them resolves, and they are clean.
    assert.deepEqual((await published(client, ws.uri('gen/sli-56.yaml'))).diagnostics, []);

    // Not SLO files, and excluded folders: nothing published.
    for (const name of ['docker-compose.yml', 'node_modules/pkg/slo.yaml', 'package.json'])
      assert.deepEqual(publishedFor(client, ws.uri(name)), [], name);
  });

  test('indexing reports its progress on a token the server created', async () => {
    const create = observed.find((m) => m.method === 'window/workDoneProgress/create');
    assert.ok(create, 'window/workDoneProgress/create was requested');
    const { token } = create.params as { token: string };
    const progress = observed
      .filter((m) => m.method === '$/progress' && (m.params as { token: string }).token === token)
      .map((m) => (m.params as { value: Record<string, unknown> }).value);
    const total = GENERATED + 3; // the SLO files, docker-compose.yml; package.json and node_modules are excluded
    assert.deepEqual(progress, [
      {
        kind: 'begin',
        title: 'Team SRE: indexing SLO files',
        message: `${total} files`,
        cancellable: false,
        percentage: 0,
      },
      { kind: 'report', percentage: Math.round((100 * 50) / total), message: `50 of ${total} files` },
      { kind: 'end' },
    ]);
    // The create request comes before any progress on its token.
    assert.ok(observed.indexOf(create) < observed.findIndex((m) => m.method === '$/progress'));
    const log = observed.find(
      (m) => m.method === 'window/logMessage' && /^Indexed/.test((m.params as { message: string }).message),
    );
    assert.match(
      (log!.params as { message: string }).message,
      new RegExp(`^Indexed ${GENERATED + 2} SLO files of ${total} and 0 postmortems in \\d+ ms\\.$`),
    );
  });

  test('a file created on disk is indexed when the watcher reports it, and dropped when deleted', async () => {
    const ordersUri = ws.uri('slos/orders.yaml');
    const resolved = client.diagnostics(ordersUri, (p) => p.diagnostics.length === 0);
    const sliUri = ws.write('slos/orders-sli.yaml', sliYaml('orders-requests'));
    const sliPublished = client.diagnostics(sliUri);
    await watched(client, [{ uri: sliUri, type: 1 }]);
    assert.equal((await resolved).version, undefined);
    assert.deepEqual((await sliPublished).diagnostics, []);

    // Deleted: empty diagnostics for it, and the reference is unresolved again.
    const cleared = client.diagnostics(sliUri, (p) => p.diagnostics.length === 0);
    const unresolved = client.diagnostics(ordersUri, (p) => codes(p.diagnostics).includes('SLO704'));
    ws.remove('slos/orders-sli.yaml');
    await watched(client, [{ uri: sliUri, type: 3 }]);
    await cleared;
    assert.deepEqual((await unresolved).diagnostics.map(brief), ['SLO704@7:17-7:32']);
  });

  test('a file changed on disk is analyzed again', async () => {
    const uri = ws.uri('slos/broken.yml');
    const fixed = client.diagnostics(uri);
    ws.write('slos/broken.yml', sloYaml('broken-availability', 'generated-00'));
    await watched(client, [{ uri, type: 2 }]);
    assert.deepEqual((await fixed).diagnostics, []);
  });

  test('a new file with an error gets its own diagnostics', async () => {
    const uri = ws.write('slos/new.yaml', sloYaml('new-availability', 'generated-01', '99.9'));
    const p = client.diagnostics(uri);
    await watched(client, [{ uri, type: 1 }]);
    assert.deepEqual((await p).diagnostics.map(brief), ['SLO114@14:15-14:19']);
  });

  test('created files that are not SLO files, or are excluded, are not indexed', async () => {
    const other = ws.write('ci/workflow.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n');
    const vendored = ws.write('node_modules/pkg/other.yaml', sloYaml('vendored-2', 'nowhere', '99.9'));
    await watched(client, [
      { uri: other, type: 1 },
      { uri: vendored, type: 1 },
    ]);
    await settle(client);
    assert.deepEqual(publishedFor(client, other), []);
    assert.deepEqual(publishedFor(client, vendored), []);
    // A file that stops being an SLO file loses its diagnostics.
    const uri = ws.write('slos/was-slo.yaml', sloYaml('was-slo', 'generated-03', '99.9'));
    const first = client.diagnostics(uri);
    await watched(client, [{ uri, type: 1 }]);
    assert.deepEqual(codes((await first).diagnostics), ['SLO114']);
    const cleared = client.diagnostics(uri);
    ws.write('slos/was-slo.yaml', 'just: some yaml\n');
    await watched(client, [{ uri, type: 2 }]);
    assert.deepEqual((await cleared).diagnostics, []);

    // Deleting them again sends nothing either.
    ws.remove('ci/workflow.yml');
    await watched(client, [{ uri: other, type: 3 }]);
    await settle(client);
    assert.deepEqual(publishedFor(client, other), []);
  });

  test('a watcher event for a file open in the editor does not override the editor text', async () => {
    const uri = ws.write('slos/open.yaml', sloYaml('open-availability', 'generated-02'));
    const { doc, diagnostics } = await openDoc(
      client,
      uri,
      sloYaml('open-availability', 'generated-02', '99.9'),
    );
    assert.deepEqual(codes(diagnostics), ['SLO114']);
    await watched(client, [{ uri, type: 2 }]);
    await settle(client);
    assert.deepEqual(codes(client.latest.get(uri)!.diagnostics), ['SLO114']);
    assert.equal(client.latest.get(uri)!.version, doc.version);
    // Closed: the disk text (valid) applies again.
    const disk = client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await doc.close();
    await disk;
  });
});

/** A file URI as VS Code writes it: every character but letters, digits and `-._~/` percent-encoded. */
function vscodeUri(path: string): string {
  return `file://${path
    .split('/')
    .map((s) =>
      encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/')}`;
}

describe('workspace URIs spelled differently', () => {
  let client: TestClient;
  let ws: TempWorkspace;
  let folder: string;
  before(async () => {
    ws = new TempWorkspace({
      'proj (copy)/sli.yaml': sliYaml('enc-requests'),
      'proj (copy)/slo.yaml': sloYaml('enc-availability', 'enc-requests'),
    });
    folder = ws.path('proj (copy)');
    // A folder URI with a trailing slash.
    client = await startServer({ workspaceFolder: `${folder}/` });
    await client.waitFor('window/logMessage', (m) =>
      /^Indexed 2 /.test((m.params as { message: string }).message),
    );
  });
  after(async () => {
    await client.close();
    ws.dispose();
  });

  test('a file open under another spelling of its URI is not a duplicate of itself', async () => {
    const sloUri = ws.uri('proj (copy)/slo.yaml');
    const diskSliUri = ws.uri('proj (copy)/sli.yaml');
    const editorUri = vscodeUri(ws.path('proj (copy)/sli.yaml'));
    assert.notEqual(editorUri, diskSliUri);
    assert.deepEqual((await published(client, sloUri)).diagnostics, []);

    const { doc, diagnostics } = await openDoc(client, editorUri, sliYaml('enc-requests'));
    assert.deepEqual(diagnostics, []);

    // The editor's text is the only one: renaming there leaves the SLO unresolved.
    const unresolved = client.diagnostics(sloUri, (p) => p.diagnostics.length > 0);
    await doc.replace('enc-requests', 'enc-requests-2');
    assert.deepEqual((await unresolved).diagnostics.map(brief), ['SLO701@7:17-7:29']);
    assert.deepEqual((await doc.diagnostics()).diagnostics, []);

    // A watcher event for the same file (as Node spells it) does not bring the disk text back.
    await watched(client, [{ uri: diskSliUri, type: 2 }]);
    await settle(client);
    assert.deepEqual(codes(client.latest.get(sloUri)!.diagnostics), ['SLO701']);

    // Closed without saving: the disk text applies again.
    const resolved = client.diagnostics(sloUri, (p) => p.diagnostics.length === 0);
    await doc.close();
    await resolved;
  });

  test('a file created in a folder given with a trailing slash is indexed', async () => {
    const uri = ws.write('proj (copy)/new.yaml', sloYaml('enc-new', 'enc-requests', '99.9'));
    const p = client.diagnostics(uri);
    await watched(client, [{ uri, type: 1 }]);
    assert.deepEqual((await p).diagnostics.map(brief), ['SLO114@14:15-14:19']);
  });
});
