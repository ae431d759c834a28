/**
 * One table entry per diagnostic code of the catalogue: the smallest complete document that triggers it,
 * the exact range it must point at, and a near-identical document that must not trigger it. A code added
 * to `codes.ts` without an entry here fails the suite.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, type AnalyzeOptions } from '../../src/language/analysis/analyze.js';
import { CATALOGUE } from '../../src/language/diagnostics/codes.js';
import { TextPositions } from '../../src/language/syntax/text.js';
import type { Diagnostic, Range, TextEdit } from '../../src/language/types.js';
import { WorkspaceIndex } from '../../src/language/workspace/workspace-index.js';
import { fileRules } from '../../src/language/features/rules.js';
import { DEFAULT_RULES_OPTIONS } from '../../src/rules/types.js';
import { rulesFileText } from '../../src/rules/write.js';

/** Strips the first line break and the common indentation, so documents can be written indented. */
function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const lines = raw.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** Replaces exactly one occurrence of `from`, so a "fixed" document differs from the bad one only there. */
function swap(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at !== -1 && text.indexOf(from, at + 1) === -1, `\`${from}\` occurs exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** A range as `line:col-line:col`, 1-based, as editors show it. */
function at(range: Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

/** Applies text edits (LSP ranges) to a text, last edit first so earlier offsets stay valid. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const positions = new TextPositions(text);
  const offsets = edits
    .map((e) => ({
      start: positions.offset(e.range.start),
      end: positions.offset(e.range.end),
      text: e.newText,
    }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of offsets) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

// Complete, valid documents of each format; every case below changes one thing in one of them.

const SERVICE = yaml`
  apiVersion: openslo/v1
  kind: Service
  metadata:
    name: api
`;

const SLO = yaml`
  apiVersion: openslo/v1
  kind: SLO
  metadata:
    name: api
  spec:
    service: api
    indicatorRef: api-sli
    budgetingMethod: Occurrences
    timeWindow:
      - duration: 28d
        isRolling: true
    objectives:
      - target: 0.99
`;

/** An SLO with an inline threshold SLI (objectives then need `op` and `value`). */
const THRESHOLD_SLO = yaml`
  apiVersion: openslo/v1
  kind: SLO
  metadata:
    name: api
  spec:
    service: api
    indicator:
      metadata:
        name: latency
      spec:
        thresholdMetric:
          metricSource:
            type: Prometheus
            spec:
              query: latency_seconds
    budgetingMethod: Occurrences
    timeWindow:
      - duration: 28d
        isRolling: true
    objectives:
      - target: 0.99
        op: lte
        value: 0.5
`;

/** An SLO with an inline ratio SLI (objectives then must not have `op` or `value`). */
const RATIO_SLO = yaml`
  apiVersion: openslo/v1
  kind: SLO
  metadata:
    name: api
  spec:
    service: api
    indicator:
      metadata:
        name: errors
      spec:
        ratioMetric:
          rawType: failure
          raw:
            metricSource:
              type: Prometheus
              spec:
                query: error_ratio
    budgetingMethod: Occurrences
    timeWindow:
      - duration: 28d
        isRolling: true
    objectives:
      - target: 0.99
`;

const SLI = yaml`
  apiVersion: openslo/v1
  kind: SLI
  metadata:
    name: api-sli
  spec:
    thresholdMetric:
      metricSource:
        type: Prometheus
        spec:
          query: latency_seconds
`;

const ALERT_POLICY = yaml`
  apiVersion: openslo/v1
  kind: AlertPolicy
  metadata:
    name: page
  spec:
    conditions:
      - conditionRef: fast-burn
    notificationTargets:
      - targetRef: on-call
`;

const V1ALPHA_SLO = yaml`
  apiVersion: openslo/v1alpha
  kind: SLO
  metadata:
    name: api
  spec:
    service: api
    budgetingMethod: Occurrences
    timeWindows:
      - unit: Day
        count: 28
    objectives:
      - value: 1
        target: 0.99
        ratioMetrics:
          good: {source: prometheus, queryType: promql, query: good}
          total: {source: prometheus, queryType: promql, query: total}
`;

const SLOTH = yaml`
  version: prometheus/v1
  service: api
  slos:
    - name: avail
      objective: 99.9
      sli:
        raw:
          error_ratio_query: rate(errors[{{.window}}])
      alerting:
        name: ApiDown
`;

const SLOTH_EVENTS = yaml`
  version: prometheus/v1
  service: api
  slos:
    - name: avail
      objective: 99.9
      sli:
        events:
          error_query: sum(rate(errors[{{.window}}]))
          total_query: sum(rate(requests[{{.window}}]))
      alerting:
        name: ApiDown
`;

const PYRRA = yaml`
  apiVersion: pyrra.dev/v1alpha1
  kind: ServiceLevelObjective
  metadata:
    name: api
  spec:
    target: "99"
    window: 4w
    indicator:
      bool_gauge:
        metric: up
`;

const PYRRA_RATIO = yaml`
  apiVersion: pyrra.dev/v1alpha1
  kind: ServiceLevelObjective
  metadata:
    name: api
  spec:
    target: "99"
    window: 4w
    indicator:
      ratio:
        errors:
          metric: http_requests_total{code=~"5.."}
        total:
          metric: http_requests_total
`;

const PYRRA_LATENCY = yaml`
  apiVersion: pyrra.dev/v1alpha1
  kind: ServiceLevelObjective
  metadata:
    name: api
  spec:
    target: "99"
    window: 4w
    indicator:
      latency:
        success:
          metric: http_request_duration_seconds_bucket{le="0.5"}
        total:
          metric: http_request_duration_seconds_count
`;

const LONG_DISPLAY_NAME = 'A'.repeat(64);
const LONG_DESCRIPTION = 'x'.repeat(1051);

interface Case {
  /** The document (or, for cross-file codes, the two files) that triggers the code. */
  bad: string | [string, string];
  /** The near-identical document (or files) that must not trigger it: no diagnostic at all. */
  good: string | [string, string];
  /** Where the diagnostic points, in the first file, 1-based `line:col-line:col`. */
  at: string;
  /** A fragment the message must contain. */
  message: string | RegExp;
  options?: AnalyzeOptions;
  /** The committed generated-rules file of the first file (`slos/_gen/a.yaml`), for SLO706. */
  committed?: string;
  /** Other codes the bad document legitimately gets besides this one. */
  also?: string[];
}

const CASES: Record<string, Case> = {
  SLO001: {
    bad: swap(SERVICE, 'name: api', 'name: [api'),
    good: SERVICE,
    at: '4:9-4:13',
    message: /YAML syntax error: .*a closing quote or bracket is missing/,
  },
  SLO002: {
    // An error where the reader rejects the file (Pyrra); oslo's and Sloth's are warnings.
    bad: swap(PYRRA, 'name: api', 'name: api\n  name: web'),
    good: PYRRA,
    at: '5:3-5:7',
    message:
      "Duplicate key “name” (also on line 4): Pyrra's file mode reads strictly and rejects the file; remove one of them.",
  },
  SLO003: {
    bad: swap(SERVICE, 'openslo/v1', 'openslo/v2'),
    good: SERVICE,
    at: '1:13-1:23',
    message: 'Unsupported apiVersion “openslo/v2” for kind Service: use “openslo/v1”',
  },
  SLO004: {
    bad: swap(SLOTH, 'prometheus/v1', 'prometheus/v999'),
    good: SLOTH,
    at: '1:10-1:25',
    message: 'Unsupported Sloth version “prometheus/v999”',
  },
  SLO005: {
    bad: swap(SERVICE, 'kind: Service', 'kind: Servce'),
    good: SERVICE,
    at: '2:7-2:13',
    message: '“Servce” is not a kind of openslo/v1',
  },
  SLO006: {
    bad: `${SERVICE}spec:\n  description: ${'x'.repeat(60)}\n`,
    good: SERVICE,
    options: { maxFileSize: 100 },
    at: '1:1-1:23',
    message: 'This file has 141 characters, above the 100 characters analysis limit',
  },
  SLO007: {
    bad: swap(SLO, 'isRolling: true', 'isRolling: yes'),
    good: SLO,
    at: '11:18-11:21',
    message: '“yes” is a string to YAML 1.2 readers but a boolean to YAML 1.1 readers: write “true”',
  },
  SLO008: {
    bad: swap(SLOTH, 'service: api', 'service: {{ .Values.service }}'),
    good: SLOTH,
    at: '2:10-2:31',
    message:
      'This file is a template (first action “{{ .Values.service }}”): what its actions write is checked only once rendered; check the rendered output too (e.g. of “helm template”).',
  },
  SLO010: {
    bad: swap(SERVICE, 'name: api', 'displayName: API'),
    good: swap(SERVICE, 'name: api', 'name: api\n  displayName: API'),
    at: '3:1-3:9',
    message: '“metadata” is missing “name” (required)',
  },
  SLO011: {
    bad: `${SERVICE}spec:\n  markdown: API\n`,
    good: `${SERVICE}spec:\n  description: API\n`,
    at: '6:3-6:11',
    message: 'Unknown key “markdown” in “spec”: OpenSLO rejects unknown keys',
  },
  SLO012: {
    bad: `${SLOTH}      pageAlert:\n        disable: true\n`,
    good: `${SLOTH}      page_alert:\n        disable: true\n`,
    at: '11:7-11:16',
    message: '“pageAlert” is not a key of this format, Sloth silently ignores it: did you mean “page_alert”?',
  },
  SLO013: {
    bad: swap(SLO, '    - duration: 28d\n      isRolling: true', '    duration: 28d\n    isRolling: true'),
    good: SLO,
    at: '9:3-9:13',
    message: '“timeWindow” must be a list',
  },
  SLO014: {
    bad: swap(SLO, 'budgetingMethod: Occurrences', 'budgetingMethod: occurrences'),
    good: SLO,
    at: '8:20-8:31',
    message: 'did you mean “Occurrences”?',
  },
  SLO015: {
    bad: swap(SLO, '- target: 0.99', '- target: 0.99\n      targetPercent: 99'),
    good: SLO,
    at: '14:7-14:20',
    message: 'Give “target” (a ratio, 0.999) or “targetPercent” (a percentage, 99.9), not both',
  },
  SLO016: {
    bad: swap(SLO, '- target: 0.99', '- displayName: good'),
    good: swap(SLO, '- target: 0.99', '- displayName: good\n      target: 0.99'),
    at: '13:7-13:24',
    message: 'The objective needs “target”',
  },
  SLO017: {
    bad: yaml`
      apiVersion: openslo/v1
      kind: DataSource
      metadata:
        name: prometheus
      spec:
        type: Prometheus
        connectionDetails: {}
    `,
    good: yaml`
      apiVersion: openslo/v1
      kind: DataSource
      metadata:
        name: prometheus
      spec:
        type: Prometheus
        connectionDetails: {url: "http://prometheus:9090"}
    `,
    at: '7:3-7:20',
    message: '“connectionDetails” is empty',
  },
  SLO101: {
    bad: swap(SERVICE, 'name: api', 'name: My API'),
    good: swap(SERVICE, 'name: api', 'name: my-api'),
    at: '4:9-4:15',
    message: '“metadata.name” "My API" must use lower-case letters',
  },
  SLO102: {
    bad: `${SERVICE}  displayName: ${LONG_DISPLAY_NAME}\n`,
    good: `${SERVICE}  displayName: ${LONG_DISPLAY_NAME.slice(1)}\n`,
    at: '5:16-5:80',
    message: '“metadata.displayName” has 64 characters, at most 63',
  },
  SLO103: {
    bad: `${SERVICE}  labels:\n    "-team": sre\n`,
    good: `${SERVICE}  labels:\n    "team": sre\n`,
    at: '6:5-6:12',
    message: 'Label key "-team" is invalid',
  },
  SLO104: {
    bad: `${SERVICE}  labels:\n    team: {name: sre}\n`,
    good: `${SERVICE}  labels:\n    team: [sre]\n`,
    at: '6:5-6:9',
    message: 'Label “team” must be a string or a list of strings',
  },
  SLO105: {
    bad: `${SERVICE}  annotations:\n    "a/b/c": x\n`,
    good: `${SERVICE}  annotations:\n    "a.b/c": x\n`,
    at: '6:5-6:12',
    message: 'Annotation key "a/b/c" is invalid',
  },
  SLO106: {
    bad: `${SERVICE}spec:\n  description: ${LONG_DESCRIPTION}\n`,
    good: `${SERVICE}spec:\n  description: ${LONG_DESCRIPTION.slice(1)}\n`,
    at: '6:16-6:1067',
    message: 'The description has 1051 characters, at most 1050',
  },
  SLO107: {
    bad: swap(SLO, 'duration: 28d', 'duration: 30 days'),
    good: SLO,
    at: '10:17-10:24',
    message: '“duration” "30 days" is not an OpenSLO duration',
  },
  SLO108: {
    bad: swap(SLO, 'timeWindow:\n    - duration: 28d\n      isRolling: true', 'timeWindow: []'),
    good: SLO,
    at: '9:3-9:13',
    message: '“spec.timeWindow” is empty',
  },
  SLO109: {
    bad: swap(
      SLO,
      'isRolling: true',
      'isRolling: true\n      calendar:\n        startTime: "2024-01-01 00:00:00"\n        timeZone: UTC',
    ),
    good: swap(
      SLO,
      'isRolling: true',
      'isRolling: false\n      calendar:\n        startTime: "2024-01-01 00:00:00"\n        timeZone: UTC',
    ),
    at: '12:7-12:15',
    message: 'A rolling window (“isRolling: true”) has no calendar',
  },
  SLO110: {
    bad: swap(SLO, 'isRolling: true', 'isRolling: false'),
    good: SLO,
    at: '11:7-11:23',
    message: 'needs “calendar” with “startTime”',
  },
  SLO111: {
    bad: swap(
      SLO,
      'isRolling: true',
      'isRolling: false\n      calendar:\n        startTime: 2024-01-01T00:00:00Z\n        timeZone: UTC',
    ),
    good: swap(
      SLO,
      'isRolling: true',
      'isRolling: false\n      calendar:\n        startTime: "2024-01-01 00:00:00"\n        timeZone: UTC',
    ),
    at: '13:20-13:40',
    message: '“calendar.startTime” "2024-01-01T00:00:00Z" does not match the layout “2006-01-02 15:04:05”',
  },
  SLO112: {
    bad: swap(
      SLO,
      'isRolling: true',
      'isRolling: false\n      calendar:\n        startTime: "2024-01-01 00:00:00"\n        timeZone: CEST',
    ),
    good: swap(
      SLO,
      'isRolling: true',
      'isRolling: false\n      calendar:\n        startTime: "2024-01-01 00:00:00"\n        timeZone: Europe/Paris',
    ),
    at: '14:19-14:23',
    message: '“CEST” is not an IANA time zone name',
  },
  SLO114: {
    bad: swap(SLO, 'target: 0.99', 'target: 99.9'),
    good: swap(SLO, 'target: 0.99', 'target: 0.999'),
    at: '13:15-13:19',
    message: '“target” must be a ratio in [0, 1), not 99.9: 99.9 % is “target: 0.999”',
  },
  SLO115: {
    bad: swap(SLO, 'target: 0.99', 'targetPercent: 100'),
    good: swap(SLO, 'target: 0.99', 'targetPercent: 99.9'),
    at: '13:22-13:25',
    message: '“targetPercent” must be a percentage in [0, 100), not 100',
  },
  SLO117: {
    bad: swap(SLO, '  indicatorRef: api-sli\n', ''),
    good: SLO,
    at: '5:1-5:5',
    message: '“spec” needs “indicatorRef” (the name of an SLI object) or an inline “indicator”',
  },
  SLO118: {
    bad: swap(THRESHOLD_SLO, '\n      op: lte\n      value: 0.5', ''),
    good: THRESHOLD_SLO,
    at: '21:7-21:19',
    message: 'With a threshold SLI the objective needs “op” and “value”',
  },
  SLO119: {
    bad: swap(RATIO_SLO, '- target: 0.99', '- target: 0.99\n      op: gt'),
    good: RATIO_SLO,
    at: '24:7-24:9',
    message: '“op” is forbidden with a ratio SLI',
  },
  SLO120: {
    bad: swap(SLO, 'budgetingMethod: Occurrences', 'budgetingMethod: Timeslices').replace(
      '- target: 0.99',
      '- target: 0.99\n      timeSliceWindow: 5m',
    ),
    good: swap(SLO, 'budgetingMethod: Occurrences', 'budgetingMethod: Timeslices').replace(
      '- target: 0.99',
      '- target: 0.99\n      timeSliceWindow: 5m\n      timeSliceTarget: 0.95',
    ),
    at: '13:7-13:19',
    message: 'Timeslices budgeting needs “timeSliceTarget”',
  },
  SLO121: {
    bad: swap(SLO, 'budgetingMethod: Occurrences', 'budgetingMethod: RatioTimeslices'),
    good: swap(SLO, 'budgetingMethod: Occurrences', 'budgetingMethod: RatioTimeslices').replace(
      '- target: 0.99',
      '- target: 0.99\n      timeSliceWindow: 5m',
    ),
    at: '13:7-13:19',
    message: 'RatioTimeslices budgeting needs “timeSliceWindow”',
  },
  SLO122: {
    bad: swap(SLO, '- target: 0.99', '- target: 0.99\n      compositeWeight: 0'),
    good: swap(SLO, '- target: 0.99', '- target: 0.99\n      compositeWeight: 1'),
    at: '14:24-14:25',
    message: '“compositeWeight” must be greater than 0, not 0',
  },
  SLO123: {
    bad: `${SLO}  alertPolicies:\n    - alertPolicyRef: page\n      kind: AlertPolicy\n`,
    good: `${SLO}  alertPolicies:\n    - alertPolicyRef: page\n`,
    at: '16:7-16:11',
    message: 'either an “alertPolicyRef” or an inline AlertPolicy, not both',
  },
  SLO124: {
    bad: swap(SLI, '  thresholdMetric:', '  ratioMetric: {}\n  thresholdMetric:'),
    good: SLI,
    at: '6:3-6:14',
    message: 'An SLI has exactly one of “thresholdMetric” and “ratioMetric”',
  },
  SLO125: {
    bad: swap(SLI, '\n      spec:\n        query: latency_seconds', ''),
    good: SLI,
    at: '7:5-7:17',
    message: '“spec.thresholdMetric.metricSource” needs a non-empty “spec”',
  },
  SLO126: {
    bad: swap(RATIO_SLO, '        rawType: failure\n', ''),
    good: RATIO_SLO,
    at: '12:9-12:12',
    message: 'A “raw” ratio metric needs “rawType: success” or “rawType: failure”',
  },
  SLO127: {
    bad: swap(ALERT_POLICY, 'conditions:\n    - conditionRef: fast-burn', 'conditions: []'),
    good: ALERT_POLICY,
    at: '6:3-6:13',
    message: 'An alert policy needs exactly one condition',
  },
  SLO128: {
    bad: swap(ALERT_POLICY, 'notificationTargets:\n    - targetRef: on-call', 'notificationTargets: []'),
    good: ALERT_POLICY,
    at: '8:3-8:22',
    message: 'An alert policy needs at least one notification target',
  },
  SLO201: {
    bad: swap(V1ALPHA_SLO, 'count: 28', 'count: 0'),
    good: V1ALPHA_SLO,
    at: '10:14-10:15',
    message: '“count” must be greater than 0, not 0',
  },
  SLO202: {
    bad: V1ALPHA_SLO.slice(0, V1ALPHA_SLO.indexOf('      ratioMetrics:')),
    good: V1ALPHA_SLO,
    at: '5:1-5:5',
    message: 'A v1alpha SLO needs “spec.indicator.thresholdMetric” or “ratioMetrics”',
  },
  SLO203: {
    bad: swap(V1ALPHA_SLO, 'good: {source: prometheus,', 'good: {source: prometheus-2,'),
    good: V1ALPHA_SLO,
    at: '15:24-15:36',
    message: '“source” "prometheus-2" may only contain letters',
  },
  SLO301: {
    bad: swap(SLOTH, 'service: api', 'service: my api'),
    good: swap(SLOTH, 'service: api', 'service: my-api'),
    at: '2:10-2:16',
    message: 'Service name "my api" is invalid',
  },
  SLO302: {
    bad: swap(SLOTH, 'objective: 99.9', 'objective: 101'),
    good: SLOTH,
    at: '5:16-5:19',
    message: '“objective” is a percentage greater than 0 and at most 100, not 101',
  },
  SLO303: {
    bad: swap(SLOTH, 'sli:\n      raw:\n        error_ratio_query: rate(errors[{{.window}}])', 'sli: {}'),
    good: SLOTH,
    at: '6:5-6:8',
    message: 'The SLI is empty',
  },
  SLO304: {
    bad: swap(SLOTH_EVENTS, 'errors[', 'requests['),
    good: SLOTH_EVENTS,
    at: '8:22-8:54',
    message: 'The error query and the total query are identical',
  },
  SLO305: {
    bad: swap(SLOTH, '[{{.window}}]', '[5m]'),
    good: SLOTH,
    at: '8:28-8:44',
    message: 'The query has no “{{.window}}” placeholder',
  },
  SLO306: {
    bad: swap(SLOTH, 'name: ApiDown', 'labels:\n        team: sre'),
    good: swap(SLOTH, 'name: ApiDown', 'name: ApiDown\n      labels:\n        team: sre'),
    at: '9:5-9:13',
    message: '“alerting.name” is required while the page or ticket alert is enabled',
  },
  SLO307: {
    bad: swap(SLOTH, 'service: api', 'service: api\nlabels:\n  team: ""'),
    good: swap(SLOTH, 'service: api', 'service: api\nlabels:\n  team: sre'),
    at: '4:3-4:7',
    message: 'Label “team” has an empty value',
  },
  SLO308: {
    bad: 'version: prometheus/v1\nservice: api\nslos: []\n',
    good: SLOTH,
    at: '3:1-3:5',
    message: '“slos” is empty',
  },
  SLO309: {
    bad: swap(SLOTH, 'service: api', 'service: api\nslo_plugins:\n  overridePrevious: true\n  chain: []'),
    good: swap(SLOTH, 'service: api', 'service: api\nslo_plugins:\n  overridePrevious: false\n  chain: []'),
    at: '4:3-4:25',
    message: '“overridePrevious: true” with no plugins in “chain”',
  },
  SLO401: {
    bad: swap(PYRRA, 'target: "99"', 'target: 99'),
    good: PYRRA,
    at: '6:11-6:13',
    message:
      'Pyrra\'s “target” is a string: the Kubernetes API server rejects the number 99. Quote it: “"99"”',
  },
  SLO402: {
    bad: swap(PYRRA, 'target: "99"', 'target: "101"'),
    good: PYRRA,
    at: '6:11-6:16',
    message: '“target” is a percentage in [0, 100], not 101',
  },
  SLO405: {
    bad: swap(PYRRA, 'indicator:\n    bool_gauge:\n      metric: up', 'indicator: {}'),
    good: PYRRA,
    at: '8:3-8:12',
    message: 'The indicator is empty',
  },
  SLO406: {
    bad: swap(
      PYRRA_RATIO,
      'metric: http_requests_total{code=~"5.."}',
      'metric: sum(rate(http_requests_total{code=~"5.."}[5m]))',
    ),
    good: PYRRA_RATIO,
    at: '11:17-11:64',
    message: 'Pyrra expects a bare vector selector here, not an aggregation',
  },
  SLO407: {
    bad: swap(PYRRA_RATIO, 'metric: http_requests_total{code=~"5.."}', 'metric: http_requests_total'),
    good: PYRRA_RATIO,
    at: '11:17-11:36',
    message: 'The errors metric is the same selector as the total metric',
  },
  SLO408: {
    bad: swap(PYRRA_LATENCY, '{le="0.5"}', ''),
    good: PYRRA_LATENCY,
    at: '11:17-11:53',
    message: 'The success metric needs an “le” matcher',
  },
  SLO501: {
    bad: swap(SLI, 'query: latency_seconds', 'query: sum(rate(latency_seconds[5m])'),
    good: swap(SLI, 'query: latency_seconds', 'query: sum(rate(latency_seconds[5m]))'),
    at: '10:19-10:20',
    message: 'PromQL syntax error: “(” at column 4 is never closed',
  },
  SLO502: {
    // Prometheus binds the range to `0` and reports its brackets: `1:42: ranges only allowed for vector selectors`.
    bad: swap(
      SLOTH_EVENTS,
      'error_query: sum(rate(errors[{{.window}}]))',
      'error_query: sum_over_time(probe_success{job="x"} == 0[{{.window}}])',
    ),
    good: swap(
      SLOTH_EVENTS,
      'error_query: sum(rate(errors[{{.window}}]))',
      'error_query: sum_over_time((probe_success{job="x"} == 0)[{{.window}}:])',
    ),
    at: '8:63-8:76',
    message:
      'PromQL type error: ranges only allowed for vector selectors; put the range on a metric selector, or make the expression a subquery: “(…)[5m:]”.',
  },
  SLO601: {
    bad: swap(SLO, 'duration: 28d', 'duration: 1m'),
    good: swap(SLO, 'duration: 28d', 'duration: 1M'),
    at: '10:17-10:19',
    message: '“1m” is one minute',
  },
  SLO602: {
    bad: swap(SLO, 'target: 0.99', 'targetPercent: 0.999'),
    good: swap(SLO, 'target: 0.99', 'targetPercent: 99.9'),
    at: '13:22-13:27',
    message: '“targetPercent: 0.999” means 0.999 %, not 99.9 %',
  },
  SLO603: {
    bad: swap(SLO, 'budgetingMethod: Occurrences', 'budgetingMethod: RatioTimeslices')
      .replace('duration: 28d', 'duration: 1h')
      .replace('- target: 0.99', '- target: 0.99\n      timeSliceWindow: 2h'),
    good: swap(SLO, 'budgetingMethod: Occurrences', 'budgetingMethod: RatioTimeslices')
      .replace('duration: 28d', 'duration: 1h')
      .replace('- target: 0.99', '- target: 0.99\n      timeSliceWindow: 5m'),
    at: '14:24-14:26',
    message: 'The time slice (2h) is longer than the SLO window (1h)',
  },
  SLO604: {
    bad: swap(SLO, '- target: 0.99', '- target: 0.99\n      timeSliceTarget: 0.9'),
    good: SLO,
    at: '14:7-14:22',
    message: '“timeSliceTarget” is ignored with Occurrences budgeting',
  },
  SLO605: {
    bad: swap(SLOTH, 'objective: 99.9', 'objective: 100'),
    good: SLOTH,
    at: '5:16-5:19',
    message: 'An objective of 100 leaves no error budget',
  },
  SLO701: {
    bad: [SLO, swap(SLI, 'name: api-sli', 'name: api-slo')],
    good: [SLO, SLI],
    at: '7:17-7:24',
    message: 'No SLI named “api-sli” in the workspace: did you mean “api-slo”?',
  },
  SLO702: {
    bad: [`${SLI}---\n${SLO}`, SLI],
    good: [`${SLI}---\n${SLO}`, swap(SLI, 'name: api-sli', 'name: web-sli')],
    at: '4:9-4:16',
    message:
      'Duplicate OpenSLO SLI name “api-sli”: also defined at b.yaml:4, so references to it are ambiguous. Rename one of them.',
  },
  SLO703: {
    bad: [SLOTH, SLOTH],
    good: [SLOTH, swap(SLOTH, 'name: avail', 'name: latency')],
    at: '4:11-4:16',
    message: 'Duplicate Sloth SLO id “api-avail”: also defined at b.yaml:4',
  },
  SLO704: {
    bad: [SLO, SERVICE],
    good: [SLO, SLI],
    at: '7:17-7:24',
    message:
      'No SLI named “api-sli” in the files checked: if it is defined elsewhere, add its folder to the workspace or pass it to “team-sre lint” too.',
  },
  SLO706: {
    // The second file is any other file of the workspace; the committed rules are generated from SLOTH.
    bad: [swap(SLOTH, 'objective: 99.9', 'objective: 99.5'), SERVICE],
    good: [SLOTH, SERVICE],
    committed: SLOTH,
    at: '1:1-1:23',
    message:
      'slos/_gen/a.yaml is stale: 5 differences, e.g. group sloth-slo-meta-recordings-api-avail, rule 1 (record slo:objective:ratio): expr: committed "vector(0.9990000000000001)", generated "vector(0.995)". Rewrite it with the quick fix, or run “team-sre rules”.',
  },
  SLO705: {
    bad: [SERVICE, SERVICE],
    good: [SERVICE, swap(SERVICE, 'name: api', 'name: web')],
    at: '4:9-4:12',
    message:
      'Duplicate OpenSLO Service name “api”: also defined at b.yaml:4; nothing in the files checked references it, but a tool reading both keeps one. Remove the copy or rename one of them.',
  },
};

const A = 'file:///work/a.yaml';
const B = 'file:///work/b.yaml';

/** The rules file generated from an SLO file's text, as committed beside it. */
function generatedText(text: string): string {
  const index = new WorkspaceIndex();
  const analysis = index.set(A, text);
  return rulesFileText(
    fileRules(analysis, DEFAULT_RULES_OPTIONS, index.resolveModel, { slothPeriod: '30d' }).documents,
    'slos/a.yaml',
  );
}

/**
 * The diagnostics of the first file: analyzed alone, or in a workspace with the second file (and the rules
 * generated from `committed` as its committed generated-rules file).
 */
function diagnose(
  input: string | [string, string],
  options?: AnalyzeOptions,
  committed?: string,
): Diagnostic[] {
  if (typeof input === 'string') return analyzeText(A, input, options).diagnostics;
  const index = new WorkspaceIndex(options);
  index.set(A, input[0]);
  index.set(B, input[1]);
  if (committed !== undefined)
    index.setCommittedRules(A, { path: 'slos/_gen/a.yaml', text: generatedText(committed) });
  return index.diagnostics(A);
}

const firstText = (input: string | [string, string]) => (typeof input === 'string' ? input : input[0]);
const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${at(d.range)} ${d.message}`).join('\n');

