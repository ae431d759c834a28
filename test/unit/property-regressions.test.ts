// Minimal reproductions of what the property-based and differential tests found, kept as plain tests
// (each fails on the code before its fix), and examples for the caches of the workspace index that the
// fixes brought, which must answer exactly as a fresh index does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, documentStarts } from '../../src/language/analysis/analyze.js';
import { closest } from '../../src/language/diagnostics/suggest.js';
import type { Diagnostic } from '../../src/language/types.js';
import { WorkspaceIndex } from '../../src/language/workspace/workspace-index.js';
import { LspText } from './property-documents.js';

const at = (d: Diagnostic) =>
  `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`;

function slo(name: string, target = '0.99', head = ''): string {
  return `${head}apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: api
  indicatorRef: ${name}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - target: ${target}
`;
}

const messages = (index: WorkspaceIndex, uri: string, code: string) =>
  index
    .diagnostics(uri)
    .filter((d) => d.code === code)
    .map((d) => ({
      message: d.message,
      related: d.related?.map((r) => `${r.uri}:${r.range.start.line + 1}`),
    }));

test('a duplicate name is not "also defined" at its own line after an edit that kept the definitions', () => {
  const index = new WorkspaceIndex();
  index.set('file:///ws/a.yaml', slo('dup'));
  index.set('file:///ws/b.yaml', slo('dup'));
  index.allDiagnostics();
  // Only the target changes: the definitions are equal, the index keeps the previous (equal) objects.
  index.set('file:///ws/a.yaml', slo('dup', '0.995'));
  const expected = [
    {
      message:
        'Duplicate OpenSLO SLO name “dup”: also defined at b.yaml:4; nothing in the files checked references it, but a tool reading both keeps one. Remove the copy or rename one of them.',
      related: ['file:///ws/b.yaml:4'],
    },
  ];
  assert.deepEqual(messages(index, 'file:///ws/a.yaml', 'SLO705'), expected);
  // The same after a reconfiguration, which analyses every file again.
  index.configure({});
  index.set('file:///ws/a.yaml', slo('dup', '0.995'));
  assert.deepEqual(messages(index, 'file:///ws/a.yaml', 'SLO705'), expected);
});

test('a duplicate follows the other definition when only its line moves', () => {
  const index = new WorkspaceIndex();
  index.set('file:///ws/a.yaml', slo('dup'));
  index.set('file:///ws/b.yaml', slo('dup'));
  index.allDiagnostics();
  index.set('file:///ws/b.yaml', slo('dup', '0.99', '# owned by the API team\n\n'));
  assert.deepEqual(
    index
      .allDiagnostics()
      .get('file:///ws/a.yaml')!
      .filter((d) => d.code === 'SLO705')
      .map((d) => d.message),
    [
      'Duplicate OpenSLO SLO name “dup”: also defined at b.yaml:6; nothing in the files checked references it, but a tool reading both keeps one. Remove the copy or rename one of them.',
    ],
  );
});

test('"did you mean" follows the names that come and go, as a fresh index would say it', () => {
  const sli = (name: string) =>
    `apiVersion: openslo/v1\nkind: SLI\nmetadata:\n  name: ${name}\nspec:\n  thresholdMetric:\n    metricSource:\n      type: Prometheus\n      spec:\n        query: up\n`;
  const index = new WorkspaceIndex();
  const guess = (ix: WorkspaceIndex) =>
    ix
      .allDiagnostics()
      .get('file:///ws/slo.yaml')!
      .find((d) => d.code === 'SLO701')?.message;
  /** The guess, checked against a fresh index of the same files. */
  const check = (expected: RegExp) => {
    const fresh = new WorkspaceIndex();
    for (const uri of index.uris()) fresh.set(uri, index.get(uri)!.text);
    assert.equal(guess(index), guess(fresh));
    assert.match(guess(index)!, expected);
  };
  index.set(
    'file:///ws/slo.yaml',
    slo('latency-3').replace('indicatorRef: latency-3', 'indicatorRef: latency-3x'),
  );
  index.set('file:///ws/one.yaml', sli('latency-3y'));
  check(/did you mean “latency-3y”\?/);
  // An equally close name: the first in the workspace's order is kept.
  index.set('file:///ws/two.yaml', sli('latency-3z'));
  check(/did you mean “latency-3y”\?/);
  // The guess goes away: the other one.
  index.delete('file:///ws/one.yaml');
  check(/did you mean “latency-3z”\?/);
  // A closer name arrives (the same but for `-` and `_`).
  index.set('file:///ws/three.yaml', sli('latency_3x'));
  check(/did you mean “latency_3x”\?/);
});

