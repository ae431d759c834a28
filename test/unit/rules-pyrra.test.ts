// Pyrra's rule generator against Pyrra v0.10.1's own expectations: the Go tests of slo/ and of the Kubernetes
// controller are read verbatim (test/fixtures/rules/pyrra/upstream/), their Objective values are written as
// ServiceLevelObjective YAML (objectives/), and every expected group is compared rule by rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { createLanguageService } from '../../src/language/service.js';
import { DEFAULT_RULES_OPTIONS, type RuleGroup, type RulesOptions } from '../../src/rules/types.js';
import type { FileRulesDocument } from '../../src/language/features/rules.js';
import { readRules } from '../../src/rules/read.js';
import { assigned, field, goString, ruleGroup, testCases, type GoValue } from './go-literal.js';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'rules', 'pyrra');
const upstream = (file: string) => readFileSync(path.join(DIR, 'upstream', file), 'utf8');
const RULES_TEST = upstream('rules_test.go');

/** The fixture written from each Objective constructor of slo/promql_test.go. */
const OBJECTIVES: Record<string, string> = {
  objectiveHTTPRatio: 'http-ratio',
  objectiveHTTPRatioDescriptionAsLabel: 'http-ratio-description-as-label',
  objectiveHTTPRatioGroupingLessAccurate: 'http-ratio-grouping-less-accurate',
  objectiveHTTPRatioGrouping: 'http-ratio-grouping',
  objectiveHTTPRatioGroupingRegex: 'http-ratio-grouping-regex',
  objectiveGRPCRatio: 'grpc-ratio',
  objectiveGRPCRatioGrouping: 'grpc-ratio-grouping',
  objectiveGRPCRatioGroupingLessAccuracy: 'grpc-ratio-grouping-less-accuracy',
  objectiveHTTPLatency: 'http-latency',
  objectiveHTTPNativeLatency: 'http-native-latency',
  objectiveHTTPNativeLatencyGrouping: 'http-native-latency-grouping',
  objectiveHTTPLatencyGrouping: 'http-latency-grouping',
  objectiveHTTPLatencyGroupingRegex: 'http-latency-grouping-regex',
  objectiveHTTPLatencyGroupingRegexLessAccuracy: 'http-latency-grouping-regex-less-accuracy',
  objectiveGRPCLatency: 'grpc-latency',
  objectiveGRPCLatencyGrouping: 'grpc-latency-grouping',
  objectiveOperator: 'operator',
  objectiveOperatorGrouping: 'operator-grouping',
  objectiveAPIServerRatio: 'apiserver-ratio',
  objectiveAPIServerRatioGrouping: 'apiserver-ratio-grouping',
  objectiveAPIServerRatioAlertingDisabled: 'apiserver-ratio-alerting-disabled',
  objectiveAPIServerLatency: 'apiserver-latency',
  objectiveAPIServerLatencyAlertingDisabled: 'apiserver-latency-alerting-disabled',
  objectiveAPIServerLatencyCustomAlertname: 'apiserver-latency-custom-alertname',
  objectiveUpTargets: 'up-targets',
  objectiveUpTargetsGroupingRegex: 'up-targets-grouping-regex',
  objectiveUpTargetsLessAccuracy: 'up-targets-less-accuracy',
};

/** Every generated document, kept for the promtool check at the end. */
const generated: Array<{ label: string; doc: FileRulesDocument }> = [];

function generate(label: string, yaml: string, options: Partial<RulesOptions> = {}): FileRulesDocument[] {
  const service = createLanguageService();
  const uri = `file:///${label.replace(/[^a-z0-9-]/gi, '_')}.yaml`;
  service.setFile(uri, yaml);
  const docs = service.rules(uri, { ...DEFAULT_RULES_OPTIONS, ...options })?.documents ?? [];
  for (const doc of docs) generated.push({ label, doc });
  return docs;
}

const fixture = (name: string) => readFileSync(path.join(DIR, 'objectives', `${name}.yaml`), 'utf8');

