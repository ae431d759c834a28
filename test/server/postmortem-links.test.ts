// Postmortems cite SLOs by file and name: a rename reaches them, references list them, a typo gets quick fixes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from './client.js';
import { IndexedNotification } from '../../src/protocol/requests.js';
import {
  applyWorkspaceEdit,
  positionOf,
  published,
  rangeOf,
  sloYaml,
  sliYaml,
  TempWorkspace,
} from './util.js';

let client: TestClient | undefined;
let ws: TempWorkspace | undefined;
after(async () => {
  await client?.close();
  ws?.dispose();
});

const SLOS = `${sloYaml('checkout-availability', 'checkout-ratio')}---\n${sloYaml('checkout-latency', 'checkout-ratio')}---\n${sloYaml('checkout-latency-2', 'checkout-ratio')}---\n${sliYaml('checkout-ratio')}---\n${sliYaml('checkout-latency')}`;
/** A Sloth SLO whose id is the OpenSLO SLO's name: a postmortem citing it is not renamed with the other. */
const SLOTH = `version: prometheus/v1
service: checkout
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      page_alert: { disable: true }
      ticket_alert: { disable: true }
`;
const postmortem = (slos: string) => `---
title: Checkout down
date: 2026-11-03
status: draft
owner: amina
slos:
${slos}action_items: []
---

# Checkout down
`;
const CITING = postmortem(
  "  - file: slos/checkout.yaml\n    name: 'checkout-availability'\n  - file: slos/checkout.yaml\n    name: checkout-latency\n",
);
/** In a service's folder: its `file` is read from the service's root. */
const NESTED = postmortem('  - file: slos/checkout.yaml\n    name: checkout-availability\n');
/** Cites an SLO of the same name in another file: not the one renamed. */
const OTHER = postmortem('  - file: sloth/checkout.yaml\n    name: checkout-availability\n');
/** In a service's folder, its `file` relative to it. */
const UP = NESTED.replace('slos/checkout.yaml', '../slos/checkout.yaml');
const TYPO = postmortem('  - file: slos/checkout.yaml\n    name: checkout-latncy\n');

test('rename an SLO: the WorkspaceEdit renames it in the postmortems that cite it; references list them', async () => {
  ws = new TempWorkspace({
    'slos/checkout.yaml': SLOS,
    'sloth/checkout.yaml': SLOTH,
    'postmortems/2026-11-03-checkout-down.md': CITING,
    'payments/postmortems/2026-11-04-nested.md': NESTED.replace(
      'slos/checkout.yaml',
      '../slos/checkout.yaml',
    ),
    'postmortems/2026-11-05-other.md': OTHER,
  });
  client = await startServer({ workspaceFolder: ws.dir });
  await client.waitFor(IndexedNotification.method);
  const slo = ws.uri('slos/checkout.yaml');
  const citing = ws.uri('postmortems/2026-11-03-checkout-down.md');
  const nested = ws.uri('payments/postmortems/2026-11-04-nested.md');
  assert.deepEqual((await published(client, ws.uri('postmortems/2026-11-05-other.md'))).diagnostics, []);
  const at = positionOf(SLOS, 'checkout-availability', 3);

  const edit = (await client.connection.sendRequest('textDocument/rename', {
    textDocument: { uri: slo },
    position: at,
    newName: 'checkout-success',
  })) as WorkspaceEdit;
  assert.deepEqual(edit.changes![citing], [
    { range: rangeOf(CITING, "'checkout-availability'"), newText: "'checkout-success'" },
  ]);
  assert.deepEqual(edit.changes![nested], [
    { range: rangeOf(UP, 'checkout-availability'), newText: 'checkout-success' },
  ]);
  assert.deepEqual(Object.keys(edit.changes!).sort(), [citing, nested, slo].sort());
  const renamed = applyWorkspaceEdit({ [slo]: SLOS, [citing]: CITING, [nested]: UP }, edit);
  assert.equal(renamed[citing], CITING.replace("'checkout-availability'", "'checkout-success'"));
  assert.equal(renamed[slo], SLOS.replace('name: checkout-availability', 'name: checkout-success'));

  // A name YAML would read as a number is written quoted.
  const numeric = (await client.connection.sendRequest('textDocument/rename', {
    textDocument: { uri: slo },
    position: positionOf(SLOS, 'checkout-latency', 3),
    newName: '1e5',
  })) as WorkspaceEdit;
  assert.deepEqual(numeric.changes![citing], [
    { range: rangeOf(CITING, 'checkout-latency'), newText: "'1e5'" },
  ]);

  // The SLI of the same name is not what postmortems cite.
  const sli = (await client.connection.sendRequest('textDocument/rename', {
    textDocument: { uri: slo },
    position: positionOf(SLOS, 'checkout-latency', 3, 2),
    newName: 'checkout-slow',
  })) as WorkspaceEdit;
  assert.deepEqual(sli.changes, {
    [slo]: [{ range: rangeOf(SLOS, 'checkout-latency', 2), newText: 'checkout-slow' }],
  });

  const references = (await client.connection.sendRequest('textDocument/references', {
    textDocument: { uri: slo },
    position: at,
    context: { includeDeclaration: true },
  })) as Location[];
  assert.deepEqual(
    references.sort((a, b) => a.uri.localeCompare(b.uri)),
    [
      { uri: nested, range: rangeOf(UP, 'checkout-availability') },
      { uri: citing, range: rangeOf(CITING, "'checkout-availability'") },
      { uri: slo, range: rangeOf(SLOS, 'checkout-availability') },
    ].sort((a, b) => a.uri.localeCompare(b.uri)),
  );
});

