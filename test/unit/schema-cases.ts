/** Valid OpenSLO v1 objects, and each constraint of the field model broken once in one of them. */
import assert from 'node:assert/strict';

export const SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
  labels:
    team: [payments]
    tier: critical
  annotations:
    example.com/runbook: https://example.com/runbooks/checkout
spec:
  description: Checkouts that succeed.
  service: checkout
  indicator:
    metadata:
      name: checkout-success
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total[5m]))
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - displayName: Good
      target: 0.999
`;

export const CALENDAR_SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
spec:
  service: search
  indicator:
    metadata:
      name: search-latency
    spec:
      thresholdMetric:
        metricSource:
          metricSourceRef: prometheus
          type: Prometheus
          spec:
            query: histogram_quantile(0.99, sum by (le) (rate(latency_seconds_bucket[5m])))
  budgetingMethod: Timeslices
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: "2024-01-01 00:00:00"
        timeZone: Europe/Paris
  objectives:
    - op: lte
      value: 0.5
      target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 5m
`;

export const COMPOSITE_SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-composite
spec:
  service: checkout
  budgetingMethod: RatioTimeslices
  timeWindow:
    - duration: 7d
      isRolling: true
  objectives:
    - indicatorRef: checkout-success
      targetPercent: 99.5
      timeSliceWindow: 1m
      compositeWeight: 2
    - indicatorRef: checkout-latency
      target: 0.99
      timeSliceWindow: 1m
      compositeWeight: 1
  alertPolicies:
    - alertPolicyRef: checkout-burn
`;

export const SLI = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: checkout-success
spec:
  ratioMetric:
    counter: true
    raw:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(http_requests_ok[5m])) / sum(rate(http_requests_total[5m]))
    rawType: success
`;

export const POLICY = `apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: checkout-burn
spec:
  description: Fast burn.
  alertWhenBreaching: true
  conditions:
    - kind: AlertCondition
      metadata:
        name: fast-burn
      spec:
        severity: page
        condition:
          kind: burnrate
          op: gte
          threshold: 14.4
          lookbackWindow: 1h
          alertAfter: 5m
  notificationTargets:
    - targetRef: on-call
`;

export const DATA_SOURCE = `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: prometheus
spec:
  type: Prometheus
  connectionDetails:
    url: http://prometheus:9090
`;

export interface Case {
  base: string;
  from: string;
  to: string;
  /** The code our validator reports. */
  code: string;
  /** What Ajv reports, as `instancePath keyword`. */
  schema: string[];
}