function objectiveOf(c: GoValue): string {
  const slo = field(c, 'slo');
  assert.ok(slo?.t === 'call', 'a case builds its objective with a constructor');
  const file = OBJECTIVES[slo.fn];
  assert.ok(file, `a fixture for ${slo.fn}`);
  return file;
}

/** `GenerationOptions{…}` of a case, as our options (Pyrra's test default: no migration, no URL). */
function optionsOf(c: GoValue): Partial<RulesOptions> {
  const opts = field(c, 'opts');
  const url = opts && field(opts, 'ExternalURL');
  const migration = opts && field(opts, 'EnablePrometheus3Migration');
  return {
    prometheus3Migration: migration?.t === 'ident' && migration.v === 'true',
    ...(url ? { externalUrl: goString(url) } : {}),
  };
}

/**
 * Where the YAML object cannot equal the Go value, the expectation as Pyrra computes it from the YAML:
 * - `target: "99.9"` is 99.9 / 100 = 0.9990000000000001 in float64, where the Go test writes 0.999;
 * - a bool gauge's `metric: up` parses with its `__name__` matcher, which Pyrra's increase rules group by
 *   (`sum by (__name__) (…)`), where the Go test builds the metric without matchers.
 */
function asFromYaml(file: string, group: RuleGroup): RuleGroup {
  const fix = (expr: string) => {
    let out = expr;
    if (file.startsWith('grpc-ratio')) out = out.replaceAll('(1-0.999)', '(1-0.9990000000000001)');
    if (file.startsWith('grpc-ratio') && out === '0.999') out = '0.9990000000000001';
    if (file.startsWith('up-targets') && group.name.endsWith('-increase') && !out.startsWith('absent('))
      out = out.replace(
        /^sum(?: by \(([^)]*)\) )?\(/,
        (_, g?: string) => `sum by (${['__name__', ...(g ? g.split(', ') : [])].join(', ')}) (`,
      );
    return out;
  };
  return { ...group, rules: group.rules.map((r) => ({ ...r, expr: fix(r.expr) })) };
}

function findGroup(docs: FileRulesDocument[], name: string): RuleGroup | undefined {
  return docs.flatMap((d) => d.groups).find((g) => g.name === name);
}

function assertGroup(actual: RuleGroup | undefined, expected: RuleGroup, where: string): void {
  assert.ok(actual, `${where}: group ${expected.name} is generated`);
  assert.equal(actual.name, expected.name, `${where}: group name`);
  assert.equal(actual.interval, expected.interval, `${where}: interval`);
  assert.equal(actual.rules.length, expected.rules.length, `${where}: rule count`);
  for (const [i, rule] of expected.rules.entries())
    assert.deepEqual(actual.rules[i], rule, `${where}: rule ${i + 1}`);
}

test('TestObjective_Burnrates: every case, rule by rule', () => {
  const cases = testCases(RULES_TEST, 'TestObjective_Burnrates');
  assert.equal(cases.length, 22);
  for (const c of cases) {
    const name = goString(field(c, 'name')!);
    const file = objectiveOf(c);
    const expected = asFromYaml(file, ruleGroup(field(c, 'rules')!));
    const docs = generate(`burnrates-${name}`, fixture(file), optionsOf(c));
    assertGroup(findGroup(docs, expected.name), expected, `TestObjective_Burnrates/${name}`);
  }
});

test('TestObjective_BurnrateNames: the burn-rate record of every objective', () => {
  const cases = testCases(RULES_TEST, 'TestObjective_BurnrateNames');
  assert.equal(cases.length, 17);
  for (const c of cases) {
    const file = objectiveOf(c);
    const expected = goString(field(c, 'burnrate')!);
    const docs = generate(`burnrate-names-${file}`, fixture(file));
    const record = docs[0]!.groups.find((g) => !g.name.endsWith('-increase'))!.rules[0]!.record!;
    // The case asks for the 5m name; an objective of another window starts at its own shortest window.
    assert.equal(record.replace(/burnrate.*$/, 'burnrate5m'), expected, file);
  }
});

