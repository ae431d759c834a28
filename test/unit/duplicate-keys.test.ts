/**
 * A key written twice (SLO002) as each format's reader takes it: oslo (go-sdk's sigs.k8s.io/yaml Unmarshal)
 * and Sloth (apimachinery's yaml.Unmarshal, the CRD's non-strict deserializer) keep the last value, a
 * warning; Pyrra's file mode (UnmarshalStrict) rejects the file, an error. The rules read the last value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/language/analysis/analyze.js';

function diagnose(text: string): string[] {
  return analyzeText('file:///w/slo.yaml', text).diagnostics.map(
    (d) =>
      `${d.code} ${d.severity} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`,
  );
}

test('OpenSLO v1: oslo keeps the last value, a warning on the second key', () => {
  const text = `apiVersion: openslo/v1
kind: Service
metadata:
  name: api
  name: web
`;
  assert.deepEqual(diagnose(text), [
    'SLO002 warning 5:3-5:7 Duplicate key “name”: oslo keeps this last value and ignores the one on line 4; remove one of them.',
  ]);
});

test('OpenSLO v1alpha, and each object of a list by its own reader', () => {
  const text = `- apiVersion: openslo/v1alpha
  kind: Service
  metadata:
    name: api
    displayName: API
    displayName: The API
  spec: {}
- apiVersion: pyrra.dev/v1alpha1
  kind: ServiceLevelObjective
  metadata:
    name: api
  spec:
    target: "99"
    target: "99.5"
    window: 4w
    indicator:
      bool_gauge:
        metric: up
`;
  assert.deepEqual(diagnose(text), [
    'SLO002 warning 6:5-6:16 Duplicate key “displayName”: oslo keeps this last value and ignores the one on line 5; remove one of them.',
    "SLO002 error 14:5-14:11 Duplicate key “target” (also on line 13): Pyrra's file mode reads strictly and rejects the file; remove one of them.",
  ]);
});

const SLOTH = `version: prometheus/v1
service: api
slos:
  - name: avail
    objective: 120
    objective: 99.9
    sli:
      raw:
        error_ratio_query: rate(errors[{{.window}}])
    alerting:
      name: ApiDown
`;

test('Sloth reads the last value: the first, out of range, is only a duplicate', () => {
  assert.deepEqual(diagnose(SLOTH), [
    'SLO002 warning 6:5-6:14 Duplicate key “objective”: Sloth keeps this last value and ignores the one on line 5; remove one of them.',
  ]);
  assert.deepEqual(
    diagnose(SLOTH.replace('objective: 120\n    objective: 99.9', 'objective: 99.9\n    objective: 120')),
    [
      'SLO002 warning 6:5-6:14 Duplicate key “objective”: Sloth keeps this last value and ignores the one on line 5; remove one of them.',
      'SLO302 error 6:16-6:19 “objective” is a percentage greater than 0 and at most 100, not 120.',
    ],
  );
});

test("Sloth's CRD: kubectl and Sloth keep the last value too", () => {
  const text = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: api
spec:
  service: api
  service: web
  slos:
    - name: avail
      objective: 99.9
      sli:
        raw:
          errorRatioQuery: rate(errors[{{.window}}])
      alerting:
        name: ApiDown
`;
  assert.deepEqual(diagnose(text), [
    'SLO002 warning 7:3-7:10 Duplicate key “service”: Sloth keeps this last value and ignores the one on line 6; remove one of them.',
  ]);
});

test('a document no format reads keeps the error', () => {
  const text = `apiVersion: openslo/v2
kind: SLO
kind: SLO
`;
  assert.deepEqual(
    diagnose(text).filter((d) => d.startsWith('SLO002')),
    ['SLO002 error 3:1-3:5 Duplicate key “kind”: this mapping already has this key; remove one of them.'],
  );
});
