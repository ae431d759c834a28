import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestClient } from './client.js';
import {
  IndexedNotification,
  PostmortemsChangedNotification,
  PostmortemsRequest,
} from '../../src/protocol/requests.js';
import { brief, Doc, message, openDoc, published, settle, sloYaml, sliYaml, TempWorkspace } from './util.js';

let client: TestClient | undefined;
let ws: TempWorkspace | undefined;
after(async () => {
  await client?.close();
  ws?.dispose();
});

const POSTMORTEM = (slo: string) => `---
title: Checkout down
date: 2026-11-03
started: 2026-11-03T14:12:00+01:00
resolved: 2026-11-03T14:50:00+01:00
status: draft
owner: amina
slos:
  - file: slos/checkout.yaml
    name: ${slo}
action_items: []
---

# Checkout down
`;

test('postmortems: their front matter is checked against the SLO files, and SLO files list them', async () => {
  ws = new TempWorkspace({
    'services/checkout/slos/checkout.yaml': `${sloYaml('checkout-availability', 'checkout-ratio')}---\n${sliYaml('checkout-ratio')}`,
    'services/checkout/postmortems/2026-11-03-checkout-down.md': POSTMORTEM('checkout-availability'),
    'services/checkout/postmortems/2026-11-04-typo.md': POSTMORTEM('checkout-availabilty'),
    'services/checkout/postmortems/README.md': '# Not a postmortem\n',
    'docs/notes.md': '# Not in a postmortem folder\n',
  });
  client = await startServer({ workspaceFolder: ws.dir });
  // From disk, at start: the typo is reported on its value, with the names that exist.
  const typo = await published(
    client,
    ws.uri('services/checkout/postmortems/2026-11-04-typo.md'),
    (p) => p.diagnostics.length > 0,
  );
  assert.deepEqual(typo.diagnostics.map(brief), ['SLO808@10:11-10:31']);
  assert.match(message(typo.diagnostics[0]!), /checkout-availabilty.*did you mean “checkout-availability”/);
  const clean = await published(client, ws.uri('services/checkout/postmortems/2026-11-03-checkout-down.md'));
  assert.deepEqual(clean.diagnostics, []);
  assert.equal(
    client.received.some(
      (m) =>
        m.method === 'textDocument/publishDiagnostics' &&
        /README\.md|notes\.md/.test((m.params as { uri: string }).uri),
    ),
    false,
    'README.md and Markdown outside postmortem folders are not postmortems',
  );

  // As you type: an owner removed is reported on the front matter.
  const { doc, diagnostics } = await openDoc(
    client,
    ws.uri('services/checkout/postmortems/2026-11-03-checkout-down.md'),
    POSTMORTEM('checkout-availability').replace('owner: amina\n', ''),
  );
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['SLO804'],
  );
  void doc;

  // The SLO file gets a CodeLens listing the postmortem that names its SLO.
  const sloUri = ws.uri('services/checkout/slos/checkout.yaml');
  await openDoc(
    client,
    sloUri,
    `${sloYaml('checkout-availability', 'checkout-ratio')}---\n${sliYaml('checkout-ratio')}`,
  );
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', {
    textDocument: { uri: sloUri },
  })) as Array<{ command: { title: string; command: string; arguments: unknown[] } }>;
  const cited = lenses.filter((l) => l.command.command === 'teamSre.showPostmortems');
  assert.deepEqual(
    cited.map((l) => [l.command.title, l.command.arguments]),
    [
      [
        '1 postmortem',
        [
          [
            {
              uri: ws.uri('services/checkout/postmortems/2026-11-03-checkout-down.md'),
              title: 'Checkout down',
              date: '2026-11-03',
              status: 'draft',
            },
          ],
        ],
      ],
    ],
  );
});