test('TestObjective_IncreaseRules: every case, rule by rule', () => {
  const cases = testCases(RULES_TEST, 'TestObjective_IncreaseRules');
  assert.equal(cases.length, 21);
  for (const c of cases) {
    const name = goString(field(c, 'name')!);
    const file = objectiveOf(c);
    const expected = asFromYaml(file, ruleGroup(field(c, 'rules')!));
    // The ConfigMap holds IncreaseRules' single group even where performanceOverAccuracy splits it.
    const docs = generate(`increase-${name}`, fixture(file), {
      prometheus3Migration: false,
      configMapMode: true,
    });
    assertGroup(findGroup(docs, expected.name), expected, `TestObjective_IncreaseRules/${name}`);
  }
});

test('TestObjective_SplitIncreaseRules: the short and long groups of performanceOverAccuracy', () => {
  const split = (file: string) => {
    const docs = generate(`split-${file}`, fixture(file), { prometheus3Migration: false, format: 'rules' });
    const [short, long] = [docs[0]!.groups[0]!, docs[docs.length - 1]!.groups[0]!];
    return { docs, short, long };
  };
  // ratio-performance-over-accuracy, rule-output-labels-not-on-individual-rules
  let { docs, short, long } = split('http-ratio-grouping-less-accurate');
  assert.deepEqual(
    short.rules.map((r) => r.record ?? r.alert),
    ['http_requests:increase5m', 'SLOMetricAbsent'],
  );
  assert.equal(short.interval, '30s');
  assert.deepEqual(
    long.rules.map((r) => r.record),
    ['http_requests:increase4w'],
  );
  assert.equal(
    long.rules[0]!.expr,
    'sum by (code) (sum_over_time(http_requests:increase5m{job="thanos-receive-default"}[4w:5m]))',
  );
  for (const r of docs.flatMap((d) => d.groups).flatMap((g) => g.rules))
    assert.ok(!('prometheus' in (r.labels ?? {})));
  // ratio-no-performance-over-accuracy: one increase group
  ({ docs } = split('http-ratio'));
  assert.equal(docs.length, 1);
  assert.equal(docs[0]!.groups[0]!.rules[0]!.record, 'http_requests:increase4w');
  // latency-performance-over-accuracy
  ({ short, long } = split('http-latency-grouping-regex-less-accuracy'));
  assert.deepEqual(
    short.rules.map((r) => r.record ?? r.alert),
    [
      'http_request_duration_seconds:increase5m',
      'http_request_duration_seconds:increase5m',
      'SLOMetricAbsent',
      'SLOMetricAbsent',
    ],
  );
  assert.deepEqual(
    long.rules.map((r) => r.record),
    ['http_request_duration_seconds:increase4w', 'http_request_duration_seconds:increase4w'],
  );
  assert.match(long.rules[0]!.expr, /sum_over_time/);
  // grpc-ratio-different-errors-metric-performance-over-accuracy
  ({ short, long } = split('grpc-ratio-grouping-less-accuracy'));
  assert.deepEqual(
    short.rules.map((r) => r.record ?? r.alert),
    ['grpc_server_handled:increase5m', 'SLOMetricAbsent'],
  );
  assert.deepEqual(
    long.rules.map((r) => r.record),
    ['grpc_server_handled:increase4w'],
  );
  // boolgauge-performance-over-accuracy
  ({ short, long } = split('up-targets-less-accuracy'));
  assert.deepEqual(
    short.rules.map((r) => r.record ?? r.alert),
    ['up:count5m', 'up:sum5m', 'SLOMetricAbsent'],
  );
  assert.equal(short.interval, '30s');
  assert.deepEqual(
    long.rules.map((r) => r.record),
    ['up:count4w', 'up:sum4w'],
  );
  for (const r of long.rules) assert.match(r.expr, /sum_over_time/);
  // latencynative-performance-over-accuracy-falls-back-to-long: an empty short group, as Pyrra writes it
  ({ short, long } = split('http-native-latency-less-accuracy'));
  assert.deepEqual(short, { name: '', rules: [] });
  assert.equal(long.rules[0]!.record, 'http_request_duration_seconds:increase4w');
});

