// Prometheus rules generated for OpenSLO v1 SLOs (Sloth's record names, the file's own alert conditions): the exact
// groups a user deploys, the notes for what cannot be generated, the options, and `promtool check rules` on each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeText } from '../../src/language/analysis/analyze.js';
import { openSloV1Rules } from '../../src/language/formats/openslo-v1/rules.js';
import { DEFAULT_MODEL_OPTIONS } from '../../src/language/model/slo-model.js';
import { createLanguageService } from '../../src/language/service.js';
import { readRules } from '../../src/rules/read.js';
import { DEFAULT_RULES_OPTIONS, type RulesDocument, type RulesOptions } from '../../src/rules/types.js';
import { documentYaml } from '../../src/rules/write.js';

const version = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const noPromtool = version.error
  ? 'promtool is not installed: `apt-get install prometheus` provides it (.ci/run installs it)'
  : false;

/** The rules of `uri` in a workspace of `files`, one document expected. */
function generate(
  files: Record<string, string>,
  uri: string,
  options: Partial<RulesOptions> = {},
  invalid = false,
): RulesDocument {
  const service = createLanguageService({});
  for (const [name, text] of Object.entries(files)) service.setFile(name, text);
  const errors = Object.keys(files).flatMap((f) =>
    service.diagnostics(f).filter((d) => d.severity === 'error'),
  );
  if (!invalid) assert.deepEqual(errors, [], 'the fixtures are valid OpenSLO');
  const rules = service.rules(uri, { ...DEFAULT_RULES_OPTIONS, ...options });
  assert.ok(rules, `${uri} is known`);
  assert.equal(rules.documents.length, 1);
  const { docIndex: _d, range: _r, objectName: _o, ...doc } = rules.documents[0]!;
  return doc;
}

/** The rule file Prometheus loads, as YAML (a PrometheusRule's groups as a plain rule file). */
const ruleFile = (doc: RulesDocument) => documentYaml({ ...doc, container: { kind: 'rule-file' } });

