import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from './client.js';
import { brief, codes, Doc, message, openDoc, rangeOf, sliYaml, sloYaml, TempWorkspace } from './util.js';

describe('cross-file checks', () => {
  let client: TestClient;
  let ws: TempWorkspace;
  before(async () => {
    ws = new TempWorkspace();
    client = await startServer({ workspaceFolder: ws.dir });
    await client.waitFor('window/logMessage', (m) =>
      /^Indexed/.test((m.params as { message: string }).message),
    );
  });
  after(async () => {
    await client.close();
    ws.dispose();
  });

  test('an indicatorRef to an absent SLI, resolved when the SLI file is opened and back when it is closed', async () => {
    const sloUri = ws.uri('orders-slo.yaml');
    const { diagnostics } = await openDoc(client, sloUri, sloYaml('orders-availability', 'orders-requests'));
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    // No SLI anywhere: it may be defined in a folder not open, so a warning.
    assert.equal(brief(d!), 'SLO704@7:17-7:32');
    assert.equal(d!.severity, 2);
    assert.equal(
      d!.message,
      'No SLI named “orders-requests” in the files checked: if it is defined elsewhere, add its folder to the workspace or pass it to “team-sre lint” too.',
    );

    // The SLI file appears in the editor: the SLO file is published again, clean (still version 1).
    const resolved = client.diagnostics(sloUri, (p) => !codes(p.diagnostics).includes('SLO704'));
    const sli = await new Doc(client, ws.uri('orders-sli.yaml'), sliYaml('orders-requests')).open();
    const p = await resolved;
    assert.deepEqual(p.diagnostics, []);
    assert.equal(p.version, 1);
    assert.deepEqual((await sli.diagnostics()).diagnostics, []);

    // Closed without being saved: the file is not on disk, so the reference is unresolved again.
    const unresolved = client.diagnostics(sloUri, (p) => codes(p.diagnostics).includes('SLO704'));
    const cleared = client.diagnostics(sli.uri, (p) => p.diagnostics.length === 0 && p.version === undefined);
    await sli.close();
    assert.equal(brief((await unresolved).diagnostics[0]!), 'SLO704@7:17-7:32');
    await cleared;
  });

  test('an edit is published for the edited file first, then for the files it affects', async () => {
    const sli = (await openDoc(client, ws.uri('first-sli.yaml'), sliYaml('first-requests'))).doc;
    const sloUri = ws.uri('first-slo.yaml');
    const { diagnostics } = await openDoc(client, sloUri, sloYaml('first-availability', 'first-requests'));
    assert.deepEqual(diagnostics, []);
    const mark = client.received.length;
    const broken = client.diagnostics(sloUri, (p) => codes(p.diagnostics).includes('SLO701'));
    await sli.replace('first-requests', 'first-requests-v2');
    assert.deepEqual((await sli.diagnostics()).diagnostics, []);
    assert.equal(brief((await broken).diagnostics[0]!), 'SLO701@7:17-7:31');
    const order = client.received
      .slice(mark)
      .filter((m) => m.method === 'textDocument/publishDiagnostics')
      .map((m) => (m.params as { uri: string; version?: number }).uri);
    // First the edited file; the SLO file after it (and other files whose messages list the SLI names).
    assert.equal(order[0], sli.uri);
    assert.deepEqual(
      order.filter((uri) => uri === sli.uri || uri === sloUri),
      [sli.uri, sloUri],
    );
  });

  test('editing the SLI to define the name resolves the reference; a near miss suggests the name', async () => {
    const sli = (await openDoc(client, ws.uri('pay-sli.yaml'), sliYaml('payments-requets'))).doc;
    const sloUri = ws.uri('pay-slo.yaml');
    const { diagnostics } = await openDoc(
      client,
      sloUri,
      sloYaml('payments-availability', 'payments-requests'),
    );
    assert.deepEqual(diagnostics.map(brief), ['SLO701@7:17-7:34']);
    assert.equal(
      diagnostics[0]!.message,
      'No SLI named “payments-requests” in the workspace: did you mean “payments-requets”?',
    );

    // A fix is offered to change the reference to the suggestion.
    const [action] = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: sloUri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    })) as CodeAction[];
    assert.equal(action!.title, 'Change to payments-requets');
    assert.equal(action!.isPreferred, true);
    assert.deepEqual(action!.edit!.changes, {
      [sloUri]: [{ range: diagnostics[0]!.range, newText: 'payments-requets' }],
    });

    const resolved = client.diagnostics(sloUri, (p) => p.diagnostics.length === 0);
    await sli.replace('payments-requets', 'payments-requests');
    const p = await resolved;
    assert.equal(p.version, 1);
    assert.deepEqual((await sli.diagnostics()).diagnostics, []);

    // Renamed away again: the SLO file gets its SLO701 back, with the new name suggested.
    const again = client.diagnostics(sloUri, (p) => p.diagnostics.length === 1);
    await sli.replace('payments-requests', 'payments-request');
    const back = await again;
    assert.match(message(back.diagnostics[0]!), /did you mean “payments-request”\?$/);
  });

  test('the same SLI name in two files: SLO705 on both, SLO702 once an SLO references it', async () => {
    const a = (await openDoc(client, ws.uri('dup-a.yaml'), sliYaml('dup-requests'))).doc;
    const bText = `# second copy\n${sliYaml('dup-requests')}`;
    const aRepublished = client.diagnostics(a.uri, (p) => codes(p.diagnostics).includes('SLO705'));
    const { doc: b, diagnostics: bDiagnostics } = await openDoc(client, ws.uri('dup-b.yaml'), bText);
    const aDiagnostics = (await aRepublished).diagnostics;

    // Nothing references the name: a warning on each, pointing at the other.
    assert.deepEqual(bDiagnostics.map(brief), ['SLO705@5:9-5:21']);
    assert.equal(bDiagnostics[0]!.severity, 2);
    assert.equal(
      bDiagnostics[0]!.message,
      'Duplicate OpenSLO SLI name “dup-requests”: also defined at dup-a.yaml:4; nothing in the files checked references it, but a tool reading both keeps one. Remove the copy or rename one of them.',
    );
    assert.deepEqual(bDiagnostics[0]!.relatedInformation, [
      {
        location: { uri: a.uri, range: rangeOf(a.text, 'dup-requests') },
        message: 'Other definition of dup-requests',
      },
    ]);
    assert.deepEqual(aDiagnostics.map(brief), ['SLO705@4:9-4:21']);

    // An SLO references it: the reference is ambiguous, both definitions become errors.
    const aAmbiguous = client.diagnostics(a.uri, (p) => codes(p.diagnostics).includes('SLO702'));
    const bAmbiguous = client.diagnostics(b.uri, (p) => codes(p.diagnostics).includes('SLO702'));
    const slo = await openDoc(client, ws.uri('dup-slo.yaml'), sloYaml('dup-availability', 'dup-requests'));
    assert.deepEqual(slo.diagnostics, []);
    const ambiguous = (await aAmbiguous).diagnostics;
    assert.deepEqual(ambiguous.map(brief), ['SLO702@4:9-4:21']);
    assert.equal(ambiguous[0]!.severity, 1);
    assert.equal(
      ambiguous[0]!.message,
      'Duplicate OpenSLO SLI name “dup-requests”: also defined at dup-b.yaml:5, so references to it are ambiguous. Rename one of them.',
    );
    assert.deepEqual(ambiguous[0]!.relatedInformation, [
      {
        location: { uri: b.uri, range: rangeOf(b.text, 'dup-requests') },
        message: 'Other definition of dup-requests',
      },
    ]);
    assert.deepEqual((await bAmbiguous).diagnostics.map(brief), ['SLO702@5:9-5:21']);

    // Renaming one clears both.
    const aClean = client.diagnostics(a.uri, (p) => p.diagnostics.length === 0);
    await b.replace('dup-requests', 'dup-requests-2');
    assert.deepEqual((await b.diagnostics()).diagnostics, []);
    await aClean;
    await slo.doc.close();
  });

  test('an SLO and an SLI may share a name: kinds have their own namespaces', async () => {
    const text = `${sliYaml('same-name')}---\n${sloYaml('same-name', 'same-name')}`;
    const { diagnostics } = await openDoc(client, ws.uri('same-name.yaml'), text);
    assert.deepEqual(diagnostics, []);
  });
});
