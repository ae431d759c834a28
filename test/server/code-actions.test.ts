import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from './client.js';
import { applyWorkspaceEdit, codes, type Doc, looseUri, message, openDoc } from './util.js';

/** A valid SLO with an inline ratio SLI; `n` makes its names unique. */
const base = (n: string) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: fix-${n}
spec:
  service: checkout
  indicator:
    metadata:
      name: fix-${n}-ratio
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(ok[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(all[5m]))
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - displayName: Available
      target: 0.999
`;

/** Replaces exactly one occurrence. */
function swap(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `one ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

describe('code actions', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.close();
  });

  async function actionsFor(doc: Doc, d: Diagnostic): Promise<CodeAction[]> {
    return (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: doc.uri },
      range: d.range,
      context: { diagnostics: [d], only: ['quickfix'] },
    })) as CodeAction[];
  }

  /**
   * Opens `broken`, finds the one `code` diagnostic (at `line`, 1-based), applies the fix titled `title`,
   * checks the text becomes `fixed`, sends it like an editor and checks the diagnostic is gone.
   */
  async function fixes(
    name: string,
    broken: string,
    expected: { code: string; line: number; message: string | RegExp; title: string; preferred: boolean },
    fixed: string,
  ): Promise<Diagnostic[]> {
    const { doc, diagnostics } = await openDoc(client, looseUri(`${name}.yaml`), broken);
    const d = diagnostics.find((x) => x.code === expected.code);
    assert.ok(d, `${expected.code} among ${codes(diagnostics).join(', ')}`);
    assert.equal(d.range.start.line + 1, expected.line);
    if (typeof expected.message === 'string') assert.equal(d.message, expected.message);
    else assert.match(message(d), expected.message);
    const actions = await actionsFor(doc, d);
    const action = actions.find((a) => a.title === expected.title);
    assert.ok(action, `"${expected.title}" among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(action.kind, 'quickfix');
    assert.equal(action.isPreferred, expected.preferred);
    assert.deepEqual(action.diagnostics, [d]);
    assert.deepEqual(Object.keys(action.edit!.changes!), [doc.uri]);
    const after = applyWorkspaceEdit({ [doc.uri]: doc.text }, action.edit!)[doc.uri];
    assert.equal(after, fixed);
    await doc.apply(action.edit!);
    assert.equal(doc.text, fixed);
    const published = await doc.diagnostics();
    assert.equal(published.version, 2);
    assert.ok(!codes(published.diagnostics).includes(expected.code), JSON.stringify(published.diagnostics));
    return published.diagnostics;
  }

  test('a misspelt key: rename to the key meant', async () => {
    const ok = base('key');
    const remaining = await fixes(
      'key',
      swap(ok, 'budgetingMethod:', 'budgetMethod:'),
      {
        code: 'SLO011',
        line: 23,
        message:
          'Unknown key “budgetMethod” in “spec”: OpenSLO rejects unknown keys. Did you mean “budgetingMethod”?',
        title: 'Rename to budgetingMethod',
        preferred: true,
      },
      ok,
    );
    // The missing-key error that came with the typo is gone too.
    assert.deepEqual(remaining, []);
  });

  test('duration: 1m → 1M', async () => {
    const ok = swap(base('dur'), '28d', '1M');
    const remaining = await fixes(
      'dur',
      swap(ok, '1M', '1m'),
      {
        code: 'SLO601',
        line: 25,
        message: '“1m” is one minute (“m” is minutes): an SLO window of one month is “1M”.',
        title: 'Change to 1M (one month)',
        preferred: true,
      },
      ok,
    );
    assert.deepEqual(remaining, []);
  });

  test('target: 99.9 → 0.999, the preferred fix; renaming to targetPercent is the other', async () => {
    const ok = base('target');
    const broken = swap(ok, 'target: 0.999', 'target: 99.9');
    const remaining = await fixes(
      'target',
      broken,
      {
        code: 'SLO114',
        line: 29,
        message:
          '“target” must be a ratio in [0, 1), not 99.9: 99.9 % is “target: 0.999” (or “targetPercent: 99.9”).',
        title: 'Change to 0.999',
        preferred: true,
      },
      ok,
    );
    assert.deepEqual(remaining, []);

    const { doc, diagnostics } = await openDoc(
      client,
      looseUri('target-percent.yaml'),
      broken.replaceAll('fix-target', 'fix-target-2'),
    );
    const actions = await actionsFor(doc, diagnostics[0]!);
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred]),
      [
        ['Change to 0.999', true],
        ['Rename to targetPercent (keep 99.9 %)', false],
      ],
    );
    await doc.apply(actions[1]!.edit!);
    assert.ok(doc.text.includes('\n      targetPercent: 99.9\n'));
    assert.deepEqual((await doc.diagnostics()).diagnostics, []);
  });

  test('op on a ratio SLI: remove the line', async () => {
    const ok = base('op');
    await fixes(
      'op',
      swap(ok, '      target: 0.999\n', '      target: 0.999\n      op: gt\n'),
      {
        code: 'SLO119',
        line: 30,
        message: '“op” is forbidden with a ratio SLI (there is no threshold to compare with): remove it.',
        title: 'Remove op',
        preferred: false,
      },
      ok,
    );
  });

  test('op as the first key of the objective: the next key moves up onto the dash line', async () => {
    const ok = base('op-first');
    await fixes(
      'op-first',
      swap(ok, '    - displayName: Available\n', '    - op: gt\n      displayName: Available\n'),
      {
        code: 'SLO119',
        line: 28,
        message: /^“op” is forbidden with a ratio SLI/,
        title: 'Remove op',
        preferred: false,
      },
      ok,
    );
  });

  test('a missing required key: inserted with a placeholder', async () => {
    const ok = base('missing');
    const withoutMethod = swap(ok, '  budgetingMethod: Occurrences\n', '');
    const remaining = await fixes(
      'missing',
      withoutMethod,
      {
        code: 'SLO010',
        line: 5,
        message:
          '“spec” is missing “budgetingMethod” (required): add it, e.g. “budgetingMethod: Occurrences”.',
        title: 'Add budgetingMethod',
        preferred: false,
      },
      `${withoutMethod}  budgetingMethod: Occurrences\n`,
    );
    assert.deepEqual(remaining, []);
  });

  test('a missing key in a file without a final line break, with CRLF line ends', async () => {
    const ok = base('crlf').replace(/\n/g, '\r\n');
    const broken = swap(ok, '  budgetingMethod: Occurrences\r\n', '').trimEnd();
    await fixes(
      'crlf',
      broken,
      {
        code: 'SLO010',
        line: 5,
        message: /^“spec” is missing “budgetingMethod”/,
        title: 'Add budgetingMethod',
        preferred: false,
      },
      `${broken}\r\n  budgetingMethod: Occurrences\r\n`,
    );
  });

  test('only the fixes of diagnostics in the requested range', async () => {
    const text = swap(swap(base('range'), '28d', '1m'), 'target: 0.999', 'target: 99.9');
    const { doc, diagnostics } = await openDoc(client, looseUri('range.yaml'), text);
    assert.deepEqual(codes(diagnostics), ['SLO601', 'SLO114']);
    const onLine = (line: number, from = 0, to = 80) =>
      client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: doc.uri },
        range: { start: { line, character: from }, end: { line, character: to } },
        context: { diagnostics: [] },
      }) as Promise<CodeAction[]>;
    assert.deepEqual(
      (await onLine(24)).map((a) => a.title),
      ['Change to 1M (one month)'],
    );
    // The cursor in the value, or right after it.
    assert.equal((await onLine(24, 17, 17)).length, 1);
    assert.equal((await onLine(24, 18, 18)).length, 1);
    // Before the value on its line, or on another line: nothing.
    assert.deepEqual(await onLine(24, 4, 4), []);
    assert.deepEqual(await onLine(0), []);
    // The whole document: every fix.
    const all = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: doc.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } },
      context: { diagnostics },
    })) as CodeAction[];
    assert.deepEqual(
      all.map((a) => a.title),
      ['Change to 1M (one month)', 'Change to 0.999', 'Rename to targetPercent (keep 99.9 %)'],
    );
  });
});
