import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from './client.js';
import { looseUri, openDoc, rangeOf, reconfigure, sliYaml } from './util.js';

const SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
spec:
  service: checkout
  indicatorRef: checkout-requests
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - displayName: Available
      target: 0.999
    - targetPercent: 99.5
`;

const SLOTH = `version: prometheus/v1
service: payments-api
slos:
  - name: requests-availability
    objective: 99.95
    sli:
      raw:
        error_ratio_query: sum(rate(errors[{{.window}}])) / sum(rate(total[{{.window}}]))
    alerting:
      name: PaymentsApiHighErrorRate
`;

/** A multi-document file: an SLI, an SLO with two objectives, plain YAML, a Sloth file. */
const TEXT = `${sliYaml('checkout-requests')}---\n${SLO}---\n# not an SLO\nfoo: bar\nbaz: 1\n---\n${SLOTH}`;

/** Symbols as `name · detail [children]`, for a compact comparison. */
function outline(symbols: DocumentSymbol[]): unknown[] {
  return symbols.map((s) => [s.name, s.detail, s.kind, outline(s.children ?? [])]);
}

function contains(
  outer: { start: { line: number; character: number }; end: { line: number; character: number } },
  inner: typeof outer,
): boolean {
  const before = (a: typeof inner.start, b: typeof inner.start) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

describe('document symbols and folding', () => {
  let client: TestClient;
  const uri = looseUri('symbols.yaml');
  before(async () => {
    client = await startServer();
    await openDoc(client, uri, TEXT);
  });
  after(async () => {
    await client.close();
  });

  const symbols = () =>
    client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }) as Promise<
      DocumentSymbol[]
    >;

  test('one symbol per object, objectives beneath with their target', async () => {
    const result = await symbols();
    assert.deepEqual(outline(result), [
      ['SLI checkout-requests', '', SymbolKind.Object, []],
      [
        'SLO checkout-availability',
        'Checkout availability · 28 days, rolling',
        SymbolKind.Object,
        [
          ['Available', '99.9 %', SymbolKind.Field, []],
          ['objective 2', '99.5 %', SymbolKind.Field, []],
        ],
      ],
      [
        'prometheus/v1 payments-api',
        "30 days, rolling (Sloth's SLO period)",
        SymbolKind.Object,
        [['requests-availability', "99.95 % · 30 days, rolling (Sloth's SLO period)", SymbolKind.Class, []]],
      ],
    ]);
  });

  test('ranges: the object, its name selected; an objective, its target selected', async () => {
    const [sli, slo, sloth] = await symbols();
    const sloStart = TEXT.indexOf(SLO);
    const sloLine = TEXT.slice(0, sloStart).split('\n').length - 1;
    assert.deepEqual(sli!.range, {
      start: { line: 0, character: 0 },
      end: { line: sloLine - 1, character: 0 },
    });
    assert.deepEqual(sli!.selectionRange, rangeOf(TEXT, 'checkout-requests'));
    assert.deepEqual(slo!.range.start, { line: sloLine, character: 0 });
    assert.deepEqual(slo!.selectionRange, rangeOf(TEXT, 'checkout-availability'));
    const [available, second] = slo!.children!;
    assert.deepEqual(available!.selectionRange, rangeOf(TEXT, '0.999'));
    assert.deepEqual(available!.range.start, rangeOf(TEXT, 'displayName: Available').start);
    assert.deepEqual(second!.range.start, rangeOf(TEXT, 'targetPercent').start);
    assert.deepEqual(sloth!.selectionRange, rangeOf(TEXT, 'payments-api'));
    assert.deepEqual(sloth!.children![0]!.selectionRange, rangeOf(TEXT, 'requests-availability'));
    // Every selection range lies inside its range, every child inside its parent.
    const check = (s: DocumentSymbol, parent?: DocumentSymbol) => {
      assert.ok(contains(s.range, s.selectionRange), `${s.name}: selection inside range`);
      if (parent) assert.ok(contains(parent.range, s.range), `${s.name} inside ${parent.name}`);
      for (const c of s.children ?? []) check(c, s);
    };
    for (const s of [sli!, slo!, sloth!]) check(s);
  });

  test('one folding range per YAML document', async () => {
    const ranges = (await client.connection.sendRequest('textDocument/foldingRange', {
      textDocument: { uri },
    })) as FoldingRange[];
    const lines = TEXT.split('\n');
    const separators = lines.flatMap((l, i) => (l === '---' ? [i] : []));
    assert.equal(separators.length, 3);
    assert.deepEqual(ranges, [
      { startLine: 0, endLine: separators[0]! - 1 },
      { startLine: separators[0]!, endLine: separators[1]! - 1 },
      { startLine: separators[1]!, endLine: separators[2]! - 1 },
      // The last document ends with the text's last line (the trailing empty line is not part of it).
      { startLine: separators[2]!, endLine: lines.length - 2 },
    ]);
  });

  test('the Sloth period in the outline follows the sloth.defaultPeriod setting', async () => {
    await reconfigure(client, { sloth: { defaultPeriod: '28d' } });
    const [, , sloth] = await symbols();
    assert.equal(sloth!.detail, "28 days, rolling (Sloth's SLO period)");
    assert.equal(sloth!.children![0]!.detail, "99.95 % · 28 days, rolling (Sloth's SLO period)");
  });

  test('a document without SLO objects has no symbols but still folds', async () => {
    const plain = looseUri('plain.yaml');
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: plain, languageId: 'yaml', version: 1, text: 'a: 1\nb:\n  c: 2\n' },
    });
    assert.deepEqual(
      await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: plain } }),
      [],
    );
    assert.deepEqual(
      await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri: plain } }),
      [{ startLine: 0, endLine: 2 }],
    );
  });
});