/** `promtool check rules` on the document's groups: passes, with as many rules as generated. */
function promtoolAccepts(t: { skip: (why: string) => void }, doc: RulesDocument) {
  if (noPromtool) return t.skip(noPromtool);
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-rules-'));
  try {
    const file = path.join(dir, 'rules.yaml');
    writeFileSync(file, ruleFile(doc));
    const r = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, `promtool check rules: ${r.stdout}${r.stderr}`);
    // Its lint (duplicate rules) fails on stderr with a zero exit status.
    assert.equal(r.stderr, '', `promtool check rules: ${r.stderr}`);
    const count = doc.groups.reduce((n, g) => n + g.rules.length, 0);
    assert.match(r.stdout, new RegExp(`SUCCESS: ${count} rules found`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const INLINE = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-availability
  labels:
    team: search
    app.part-of: shop
spec:
  service: search
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  indicator:
    metadata:
      name: search-errors
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{job="search",code=~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{job="search"}
  objectives:
    - target: 0.995
  alertPolicies:
    - kind: AlertPolicy
      metadata:
        name: search-page
      spec:
        alertWhenBreaching: true
        conditions:
          - kind: AlertCondition
            metadata:
              name: search-fast-burn
            spec:
              severity: page
              condition:
                kind: burnrate
                op: gte
                threshold: 14.4
                lookbackWindow: 1h
                alertAfter: 2m
        notificationTargets:
          - targetRef: search-pager
`;

const IDS = 'sloth_id="search-search-availability", sloth_service="search", sloth_slo="search-availability"';
const LABELS = {
  app_part_of: 'shop',
  sloth_id: 'search-search-availability',
  sloth_service: 'search',
  sloth_slo: 'search-availability',
  team: 'search',
};
const searchRatio = (w: string) =>
  `(sum(increase(http_requests_total{job="search",code=~"5.."}[${w}])) or vector(0))\n/\nsum(increase(http_requests_total{job="search"}[${w}]))\n`;

test('a ratio SLO with an inline alert policy: Sloth records over its queries, the alert of its condition', (t) => {
  const doc = generate({ 'slo.yaml': INLINE }, 'slo.yaml');
  assert.equal(doc.generator, 'team-sre OpenSLO convention (Sloth record names)');
  assert.deepEqual(doc.container, { kind: 'rule-file' });
  assert.deepEqual(doc.notes, []);
  assert.deepEqual(doc.slos, [{ name: 'search-availability', rules: 16 }]);
  assert.deepEqual(
    doc.groups.map((g) => g.name),
    [
      'openslo-slo-sli-recordings-search-search-availability',
      'openslo-slo-meta-recordings-search-search-availability',
      'openslo-slo-alerts-search-search-availability',
    ],
  );
  // Sloth's windows, then the SLO's period last; the bare counters measured with increase() over each.
  assert.deepEqual(
    doc.groups[0]!.rules,
    ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => ({
      record: `slo:sli_error:ratio_rate${w}`,
      expr: searchRatio(w),
      labels: { ...LABELS, sloth_window: w },
    })),
  );
  const burn = (w: string) =>
    `slo:sli_error:ratio_rate${w}{${IDS}}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{${IDS}}\n`;
  assert.deepEqual(doc.groups[1]!.rules, [
    { record: 'slo:objective:ratio', expr: 'vector(0.995)', labels: LABELS },
    { record: 'slo:error_budget:ratio', expr: 'vector(1-0.995)', labels: LABELS },
    { record: 'slo:time_period:days', expr: 'vector(30)', labels: LABELS },
    { record: 'slo:current_burn_rate:ratio', expr: burn('5m'), labels: LABELS },
    { record: 'slo:period_burn_rate:ratio', expr: burn('30d'), labels: LABELS },
    {
      record: 'slo:period_error_budget_remaining:ratio',
      expr: `1 - slo:period_burn_rate:ratio{${IDS}}`,
      labels: LABELS,
    },
    {
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: { ...LABELS, sloth_objective: '99.5', sloth_spec: 'openslo/v1' },
    },
  ]);
  assert.deepEqual(doc.groups[2]!.rules, [
    {
      alert: 'SearchFastBurn',
      expr: `(\n    max(slo:sli_error:ratio_rate5m{${IDS}} >= (14.4 * 0.005)) without (sloth_window)\n    and\n    max(slo:sli_error:ratio_rate1h{${IDS}} >= (14.4 * 0.005)) without (sloth_window)\n)\n`,
      for: '2m',
      labels: {
        openslo_alert_condition: 'search-fast-burn',
        openslo_alert_policy: 'search-page',
        severity: 'page',
        sloth_slo: 'search-availability',
      },
      annotations: {
        summary:
          '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate over 1h is at or above 14.4.',
        title:
          '(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.',
      },
    },
  ]);
  promtoolAccepts(t, doc);
});

const REFERENCED = {
  'slo.yaml': `apiVersion: openslo/v1
kind: SLO
metadata:
  name: cart-availability
spec:
  service: cart
  indicatorRef: cart-requests
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - displayName: Mostly up
      target: 0.99
    - displayName: Nearly always up
      target: 0.999
  alertPolicies:
    - alertPolicyRef: cart-burn
    - alertPolicyRef: cart-page
`,
  'sli.yaml': `apiVersion: openslo/v1
kind: SLI
metadata:
  name: cart-requests
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        metricSourceRef: prom
        spec:
          query: sum(rate(cart_requests_total{code!~"5.."}[5m]))
    total:
      metricSource:
        metricSourceRef: prom
        spec:
          query: sum(rate(cart_requests_total[5m]))
`,
  'datasource.yaml': `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: prom
spec:
  type: Prometheus
  connectionDetails:
    url: http://prometheus:9090
`,
  'policy.yaml': `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: cart-burn
spec:
  alertWhenBreaching: true
  conditions:
    - conditionRef: cart-slow-burn
  notificationTargets:
    - targetRef: cart-tickets
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: cart-page
spec:
  alertWhenBreaching: true
  conditions:
    - kind: AlertCondition
      metadata:
        name: cart-instant
      spec:
        severity: page
        condition:
          kind: burnrate
          op: gt
          threshold: 50
          lookbackWindow: 5m
  notificationTargets:
    - targetRef: cart-pager
`,
  'condition.yaml': `apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: cart-slow-burn
spec:
  severity: ticket
  condition:
    kind: burnrate
    op: gt
    threshold: 6
    lookbackWindow: 6h
    alertAfter: 15m
`,
};

test('referenced SLI, alert policy and conditions in other files; one set of groups per objective', (t) => {
  const doc = generate(REFERENCED, 'slo.yaml');
  assert.deepEqual(doc.notes, []);
  assert.deepEqual(doc.slos, [
    { name: 'cart-availability-mostly-up', rules: 17 },
    { name: 'cart-availability-nearly-always-up', rules: 17 },
  ]);
  assert.deepEqual(
    doc.groups.map((g) => g.name),
    ['mostly-up', 'nearly-always-up'].flatMap((o) =>
      ['sli', 'meta']
        .map((k) => `openslo-slo-${k}-recordings-cart-cart-availability-${o}`)
        .concat(`openslo-slo-alerts-cart-cart-availability-${o}`),
    ),
  );
  const sli = doc.groups[0]!.rules;
  assert.deepEqual(
    sli.map((r) => r.record),
    ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '28d'].map((w) => `slo:sli_error:ratio_rate${w}`),
  );
  // The queries' own ranges become the window; good and total give errors as total − good.
  assert.equal(
    sli[2]!.expr,
    '(sum(sum(rate(cart_requests_total[1h]))) - (sum(sum(rate(cart_requests_total{code!~"5.."}[1h]))) or vector(0)))\n/\nsum(sum(rate(cart_requests_total[1h])))\n',
  );
  const ids = (o: string) =>
    `sloth_id="cart-cart-availability-${o}", sloth_service="cart", sloth_slo="cart-availability-${o}"`;
  assert.deepEqual(doc.groups[2]!.rules, [
    {
      alert: 'CartSlowBurn',
      expr: `(\n    max(slo:sli_error:ratio_rate30m{${ids('mostly-up')}} > (6 * 0.01)) without (sloth_window)\n    and\n    max(slo:sli_error:ratio_rate6h{${ids('mostly-up')}} > (6 * 0.01)) without (sloth_window)\n)\n`,
      for: '15m',
      labels: {
        openslo_alert_condition: 'cart-slow-burn',
        openslo_alert_policy: 'cart-burn',
        severity: 'ticket',
        sloth_slo: 'cart-availability-mostly-up',
      },
      annotations: {
        summary:
          '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate over 6h is above 6.',
        title:
          '(ticket) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.',
      },
    },
    {
      // A 5m lookback has no shorter window worth a rate: it alerts on that window alone.
      alert: 'CartInstant',
      expr: `max(slo:sli_error:ratio_rate5m{${ids('mostly-up')}} > (50 * 0.01)) without (sloth_window)\n`,
      labels: {
        openslo_alert_condition: 'cart-instant',
        openslo_alert_policy: 'cart-page',
        severity: 'page',
        sloth_slo: 'cart-availability-mostly-up',
      },
      annotations: {
        summary:
          '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate over 5m is above 50.',
        title:
          '(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.',
      },
    },
  ]);
  assert.equal(doc.groups[5]!.rules[0]!.expr.includes('(6 * 0.001)'), true);
  assert.deepEqual(doc.groups[4]!.rules[0], {
    record: 'slo:objective:ratio',
    expr: 'vector(0.999)',
    labels: {
      sloth_id: 'cart-cart-availability-nearly-always-up',
      sloth_service: 'cart',
      sloth_slo: 'cart-availability-nearly-always-up',
    },
  });
  promtoolAccepts(t, doc);
});

const THRESHOLD = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-latency
spec:
  service: api
  budgetingMethod: Timeslices
  timeWindow:
    - duration: 7d
      isRolling: true
  indicator:
    metadata:
      name: api-p99
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: api_p99_seconds{job="api"}
  objectives:
    - op: lte
      value: 0.8
      target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
`;

test('a threshold SLI counts bad slices over each window, as the live reader does', (t) => {
  const doc = generate({ 'slo.yaml': THRESHOLD }, 'slo.yaml');
  assert.deepEqual(doc.notes, [
    { slo: 'api-latency', message: 'No alert policy: recording rules only, no alert is generated.' },
  ]);
  assert.deepEqual(doc.slos, [{ name: 'api-latency', rules: 15 }]);
  const sli = doc.groups[0]!.rules;
  assert.deepEqual(
    sli.map((r) => r.labels?.sloth_window),
    ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '7d'],
  );
  assert.equal(
    sli[0]!.expr,
    '(count_over_time((sum(api_p99_seconds{job="api"}) > 0.8)[4m59s:1m]) or vector(0))\n/\ncount_over_time((sum(api_p99_seconds{job="api"}) >= -Inf)[4m59s:1m])\n',
  );
  assert.equal(
    sli[7]!.expr,
    '(count_over_time((sum(api_p99_seconds{job="api"}) > 0.8)[6d23h59m59s:1m]) or vector(0))\n/\ncount_over_time((sum(api_p99_seconds{job="api"}) >= -Inf)[6d23h59m59s:1m])\n',
  );
  assert.deepEqual(
    doc.groups.map((g) => g.name),
    ['openslo-slo-sli-recordings-api-api-latency', 'openslo-slo-meta-recordings-api-api-latency'],
  );
  promtoolAccepts(t, doc);
});

test('what cannot be generated is one note per SLO, with no groups', () => {
  const datadog = INLINE.replaceAll('type: Prometheus', 'type: Datadog').replaceAll(
    /query: .*/g,
    'query: sum:trace.http.request.errors{service:search}.as_count()',
  );
  assert.deepEqual(generate({ 'slo.yaml': datadog }, 'slo.yaml'), {
    generator: 'team-sre OpenSLO convention (Sloth record names)',
    container: { kind: 'rule-file' },
    groups: [],
    notes: [
      {
        slo: 'search-availability',
        message: "No rules: the SLI's data source is Datadog, not Prometheus.",
      },
    ],
    slos: [],
  });
  const occurrences = THRESHOLD.replace('Timeslices', 'Occurrences').replace(/ {6}timeSlice.*\n/g, '');
  const doc = generate({ 'slo.yaml': occurrences }, 'slo.yaml');
  assert.deepEqual(doc.groups, []);
  assert.deepEqual(doc.notes, [
    {
      slo: 'api-latency',
      message:
        'No rules: a threshold SLI is judged per time slice: use Timeslices with a timeSliceWindow to get rules.',
    },
  ]);
  const lost = generate(
    { 'slo.yaml': REFERENCED['slo.yaml'], 'sli.yaml': REFERENCED['sli.yaml'] },
    'slo.yaml',
  );
  assert.equal(lost.groups.length, 4, 'recording rules still');
  assert.deepEqual(lost.notes, [
    {
      slo: 'cart-availability',
      message: "The AlertPolicy 'cart-burn' is not in the workspace: its alerts are not generated.",
    },
    {
      slo: 'cart-availability',
      message: "The AlertPolicy 'cart-page' is not in the workspace: its alerts are not generated.",
    },
  ]);
});

test('options: extra labels on every rule, alerts or recordings left out, a PrometheusRule', (t) => {
  const labelled = generate({ 'slo.yaml': INLINE }, 'slo.yaml', {
    extraLabels: { env: 'prod', team: 'core' },
  });
  for (const rule of labelled.groups.slice(0, 2).flatMap((g) => g.rules)) {
    assert.equal(rule.labels?.env, 'prod');
    assert.equal(rule.labels?.team, 'core', 'an extra label wins over the SLO label');
  }
  assert.match(labelled.groups[2]!.rules[0]!.expr, /sloth_id="search-search-availability"/);
  promtoolAccepts(t, labelled);

  const noAlerts = generate({ 'slo.yaml': INLINE }, 'slo.yaml', { disableAlerts: true });
  assert.deepEqual(
    noAlerts.groups.map((g) => g.name),
    [
      'openslo-slo-sli-recordings-search-search-availability',
      'openslo-slo-meta-recordings-search-search-availability',
    ],
  );
  assert.deepEqual(noAlerts.slos, [{ name: 'search-availability', rules: 15 }]);
  const noRecordings = generate({ 'slo.yaml': INLINE }, 'slo.yaml', { disableRecordings: true });
  assert.deepEqual(
    noRecordings.groups.map((g) => g.name),
    ['openslo-slo-alerts-search-search-availability'],
  );
  promtoolAccepts(t, noRecordings);

  const namespaced = INLINE.replace(
    '  name: search-availability\n',
    '  name: search-availability\n  namespace: shop\n',
  );
  // OpenSLO v1 has no `metadata.namespace` (SLO011, an error: no rules), but files applied to Kubernetes carry
  // one: the generator itself, given the object without the error, names the PrometheusRule's namespace.
  assert.deepEqual(
    generate({ 'slo.yaml': namespaced }, 'slo.yaml', { format: 'prometheus-operator' }, true).notes,
    [{ slo: 'search-availability', message: 'SLO search-availability has errors: fix them first.' }],
  );
  const object = analyzeText('slo.yaml', namespaced).objects[0]!;
  const [operator] = openSloV1Rules(object, {
    options: { ...DEFAULT_RULES_OPTIONS, format: 'prometheus-operator' },
    resolve: () => undefined,
    modelOptions: DEFAULT_MODEL_OPTIONS,
  });
  assert.ok(operator);
  assert.deepEqual(operator.container, {
    kind: 'prometheus-rule',
    metadata: { name: 'search-availability', namespace: 'shop' },
  });
  assert.equal(operator.groups.length, 3);
  // Printed as a PrometheusRule and read back: the same object and groups.
  const read = readRules(documentYaml(operator));
  assert.ok('documents' in read, JSON.stringify(read));
  assert.deepEqual(read.documents, [
    { container: 'prometheus-rule', name: 'search-availability', namespace: 'shop', groups: operator.groups },
  ]);
  promtoolAccepts(t, operator);
  const plain = generate({ 'slo.yaml': INLINE }, 'slo.yaml', { format: 'prometheus-operator' });
  assert.deepEqual(plain.container, { kind: 'prometheus-rule', metadata: { name: 'search-availability' } });
});

test('objects other than SLOs deploy no rules', () => {
  const service = createLanguageService({});
  for (const [name, text] of Object.entries(REFERENCED)) service.setFile(name, text);
  for (const f of ['sli.yaml', 'policy.yaml', 'condition.yaml', 'datasource.yaml'])
    assert.deepEqual(service.rules(f)?.documents, []);
});