test('teamSre/postmortems lists the indexed postmortems; teamSre/postmortemsChanged follows disk and editor changes', async () => {
  const space = new TempWorkspace({
    'slos/checkout.yaml': `${sloYaml('checkout-availability', 'checkout-ratio')}---\n${sliYaml('checkout-ratio')}`,
    'postmortems/2026-11-03-checkout-down.md': POSTMORTEM('checkout-availability'),
    'postmortems/README.md': '# Not a postmortem\n',
  });
  const server = await startServer({ workspaceFolder: space.dir });
  try {
    await server.waitFor(IndexedNotification.method);
    const listed = await server.connection.sendRequest(PostmortemsRequest, {});
    assert.deepEqual(listed, [
      {
        uri: space.uri('postmortems/2026-11-03-checkout-down.md'),
        summary: {
          path: 'postmortems/2026-11-03-checkout-down.md',
          date: '2026-11-03',
          title: 'Checkout down',
          status: 'draft',
          owner: 'amina',
          slos: [{ file: 'slos/checkout.yaml', name: 'checkout-availability' }],
          actionItems: [],
          openActionItems: [],
        },
      },
    ]);
    const told = () =>
      server.received.filter((m) => m.method === PostmortemsChangedNotification.method).length;
    assert.equal(told(), 0, 'the index notification tells of the postmortems found at start');

    // A postmortem created on disk: read when the watcher reports it, and the client told.
    const created = space.write(
      'postmortems/2026-11-05-payments-slow.md',
      '---\ntitle: Payments slow\nstatus: in review\n---\n',
    );
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: created, type: 1 }],
    });
    await server.waitFor(PostmortemsChangedNotification.method);
    assert.deepEqual(
      (await server.connection.sendRequest(PostmortemsRequest, {})).map((p) => [
        p.summary.title,
        p.summary.status,
        p.summary.date,
      ]),
      [
        ['Checkout down', 'draft', '2026-11-03'],
        ['Payments slow', 'in review', '2026-11-05'],
      ],
    );

    // Retitled in an editor: the editor's text is what is listed, and the client told again.
    const doc = await new Doc(
      server,
      created,
      '---\ntitle: Payments slower\nstatus: in review\n---\n',
    ).open();
    await doc.diagnostics();
    await settle(server);
    assert.equal(told(), 2);
    assert.deepEqual(
      (await server.connection.sendRequest(PostmortemsRequest, {})).map((p) => p.summary.title),
      ['Checkout down', 'Payments slower'],
    );
    // An edit below the front matter changes nothing the view shows: no notification.
    await doc.setText(`${doc.text}\nMore detail.\n`);
    await doc.diagnostics();
    await settle(server);
    assert.equal(told(), 2);

    // Deleted on disk (and closed): gone from the list.
    await doc.close();
    space.remove('postmortems/2026-11-05-payments-slow.md');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: created, type: 3 }],
    });
    await settle(server);
    assert.deepEqual(
      (await server.connection.sendRequest(PostmortemsRequest, {})).map((p) => p.summary.title),
      ['Checkout down'],
    );
    assert.ok(told() >= 3);
  } finally {
    await server.close();
    space.dispose();
  }
});

test('a new postmortem makes a client that supports it ask for CodeLenses again: the SLOs count their postmortems', async () => {
  const refreshes: number[] = [];
  for (const [day, codeLens] of [
    ['05', undefined],
    ['06', { refreshSupport: true }],
  ] as const) {
    const space = new TempWorkspace({
      'slos/checkout.yaml': `${sloYaml('checkout-availability', 'checkout-ratio')}---\n${sliYaml('checkout-ratio')}`,
      'postmortems/2026-11-03-checkout-down.md': POSTMORTEM('checkout-availability'),
    });
    const server = await startServer({
      workspaceFolder: space.dir,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          ...(codeLens ? { codeLens } : {}),
        },
      },
    });
    try {
      await server.waitFor(IndexedNotification.method);
      const created = space.write(
        `postmortems/2026-11-${day}-checkout-slow.md`,
        POSTMORTEM('checkout-availability'),
      );
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: created, type: 1 }],
      });
      await server.waitFor(PostmortemsChangedNotification.method);
      if (codeLens) await server.waitFor('workspace/codeLens/refresh');
      else await settle(server);
      refreshes.push(server.received.filter((m) => m.method === 'workspace/codeLens/refresh').length);
    } finally {
      await server.close();
      space.dispose();
    }
  }
  assert.deepEqual(refreshes, [0, 1]);
});