export const swap = (text: string, from: string, to: string): string => {
  const at = text.indexOf(from);
  assert.ok(at !== -1 && text.indexOf(from, at + 1) === -1, `\`${from}\` occurs exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
};

/** Each constraint of the model, broken once. */
export const CASES: Record<string, Case> = {
  'target: 99.9': {
    base: SLO,
    from: 'target: 0.999',
    to: 'target: 99.9',
    code: 'SLO114',
    schema: ['/spec/objectives/0/target exclusiveMaximum'],
  },
  'target: 1': {
    base: SLO,
    from: 'target: 0.999',
    to: 'target: 1',
    code: 'SLO114',
    schema: ['/spec/objectives/0/target exclusiveMaximum'],
  },
  'target: -0.5': {
    base: SLO,
    from: 'target: 0.999',
    to: 'target: -0.5',
    code: 'SLO114',
    schema: ['/spec/objectives/0/target minimum'],
  },
  'targetPercent: 100': {
    base: COMPOSITE_SLO,
    from: 'targetPercent: 99.5',
    to: 'targetPercent: 100',
    code: 'SLO115',
    schema: ['/spec/objectives/0/targetPercent exclusiveMaximum'],
  },
  'timeSliceTarget: 0': {
    base: CALENDAR_SLO,
    from: 'timeSliceTarget: 0.95',
    to: 'timeSliceTarget: 0',
    code: 'SLO120',
    schema: ['/spec/objectives/0/timeSliceTarget exclusiveMinimum'],
  },
  'timeSliceTarget: 95': {
    base: CALENDAR_SLO,
    from: 'timeSliceTarget: 0.95',
    to: 'timeSliceTarget: 95',
    code: 'SLO120',
    schema: ['/spec/objectives/0/timeSliceTarget maximum'],
  },
  'Timeslices without timeSliceTarget': {
    base: CALENDAR_SLO,
    from: '      timeSliceTarget: 0.95\n',
    to: '',
    code: 'SLO120',
    schema: ['/spec/objectives/0 required'],
  },
  'RatioTimeslices without timeSliceWindow': {
    base: COMPOSITE_SLO,
    from: '      timeSliceWindow: 1m\n      compositeWeight: 1',
    to: '      compositeWeight: 1',
    code: 'SLO121',
    schema: ['/spec/objectives/1 required'],
  },
  'compositeWeight: 0': {
    base: COMPOSITE_SLO,
    from: 'compositeWeight: 2',
    to: 'compositeWeight: 0',
    code: 'SLO122',
    schema: ['/spec/objectives/0/compositeWeight exclusiveMinimum'],
  },
  'target and targetPercent': {
    base: SLO,
    from: 'target: 0.999',
    to: 'target: 0.999\n      targetPercent: 99.9',
    code: 'SLO015',
    schema: ['/spec/objectives/0/targetPercent type'],
  },
  'neither target nor targetPercent': {
    base: SLO,
    from: '      target: 0.999\n',
    to: '',
    code: 'SLO016',
    schema: ['/spec/objectives/0 required', '/spec/objectives/0 anyOf'],
  },
  'a name with a space': {
    base: SLO,
    from: 'name: checkout-availability',
    to: 'name: Checkout Availability',
    code: 'SLO101',
    schema: ['/metadata/name pattern'],
  },
  'a name of 64 characters': {
    base: SLO,
    from: 'name: checkout-availability',
    to: `name: ${'a'.repeat(64)}`,
    code: 'SLO101',
    schema: ['/metadata/name maxLength'],
  },
  'an indicatorRef with capitals': {
    base: COMPOSITE_SLO,
    from: 'indicatorRef: checkout-latency',
    to: 'indicatorRef: Checkout-Latency',
    code: 'SLO101',
    schema: ['/spec/objectives/1/indicatorRef pattern'],
  },
  'a displayName of 64 characters': {
    base: SLO,
    from: 'displayName: Checkout availability',
    to: `displayName: ${'a'.repeat(64)}`,
    code: 'SLO102',
    schema: ['/metadata/displayName maxLength'],
  },
  'a label key with a space': {
    base: SLO,
    from: 'tier: critical',
    to: '"service tier": critical',
    code: 'SLO103',
    schema: ['/metadata/labels pattern', '/metadata/labels propertyNames'],
  },
  'a label value that is a number': {
    base: SLO,
    from: 'tier: critical',
    to: 'tier: 1',
    code: 'SLO104',
    schema: ['/metadata/labels/tier type'],
  },
  'an annotation key with two slashes': {
    base: SLO,
    from: 'example.com/runbook:',
    to: 'example.com/runbooks/checkout:',
    code: 'SLO105',
    schema: ['/metadata/annotations pattern', '/metadata/annotations propertyNames'],
  },
  'a description of 1051 characters': {
    base: SLO,
    from: 'description: Checkouts that succeed.',
    to: `description: ${'a'.repeat(1051)}`,
    code: 'SLO106',
    schema: ['/spec/description maxLength'],
  },
  'duration: 28 days': {
    base: SLO,
    from: 'duration: 28d',
    to: 'duration: 28 days',
    code: 'SLO107',
    schema: ['/spec/timeWindow/0/duration pattern'],
  },
  'timeSliceWindow: 5 minutes': {
    base: CALENDAR_SLO,
    from: 'timeSliceWindow: 5m',
    to: 'timeSliceWindow: 5 minutes',
    code: 'SLO107',
    schema: ['/spec/objectives/0/timeSliceWindow pattern'],
  },
  'lookbackWindow: 1 hour': {
    base: POLICY,
    from: 'lookbackWindow: 1h',
    to: 'lookbackWindow: 1 hour',
    code: 'SLO107',
    schema: ['/spec/conditions/0/spec/condition/lookbackWindow pattern'],
  },
  'two time windows': {
    base: SLO,
    from: '      isRolling: true\n',
    to: '      isRolling: true\n    - duration: 7d\n      isRolling: true\n',
    code: 'SLO108',
    schema: ['/spec/timeWindow maxItems'],
  },
  'no time window': {
    base: SLO,
    from: '  timeWindow:\n    - duration: 28d\n      isRolling: true\n',
    to: '  timeWindow: []\n',
    code: 'SLO108',
    schema: ['/spec/timeWindow minItems'],
  },
  'a rolling window with a calendar': {
    base: CALENDAR_SLO,
    from: 'isRolling: false',
    to: 'isRolling: true',
    code: 'SLO109',
    schema: ['/spec/timeWindow/0/calendar type'],
  },
  'a calendar window without a calendar': {
    base: SLO,
    from: 'isRolling: true',
    to: 'isRolling: false',
    code: 'SLO110',
    schema: ['/spec/timeWindow/0 required'],
  },
  'an ISO startTime': {
    base: CALENDAR_SLO,
    from: 'startTime: "2024-01-01 00:00:00"',
    to: 'startTime: "2024-01-01T00:00:00Z"',
    code: 'SLO111',
    schema: ['/spec/timeWindow/0/calendar/startTime pattern'],
  },
  'indicator and indicatorRef': {
    base: SLO,
    from: '  service: checkout\n',
    to: '  service: checkout\n  indicatorRef: checkout-success\n',
    code: 'SLO117',
    // Ajv reports why each of the two ways (one indicator for the SLO, one per objective) fails.
    schema: [
      '/spec/indicatorRef type',
      '/spec not',
      '/spec/objectives/0 required',
      '/spec/objectives/0 anyOf',
      '/spec anyOf',
    ],
  },
  'an objective without an indicator in a composite SLO': {
    base: COMPOSITE_SLO,
    from: '    - indicatorRef: checkout-latency\n      target: 0.99',
    to: '    - target: 0.99',
    code: 'SLO117',
    schema: [
      '/spec required',
      '/spec anyOf',
      '/spec/objectives/0/indicatorRef type',
      '/spec/objectives/1 required',
      '/spec/objectives/1 anyOf',
    ],
  },
  'a threshold SLI objective without op': {
    base: CALENDAR_SLO,
    from: '    - op: lte\n      value: 0.5',
    to: '    - value: 0.5',
    code: 'SLO118',
    schema: ['/spec/objectives/0 required'],
  },
  'op with a ratio SLI': {
    base: SLO,
    from: 'target: 0.999',
    to: 'target: 0.999\n      op: gt',
    code: 'SLO119',
    schema: ['/spec/objectives/0/op type'],
  },
  'an alert policy by reference and inline': {
    base: COMPOSITE_SLO,
    from: '    - alertPolicyRef: checkout-burn',
    to: '    - alertPolicyRef: checkout-burn\n      kind: AlertPolicy',
    code: 'SLO123',
    schema: ['/spec/alertPolicies/0 not', '/spec/alertPolicies/0 required', '/spec/alertPolicies/0 anyOf'],
  },
  'thresholdMetric and ratioMetric': {
    base: SLI,
    from: 'spec:\n  ratioMetric:',
    to: 'spec:\n  thresholdMetric:\n    metricSource:\n      type: Prometheus\n      spec:\n        query: up\n  ratioMetric:',
    code: 'SLO124',
    schema: ['/spec/ratioMetric type'],
  },
  'empty connectionDetails': {
    base: DATA_SOURCE,
    from: 'connectionDetails:\n    url: http://prometheus:9090',
    to: 'connectionDetails: {}',
    code: 'SLO017',
    schema: ['/spec/connectionDetails minProperties'],
  },
  'a metric source with an empty spec': {
    base: SLI,
    from: '        spec:\n          query: sum(rate(http_requests_ok[5m])) / sum(rate(http_requests_total[5m]))',
    to: '        spec: {}',
    code: 'SLO125',
    schema: ['/spec/ratioMetric/raw/metricSource/spec minProperties'],
  },
  'raw without rawType': {
    base: SLI,
    from: '    rawType: success\n',
    to: '',
    code: 'SLO126',
    schema: ['/spec/ratioMetric required'],
  },
  'total without good or bad': {
    base: SLO,
    from: '        good:\n          metricSource:\n            type: Prometheus\n            spec:\n              query: sum(rate(http_requests_total{code!~"5.."}[5m]))\n',
    to: '',
    code: 'SLO126',
    schema: ['/spec/indicator/spec/ratioMetric required', '/spec/indicator/spec/ratioMetric anyOf'],
  },
  'two conditions': {
    base: POLICY,
    from: '  notificationTargets:',
    to: '    - conditionRef: slow-burn\n  notificationTargets:',
    code: 'SLO127',
    schema: ['/spec/conditions maxItems'],
  },
  'no notification target': {
    base: POLICY,
    from: '  notificationTargets:\n    - targetRef: on-call',
    to: '  notificationTargets: []',
    code: 'SLO128',
    schema: ['/spec/notificationTargets minItems'],
  },
  'an inline condition without severity': {
    base: POLICY,
    from: '        severity: page\n',
    to: '',
    code: 'SLO010',
    schema: ['/spec/conditions/0/spec required'],
  },
  'target: "0.999"': {
    base: SLO,
    from: 'target: 0.999',
    to: 'target: "0.999"',
    code: 'SLO013',
    schema: ['/spec/objectives/0/target type'],
  },
  'budgetingMethod: occurrences': {
    base: SLO,
    from: 'budgetingMethod: Occurrences',
    to: 'budgetingMethod: occurrences',
    code: 'SLO014',
    schema: ['/spec/budgetingMethod enum'],
  },
  'kind: Slo': {
    base: SLO,
    from: 'kind: SLO',
    to: 'kind: Slo',
    code: 'SLO005',
    schema: ['/kind enum'],
  },
  'an unknown key in an inline condition': {
    base: POLICY,
    from: '        severity: page',
    to: '        severity: page\n        priority: high',
    code: 'SLO011',
    schema: ['/spec/conditions/0/spec additionalProperties'],
  },
};

export const BASES = [SLO, CALENDAR_SLO, COMPOSITE_SLO, SLI, POLICY, DATA_SOURCE];
