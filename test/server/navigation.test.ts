import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ResponseError, type Location, type Range, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from './client.js';
import {
  applyWorkspaceEdit,
  type Doc,
  openDoc,
  positionOf,
  published,
  rangeOf,
  sliYaml,
  sloYaml,
  TempWorkspace,
} from './util.js';

const SLOS = `${sloYaml('nav-availability', 'nav-requests')}---\n${sloYaml('nav-availability-eu', 'nav-requests')}`;
const DISK_SLO = sloYaml('nav-on-disk', 'nav-requests');

describe('definition, references, rename', () => {
  let client: TestClient;
  let ws: TempWorkspace;
  let sli: Doc;
  let slos: Doc;
  const diskUri = () => ws.uri('disk-slo.yaml');

  before(async () => {
    ws = new TempWorkspace({ 'disk-slo.yaml': DISK_SLO });
    client = await startServer({ workspaceFolder: ws.dir });
    await client.waitFor('window/logMessage', (m) =>
      /^Indexed/.test((m.params as { message: string }).message),
    );
    sli = (await openDoc(client, ws.uri('sli.yaml'), sliYaml('nav-requests'))).doc;
    slos = (await openDoc(client, ws.uri('slos.yaml'), SLOS)).doc;
    assert.deepEqual((await published(client, diskUri(), (p) => p.diagnostics.length === 0)).diagnostics, []);
  });
  after(async () => {
    await client.close();
    ws.dispose();
  });

  const request = <R>(method: string, params: object): Promise<R> =>
    client.connection.sendRequest(method, params);

  test('go to definition from an indicatorRef: the SLI name in the other file', async () => {
    for (const occurrence of [0, 1]) {
      const locations = await request<Location[]>('textDocument/definition', {
        textDocument: { uri: slos.uri },
        position: positionOf(slos.text, 'nav-requests', 4, occurrence),
      });
      assert.deepEqual(locations, [{ uri: sli.uri, range: rangeOf(sli.text, 'nav-requests') }]);
    }
    // At either end of the name too.
    const atEnd = await request<Location[]>('textDocument/definition', {
      textDocument: { uri: slos.uri },
      position: rangeOf(slos.text, 'nav-requests').end,
    });
    assert.equal(atEnd.length, 1);
  });

  test('go to definition elsewhere: nothing', async () => {
    const locations = await request<Location[]>('textDocument/definition', {
      textDocument: { uri: slos.uri },
      position: positionOf(slos.text, 'budgetingMethod', 2),
    });
    assert.deepEqual(locations, []);
  });

  test('find references from the SLI name, with and without the declaration', async () => {
    const position = positionOf(sli.text, 'nav-requests', 2);
    const refs = [
      { uri: diskUri(), range: rangeOf(DISK_SLO, 'nav-requests') },
      { uri: slos.uri, range: rangeOf(slos.text, 'nav-requests', 0) },
      { uri: slos.uri, range: rangeOf(slos.text, 'nav-requests', 1) },
    ];
    const sort = (l: Location[]) =>
      [...l].sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line);
    const without = await request<Location[]>('textDocument/references', {
      textDocument: { uri: sli.uri },
      position,
      context: { includeDeclaration: false },
    });
    assert.deepEqual(sort(without), sort(refs));
    const withDecl = await request<Location[]>('textDocument/references', {
      textDocument: { uri: sli.uri },
      position,
      context: { includeDeclaration: true },
    });
    // The declaration first.
    assert.deepEqual(withDecl[0], { uri: sli.uri, range: rangeOf(sli.text, 'nav-requests') });
    assert.deepEqual(sort(withDecl.slice(1)), sort(refs));
    // From a reference: the same set.
    const fromRef = await request<Location[]>('textDocument/references', {
      textDocument: { uri: slos.uri },
      position: positionOf(slos.text, 'nav-requests', 1, 1),
      context: { includeDeclaration: true },
    });
    assert.deepEqual(sort(fromRef), sort(withDecl));
  });

  test('prepareRename: the name under the cursor, or null', async () => {
    const range = await request<Range | null>('textDocument/prepareRename', {
      textDocument: { uri: slos.uri },
      position: positionOf(slos.text, 'nav-requests', 3),
    });
    assert.deepEqual(range, rangeOf(slos.text, 'nav-requests'));
    const nothing = await request<Range | null>('textDocument/prepareRename', {
      textDocument: { uri: slos.uri },
      position: positionOf(slos.text, 'Occurrences', 2),
    });
    assert.equal(nothing, null);
  });

  test('rename an invalid name: a ResponseError that states the rule', async () => {
    await assert.rejects(
      request('textDocument/rename', {
        textDocument: { uri: sli.uri },
        position: positionOf(sli.text, 'nav-requests', 1),
        newName: 'Bad Name',
      }),
      (err: unknown) => {
        assert.ok(err instanceof ResponseError, String(err));
        assert.equal(err.code, -32803);
        assert.equal(
          err.message,
          `"Bad Name" is not a valid OpenSLO name: use lower-case letters, digits and '-' (at most 63).`,
        );
        return true;
      },
    );
  });

  test('rename with params of the wrong types: InvalidParams, with what is wrong, and no edit', async () => {
    const at = positionOf(sli.text, 'nav-requests', 1);
    const cases: Array<[object, string]> = [
      [
        { textDocument: { uri: sli.uri }, position: at, newName: 42 },
        'Rename needs newName, the new name, as a string (got number).',
      ],
      [
        { textDocument: { uri: sli.uri }, position: at, newName: null },
        'Rename needs newName, the new name, as a string (got null).',
      ],
      [
        { textDocument: { uri: sli.uri }, position: at, newName: ['nav-x'] },
        'Rename needs newName, the new name, as a string (got object).',
      ],
      [
        { textDocument: { uri: sli.uri }, position: at },
        'Rename needs newName, the new name, as a string (got undefined).',
      ],
      [
        { textDocument: { uri: 7 }, position: at, newName: 'nav-x' },
        'Rename needs textDocument.uri, the URI of the file, as a string.',
      ],
      [
        { textDocument: { uri: sli.uri }, position: { line: '1', character: 0 }, newName: 'nav-x' },
        'Rename needs position.line and position.character as whole numbers from 0.',
      ],
    ];
    for (const [params, message] of cases)
      await assert.rejects(request('textDocument/rename', params), (err: unknown) => {
        assert.ok(err instanceof ResponseError, String(err));
        assert.equal(err.code, -32602);
        assert.equal(err.message, message);
        return true;
      });
  });

  test('rename to a name already taken, or where there is no name: a ResponseError', async () => {
    const other = (await openDoc(client, ws.uri('other-sli.yaml'), sliYaml('nav-taken'))).doc;
    try {
      await assert.rejects(
        request('textDocument/rename', {
          textDocument: { uri: sli.uri },
          position: positionOf(sli.text, 'nav-requests', 1),
          newName: 'nav-taken',
        }),
        { message: 'An SLI named "nav-taken" already exists.' },
      );
      await assert.rejects(
        request('textDocument/rename', {
          textDocument: { uri: sli.uri },
          position: positionOf(sli.text, 'ratioMetric', 1),
          newName: 'anything',
        }),
        { message: 'Only OpenSLO object names and references can be renamed.' },
      );
    } finally {
      await other.close();
    }
  });

  test('rename: edits in every file, open or not; applied, they leave no diagnostics', async () => {
    const edit = await request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: slos.uri },
      position: positionOf(slos.text, 'nav-requests', 5, 1),
      newName: 'nav-good-requests',
    });
    assert.deepEqual(Object.keys(edit.changes!).sort(), [diskUri(), sli.uri, slos.uri].sort());
    assert.deepEqual(edit.changes![sli.uri], [
      { range: rangeOf(sli.text, 'nav-requests'), newText: 'nav-good-requests' },
    ]);
    assert.equal(edit.changes![slos.uri]!.length, 2);

    const disk = readFileSync(ws.path('disk-slo.yaml'), 'utf8');
    const after = applyWorkspaceEdit({ [sli.uri]: sli.text, [slos.uri]: slos.text, [diskUri()]: disk }, edit);
    assert.equal(after[sli.uri], sliYaml('nav-good-requests'));
    assert.equal(
      after[slos.uri],
      `${sloYaml('nav-availability', 'nav-good-requests')}---\n${sloYaml('nav-availability-eu', 'nav-good-requests')}`,
    );
    assert.equal(after[diskUri()], sloYaml('nav-on-disk', 'nav-good-requests'));

    // Applied in the editors (the SLI first: the references are briefly unresolved), then saved to disk.
    await sli.apply(edit);
    await slos.apply(edit);
    ws.write('disk-slo.yaml', after[diskUri()]!);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: diskUri(), type: 2 }],
    });
    assert.deepEqual((await sli.diagnostics()).diagnostics, []);
    assert.deepEqual((await slos.diagnostics()).diagnostics, []);
    assert.deepEqual((await published(client, diskUri(), (p) => p.diagnostics.length === 0)).diagnostics, []);
    const locations = await request<Location[]>('textDocument/definition', {
      textDocument: { uri: diskUri() },
      position: positionOf(after[diskUri()]!, 'nav-good-requests', 1),
    });
    assert.deepEqual(locations, [{ uri: sli.uri, range: rangeOf(sli.text, 'nav-good-requests') }]);
  });
});