test('rename reaches a postmortem whose file is read from its service root', async () => {
  const space = new TempWorkspace({
    'payments/slos/checkout.yaml': SLOS,
    'payments/postmortems/2026-11-04-nested.md': NESTED,
  });
  const server = await startServer({ workspaceFolder: space.dir });
  try {
    await server.waitFor(IndexedNotification.method);
    const nested = space.uri('payments/postmortems/2026-11-04-nested.md');
    const edit = (await server.connection.sendRequest('textDocument/rename', {
      textDocument: { uri: space.uri('payments/slos/checkout.yaml') },
      position: positionOf(SLOS, 'checkout-availability', 3),
      newName: 'checkout-success',
    })) as WorkspaceEdit;
    assert.deepEqual(edit.changes![nested], [
      { range: rangeOf(NESTED, 'checkout-availability'), newText: 'checkout-success' },
    ]);
  } finally {
    await server.close();
    space.dispose();
  }
});

test('SLO808: the close names of an unresolved SLO are quick fixes on the postmortem', async () => {
  const space = new TempWorkspace({
    'slos/checkout.yaml': SLOS,
    'postmortems/2026-11-06-typo.md': TYPO,
    'postmortems/2026-11-07-file.md': postmortem('  - file: slos/checkout.yml\n    name: checkout-latency\n'),
  });
  const server = await startServer({ workspaceFolder: space.dir });
  try {
    const uri = space.uri('postmortems/2026-11-06-typo.md');
    const typo = rangeOf(TYPO, 'checkout-latncy');
    const diagnostics = await published(server, uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      diagnostics.diagnostics.map((d) => [d.code, d.range]),
      [['SLO808', typo]],
    );
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: typo.start, end: typo.start },
      context: { diagnostics: diagnostics.diagnostics },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred, a.edit]),
      [
        [
          'Change to checkout-latency',
          'quickfix',
          false,
          { changes: { [uri]: [{ range: typo, newText: 'checkout-latency' }] } },
        ],
        [
          'Change to checkout-latency-2',
          'quickfix',
          false,
          { changes: { [uri]: [{ range: typo, newText: 'checkout-latency-2' }] } },
        ],
      ],
    );
    // The file too: its close names.
    const fileUri = space.uri('postmortems/2026-11-07-file.md');
    const file = await published(server, fileUri, (p) => p.diagnostics.length > 0);
    const fileActions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: fileUri },
      range: file.diagnostics[0]!.range,
      context: { diagnostics: file.diagnostics },
    })) as CodeAction[];
    assert.deepEqual(
      fileActions.map((a) => [a.title, a.isPreferred, a.edit]),
      [
        [
          'Change to slos/checkout.yaml',
          true,
          { changes: { [fileUri]: [{ range: file.diagnostics[0]!.range, newText: 'slos/checkout.yaml' }] } },
        ],
      ],
    );
    // Elsewhere in the postmortem: no fix.
    assert.deepEqual(
      await server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: rangeOf(TYPO, 'Checkout down'),
        context: { diagnostics: [] },
      }),
      [],
    );
  } finally {
    await server.close();
    space.dispose();
  }
});
