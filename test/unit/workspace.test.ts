import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../src/language/workspace.js';

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
  assert.deepEqual(codes(index, 'slo.yaml'), ['SLO701']);
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
    'No SLI named `checkout-ratio` in the workspace: did you mean `checkout-ratios`?',
  );
  index.set('sli-2.yaml', SLI('checkout-ratios'));
  assert.deepEqual(codes(index, 'sli.yaml'), ['SLO702']);
  index.delete('sli-2.yaml');
  assert.deepEqual(codes(index, 'sli.yaml'), []);
  index.delete('sli.yaml');
  assert.deepEqual(codes(index, 'slo.yaml'), ['SLO114', 'SLO701']);
});
