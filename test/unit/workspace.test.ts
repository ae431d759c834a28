import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../src/language/workspace/workspace-index.js';

const SLO = (target: string) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout
spec:
  service: checkout
  indicatorRef: checkout-ratio
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - target: ${target}
`;
const SLI = (name: string) => `apiVersion: openslo/v1
kind: SLI
metadata:
  name: ${name}
spec:
  thresholdMetric:
    metricSource:
      spec:
        query: up
`;
const codes = (index: WorkspaceIndex, uri: string) =>
  index
    .allDiagnostics()
    .get(uri)!
    .map((d) => d.code);

test('cross-file results follow every change of definitions, and only then are recomputed', () => {
  const index = new WorkspaceIndex();
  index.set('slo.yaml', SLO('0.999'));
  // No SLI anywhere: it may live in files not checked.
  assert.deepEqual(codes(index, 'slo.yaml'), ['SLO704']);
  index.set('sli.yaml', SLI('checkout-ratio'));
  assert.deepEqual(codes(index, 'slo.yaml'), []);
  // An edit that changes no definition reuses the other files' cross-file results as they were.
  const before = index.allDiagnostics().get('sli.yaml');
  index.set('slo.yaml', SLO('99.9'));
  assert.deepEqual(codes(index, 'slo.yaml'), ['SLO114']);
  assert.deepEqual(index.allDiagnostics().get('sli.yaml'), before);
  // Renaming the SLI, a second SLI with the same name, deleting it: each is seen at once.
  index.set('sli.yaml', SLI('checkout-ratios'));
  const renamed = index
    .allDiagnostics()
    .get('slo.yaml')!
    .find((d) => d.code === 'SLO701')!;
  assert.equal(
    renamed.message,
    'No SLI named “checkout-ratio” in the workspace: did you mean “checkout-ratios”?',
  );
  index.set('sli-2.yaml', SLI('checkout-ratios'));
  // Nothing references the duplicate name until the SLO does; then a reference to it is ambiguous.
  assert.deepEqual(codes(index, 'sli.yaml'), ['SLO705']);
  index.set('slo.yaml', SLO('99.9').replace('checkout-ratio', 'checkout-ratios'));
  assert.deepEqual(codes(index, 'sli.yaml'), ['SLO702']);
  assert.deepEqual(codes(index, 'sli-2.yaml'), ['SLO702']);
  index.set('slo.yaml', SLO('99.9'));
  assert.deepEqual(codes(index, 'sli.yaml'), ['SLO705']);
  index.delete('sli-2.yaml');
  assert.deepEqual(codes(index, 'sli.yaml'), []);
  index.delete('sli.yaml');
  assert.deepEqual(codes(index, 'slo.yaml'), ['SLO114', 'SLO704']);
});

test('a name defined in 300 files: each duplicate names three other places and links twenty, in linear size', () => {
  const index = new WorkspaceIndex();
  for (let i = 0; i < 300; i++) index.set(`file:///w/sli-${String(i).padStart(3, '0')}.yaml`, SLI('shared'));
  // Referenced, so each duplicate is an ambiguity.
  index.set('file:///w/slo.yaml', SLO('0.999').replace('checkout-ratio', 'shared'));
  // A second definition in the same file is named first.
  index.set('file:///w/sli-000.yaml', `${SLI('shared')}---\n${SLI('shared')}`);
  const all = index.allDiagnostics();
  const [first, second] = all.get('file:///w/sli-000.yaml')!;
  assert.equal(
    first!.message,
    'Duplicate OpenSLO SLI name “shared”: also defined at line 14, sli-001.yaml:4, sli-002.yaml:4 and 297 more places, so references to it are ambiguous. Rename one of them.',
  );
  assert.equal(first!.related!.length, 20);
  assert.deepEqual(first!.related![0]!.range.start, { line: 13, character: 8 });
  assert.equal(
    second!.message,
    'Duplicate OpenSLO SLI name “shared”: also defined at line 4, sli-001.yaml:4, sli-002.yaml:4 and 297 more places, so references to it are ambiguous. Rename one of them.',
  );
  const last = all.get('file:///w/sli-299.yaml')!;
  assert.equal(
    last[0]!.message,
    'Duplicate OpenSLO SLI name “shared”: also defined at sli-000.yaml:4, sli-000.yaml:14, sli-001.yaml:4 and 297 more places, so references to it are ambiguous. Rename one of them.',
  );
  const size = [...all.values()].flat().reduce((n, d) => n + d.message.length + d.related!.length, 0);
  assert.ok(size < 301 * 200, `${size} characters and links in all`);
});