describe('every catalogue code has a rule test', () => {
  test('the table has no entry for a code the catalogue lacks', () => {
    assert.deepEqual(
      Object.keys(CASES).filter((code) => !CATALOGUE.has(code)),
      [],
    );
  });

  for (const [code, info] of CATALOGUE) {
    describe(`${code} ${info.title}`, () => {
      const c = CASES[code];
      test('has a table entry', () => {
        assert.ok(c, `no test case for ${code}: add one to CASES in test/unit/rules.test.ts`);
      });
      if (!c) return;

      test(`triggers at ${c.at}`, () => {
        const diagnostics = diagnose(c.bad, c.options, c.committed);
        const mine = diagnostics.filter((d) => d.code === code);
        assert.equal(mine.length, 1, `one ${code}, got:\n${summary(diagnostics)}`);
        const d = mine[0]!;
        assert.equal(at(d.range), c.at, summary([d]));
        assert.equal(d.severity, info.severity);
        if (typeof c.message === 'string') assert.ok(d.message.includes(c.message), d.message);
        else assert.match(d.message, c.message);
        assert.deepEqual(
          diagnostics.map((x) => x.code).sort(),
          [code, ...(c.also ?? [])].sort(),
          `no other diagnostics:\n${summary(diagnostics)}`,
        );
      });

      test('points at text, never at one character at the start of the file', () => {
        const [d] = diagnose(c.bad, c.options, c.committed).filter((x) => x.code === code);
        assert.ok(d);
        const lines = firstText(c.bad).split('\n');
        const { start, end } = d.range;
        assert.ok(start.line < lines.length && end.line < lines.length, 'inside the text');
        assert.ok(end.line > start.line || end.character > start.character, 'not empty');
        assert.ok(start.character <= lines[start.line]!.length && end.character <= lines[end.line]!.length);
        const width = end.line === start.line ? end.character - start.character : Infinity;
        assert.ok(
          !(start.line === 0 && start.character === 0 && width <= 1),
          'not a 1-character range at 1:1',
        );
      });

      test('its message, related places and fixes are plain text: no Markdown backtick', () => {
        for (const d of diagnose(c.bad, c.options, c.committed)) {
          const texts = [
            d.message,
            ...(d.related ?? []).map((r) => r.message),
            ...(d.fixes ?? []).map((f) => f.title),
          ];
          for (const text of texts) assert.ok(!text.includes('`'), `${d.code}: ${text}`);
        }
      });

      test('the near-identical fixed document is clean', () => {
        const diagnostics = diagnose(c.good, c.options, c.committed);
        assert.equal(diagnostics.length, 0, summary(diagnostics));
      });
    });
  }
});