test('TestObjective_GrafanaRules: the generic rules of every case, and none where Pyrra refuses a grouping', () => {
  const cases = testCases(RULES_TEST, 'TestObjective_GrafanaRules');
  assert.equal(cases.length, 18);
  for (const c of cases) {
    const name = goString(field(c, 'name')!);
    const file = objectiveOf(c);
    const docs = generate(`generic-${name}`, fixture(file), {
      prometheus3Migration: false,
      genericRules: true,
    });
    const generic = docs[0]!.groups.find((g) => g.name.endsWith('-generic'));
    if (field(c, 'err')) {
      assert.equal(generic, undefined, `TestObjective_GrafanaRules/${name}: no generic group`);
      assert.deepEqual(docs[0]!.notes, [
        {
          slo: docs[0]!.slos[0]!.name,
          message: 'Pyrra generates no generic rules for an SLO with grouping.',
        },
      ]);
      continue;
    }
    const expected = asFromYaml(file, ruleGroup(field(c, 'rules')!));
    assertGroup(generic, expected, `TestObjective_GrafanaRules/${name}`);
  }
});

test('TestObjective_AlertName, TestObjective_AlertNameMetricAbsent: names of the burn-rate and absent alerts', () => {
  const alerts = (file: string) =>
    new Set(
      generate(`alert-names-${file}`, fixture(file))
        .flatMap((d) => d.groups)
        .flatMap((g) => g.rules)
        .flatMap((r) => (r.alert ? [r.alert] : [])),
    );
  assert.deepEqual(alerts('http-ratio'), new Set(['SLOMetricAbsent', 'ErrorBudgetBurn']));
  assert.deepEqual(alerts('apiserver-ratio'), new Set(['APIServerMetricAbsent', 'APIServerErrorBudgetBurn']));
  assert.deepEqual(alerts('apiserver-ratio-alerting-disabled'), new Set());
});

test('TestObjective_PyrraURLAnnotation: pyrra_url on every burn-rate alert', () => {
  const cases: Array<[string, string, string | undefined]> = [
    [
      'with pyrra URL',
      'https://pyrra.example.com',
      'https://pyrra.example.com/objectives?expr=%7B__name__%3D%22monitoring-http-errors%22%7D&from=now-1h&to=now',
    ],
    [
      'with pyrra URL and trailing slash',
      'https://pyrra.example.com/',
      'https://pyrra.example.com/objectives?expr=%7B__name__%3D%22monitoring-http-errors%22%7D&from=now-1h&to=now',
    ],
    ['without pyrra URL', '', undefined],
    // Go's url.Parse: the scheme lower-cased, the host and port as written, the path replaced.
    [
      'Go URL: scheme, host and port',
      'HTTP://Pyrra.Example.com:80/base?x=1',
      'http://Pyrra.Example.com:80/objectives?expr=%7B__name__%3D%22monitoring-http-errors%22%7D&from=now-1h&to=now',
    ],
    [
      'Go URL: no scheme',
      'pyrra.example.com',
      '/objectives?expr=%7B__name__%3D%22monitoring-http-errors%22%7D&from=now-1h&to=now',
    ],
    ['Go URL: rejected', 'http://bad host', undefined],
  ];
  for (const [name, url, want] of cases) {
    const docs = generate(`url-${name}`, fixture('http-ratio'), url ? { externalUrl: url } : {});
    const alerts = findGroup(docs, 'monitoring-http-errors')!.rules.filter((r) => r.alert);
    assert.equal(alerts.length, 4);
    for (const a of alerts) assert.equal(a.annotations?.pyrra_url, want, name);
  }
});

const severitySlo = (name: string, indicator: string, alerting: string) => `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: ${name}
spec:
  target: '99'
  window: 4w
  indicator:
${indicator}
  alerting:
${alerting}
`;
const RATIO = `    ratio:
      errors:
        metric: 'http_requests_total{job="test",code=~"5.."}'
      total:
        metric: 'http_requests_total{job="test"}'`;
const LATENCY = `    latency:
      success:
        metric: 'http_request_duration_seconds_bucket{job="test",le="0.5"}'
      total:
        metric: 'http_request_duration_seconds_count{job="test"}'`;

