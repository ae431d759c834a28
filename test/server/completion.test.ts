import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { expandSnippet } from '../../src/language/features/snippets.js';
import { startServer, type TestClient } from './client.js';
import { type Doc, errors, looseUri, openDoc, positionOf, sliYaml } from './util.js';

const FOREIGN = path.join(__dirname, '..', 'fixtures', 'foreign');

const SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: shop-availability
spec:
  service: shop
  indicatorRef: 
  
  objectives:
    - target: 0.999
      
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: shop-latency
spec:
  budgetingMethod: 
  timeWindow:
    - duration: 28d
      isRolling: 
`;

describe('completion', () => {
  let client: TestClient;
  let doc: Doc;
  before(async () => {
    client = await startServer();
    await openDoc(client, looseUri('zeta.yaml'), sliYaml('zeta-requests'));
    await openDoc(
      client,
      looseUri('alpha.yaml'),
      `${sliYaml('alpha-requests')}---\n${sliYaml('beta-requests')}`,
    );
    doc = (await openDoc(client, looseUri('shop.yaml'), SLO)).doc;
  });
  after(async () => {
    await client.close();
  });

  async function complete(
    uri: string,
    position: { line: number; character: number },
  ): Promise<CompletionItem[]> {
    const result = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position,
    })) as CompletionItem[] | { items: CompletionItem[] } | null;
    return Array.isArray(result) ? result : (result?.items ?? []);
  }

  test('keys valid under spec, without those already written', async () => {
    const items = await complete(doc.uri, { line: 7, character: 2 });
    assert.deepEqual(items.map((i) => i.label).sort(), [
      'alertPolicies',
      'budgetingMethod',
      'description',
      'timeWindow',
    ]);
    const byLabel = new Map(items.map((i) => [i.label, i]));
    const budgeting = byLabel.get('budgetingMethod')!;
    assert.equal(budgeting.kind, CompletionItemKind.Property);
    assert.equal(budgeting.insertTextFormat, InsertTextFormat.Snippet);
    assert.deepEqual(budgeting.textEdit, {
      range: { start: { line: 7, character: 2 }, end: { line: 7, character: 2 } },
      newText: 'budgetingMethod: ${1|Occurrences,Timeslices,RatioTimeslices|}',
    });
    assert.equal((byLabel.get('timeWindow')!.textEdit as TextEdit).newText, 'timeWindow:\n  - $0');
    // The detail names the value's type in words: a list, not the YAML node type "seq".
    assert.deepEqual(items.map((i) => [i.label, i.detail]).sort(), [
      ['alertPolicies', 'list'],
      ['budgetingMethod', 'string · required'],
      ['description', 'string'],
      ['timeWindow', 'list · required'],
    ]);
    // Required keys sort first.
    assert.ok(byLabel.get('timeWindow')!.sortText! < byLabel.get('description')!.sortText!);
  });

  test('the word typed so far is the range the completion replaces', async () => {
    await doc.edit({ start: { line: 7, character: 2 }, end: { line: 7, character: 2 } }, 'budg');
    try {
      const items = await complete(doc.uri, { line: 7, character: 6 });
      const budgeting = items.find((i) => i.label === 'budgetingMethod');
      assert.ok(budgeting);
      assert.deepEqual((budgeting.textEdit as TextEdit).range, {
        start: { line: 7, character: 2 },
        end: { line: 7, character: 6 },
      });
    } finally {
      await doc.edit({ start: { line: 7, character: 2 }, end: { line: 7, character: 6 } }, '');
    }
  });

  test("keys of a Pyrra objective written under another apiVersion, as Pyrra's file mode reads it", async () => {
    const text =
      'apiVersion: v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: api\nspec:\n  target: "99"\n' +
      '  window: 4w\n  \n  indicator:\n    ratio:\n      errors:\n        metric: e_total{code=~"5.."}\n' +
      '      total:\n        metric: e_total\n';
    const pyrra = await openDoc(client, looseUri('pyrra-file-mode.yaml'), text);
    const labels = (await complete(pyrra.doc.uri, { line: 7, character: 2 })).map((i) => i.label).sort();
    assert.deepEqual(labels, [
      'alerting',
      'description',
      'partial_response_strategy',
      'performanceOverAccuracy',
      'ruleOutput',
    ]);
  });

  test('keys of an objective in a list item', async () => {
    const labels = (await complete(doc.uri, { line: 10, character: 6 })).map((i) => i.label);
    assert.ok(labels.includes('displayName'));
    assert.ok(labels.includes('op'));
    assert.ok(labels.includes('timeSliceWindow'));
    assert.ok(!labels.includes('target'), 'target is already written');
  });

  test('enum values after budgetingMethod:', async () => {
    const position = positionOf(doc.text, 'budgetingMethod: ', 'budgetingMethod: '.length);
    const items = await complete(doc.uri, position);
    assert.deepEqual(
      items.map((i) => [i.label, i.kind]),
      [
        ['Occurrences', CompletionItemKind.Value],
        ['Timeslices', CompletionItemKind.Value],
        ['RatioTimeslices', CompletionItemKind.Value],
      ],
    );
    assert.deepEqual(items[0]!.textEdit, {
      range: { start: position, end: position },
      newText: 'Occurrences',
    });
  });

  test('booleans after isRolling:', async () => {
    const position = positionOf(doc.text, 'isRolling: ', 'isRolling: '.length);
    assert.deepEqual(
      (await complete(doc.uri, position)).map((i) => i.label),
      ['true', 'false'],
    );
  });

  test('SLI names of the whole workspace after indicatorRef:', async () => {
    const position = positionOf(doc.text, 'indicatorRef: ', 'indicatorRef: '.length);
    const items = await complete(doc.uri, position);
    assert.deepEqual(
      items.map((i) => [i.label, i.kind, i.detail]),
      [
        ['alpha-requests', CompletionItemKind.Reference, 'SLI in the workspace'],
        ['beta-requests', CompletionItemKind.Reference, 'SLI in the workspace'],
        ['zeta-requests', CompletionItemKind.Reference, 'SLI in the workspace'],
      ],
    );
  });

  test('kinds after kind: and formats after apiVersion:', async () => {
    const kinds = await complete(doc.uri, { line: 1, character: 6 });
    assert.deepEqual(
      kinds.map((i) => i.label),
      ['SLO', 'SLI', 'DataSource', 'Service', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget'],
    );
    const versions = await complete(doc.uri, { line: 0, character: 12 });
    assert.deepEqual(
      versions.map((i) => i.label),
      ['openslo/v1', 'openslo/v1alpha', 'sloth.slok.dev/v1', 'pyrra.dev/v1alpha1'],
    );
  });

  test('an empty document offers whole-document snippets', async () => {
    const { doc: empty } = await openDoc(client, looseUri('empty.yaml'), '');
    const items = await complete(empty.uri, { line: 0, character: 0 });
    assert.deepEqual(
      items.map((i) => i.label),
      [
        'OpenSLO SLO (ratio, rolling window)',
        'OpenSLO SLI',
        'OpenSLO DataSource (Prometheus)',
        'OpenSLO Service',
        'Sloth SLOs (prometheus/v1)',
        'Sloth PrometheusServiceLevel (Kubernetes)',
        'Pyrra ServiceLevelObjective',
        'apiVersion',
        'version',
      ],
    );
    for (const item of items.slice(0, 7)) {
      assert.equal(item.kind, CompletionItemKind.Snippet, item.label);
      assert.equal(item.insertTextFormat, InsertTextFormat.Snippet, item.label);
      assert.deepEqual((item.textEdit as TextEdit).range, {
        start: { line: 0, character: 0 },
        end: { line: 0, character: 0 },
      });
    }
    await empty.close();
  });

  const SNIPPET_LABELS = [
    'OpenSLO SLO (ratio, rolling window)',
    'OpenSLO SLI',
    'OpenSLO DataSource (Prometheus)',
    'OpenSLO Service',
    'Sloth SLOs (prometheus/v1)',
    'Sloth PrometheusServiceLevel (Kubernetes)',
    'Pyrra ServiceLevelObjective',
    'apiVersion',
    'version',
  ];

  test('a comment-only document offers the snippets while the first word is typed', async () => {
    const text = '# Checkout SLOs, owned by payments\n\nSlo';
    const { doc: commented } = await openDoc(client, looseUri('commented.yaml'), text);
    const items = await complete(commented.uri, { line: 2, character: 3 });
    assert.deepEqual(
      items.map((i) => i.label),
      SNIPPET_LABELS,
    );
    assert.deepEqual((items[0]!.textEdit as TextEdit).range, {
      start: { line: 2, character: 0 },
      end: { line: 2, character: 3 },
    });
    await commented.close();
  });

  test('no completion detail over the example files is a YAML node type (seq, map, scalar)', async () => {
    const examples = path.join(__dirname, '..', '..', 'examples');
    const details = new Set<string>();
    for (const file of [
      'slos/checkout-slos.yaml',
      'slos/checkout-slis.yaml',
      'slos/alerting.yaml',
      'slos/datasource.yaml',
      'slos/service.yaml',
      'sloth/payments-api.yaml',
      'pyrra/search-latency.yaml',
    ]) {
      const text = readFileSync(path.join(examples, file), 'utf8');
      const { doc: example } = await openDoc(client, looseUri(`examples-${path.basename(file)}`), text);
      const lines = text.split('\n');
      for (const [line, content] of lines.entries()) {
        const indent = content.length - content.trimStart().length;
        // Where a key starts, and after the colon where a value is typed.
        for (const character of new Set([indent, content.length]))
          for (const item of await complete(example.uri, { line, character }))
            if (item.detail) details.add(item.detail);
      }
      await example.close();
    }
    assert.ok(details.has('list'), [...details].join(', '));
    assert.ok(details.has('mapping · required'), [...details].join(', '));
    const leaks = [...details].filter((d) =>
      d.split(/ · | or /).some((w) => ['seq', 'map', 'scalar'].includes(w)),
    );
    assert.deepEqual(leaks, []);
  });

  for (const file of ['docker-compose.yml', 'github-workflow.yml']) {
    test(`someone else's YAML gets no whole-document snippets: ${file}`, async () => {
      const text = `${readFileSync(path.join(FOREIGN, file), 'utf8')}\n`;
      const { doc: foreign } = await openDoc(client, looseUri(file), text);
      const last = text.split('\n').length - 1;
      assert.deepEqual(await complete(foreign.uri, { line: last, character: 0 }), []);
      await foreign.close();
    });
  }

  test('a document being started in an SLO file offers the snippets', async () => {
    const text = `${sliYaml('checkout-errors')}---\nmetadata:\n  name: checkout-availability\n`;
    const { doc: multi } = await openDoc(client, looseUri('multi.yaml'), text);
    const last = text.split('\n').length - 1;
    const items = await complete(multi.uri, { line: last, character: 0 });
    assert.deepEqual(
      items.map((i) => i.label),
      SNIPPET_LABELS,
    );
    await multi.close();
  });

  test('every snippet, inserted with its defaults, gives a document without errors', async () => {
    const { doc: empty } = await openDoc(client, looseUri('snippets.yaml'), '');
    const snippets = (await complete(empty.uri, { line: 0, character: 0 })).filter(
      (i) => i.kind === CompletionItemKind.Snippet,
    );
    assert.equal(snippets.length, 7);
    await empty.close();
    // Each in a document of its own. The OpenSLO ones go together (the SLI refers to the DataSource); the
    // two Sloth ones are alternatives for the same SLO (same id), so they go one at a time.
    const groups = [[0, 1, 2, 3], [4], [5], [6]];
    for (const group of groups) {
      const docs: Doc[] = [];
      try {
        for (const i of group) {
          const { doc: target } = await openDoc(client, looseUri(`snippet-${i}.yaml`), '');
          docs.push(target);
          await target.setText(expandSnippet((snippets[i]!.textEdit as TextEdit).newText));
        }
        for (const [j, target] of docs.entries()) {
          const published = await target.diagnostics();
          assert.deepEqual(
            errors(published.diagnostics),
            [],
            `${snippets[group[j]!]!.label}:\n${target.text}`,
          );
        }
      } finally {
        for (const target of docs) await target.close();
      }
    }
    const slo = expandSnippet((snippets[0]!.textEdit as TextEdit).newText);
    assert.match(slo, /^apiVersion: openslo\/v1\nkind: SLO\nmetadata:\n {2}name: checkout-availability\n/);
    assert.match(slo, /budgetingMethod: Occurrences\n/);
    assert.match(slo, /target: 0\.999\n$/);
  });

  test('the OpenSLO SLO snippet alone has no diagnostics at all', async () => {
    const { doc: empty } = await openDoc(client, looseUri('snippet-alone.yaml'), '');
    const [item] = await complete(empty.uri, { line: 0, character: 0 });
    assert.equal(item!.label, 'OpenSLO SLO (ratio, rolling window)');
    await empty.edit((item!.textEdit as TextEdit).range, expandSnippet((item!.textEdit as TextEdit).newText));
    assert.deepEqual((await empty.diagnostics()).diagnostics, []);
    await empty.close();
  });

  test('no completion inside a plain YAML document without a format', async () => {
    const { doc: plain } = await openDoc(client, looseUri('plain.yaml'), 'name: x\nitems:\n  \n');
    assert.deepEqual(await complete(plain.uri, { line: 2, character: 2 }), []);
  });
});
