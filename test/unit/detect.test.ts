/**
 * Which objects are ours: only what the formats' own tools read. Each case is the whole list of diagnostics a
 * user sees, with its code, severity, range (`line:col-line:col`, 1-based) and message.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/language/analysis/analyze.js';
import { SLO_TEXT_HINT } from '../../src/language/formats/detect.js';
import { TextPositions } from '../../src/language/syntax/text.js';
import type { Diagnostic, TextEdit } from '../../src/language/types.js';

function seen(d: Diagnostic): string {
  const { start, end } = d.range;
  return `${d.code} ${d.severity} ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${d.message}`;
}

function diagnose(text: string): string[] {
  return analyzeText('x.yaml', text).diagnostics.map(seen);
}

function formats(text: string): string[] {
  return analyzeText('x.yaml', text).objects.map((o) => o.format);
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const positions = new TextPositions(text);
  let out = text;
  for (const e of [...edits].sort(
    (a, b) => positions.offset(b.range.start) - positions.offset(a.range.start),
  ))
    out =
      out.slice(0, positions.offset(e.range.start)) + e.newText + out.slice(positions.offset(e.range.end));
  return out;
}

describe('Sloth reads a file only by its version line', () => {
  // The spec Sloth's own loader test rejects ("Spec without version should fail", internal/storage/io).
  const NO_VERSION = 'service: test-svc\nslos:\n- name: something\n';

  test('a service with a slos list and no version is not a Sloth file', () => {
    const analysis = analyzeText('values.yaml', NO_VERSION);
    assert.deepEqual(analysis.diagnostics, []);
    assert.equal(analysis.isSloFile, false);
  });

  test('Helm values with a service and a slos list get nothing', () => {
    const values = [
      'replicaCount: 2',
      'service:',
      '  type: ClusterIP',
      '  port: 8080',
      'slos:',
      '  - name: availability',
      '    objective: 99.9',
      '    errorQuery: sum(rate(http_requests_total{code=~"5.."}[5m]))',
      '',
    ].join('\n');
    assert.deepEqual(diagnose(values), []);
  });

  test('with its version line the same file is Sloth, and checked', () => {
    assert.deepEqual(formats(`version: "prometheus/v1"\n${NO_VERSION}`), ['sloth/v1']);
  });
});

describe('openslo.com/v1 is the osko and Dash0 operators’ own group', () => {
  test('no diagnostic, and no quick fix to openslo/v1', () => {
    const text =
      'apiVersion: openslo.com/v1\nkind: SLO\nmetadata:\n  name: checkout\nspec:\n  service: checkout\n';
    const analysis = analyzeText('slo.yaml', text);
    assert.deepEqual(analysis.diagnostics, []);
    assert.equal(analysis.isSloFile, false);
  });

  test('a broken operator file is not taken for an SLO file either', () => {
    const broken = 'apiVersion: openslo.com/v1\nkind: SLO\nmetadata: [\n';
    assert.equal(SLO_TEXT_HINT.test(broken), false);
    assert.equal(SLO_TEXT_HINT.test('apiVersion: "openslo.com/v1" # osko\n'), false);
    assert.deepEqual(analyzeText('slo.yaml', broken).diagnostics, []);
  });

  test('other openslo.com versions are still a close-but-wrong discriminator', () => {
    assert.equal(SLO_TEXT_HINT.test('apiVersion: openslo.com/v2alpha\n'), true);
    assert.deepEqual(diagnose('apiVersion: openslo.com/v2\nkind: SLO\nmetadata:\n  name: x\n'), [
      'SLO003 error 1:13-1:27 Unsupported apiVersion “openslo.com/v2” for kind SLO: use “openslo/v1” (or “openslo/v1alpha” for the older format).',
    ]);
  });
});

describe('a kind of another OpenSLO version is fixed on the apiVersion', () => {
  const TARGET = [
    'apiVersion: openslo/v1alpha',
    'kind: AlertNotificationTarget',
    'metadata:',
    '  name: on-call',
    'spec:',
    '  target: slack',
    '',
  ].join('\n');

  test('the message names the version that has the kind, on the apiVersion value', () => {
    assert.deepEqual(diagnose(TARGET), [
      'SLO003 error 1:13-1:28 “AlertNotificationTarget” is a kind of openslo/v1, not of openslo/v1alpha (which has SLO, Service): change apiVersion to “openslo/v1”.',
    ]);
  });

  test('its preferred quick fix changes the apiVersion, which leaves nothing to report', () => {
    const [d] = analyzeText('x.yaml', TARGET).diagnostics;
    assert.equal(d?.fixes?.length, 1);
    assert.equal(d.fixes[0]!.title, 'Change to openslo/v1');
    assert.equal(d.fixes[0]!.preferred, true);
    const fixed = applyEdits(TARGET, d.fixes[0]!.edits);
    assert.equal(fixed, TARGET.replace('openslo/v1alpha', 'openslo/v1'));
    assert.deepEqual(diagnose(fixed), []);
  });

  test('a kind no version has is still blamed on the kind', () => {
    assert.deepEqual(diagnose(TARGET.replace('AlertNotificationTarget', 'Sevice')), [
      'SLO005 error 2:7-2:13 “Sevice” is not a kind of openslo/v1alpha: use one of SLO, Service (did you mean “Service”?).',
    ]);
  });
});

describe('Pyrra as its file mode reads it: any apiVersion, Pyrra’s shape', () => {
  const pyrra = (apiVersion: string, target = '"99.5"') =>
    [
      ...(apiVersion ? [`apiVersion: ${apiVersion}`] : []),
      'kind: ServiceLevelObjective',
      'metadata:',
      '  name: api-errors',
      'spec:',
      `  target: ${target}`,
      '  window: 4w',
      '  indicator:',
      '    ratio:',
      '      errors:',
      '        metric: http_requests_total{code=~"5.."}',
      '      total:',
      '        metric: http_requests_total',
      '',
    ].join('\n');

  test('v1alpha1 alone, or no apiVersion, is checked as Pyrra', () => {
    assert.deepEqual(formats(pyrra('v1alpha1')), ['pyrra/v1alpha1']);
    assert.deepEqual(diagnose(pyrra('v1alpha1')), []);
    assert.deepEqual(formats(pyrra('')), ['pyrra/v1alpha1']);
    assert.deepEqual(diagnose(pyrra('')), []);
  });

  test('Pyrra’s rules apply under another apiVersion', () => {
    assert.deepEqual(diagnose(pyrra('v1alpha1').replace('window: 4w', 'window: 4 weeks')), [
      'SLO107 error 7:11-7:18 “window” "4 weeks" is not a Prometheus duration: write e.g. “4w”, “28d” or “30d”.',
    ]);
  });

  test('file mode reads a number target as its string; the CRD does not', () => {
    assert.deepEqual(diagnose(pyrra('v1alpha1', '99.5')), []);
    assert.deepEqual(diagnose(pyrra('pyrra.dev/v1alpha1', '99.5')), [
      'SLO401 warning 6:11-6:15 Pyrra\'s “target” is a string: the Kubernetes API server rejects the number 99.5. Quote it: “"99.5"”.',
    ]);
  });

  test('file mode is strict about unknown keys, as yaml.UnmarshalStrict is', () => {
    assert.deepEqual(diagnose(pyrra('v1alpha1').replace('  window: 4w', '  windw: 4w')), [
      'SLO011 error 7:3-7:8 Unknown key “windw” in “spec”: Pyrra rejects unknown keys. Did you mean “window”?',
      'SLO010 error 5:1-5:5 “spec” is missing “window” (required): add it, e.g. “window: 4w”.',
    ]);
  });

  test('other vendors’ ServiceLevelObjective kinds stay silent', () => {
    const other = [
      'apiVersion: ricoberger.de/v1alpha1',
      'kind: ServiceLevelObjective',
      'metadata:',
      '  name: grafana',
      'spec:',
      '  slos:',
      '    - name: availability',
      '      objective: "99.9"',
      '      sli:',
      '        totalQuery: sum(rate(istio_requests_total[${window}]))',
      '        errorQuery: sum(rate(istio_requests_total{response_code=~"5.*"}[${window}]))',
      '',
    ].join('\n');
    assert.deepEqual(formats(other), []);
    assert.deepEqual(diagnose(other), []);
    // An indicator of Pyrra's shape alone, without a target or a window, is not enough.
    const bare = pyrra('example.com/v1').replace('  target: "99.5"\n  window: 4w\n', '');
    assert.deepEqual(formats(bare), []);
    assert.deepEqual(diagnose(bare), []);
  });
});

describe('Kubernetes-decoded fields stay strict', () => {
  const sloth = (head: string, options: string) =>
    [
      ...head.split('\n'),
      `${options}slos:`,
      `${options}  - name: latency`,
      `${options}    objective: 99.9`,
      `${options}    sli:`,
      `${options}      plugin:`,
      `${options}        id: sloth-common/kubernetes/apiserver/latency`,
      `${options}        options:`,
      `${options}          bucket: 0.5`,
      `${options}    alerting:`,
      `${options}      name: ApiserverLatency`,
      '',
    ].join('\n');

  test('an unquoted number in a Sloth CRD plugin option is an error (the CRD wants strings)', () => {
    const crd = sloth(
      'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata:\n  name: apiserver\nspec:\n  service: apiserver',
      '  ',
    );
    assert.deepEqual(diagnose(crd), [
      'SLO013 error 14:21-14:24 “bucket” must be a string, but is “0.5”: quote it, “"0.5"”.',
    ]);
    assert.deepEqual(diagnose(crd.replace('bucket: 0.5', 'bucket: "0.5"')), []);
  });

  test('the plain file reads it as a string (sigs.k8s.io/yaml), as Sloth does', () => {
    assert.deepEqual(diagnose(sloth('version: prometheus/v1\nservice: apiserver', '')), []);
  });
});

describe('real Pyrra files under `apiVersion: v1alpha1` (provenance in test/fixtures/real/SOURCES.tsv)', () => {
  const REAL = path.join(__dirname, '..', 'fixtures', 'real');
  const rows = readFileSync(path.join(REAL, 'SOURCES.tsv'), 'utf8')
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((row) => row[4] === 'pyrra-file-mode');

  test('both files are listed', () => assert.equal(rows.length, 2));

  for (const [file] of rows) {
    test(`${file} is Pyrra, with no diagnostics`, () => {
      const analysis = analyzeText(file!, readFileSync(path.join(REAL, file!), 'utf8'));
      assert.deepEqual(analysis.diagnostics.map(seen), []);
      assert.deepEqual(
        analysis.objects.map((o) => [o.format, o.kind]),
        [['pyrra/v1alpha1', 'ServiceLevelObjective']],
      );
    });
  }

  test('a mistake in one of them is reported as Pyrra reports it', () => {
    const file = rows.find(([f]) => f!.endsWith('latency-slo.yaml'))![0]!;
    const text = readFileSync(path.join(REAL, file), 'utf8').replace('window: 28d', 'window: 28 days');
    assert.deepEqual(diagnose(text), [
      'SLO107 error 29:11-29:18 “window” "28 days" is not a Prometheus duration: write e.g. “4w”, “28d” or “30d”.',
    ]);
  });
});