describe('quick fixes remove their diagnostic', () => {
  // Every case whose diagnostic offers a fix: applying the first one must leave valid YAML without it.
  for (const [code, c] of Object.entries(CASES)) {
    if (typeof c.bad !== 'string') continue;
    const bad = c.bad;
    const [d] = diagnose(bad, c.options).filter((x) => x.code === code);
    if (!d?.fixes?.length) continue;
    test(`${code}: ${d.fixes[0]!.title}`, () => {
      const fixed = applyEdits(bad, d.fixes![0]!.edits);
      const after = diagnose(fixed, c.options);
      assert.ok(
        !after.some((x) => x.code === code),
        `${code} still there:\n${summary(after)}\n---\n${fixed}`,
      );
      assert.ok(!after.some((x) => x.code === 'SLO001'), `the fix broke the YAML:\n${fixed}`);
    });
  }

  test('a fix across files (SLO701) renames the reference to the existing SLI', () => {
    const [slo, sli] = CASES.SLO701!.bad as [string, string];
    const [d] = diagnose([slo, sli]);
    assert.equal(d?.code, 'SLO701');
    const fixed = applyEdits(slo, d.fixes![0]!.edits);
    assert.equal(fixed, swap(slo, 'indicatorRef: api-sli', 'indicatorRef: api-slo'));
    assert.deepEqual(diagnose([fixed, sli]), []);
  });

  /** `left`: codes the fixed text still gets, e.g. for placeholders the user has to fill in. */
  const cases: Array<{ name: string; text: string; code: string; expected: string; left?: string[] }> = [
    {
      name: 'SLO007 replaces yes with true',
      text: CASES.SLO007!.bad as string,
      code: 'SLO007',
      expected: SLO,
    },
    {
      name: 'SLO010 inserts the missing key at the mapping indentation',
      text: CASES.SLO010!.bad as string,
      code: 'SLO010',
      expected: `${CASES.SLO010!.bad}  name: my-name\n`,
    },
    {
      name: 'SLO010 indents a multi-line placeholder under a nested key',
      text: swap(SLOTH, '    sli:\n      raw:\n        error_ratio_query: rate(errors[{{.window}}])\n', ''),
      code: 'SLO010',
      expected: swap(
        SLOTH,
        '    sli:\n      raw:\n        error_ratio_query: rate(errors[{{.window}}])\n    alerting:\n      name: ApiDown\n',
        '    alerting:\n      name: ApiDown\n    sli:\n      events:\n        error_query: ""\n        total_query: ""\n',
      ),
      left: ['SLO017', 'SLO017'],
    },
    {
      name: 'SLO015 removes the targetPercent line',
      text: CASES.SLO015!.bad as string,
      code: 'SLO015',
      expected: SLO,
    },
    {
      name: 'SLO109 removes the calendar block',
      text: CASES.SLO109!.bad as string,
      code: 'SLO109',
      expected: SLO,
    },
    {
      name: 'SLO110 adds a calendar under the window',
      text: CASES.SLO110!.bad as string,
      code: 'SLO110',
      expected: swap(
        SLO,
        'isRolling: true',
        'isRolling: false\n      calendar:\n        startTime: "2024-01-01 00:00:00"\n        timeZone: UTC',
      ),
    },
    {
      name: 'SLO114 turns the percentage into a ratio',
      text: CASES.SLO114!.bad as string,
      code: 'SLO114',
      expected: swap(SLO, 'target: 0.99', 'target: 0.999'),
    },
    {
      name: 'SLO118 adds op and value',
      text: CASES.SLO118!.bad as string,
      code: 'SLO118',
      expected: swap(THRESHOLD_SLO, 'value: 0.5', 'value: 0'),
    },
    {
      name: 'SLO119 removes op',
      text: CASES.SLO119!.bad as string,
      code: 'SLO119',
      expected: RATIO_SLO,
    },
    {
      name: 'SLO305 puts {{.window}} in the range selector',
      text: CASES.SLO305!.bad as string,
      code: 'SLO305',
      expected: swap(SLOTH, 'rate(errors[{{.window}}])', '"rate(errors[{{.window}}])"'),
    },
    {
      name: 'SLO401 quotes the target',
      text: CASES.SLO401!.bad as string,
      code: 'SLO401',
      expected: PYRRA,
    },
    {
      name: 'SLO406 keeps the bare selector',
      text: CASES.SLO406!.bad as string,
      code: 'SLO406',
      expected: swap(
        PYRRA_RATIO,
        'metric: http_requests_total{code=~"5.."}',
        `metric: 'http_requests_total{code=~"5.."}'`,
      ),
    },
  ];
  for (const { name, text, code, expected, left = [] } of cases) {
    test(name, () => {
      const [d] = diagnose(text).filter((x) => x.code === code);
      assert.ok(d?.fixes?.length, `${code} offers a fix`);
      const fixed = applyEdits(text, d.fixes[0]!.edits);
      assert.equal(fixed, expected);
      assert.deepEqual(
        diagnose(fixed).map((x) => x.code),
        left,
      );
    });
  }

  test('edits keep CRLF line endings', () => {
    const text = (CASES.SLO010!.bad as string).replace(/\n/g, '\r\n');
    const [d] = diagnose(text);
    assert.equal(d?.code, 'SLO010');
    const fixed = applyEdits(text, d.fixes![0]!.edits);
    assert.equal(fixed, `${text}  name: my-name\r\n`);
    assert.deepEqual(diagnose(fixed), []);
  });

  test('SLO301 offers no fix that would not fix anything (a one-character name)', () => {
    const [d, ...rest] = diagnose(swap(SLOTH, 'name: avail', 'name: a'));
    assert.equal(rest.length, 0);
    assert.equal(d?.code, 'SLO301');
    assert.equal(at(d.range), '4:11-4:12');
    assert.match(d.message, /at least two characters/);
    assert.equal(d.fixes, undefined);
  });
});