test('TestObjective_BurnratesWithCustomSeverities, TestObjective_IncreaseRulesWithCustomAbsentSeverity', () => {
  const burn = (indicator: string, severities: string[]) => {
    const alerting = `    absent: false\n    severities:\n${['fastBurn', 'mediumBurn', 'slowBurn', 'longTermBurn'].map((k, i) => `      ${k}: ${severities[i]}`).join('\n')}`;
    const docs = generate('severities', severitySlo('test-slo', indicator, alerting));
    return findGroup(docs, 'test-slo')!.rules.flatMap((r) => (r.alert ? [r.labels!.severity] : []));
  };
  assert.deepEqual(burn(RATIO, ['page', 'high', 'medium', 'low']), ['page', 'high', 'medium', 'low']);
  assert.deepEqual(burn(LATENCY, ['pagerduty', 'slack-urgent', 'slack', 'email']), [
    'pagerduty',
    'slack-urgent',
    'slack',
    'email',
  ]);
  const absent = (indicator: string, severity: string) => {
    const docs = generate(
      'absent-severity',
      severitySlo('test-slo', indicator, `    severities:\n      absent: ${severity}`),
    );
    return findGroup(docs, 'test-slo-increase')!.rules.flatMap((r) => (r.alert ? [r.labels!.severity] : []));
  };
  const ratioErrors = RATIO.replace(
    '\'http_requests_total{job="test",code=~"5.."}\'',
    'http_requests_errors_total',
  );
  assert.deepEqual(absent(ratioErrors, 'warning'), ['warning', 'warning']);
  assert.deepEqual(absent(LATENCY, 'info'), ['info', 'info']);
  assert.deepEqual(absent(`    bool_gauge:\n      metric: 'up{job="test"}'`, 'page'), ['page']);
});

test('TestConvertLeMatcherForPrometheus3: the le matcher of a latency SLO, migrated', () => {
  const cases = testCases(upstream('prometheus3_test.go'), 'TestConvertLeMatcherForPrometheus3');
  const matcher = (v: GoValue) => {
    const type = { 'labels.MatchEqual': '=', 'labels.MatchRegexp': '=~' }[
      (field(v, 'Type') as { v: string }).v
    ]!;
    const nameNode = field(v, 'Name')!;
    const name = nameNode.t === 'ident' && nameNode.v === 'labels.BucketLabel' ? 'le' : goString(nameNode);
    return { name, type, value: goString(field(v, 'Value')!) };
  };
  const quote = (s: string) => JSON.stringify(s);
  const rejected = (m: { type: string; value: string }) =>
    generate(
      'prom3-rejected',
      severitySlo(
        'prom3',
        LATENCY.replace('{job="test",le="0.5"}', `{le${m.type}${quote(m.value)}}`),
        '    absent: false',
      ),
    )[0]!.notes[0]?.message ?? '';
  let checked = 0;
  for (const c of cases) {
    const name = goString(field(c, 'name')!);
    const input = matcher((field(c, 'matcher') as { v: GoValue }).v);
    const expected = matcher((field(c, 'expected') as { v: GoValue }).v);
    // Pyrra's validation rejects a success metric whose le is not a float: those never reach the rules.
    if (input.name === 'le' && !/^[+-]?(\d+\.?\d*|Inf)$/.test(input.value)) {
      assert.match(rejected(input), /must contain a le label matcher with a float value/, name);
      continue;
    }
    const extraLe = input.name === 'le' ? '' : ',le="0.5"';
    const yaml = severitySlo(
      'prom3',
      LATENCY.replace('{job="test",le="0.5"}', `{${input.name}${input.type}${quote(input.value)}${extraLe}}`),
      '    absent: false',
    );
    const docs = generate(`prom3-${name}`, yaml);
    assert.deepEqual(docs[0]!.notes, [], name);
    const success = findGroup(docs, 'prom3-increase')!.rules[1]!.expr;
    assert.ok(
      success.includes(`${expected.name}${expected.type}${quote(expected.value)}`),
      `${name}: ${success}`,
    );
    checked++;
  }
  assert.equal(checked, 8);
});

