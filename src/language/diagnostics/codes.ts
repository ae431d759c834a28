import type { Severity } from '../types.js';
import { POSTMORTEM_ENTRIES } from './postmortem-codes.js';

export type { PostmortemCode } from './postmortem-codes.js';

export interface CodeInfo {
  code: string;
  severity: Severity;
  title: string;
  /** Why the rule exists and what upstream tool enforces it. */
  explanation: string;
  /** The smallest YAML that triggers it. */
  example: string;
}

// prettier-ignore
const entries = [
  // General
  [
    'SLO001',
    'error',
    'YAML syntax error',
    'The file is not valid YAML. Reported once, where the parser stopped; the broken document gets no other diagnostics until it parses.',
    'spec:\n  target: [0.99',
  ],
  [
    'SLO002',
    'error',
    'Duplicate key',
    'A mapping holds the same key twice. YAML forbids it, but the readers differ: oslo (OpenSLO), Sloth and `kubectl apply` keep the last value and silently drop the earlier one (a warning); Pyrra reads its files strictly and rejects them (an error).',
    'metadata:\n  name: a\n  name: b',
  ],
  [
    'SLO003',
    'error',
    'Unsupported apiVersion',
    'The object looks like OpenSLO (an OpenSLO kind, or an apiVersion mentioning openslo) but its apiVersion is not one the tools read, or is a version that lacks the kind another version has (an AlertNotificationTarget under `openslo/v1alpha`): use `openslo/v1` (or `openslo/v1alpha`). `openslo.com/v1`, the osko and Dash0 operators\' own CRD group, is left alone.',
    'apiVersion: openslo/v2\nkind: SLO',
  ],
  [
    'SLO004',
    'error',
    'Unsupported Sloth version',
    'Sloth reads `version: prometheus/v1` files only; anything else is rejected by `sloth validate`.',
    'version: prometheus/v999\nservice: api',
  ],
  [
    'SLO005',
    'error',
    'Unknown kind',
    'The kind is not defined for this apiVersion. OpenSLO v1 has SLO, SLI, DataSource, Service, AlertPolicy, AlertCondition and AlertNotificationTarget; v1alpha has SLO and Service.',
    'apiVersion: openslo/v1\nkind: Slo',
  ],
  [
    'SLO006',
    'warning',
    'File too large to analyze',
    'Files above the size limit (2 MB by default) are not read, so the editor stays responsive: a warning in the editor (`teamSre.maxFileSizeMB` raises the limit), an error in `team-sre`, which must not pass a file it did not check (`--max-file-size` raises it). Split the file, or raise the limit.',
    '(a file larger than the limit)',
  ],
  [
    'SLO007',
    'warning',
    'YAML 1.1 boolean look-alike',
    'Unquoted yes/no/on/off/y/n are booleans to YAML 1.1 readers (Kubernetes, Pyrra, oslo) but strings to YAML 1.2 readers. Write true/false, or quote the string.',
    'spec:\n  isRolling: yes',
  ],
  [
    'SLO008',
    'info',
    'Template checked in part',
    "The file holds template actions (Helm's `{{ .Values.x }}`, `{{- if }}`, `{{ include }}`, or another Go template engine's) besides Sloth's own `{{.window}}`. What they produce is only known once the template is rendered, so the YAML syntax after the first action, values, queries and keys that contain an action, and mappings an action adds keys to are not checked; the rest is. Reported once per file, on the first action.",
    'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata:\n  name: {{ .Release.Name }}',
  ],
  [
    'SLO010',
    'error',
    'Required key missing',
    'The upstream validator requires this key. The quick fix inserts it with a placeholder.',
    'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: api',
  ],
  [
    'SLO011',
    'error',
    'Unknown key',
    'The upstream decoder is strict (OpenSLO, Pyrra files) and rejects keys it does not know, usually a typo or a key from another format.',
    'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  markdown: x',
  ],
  [
    'SLO012',
    'warning',
    'Unknown key, ignored',
    'The upstream decoder (Sloth) silently drops keys it does not know, so the setting has no effect. Often a camelCase key in a snake_case file.',
    'version: prometheus/v1\nservice: api\nslos:\n  - name: availability\n    objective: 99\n    pageAlert: {}',
  ],
  [
    'SLO013',
    'error',
    'Wrong type',
    'The value has the wrong YAML type (a string where a number is expected, a mapping where a list is expected, …); the Go decoder refuses it.',
    'spec:\n  timeWindow:\n    duration: 28d',
  ],
  [
    'SLO014',
    'error',
    'Value not allowed',
    'The value is not one of those the format allows (they are case-sensitive).',
    'spec:\n  budgetingMethod: occurrences',
  ],
  [
    'SLO015',
    'error',
    'Mutually exclusive keys',
    'Exactly one of these keys may be given; remove the others.',
    'objectives:\n  - target: 0.99\n    targetPercent: 99',
  ],
  [
    'SLO016',
    'error',
    'One of several keys required',
    'Exactly one of these keys must be given.',
    'objectives:\n  - displayName: good',
  ],
  [
    'SLO017',
    'error',
    'Value must not be empty',
    'The validator requires a non-empty value here.',
    'spec:\n  connectionDetails: {}',
  ],
  // OpenSLO
  [
    'SLO101',
    'error',
    'Invalid object name',
    'OpenSLO names are RFC 1123 labels: 1 to 63 lower-case letters, digits and `-`, starting and ending with a letter or digit. They become Kubernetes object names and Prometheus label values.',
    'metadata:\n  name: My Service',
  ],
  [
    'SLO102',
    'error',
    'Display name too long',
    '`metadata.displayName` is limited to 63 characters.',
    'metadata:\n  displayName: (64 characters or more)',
  ],
  [
    'SLO103',
    'error',
    'Invalid label key',
    'Label keys are 1 to 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.',
    'metadata:\n  labels:\n    "-team": a',
  ],
  [
    'SLO104',
    'error',
    'Invalid label value',
    'OpenSLO label values are a string or a list of strings.',
    'metadata:\n  labels:\n    team: {a: b}',
  ],
  [
    'SLO105',
    'error',
    'Invalid annotation key',
    'Annotation keys are `[prefix/]name`: the prefix a DNS subdomain of at most 253 characters, the name at most 63 letters, digits, `-`, `_`, `.`.',
    'metadata:\n  annotations:\n    "a/b/c": x',
  ],
  [
    'SLO106',
    'error',
    'Description too long',
    '`spec.description` is limited to 1050 characters.',
    'spec:\n  description: (1051 characters)',
  ],
  [
    'SLO107',
    'error',
    'Invalid duration',
    'OpenSLO durations are a whole number and one unit: m (minute), h (hour), d (day), w (week), M (month), Q (quarter), Y (year). Sloth and Pyrra use Prometheus durations (`30d`, `4w`, `1h30m`).',
    'timeWindow:\n  - duration: 30 days',
  ],
  [
    'SLO108',
    'error',
    'Exactly one time window',
    'An SLO has exactly one time window: `timeWindow` (v1) or `timeWindows` (v1alpha) must hold one item.',
    'timeWindow: []',
  ],
  [
    'SLO109',
    'error',
    'Calendar on a rolling window',
    'A rolling window (`isRolling: true`) moves with time and cannot have a calendar; remove `calendar` or set `isRolling: false`.',
    'timeWindow:\n  - duration: 28d\n    isRolling: true\n    calendar: {startTime: "2024-01-01 00:00:00", timeZone: UTC}',
  ],
  [
    'SLO110',
    'error',
    'Calendar window without a calendar',
    'A calendar-aligned window (`isRolling: false`) needs `calendar.startTime` and `calendar.timeZone` to know where periods start.',
    'timeWindow:\n  - duration: 1M\n    isRolling: false',
  ],
  [
    'SLO111',
    'error',
    'Invalid calendar start time',
    '`calendar.startTime` uses the layout `2006-01-02 15:04:05`, without a zone (the zone is `calendar.timeZone`).',
    'calendar:\n  startTime: 2024-01-01T00:00:00Z',
  ],
  [
    'SLO112',
    'error',
    'Unknown time zone',
    '`calendar.timeZone` must be a name of the IANA time zone database, such as `UTC`, `Europe/Paris` or `America/New_York`.',
    'calendar:\n  timeZone: CEST',
  ],
  [
    'SLO114',
    'error',
    'Target out of range',
    '`target` is a ratio in [0, 1): 99.9 % is written `0.999`. A percentage belongs in `targetPercent`.',
    'objectives:\n  - target: 99.9',
  ],
  [
    'SLO115',
    'error',
    'Target percent out of range',
    '`targetPercent` is a percentage in [0, 100).',
    'objectives:\n  - targetPercent: 100',
  ],
  [
    'SLO117',
    'error',
    'Indicator missing or ambiguous',
    'An SLO has exactly one of `indicator` (inline SLI) and `indicatorRef` (the name of an SLI), either in `spec` or in every objective (a composite SLO), never at both levels.',
    'spec:\n  indicatorRef: a\n  indicator: {…}',
  ],
  [
    'SLO118',
    'error',
    'Threshold objective needs op and value',
    'With a threshold SLI the objective compares each value to `value` using `op` (lt, lte, gt, gte): both are required.',
    'objectives:\n  - target: 0.99',
  ],
  [
    'SLO119',
    'error',
    'op/value on a ratio SLI',
    'With a ratio SLI there is nothing to compare: go-sdk (oslo) forbids `op` and `value`. Three of the four OpenSLO spec examples carry this mistake.',
    'objectives:\n  - op: gt\n    target: 0.99',
  ],
  [
    'SLO120',
    'error',
    'Time slice target',
    'With `budgetingMethod: Timeslices` each objective needs `timeSliceTarget`, the ratio in (0, 1] a slice must reach to count as good.',
    'budgetingMethod: Timeslices\nobjectives:\n  - target: 0.99',
  ],
  [
    'SLO121',
    'error',
    'Time slice window missing',
    'Timeslices and RatioTimeslices need `timeSliceWindow`, the length of one slice (e.g. `1m`).',
    'budgetingMethod: RatioTimeslices\nobjectives:\n  - target: 0.99',
  ],
  [
    'SLO122',
    'error',
    'Composite weight',
    '`compositeWeight` must be greater than 0.',
    'objectives:\n  - compositeWeight: 0',
  ],
  [
    'SLO123',
    'error',
    'Alert policy entry',
    'Each `alertPolicies` item is either an inline AlertPolicy (`kind: AlertPolicy`, `metadata`, `spec`) or an `alertPolicyRef`, not both and not neither.',
    'alertPolicies:\n  - alertPolicyRef: a\n    kind: AlertPolicy',
  ],
  [
    'SLO124',
    'error',
    'SLI metric type',
    'An SLI has exactly one of `thresholdMetric` and `ratioMetric`.',
    'spec:\n  thresholdMetric: {…}\n  ratioMetric: {…}',
  ],
  [
    'SLO125',
    'error',
    'Metric source',
    'A metric needs `metricSource` with a non-empty `spec` (the query and its parameters), or `metricSourceRef` naming a DataSource.',
    'metricSource:\n  type: Prometheus',
  ],
  [
    'SLO126',
    'error',
    'Ratio metric shape',
    'A ratio metric has exactly one of `total` and `raw`; with `total`, exactly one of `good` and `bad`; with `raw`, a `rawType` of success or failure.',
    'ratioMetric:\n  good: {…}',
  ],
  [
    'SLO127',
    'error',
    'Alert policy condition',
    'An AlertPolicy has exactly one condition, inline or as a `conditionRef`.',
    'spec:\n  conditions: []',
  ],
  [
    'SLO128',
    'error',
    'Alert policy notification target',
    'An AlertPolicy needs at least one notification target, inline or as a `targetRef`.',
    'spec:\n  notificationTargets: []',
  ],
  // OpenSLO v1alpha
  [
    'SLO201',
    'error',
    'Time window count',
    '`timeWindows[].count` must be a whole number greater than 0.',
    'timeWindows:\n  - unit: Day\n    count: 0',
  ],
  [
    'SLO202',
    'error',
    'Metric type (v1alpha)',
    'A v1alpha SLO has exactly one of `spec.indicator.thresholdMetric` and `objectives[].ratioMetrics`.',
    'spec:\n  objectives:\n    - target: 0.99',
  ],
  [
    'SLO203',
    'error',
    'Query field letters only',
    '`source` and `queryType` contain letters only (e.g. `prometheus`, `promql`).',
    'source: prometheus-2',
  ],
  // Sloth
  [
    'SLO301',
    'error',
    'Invalid Sloth name',
    'Sloth service and SLO names match `^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$`: they become Prometheus label values and rule names.',
    'service: my service',
  ],
  [
    'SLO302',
    'error',
    'Sloth objective out of range',
    'A Sloth objective is a percentage greater than 0 and at most 100.',
    'objective: 101',
  ],
  [
    'SLO303',
    'error',
    'Sloth SLI type',
    'A Sloth SLI has exactly one of `events` (error and total queries), `raw` (an error ratio query) and `plugin`.',
    'sli: {}',
  ],
  [
    'SLO304',
    'error',
    'Identical error and total queries',
    'The error query and the total query are the same, so the error ratio is always 1: the error query must select only the failed events.',
    'events:\n  error_query: sum(rate(x[{{.window}}]))\n  total_query: sum(rate(x[{{.window}}]))',
  ],
  [
    'SLO305',
    'error',
    'Query without {{ .window }}',
    'Sloth renders every query once per alert window, replacing `{{ .window }}`; a query without it cannot be rendered per window and `sloth validate` rejects it.',
    'error_query: sum(rate(errors[5m]))',
  ],
  [
    'SLO306',
    'error',
    'Alert name missing',
    '`alerting.name` is required unless both the page and the ticket alert are disabled.',
    'alerting:\n  labels: {team: a}',
  ],
  ['SLO307', 'error', 'Invalid label or annotation', 'Sloth rejects a label named `__name__` (reserved for the metric name), an empty name, and an empty label or annotation value.', 'labels:\n  team: ""'],
  ['SLO308', 'error', 'No SLOs', 'A Sloth file needs at least one item in `slos`.', 'slos: []'],
  ['SLO309', 'error', 'Plugin configuration', 'Every plugin needs an `id`, and `overridePrevious: true` needs at least one plugin in its `chain`.', 'slo_plugins:\n  overridePrevious: true\n  chain: []'],
  // Pyrra
  [
    'SLO401',
    'warning',
    'Pyrra target is a number',
    'Pyrra\'s CRD declares `target` as a string: the Kubernetes API server rejects a number. Quote it: `target: "99.9"`.',
    'spec:\n  target: 99.9',
  ],
  [
    'SLO402',
    'error',
    'Pyrra target out of range',
    'A Pyrra target is a percentage in [0, 100].',
    'spec:\n  target: "101"',
  ],
  [
    'SLO405',
    'error',
    'Pyrra indicator type',
    'A Pyrra indicator has exactly one of `ratio`, `latency`, `latencyNative` and `bool_gauge`.',
    'indicator: {}',
  ],
  [
    'SLO406',
    'error',
    'Not a bare selector',
    'Pyrra wraps these metrics in its own `sum(rate(…))`/`increase(…)`: write a bare vector selector such as `http_requests_total{code=~"5.."}`, without functions or aggregations.',
    'errors:\n  metric: sum(rate(http_requests_total{code=~"5.."}[5m]))',
  ],
  [
    'SLO407',
    'warning',
    'Identical metrics',
    'The errors (or success) metric and the total metric are the same selector, so the SLI is constant.',
    'errors:\n  metric: http_requests_total\ntotal:\n  metric: http_requests_total',
  ],
  [
    'SLO408',
    'error',
    'Latency bucket without le',
    'A latency indicator\'s success metric selects one histogram bucket: it needs an `le` matcher with a number, e.g. `http_request_duration_seconds_bucket{le="0.5"}`.',
    'success:\n  metric: http_request_duration_seconds_bucket',
  ],
  // PromQL
  [
    'SLO501',
    'error',
    'PromQL syntax error',
    'The query does not parse with the Prometheus grammar; the diagnostic points at the column inside the string.',
    'query: sum(rate(http_requests_total[5m])',
  ],
  ['SLO502', 'error', 'PromQL type error', "The query parses but Prometheus rejects it, with the message and at the position Prometheus reports: a range on an expression instead of a selector, an argument of the wrong type or count, `bool` or a set operator where it is not allowed, a misplaced `offset` or `@`, an experimental function. `sloth validate`, Pyrra and `promtool check rules` refuse such queries.", 'query: sum_over_time(probe_success{job="api"} == 0[5m])',],
  // Lints
  [
    'SLO601',
    'warning',
    'Minutes where a month was meant',
    "`m` is minutes and `M` months: a one-minute SLO window (`1m`) is almost always a month written with the wrong case. The OpenSLO spec's own example has this bug.",
    'timeWindow:\n  - duration: 1m\n    isRolling: false',
  ],
  [
    'SLO602',
    'warning',
    'Ratio written as a percentage',
    'The field is a percentage but the value looks like a ratio: `targetPercent: 0.999` is 0.999 %, not 99.9 %.',
    'objectives:\n  - targetPercent: 0.999',
  ],
  [
    'SLO603',
    'warning',
    'Time slice longer than the window',
    'The time slice window is longer than the SLO window, so the window never holds a whole slice.',
    'timeWindow:\n  - duration: 1h\nobjectives:\n  - timeSliceWindow: 2h',
  ],
  [
    'SLO604',
    'warning',
    'Time slice target ignored',
    '`timeSliceTarget`/`timeSliceWindow` only apply to Timeslices budgeting; with Occurrences they are ignored.',
    'budgetingMethod: Occurrences\nobjectives:\n  - timeSliceTarget: 0.9',
  ],
  [
    'SLO605',
    'warning',
    'No error budget',
    'A 100 % target leaves no error budget: every single bad event breaks the SLO and burn-rate alerts cannot be computed.',
    'objective: 100',
  ],
  // Workspace
  ['SLO701', 'error', 'Unresolved reference', 'The reference names no object of the files checked, where a typo is likely: a defined name of that kind is close to it, or the same file defines objects of that kind. `oslo validate` checks one object at a time and never resolves references; the go-sdk inliner fails on it. A name not close to any, of a kind the file does not define, is SLO704.', 'indicatorRef: api-latency'],
  ['SLO702', 'error', 'Duplicate name', 'Two objects of the same kind have the same name and a reference names it, so it is ambiguous (the go-sdk inliner takes the first it reads). An OpenSLO duplicate that nothing references is SLO705.', '(two SLIs named api-latency, and indicatorRef: api-latency)'],
  [
    'SLO703',
    'error',
    'Duplicate Sloth SLO id',
    'Sloth identifies an SLO by `<service>-<name>`; two SLOs with the same id produce clashing recording rules, and `sloth validate` fails on the set.',
    '(two files with service api and SLO availability)',
  ],
  ['SLO704', 'warning', 'Reference not in the files checked', 'The reference names no object of the files checked, and no typo is likely: no defined name of that kind is close, and the file defines no object of that kind. It may live in another repository (a shared SLI, a platform alert policy), as `oslo validate` allows: add its folder to the workspace, or pass it to `team-sre lint`. `teamSre.strictReferences` and `--strict-references` make it an error.', 'indicatorRef: platform-latency'],
  ['SLO705', 'warning', 'Duplicate name, not referenced', 'Two OpenSLO objects of the same kind have the same name but nothing in the files checked references it (the same object committed as YAML and JSON, say): no reference is ambiguous, yet a tool reading both keeps one. `teamSre.strictReferences` and `--strict-references` make it an error.', '(a Service in service.yaml and service.json)'],
  [
    'SLO706',
    'warning',
    'Committed generated rules out of date',
    'The Prometheus rules committed for this SLO file (the file a `teamSre.generatedRules` entry names, or Sloth\'s `_gen/` neighbour) differ from what the file generates now, rule by rule: what is deployed is not what the SLO says. The message names the first difference; "Team SRE: Rewrite Generated Rules" or `team-sre rules` writes the file again.',
    '(slos/api.yaml with objective: 99.5, and slos/_gen/api.yaml generated at 99.9)',
  ],
] as const;

export type Code = (typeof entries)[number][0];

type Entry = readonly [code: string, severity: Severity, title: string, explanation: string, example: string];

function catalogueOf(rows: readonly Entry[]): ReadonlyMap<string, CodeInfo> {
  return new Map(
    rows.map(([code, severity, title, explanation, example]) => [
      code,
      { code, severity, title, explanation, example },
    ]),
  );
}

export const CATALOGUE = catalogueOf(entries);

/** Postmortems' codes: a catalogue of their own, because the SLO analyzer never sees them. */
export const POSTMORTEM_CATALOGUE = catalogueOf(POSTMORTEM_ENTRIES);

export function codeInfo(code: Code): CodeInfo {
  const info = CATALOGUE.get(code);
  if (!info) throw new Error(`unknown diagnostic code ${code}`);
  return info;
}

/** Every code, SLO files' and postmortems', for the README, SARIF rules and annotations. */
export const ALL_CODES: ReadonlyMap<string, CodeInfo> = new Map([...CATALOGUE, ...POSTMORTEM_CATALOGUE]);
