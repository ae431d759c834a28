import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileAnalyzer, analyzeText } from '../../src/language/analysis/analyze.js';

const slo = (i: number, target = '0.999') => `---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: slo-${i}
spec:
  service: api
  indicatorRef: sli-${i}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - target: ${target}
`;

const file = (n: number, edit?: (i: number) => string | undefined) =>
  Array.from({ length: n }, (_, i) => edit?.(i) ?? slo(i)).join('');

/** What the incremental path returns must equal a fresh analysis of the same text. */
function sameAsFresh(analyzer: FileAnalyzer, text: string) {
  const incremental = analyzer.analyze(text);
  const fresh = analyzeText('f.yaml', text);
  assert.deepEqual(incremental.diagnostics, fresh.diagnostics);
  assert.deepEqual(incremental.definitions, fresh.definitions);
  assert.deepEqual(incremental.references, fresh.references);
  assert.deepEqual(
    incremental.objects.map((o) => [o.kind, o.name, o.range, o.offsets]),
    fresh.objects.map((o) => [o.kind, o.name, o.range, o.offsets]),
  );
  return incremental;
}

test('an edit re-analyses only the document that changed', () => {
  const analyzer = new FileAnalyzer('f.yaml');
  sameAsFresh(analyzer, file(100));
  assert.equal(analyzer.lastAnalysed, 100);
  const edited = sameAsFresh(
    analyzer,
    file(100, (i) => (i === 42 ? slo(i, '99.9') : undefined)),
  );
  assert.equal(analyzer.lastAnalysed, 1);
  assert.deepEqual(
    edited.diagnostics.map((d) => [d.code, d.range.start.line + 1]),
    [['SLO114', 42 * 14 + 14]],
  );
});

test('lines inserted above move the cached diagnostics of the documents below', () => {
  const analyzer = new FileAnalyzer('f.yaml');
  const base = file(10, (i) => (i === 9 ? slo(i, '99.9') : undefined));
  const before = sameAsFresh(analyzer, base);
  const after = sameAsFresh(analyzer, `# owned by the payments team\n# and reviewed monthly\n${base}`);
  assert.equal(analyzer.lastAnalysed, 1);
  assert.equal(after.diagnostics[0]!.range.start.line, before.diagnostics[0]!.range.start.line + 2);
  assert.equal(
    after.diagnostics[0]!.fixes![0]!.edits[0]!.range.start.line,
    before.diagnostics[0]!.range.start.line + 2,
  );
});

test('splitting and merging documents, and a document break typed mid-file', () => {
  const analyzer = new FileAnalyzer('f.yaml');
  const text = file(5);
  sameAsFresh(analyzer, text);
  sameAsFresh(analyzer, text.replace('  service: api\n', '---\n  service: api\n'));
  sameAsFresh(analyzer, text.replace(/^---\n/gm, '').replace('kind: SLO', '---\nkind: SLO'));
  sameAsFresh(analyzer, text.replace('---\napiVersion', '--- # first\napiVersion'));
  sameAsFresh(analyzer, `%YAML 1.2\n${text}`);
  sameAsFresh(analyzer, text.replace(/\n/g, '\r\n'));
});