const CONTROLLER_TEST = upstream('servicelevelobjective_test.go');

/** A PrometheusRule or ConfigMap literal's metadata and groups, as our document carries them. */
function expectedObject(v: GoValue): { metadata: Record<string, unknown>; groups: RuleGroup[] } {
  const obj = v.t === 'ref' ? v.v : v;
  const meta = field(obj, 'ObjectMeta')!;
  const owner = (field(meta, 'OwnerReferences') as { fields: Array<{ value: GoValue }> }).fields[0]!.value;
  const map = (x: GoValue | undefined) =>
    x && x.t === 'composite'
      ? Object.fromEntries(
          x.fields.map((f) => [
            goString(f.key!, { 'slo.PropagationLabelsPrefix': 'pyrra.dev/' }),
            goString(f.value),
          ]),
        )
      : undefined;
  const metadata: Record<string, unknown> = {
    name: goString(field(meta, 'Name')!),
    labels: map(field(meta, 'Labels')),
    ownerReferences: [
      {
        // pyrrav1alpha1.GroupVersion.Version, the httpSLO's apiVersion.
        apiVersion: 'v1alpha1',
        kind: goString(field(owner, 'Kind')!),
        name: goString(field(owner, 'Name')!),
        uid: goString(field(owner, 'UID')!),
        controller: true,
      },
    ],
  };
  const annotations = map(field(meta, 'Annotations'));
  if (annotations) metadata.annotations = annotations;
  const spec = field(obj, 'Spec');
  const groups = spec
    ? (field(spec, 'Groups') as { fields: Array<{ value: GoValue }> }).fields.map((g) => ruleGroup(g.value))
    : [];
  return { metadata, groups };
}

function assertDocument(
  doc: FileRulesDocument,
  expected: { metadata: Record<string, unknown>; groups: RuleGroup[] },
  where: string,
) {
  assert.ok(doc.container.kind !== 'rule-file');
  assert.deepEqual(doc.container.metadata, expected.metadata, `${where}: metadata`);
  assert.equal(doc.groups.length, expected.groups.length, `${where}: group count`);
  for (const [i, g] of expected.groups.entries()) {
    assert.equal(doc.groups[i]!.partial_response_strategy, g.partial_response_strategy, `${where}: strategy`);
    assertGroup(doc.groups[i], g, `${where} group ${i + 1}`);
  }
}

const CONTROLLER = { prometheus3Migration: false } as const;

test('Test_makePrometheusRule: the PrometheusRule of the controller', () => {
  const [c] = testCases(CONTROLLER_TEST, 'Test_makePrometheusRule');
  const docs = generate('controller-http', fixture('http-slo'), CONTROLLER);
  assert.equal(docs.length, 1);
  assert.equal(docs[0]!.container.kind, 'prometheus-rule');
  assertDocument(docs[0]!, expectedObject(field(c!, 'rules')!), 'Test_makePrometheusRule/http');
  assert.equal(docs[0]!.generator, 'Pyrra v0.10.1');
  assert.deepEqual(docs[0]!.slos, [{ name: 'http', rules: 13 }]);
});

const perfSlo = (ruleOutput: boolean) =>
  fixture('http-slo').replace(
    '  partial_response_strategy: warn\n',
    `  partial_response_strategy: warn\n  performanceOverAccuracy: true\n${ruleOutput ? '  ruleOutput:\n    shortRulesLabels: {prometheus: k8s}\n    longRulesLabels: {prometheus: thanos-k8s}\n' : ''}`,
  );

test('Test_makeSplitPrometheusRules: the -short and -long PrometheusRules of performanceOverAccuracy', () => {
  const docs = generate('controller-split', perfSlo(true), CONTROLLER);
  assert.equal(docs.length, 2);
  assertDocument(
    docs[0]!,
    expectedObject(assigned(CONTROLLER_TEST, 'Test_makeSplitPrometheusRules', 'expectedShortRule')),
    'short',
  );
  assertDocument(
    docs[1]!,
    expectedObject(assigned(CONTROLLER_TEST, 'Test_makeSplitPrometheusRules', 'expectedLongRule')),
    'long',
  );
});