test('CRLF: a syntax error ends before the line break, at the same position as with LF', () => {
  const lf = ' ---\napiVersion: openslo/v1\nkind: AlertPolicy\n';
  assert.deepEqual(analyzeText('f.yaml', lf.replace(/\n/g, '\r\n')).diagnostics.map(at), ['SLO001@1:2-1:5']);
  assert.deepEqual(analyzeText('f.yaml', lf).diagnostics.map(at), ['SLO001@1:2-1:5']);
  // Two byte order marks, then CRLF: the range ends at the end of the line, not between `\r` and `\n`.
  const text = '\uFEFF\uFEFF\r\napiVersion: pyrra.dev/v1alpha1\n';
  const [d] = analyzeText('f.yaml', text).diagnostics;
  assert.equal(new LspText(text).rangeProblem(d!.range), undefined);
  assert.equal(at(d!), 'SLO001@1:2-1:3');
});

test('a lone CR ends a line, as LSP counts lines', () => {
  // YAML reads `apiVersion:\r openslo/v1` as one value; a client shows it on two lines.
  const text =
    'apiVersion:\r openslo/v1\nkind: AlertNotificationTarget\nmetadata:\n  name: pager\nspec:\n  target: pagerduty\n';
  const analysis = analyzeText('f.yaml', text);
  assert.deepEqual(analysis.diagnostics.map(at), ['SLO003@1:12-2:12']);
  assert.deepEqual(analysis.positions.position(text.indexOf('openslo')), { line: 1, character: 1 });
  assert.equal(analysis.positions.offset({ line: 2, character: 0 }), text.indexOf('kind'));
  // Past the end of a line: its end, before the line break.
  assert.equal(analysis.positions.offset({ line: 0, character: 99 }), text.indexOf('\r'));
  const crlf = 'a: 1\r\nb: 2\r\n';
  assert.equal(analyzeText('f.yaml', crlf).positions.offset({ line: 0, character: 99 }), 4);
});

test('“---” after U+2028, U+2029 or a lone CR is not a document start: YAML reads no line break there', () => {
  for (const separator of ['\u2028', '\u2029', '\r']) {
    const text = `apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: a\n  displayName: x${separator}--- {apiVersion: openslo/v1, kind: Slo}\n`;
    assert.deepEqual(documentStarts(text), [0], JSON.stringify(separator));
    // Not a second object with a misspelt kind (SLO005 on "pen" of "openslo"): one broken document.
    assert.deepEqual(
      analyzeText('f.yaml', text).diagnostics.map((d) => d.code),
      ['SLO001'],
      JSON.stringify(separator),
    );
  }
  assert.deepEqual(documentStarts('a: 1\n---\nb: 2\n--- # c\nc: 3\n'), [0, 5, 14]);
});

test('nesting: the same verdict every time, at a fixed depth, whatever the engine has compiled', () => {
  const HEAD = 'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  description: ';
  const deep = (n: number) => `${HEAD}${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`;
  const tooDeep = (n: number) =>
    analyzeText('f.yaml', deep(n)).diagnostics.map((d) => `${at(d)} ${d.message}`);
  // Before the fix, ~900 levels gave "nests too deeply" when the composer's frames were cold and a
  // syntax error once they were compiled: the same text, two verdicts.
  // The document's mapping and `spec` are two levels: 499 flow mappings make 501, one above the limit.
  for (const n of [499, 900, 1500]) {
    const first = tooDeep(n);
    assert.deepEqual(first, [
      `SLO001@6:3-6:${17 + 5 * n} The YAML nests too deeply to be read (thousands of levels): flatten the structure.`,
    ]);
    assert.deepEqual(tooDeep(n), first);
  }
  // One level less is read, and checked like any other value.
  assert.deepEqual(tooDeep(498), ['SLO013@6:3-6:14 “description” must be a string, but is a mapping.']);
});

test('a long scalar is not compared character by character with every known word', () => {
  const text = `apiVersion: openslo.c${'x'.repeat(400_000)}om/v2alpha\nkind: Service\nmetadata:\n  name: db\n`;
  const started = performance.now();
  const diagnostics = analyzeText('f.yaml', text).diagnostics;
  const elapsed = performance.now() - started;
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['SLO003'],
  );
  // Was ~2 s: a 400 000 × 20 table per known apiVersion.
  assert.ok(elapsed < 1000, `${elapsed.toFixed(0)} ms`);
  const word = 'x'.repeat(1_000_000);
  const s = performance.now();
  assert.equal(closest(word, ['openslo/v1', `${word}y`, 'sloth.slok.dev/v1']), `${word}y`);
  assert.ok(performance.now() - s < 1000, 'linear in the length');
});
