import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ErrorCodes,
  ResponseError,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { startServer, type StdioTestClient } from './client.js';
import { brief, type Doc, looseUri, message, openDoc, positionOf, sliYaml, sloYaml } from './util.js';

const HEAD = 'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: hostile\n';

/** Nine levels of nine aliases each: 9^9 nodes if anything expanded them. */
function aliasBomb(): string {
  const levels = [`    l0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i < 10; i++)
    levels.push(
      `    l${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${HEAD}  labels:\n${levels.join('\n')}\nspec:\n  description: *a9\n  objectives: *a9\n  timeWindow: [{duration: *a9}]\n`;
}

/** Every byte value, as the characters a client that read a binary file as Latin-1 would send. */
function binary(): string {
  let s = '';
  for (let i = 0; i < 4096; i++) s += String.fromCharCode((i * 7919) % 256);
  return `${HEAD}${s}`;
}

interface Case {
  name: string;
  text: () => string;
  /** What the published diagnostics must be. */
  check: (diagnostics: Diagnostic[]) => void;
}

const CASES: Case[] = [
  {
    name: 'broken YAML',
    text: () => `${HEAD}spec:\n  service: [api\n  budgetingMethod: Occurrences\n`,
    check: (d) => {
      assert.deepEqual(d.map(brief), ['SLO001@7:3-7:19']);
      assert.match(message(d[0]!), /^YAML syntax error: .*\(a closing quote or bracket is missing\)\.$/);
    },
  },
  {
    name: 'tabs as indentation',
    text: () => 'apiVersion: openslo/v1\nkind: Service\nmetadata:\n\tname: a\n',
    check: (d) => {
      assert.deepEqual(d.map(brief), ['SLO001@4:2-4:7']);
      assert.match(message(d[0]!), /indent with spaces/);
    },
  },
  {
    name: 'CRLF line ends',
    text: () => sloYaml('crlf', 'hostile-requests', '99.9').replace(/\n/g, '\r\n'),
    check: (d) => assert.deepEqual(d.map(brief), ['SLO114@14:15-14:19']),
  },
  {
    name: 'a byte order mark',
    text: () => `\ufeff${sloYaml('bom', 'hostile-requests', '99.9').replace('kind: SLO', 'kind: Slo')}`,
    check: (d) => {
      assert.deepEqual(d.map(brief), ['SLO005@2:7-2:10']);
      assert.match(message(d[0]!), /did you mean “SLO”\?/);
    },
  },
  {
    name: 'a 10 MB file',
    text: () =>
      `${HEAD}${'# padding padding padding padding padding padding padding padding\n'.repeat(160_000)}`.slice(
        0,
        10 * 1024 * 1024,
      ),
    check: (d) => {
      assert.deepEqual(d.map(brief), ['SLO006@1:1-1:23']);
      assert.equal(
        d[0]!.message,
        'This file has 10.0 MB, above the 2.0 MB analysis limit: split it into smaller files, or raise the “teamSre.maxFileSizeMB” setting.',
      );
    },
  },
  {
    name: 'an alias bomb',
    text: aliasBomb,
    check: (d) => {
      assert.ok(d.length > 0 && d.length < 100, `${d.length} diagnostics`);
      assert.ok(
        d.some(
          (x) => x.code === 'SLO013' && /“description” must be a string, but is a list/.test(message(x)),
        ),
      );
    },
  },
  {
    name: '10 000-deep flow nesting',
    text: () => `${HEAD}spec: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    check: (d) => {
      assert.deepEqual(d.map(brief), ['SLO001@5:1-5:20007']);
      assert.equal(
        d[0]!.message,
        'The YAML nests too deeply to be read (thousands of levels): flatten the structure.',
      );
    },
  },
  {
    name: '10 000-deep mapping nesting',
    text: () => `${HEAD}spec: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
    check: (d) => assert.deepEqual(d.map(brief), ['SLO001@5:1-5:50008']),
  },
  {
    name: 'binary bytes',
    text: binary,
    check: (d) => {
      assert.equal(d.length, 1);
      assert.equal(d[0]!.code, 'SLO001');
      assert.equal(d[0]!.range.start.line, 4);
    },
  },
  {
    name: 'an empty document',
    text: () => '',
    check: (d) => assert.deepEqual(d, []),
  },
];

describe('robustness', () => {
  let client: StdioTestClient;
  let control: Doc;
  const controlText = `${sliYaml('hostile-requests')}---\n${sloYaml('control-availability', 'hostile-requests')}`;

  before(async () => {
    client = await startServer({ transport: 'stdio' });
    control = (await openDoc(client, looseUri('control.yaml'), controlText)).doc;
  });
  after(async () => {
    await client.close();
  });

  /** The server still answers correctly: a hover on the control document, and its outline. */
  async function stillAnswers(): Promise<void> {
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: control.uri },
      position: positionOf(controlText, '0.999', 1),
    })) as Hover;
    assert.ok(
      (hover.contents as MarkupContent).value.includes(
        '**40 min 19 s** of full outage, or 1 bad request in 1 000.',
      ),
    );
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri: control.uri },
    })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['SLI hostile-requests', 'SLO control-availability'],
    );
  }

  for (const [i, c] of CASES.entries()) {
    test(`didOpen with ${c.name}`, async () => {
      const started = performance.now();
      const { doc, diagnostics } = await openDoc(client, looseUri(`open-${i}.yaml`), c.text());
      c.check(diagnostics);
      // Requests on the hostile document itself are answered.
      for (const method of [
        'textDocument/documentSymbol',
        'textDocument/foldingRange',
        'textDocument/codeAction',
      ]) {
        const result: unknown = await client.connection.sendRequest(method, {
          textDocument: { uri: doc.uri },
          range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
          context: { diagnostics: [] },
        });
        assert.ok(Array.isArray(result), method);
      }
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: doc.uri },
        position: { line: 4, character: 3 },
      });
      await client.connection.sendRequest('textDocument/completion', {
        textDocument: { uri: doc.uri },
        position: { line: 4, character: 0 },
      });
      await stillAnswers();
      await doc.close();
      assert.ok(
        performance.now() - started < 3000,
        `${c.name}: ${Math.round(performance.now() - started)} ms`,
      );
    });
  }

  test('the same inputs as incremental changes of one document', async () => {
    const { doc } = await openDoc(client, looseUri('changes.yaml'), sloYaml('changes', 'hostile-requests'));
    for (const c of CASES) {
      const text = c.text();
      // Replace the whole text through a ranged change, as an editor pasting over a selection does.
      const lines = doc.text.split('\n');
      await doc.edit(
        {
          start: { line: 0, character: 0 },
          end: { line: lines.length - 1, character: lines.at(-1)!.length },
        },
        text,
      );
      const published = await doc.diagnostics();
      assert.equal(published.version, doc.version);
      c.check(published.diagnostics);
      await stillAnswers();
    }
    // Back to a valid text: clean again.
    await doc.setText(sloYaml('changes', 'hostile-requests'));
    assert.deepEqual((await doc.diagnostics()).diagnostics, []);
  });

  test('requests for a document that was never opened: empty or null results', async () => {
    const uri = looseUri('never-opened.yaml');
    const position = { line: 0, character: 0 };
    const range = { start: position, end: position };
    const expectations: Array<[string, object, unknown]> = [
      ['textDocument/hover', { position }, null],
      ['textDocument/completion', { position }, []],
      ['textDocument/definition', { position }, []],
      ['textDocument/references', { position, context: { includeDeclaration: true } }, []],
      ['textDocument/prepareRename', { position }, null],
      ['textDocument/documentSymbol', {}, []],
      ['textDocument/foldingRange', {}, []],
      ['textDocument/codeAction', { range, context: { diagnostics: [] } }, []],
    ];
    for (const [method, params, expected] of expectations) {
      const result: unknown = await client.connection.sendRequest(method, {
        textDocument: { uri },
        ...params,
      });
      assert.deepEqual(result, expected, method);
    }
    // Rename there is refused with an explanation, not an internal error.
    await assert.rejects(
      client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position, newName: 'x' }),
      (err: unknown) =>
        err instanceof ResponseError && err.code === -32803 && /can be renamed/.test(err.message),
    );
    // Changes and closes for it are ignored.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range, text: 'x' }],
    });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await stillAnswers();
  });

  test('positions outside the text and malformed params are answered, not fatal', async () => {
    for (const position of [
      { line: 10_000, character: 0 },
      { line: 0, character: 10_000 },
      { line: -1, character: -1 },
    ]) {
      for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition']) {
        const result: unknown = await client.connection.sendRequest(method, {
          textDocument: { uri: control.uri },
          position,
        });
        // Clamped to the text: a result or none, never an error.
        assert.ok(result === null || typeof result === 'object', `${method} at ${JSON.stringify(position)}`);
      }
    }
    // No position at all.
    assert.equal(
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: control.uri } }),
      null,
    );
    await stillAnswers();
  });

  test('an unknown method gets MethodNotFound', async () => {
    await assert.rejects(client.connection.sendRequest('teamSre/doesNotExist', {}), (err: unknown) => {
      assert.ok(err instanceof ResponseError);
      assert.equal(err.code, ErrorCodes.MethodNotFound);
      return true;
    });
    // An unknown notification is ignored.
    await client.connection.sendNotification('teamSre/alsoUnknown', {});
    await stillAnswers();
  });

  test('the process is still alive and nothing was written to stderr', async () => {
    await stillAnswers();
    assert.equal(client.child.exitCode, null);
    assert.equal(client.child.signalCode, null);
    assert.equal(client.stderr(), '');
  });
});