test('a name missing at nine places of a file is reported once, linking the others; its fix renames all nine', () => {
  const policy = (n: number) => `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: page-${n}
spec:
  conditions:
    - conditionRef: fast-burn
  notificationTargets:
    - targetRef: on-cal
`;
  const target = (name: string) =>
    `apiVersion: openslo/v1\nkind: AlertNotificationTarget\nmetadata:\n  name: ${name}\nspec:\n  target: pagerduty\n`;
  const condition =
    'apiVersion: openslo/v1\nkind: AlertCondition\nmetadata:\n  name: fast-burn\nspec:\n  severity: page\n' +
    '  condition:\n    kind: burnrate\n    op: gt\n    threshold: 14.4\n    lookbackWindow: 1h\n';
  const text = Array.from({ length: 9 }, (_, i) => policy(i + 1)).join('---\n');
  const index = new WorkspaceIndex();
  index.set('policies.yaml', text);
  index.set('targets.yaml', target('on-call'));
  index.set('conditions.yaml', condition);
  const [d, ...rest] = index.diagnostics('policies.yaml');
  assert.deepEqual(rest, []);
  assert.equal(d!.code, 'SLO701');
  assert.equal(d!.severity, 'error');
  assert.deepEqual(d!.range, { start: { line: 8, character: 17 }, end: { line: 8, character: 23 } });
  assert.equal(
    d!.message,
    'No AlertNotificationTarget named “on-cal” in the workspace (also referenced at 8 more places in this file): did you mean “on-call”?',
  );
  assert.deepEqual(
    d!.related!.map((r) => [r.uri, r.range.start.line + 1, r.message]),
    Array.from({ length: 8 }, (_, i) => [
      'policies.yaml',
      19 + 10 * i,
      'Also references AlertNotificationTarget on-cal',
    ]),
  );
  const [fix] = d!.fixes!;
  assert.equal(fix!.title, 'Change all 9 to on-call');
  assert.equal(fix!.preferred, true);
  assert.equal(fix!.edits.length, 9);
  // Applied (last edit first, so earlier offsets stay put), the file is clean.
  const lines = text.split('\n');
  for (const e of [...fix!.edits].reverse()) {
    const line = lines[e.range.start.line]!;
    lines[e.range.start.line] =
      line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
  }
  index.set('policies.yaml', lines.join('\n'));
  assert.deepEqual(index.diagnostics('policies.yaml'), []);
  // Without the target file, nothing of that kind is defined anywhere: one warning, still once.
  index.set('policies.yaml', text);
  index.delete('targets.yaml');
  assert.deepEqual(
    index.diagnostics('policies.yaml').map((x) => [x.code, x.severity, x.related?.length, x.fixes]),
    [['SLO704', 'warning', 8, undefined]],
  );
});

test('a name missing at 30 places links twenty of the others, and its fix still renames all 30', () => {
  const targets = Array.from({ length: 30 }, () => '    - targetRef: on-cal\n').join('');
  const text = `apiVersion: openslo/v1\nkind: AlertPolicy\nmetadata:\n  name: page\nspec:\n  conditions:\n    - conditionRef: fast-burn\n  notificationTargets:\n${targets}`;
  const index = new WorkspaceIndex();
  index.set('policy.yaml', text);
  index.set(
    'target.yaml',
    'apiVersion: openslo/v1\nkind: AlertNotificationTarget\nmetadata:\n  name: on-call\n',
  );
  const d = index.diagnostics('policy.yaml').find((x) => x.code === 'SLO701')!;
  assert.match(d.message, /\(also referenced at 29 more places in this file\)/);
  assert.equal(d.related!.length, 20);
  assert.equal(d.related![19]!.range.start.line, 28);
  assert.equal(d.fixes![0]!.title, 'Change all 30 to on-call');
  assert.equal(d.fixes![0]!.edits.length, 30);
});