test('Test_makeSplitPrometheusRulesWithoutRuleOutput: both PrometheusRules keep the SLO labels', () => {
  const docs = generate('controller-split-no-output', perfSlo(false), CONTROLLER);
  for (const doc of docs) {
    assert.ok(doc.container.kind === 'prometheus-rule');
    assert.deepEqual(doc.container.metadata.labels, { 'pyrra.dev/team': 'foo', team: 'bar' });
  }
});

test('Test_makeConfigMap: the ConfigMap of --config-map-mode holds the rule file', () => {
  const cases = (
    assigned(CONTROLLER_TEST, 'Test_makeConfigMap', 'testcases') as { fields: Array<{ value: GoValue }> }
  ).fields.map((f) => f.value);
  const want = cases.find((c) => goString(field(c, 'name')!) === 'HTTP')!;
  const expected = expectedObject(field(want, 'want')!);
  const text = goString(assigned(CONTROLLER_TEST, 'Test_makeConfigMap', 'rules'));
  const read = readRules(text);
  assert.ok('documents' in read);
  expected.groups = read.documents[0]!.groups;
  // The controller names it pyrra-recording-rule-<name> (reconcileConfigMap); the Go test passes "http".
  expected.metadata.name = 'pyrra-recording-rule-http';
  const docs = generate('controller-configmap', fixture('http-slo'), { ...CONTROLLER, configMapMode: true });
  assertDocument(docs[0]!, expected, 'Test_makeConfigMap/HTTP');
  assert.ok(docs[0]!.container.kind === 'config-map');
  assert.equal(docs[0]!.container.key, 'pyrra-recording-rule-http.rules.yaml');
});

test('Pyrra defaults: the PrometheusRule, Prometheus 3 le matchers, file mode on request', () => {
  const docs = generate('defaults', fixture('http-latency'));
  assert.equal(docs[0]!.container.kind, 'prometheus-rule');
  assert.equal(
    findGroup(docs, 'monitoring-http-latency-increase')!.rules[1]!.expr,
    'sum by (code) (increase(http_request_duration_seconds_bucket{code=~"2..",job="metrics-service-thanos-receive-default",le=~"1(\\\\.0)?"}[4w]))',
  );
  assert.equal(
    generate('file-mode', fixture('http-ratio'), { format: 'rules' })[0]!.container.kind,
    'rule-file',
  );
});

test('an object Pyrra cannot turn into rules gives a note and no groups', () => {
  const docs = generate(
    'invalid',
    `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: broken
spec:
  target: '99'
  window: 4w
  indicator: {}
`,
  );
  assert.deepEqual(
    docs.map((d) => ({ groups: d.groups, notes: d.notes, slos: d.slos })),
    [
      {
        groups: [],
        notes: [
          {
            slo: 'broken',
            message:
              'Pyrra generates no rules for this object: one of ratio, latency, latencyNative or bool_gauge must be set.',
          },
        ],
        slos: [{ name: 'broken', rules: 0 }],
      },
    ],
  );
});

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const missing = promtool.error
  ? 'promtool is not installed: `apt-get install prometheus` provides it (.ci/run installs it)'
  : false;

test('promtool check rules accepts every generated document', { skip: missing }, () => {
  assert.ok(generated.length > 100);
  const dir = mkdtempSync(path.join(tmpdir(), 'pyrra-rules-'));
  try {
    let checked = 0;
    for (const [i, { label, doc }] of generated.entries()) {
      // Pyrra's split mode writes an empty short group for latencyNative; Prometheus rejects a group without name.
      const groups = doc.groups.filter((g) => g.name !== '');
      if (groups.length === 0) continue;
      // partial_response_strategy is Thanos's field: Prometheus's rule files do not know it.
      const file = path.join(dir, `${i}.yaml`);
      writeFileSync(
        file,
        stringify({ groups: groups.map(({ partial_response_strategy: _, ...g }) => g) }, { lineWidth: 0 }),
      );
      const run = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${label}: ${run.stdout}${run.stderr}`);
      checked++;
    }
    assert.ok(checked > 100);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
