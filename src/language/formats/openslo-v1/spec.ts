import type { FieldSpec } from '../../fields/field-spec.js';
import { metadataSpec } from '../openslo-common.js';

/** The declared shape of OpenSLO v1 objects: drives validation, completion, hover and the JSON Schema. */
const str = (doc: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'string', doc, ...extra });

const metricSourceSpec: FieldSpec = {
  type: 'map',
  doc: 'Where the metric comes from: a `metricSourceRef` to a DataSource, and/or a `type` with the query parameters in `spec`.',
  fields: {
    metricSourceRef: str('Name of a DataSource object holding the connection details.'),
    type: str('Type of the data source, e.g. `Prometheus`, `Datadog`.'),
    spec: {
      type: 'map',
      doc: 'Query parameters for the data source, e.g. `query: sum(rate(…[5m]))` for Prometheus.',
      additional: 'any',
    },
  },
};

const metricSpec: FieldSpec = {
  type: 'map',
  doc: 'A metric: its `metricSource`.',
  fields: { metricSource: { ...metricSourceSpec, required: true } },
};

export const sliSpecSpec: FieldSpec = {
  type: 'map',
  required: true,
  doc: 'The indicator: exactly one of `thresholdMetric` and `ratioMetric`.',
  fields: {
    description: str('What the indicator measures, at most 1050 characters.'),
    thresholdMetric: {
      ...metricSpec,
      doc: "A single metric compared to each objective's `value` with its `op`.",
    },
    ratioMetric: {
      type: 'map',
      doc: 'A ratio of good (or bad) events to total events, or a raw ratio.',
      fields: {
        counter: {
          type: 'boolean',
          doc: 'True when the metrics are monotonic counters (their increase is used).',
        },
        good: { ...metricSpec, doc: 'The good events (with `total`).' },
        bad: { ...metricSpec, doc: 'The bad events (with `total`).' },
        total: { ...metricSpec, doc: 'All events.' },
        rawType: {
          type: 'string',
          enum: ['success', 'failure'],
          doc: 'With `raw`: whether the raw ratio counts successes or failures.',
        },
        raw: { ...metricSpec, doc: 'A metric that already is a ratio.' },
      },
    },
  },
};

const indicatorSpec: FieldSpec = {
  type: 'map',
  doc: 'An inline SLI: `metadata` and `spec`, as in a `kind: SLI` object.',
  fields: { metadata: metadataSpec(), spec: sliSpecSpec },
};

const alertPolicySpecSpec: FieldSpec = {
  type: 'map',
  required: true,
  doc: 'When to alert and whom to notify.',
  fields: {
    description: str('What the policy is for, at most 1050 characters.'),
    alertWhenNoData: { type: 'boolean', doc: 'Alert when the SLI has no data.' },
    alertWhenResolved: { type: 'boolean', doc: 'Notify when the alert resolves.' },
    alertWhenBreaching: { type: 'boolean', doc: 'Alert while the condition is breached.' },
    conditions: {
      type: 'seq',
      required: true,
      placeholder: '\n  - conditionRef: my-condition',
      doc: 'Exactly one condition: an inline AlertCondition or a `conditionRef`.',
      items: {
        type: 'map',
        doc: 'An inline AlertCondition (`kind`, `metadata`, `spec`) or a `conditionRef`.',
        fields: {
          kind: str('`AlertCondition`.', { enum: ['AlertCondition'] }),
          metadata: { ...metadataSpec(), required: false },
          spec: { type: 'map', doc: 'The condition.', additional: 'any' },
          conditionRef: str('Name of an AlertCondition object.'),
        },
      },
    },
    notificationTargets: {
      type: 'seq',
      required: true,
      placeholder: '\n  - targetRef: my-target',
      doc: 'At least one notification target: inline or a `targetRef`.',
      items: {
        type: 'map',
        doc: 'An inline AlertNotificationTarget (`kind`, `metadata`, `spec`) or a `targetRef`.',
        fields: {
          kind: str('`AlertNotificationTarget`.', { enum: ['AlertNotificationTarget'] }),
          metadata: { ...metadataSpec(), required: false },
          spec: { type: 'map', doc: 'The target.', additional: 'any' },
          targetRef: str('Name of an AlertNotificationTarget object.'),
        },
      },
    },
  },
};

export const alertConditionSpecSpec: FieldSpec = {
  type: 'map',
  required: true,
  doc: 'A burn-rate condition.',
  fields: {
    description: str('What the condition detects.'),
    severity: str('Severity of the alert, e.g. `page` or `ticket`.', { required: true, placeholder: 'page' }),
    condition: {
      type: 'map',
      required: true,
      doc: 'The burn-rate rule: `kind: burnrate`, `op`, `threshold`, `lookbackWindow`, optional `alertAfter`.',
      fields: {
        kind: str('Only `burnrate` is defined.', { enum: ['burnrate'], required: true }),
        op: str('Comparison with the threshold.', { enum: ['lte', 'gte', 'lt', 'gt'], required: true }),
        threshold: { type: 'number', required: true, doc: 'Burn rate to compare with, e.g. `14.4`.' },
        lookbackWindow: str('Window over which the burn rate is computed, e.g. `1h`.', {
          required: true,
          placeholder: '1h',
        }),
        alertAfter: str('How long the condition must hold before alerting, e.g. `5m`.'),
      },
    },
  },
};

const objectiveSpec: FieldSpec = {
  type: 'map',
  doc: 'One objective: a target, and for threshold SLIs the `op` and `value` each measurement is compared to.',
  fields: {
    displayName: str('Human-readable name of the objective.'),
    op: str(
      'How a threshold SLI value compares to `value`: lt, lte, gt or gte. Forbidden with a ratio SLI.',
      { enum: ['lte', 'gte', 'lt', 'gt'] },
    ),
    value: { type: 'number', doc: 'The threshold each measurement of a threshold SLI is compared to.' },
    target: { type: 'number', doc: 'The objective as a ratio in [0, 1): `0.999` is 99.9 %.' },
    targetPercent: { type: 'number', doc: 'The objective as a percentage in [0, 100): `99.9`.' },
    timeSliceTarget: {
      type: 'number',
      doc: 'Timeslices: the ratio in (0, 1] a slice must reach to count as good.',
    },
    timeSliceWindow: str('Timeslices and RatioTimeslices: the length of a slice, e.g. `1m`.'),
    indicator: indicatorSpec,
    indicatorRef: str('Name of an SLI object (composite SLOs set an indicator per objective).'),
    compositeWeight: { type: 'number', doc: 'Weight of this objective in a composite SLO, greater than 0.' },
  },
};

const sloSpecSpec: FieldSpec = {
  type: 'map',
  required: true,
  doc: 'The SLO: the service, the indicator, the time window, the budgeting method and the objectives.',
  fields: {
    description: str('What the SLO promises, at most 1050 characters.'),
    service: str('Name of the Service this SLO belongs to.', { required: true, placeholder: 'my-service' }),
    indicator: indicatorSpec,
    indicatorRef: str('Name of an SLI object.'),
    budgetingMethod: str(
      'How the error budget is counted: Occurrences (bad events), Timeslices (bad slices) or RatioTimeslices (mean of slice ratios).',
      {
        required: true,
        enum: ['Occurrences', 'Timeslices', 'RatioTimeslices'],
      },
    ),
    timeWindow: {
      type: 'seq',
      required: true,
      doc: 'Exactly one time window: its `duration`, and whether it is rolling or calendar-aligned.',
      placeholder: '\n  - duration: 28d\n    isRolling: true',
      items: {
        type: 'map',
        doc: 'The SLO window.',
        fields: {
          duration: str(
            'Length of the window: a whole number and one of m (minutes), h, d, w, M (months), Q, Y. `1m` is one minute; one month is `1M`.',
            { required: true, placeholder: '28d' },
          ),
          isRolling: {
            type: 'boolean',
            doc: 'true: the window ends now and moves with time; false: calendar-aligned periods starting at `calendar.startTime`.',
          },
          calendar: {
            type: 'map',
            doc: 'Where calendar-aligned periods start (only with `isRolling: false`).',
            fields: {
              startTime: str('Start of the first period, layout `2006-01-02 15:04:05`, no zone.', {
                required: true,
                placeholder: '"2024-01-01 00:00:00"',
              }),
              timeZone: str('IANA time zone of `startTime`, e.g. `UTC` or `Europe/Paris`.', {
                required: true,
                placeholder: 'UTC',
              }),
            },
          },
        },
      },
    },
    objectives: {
      type: 'seq',
      doc: 'The objectives of the SLO.',
      placeholder: '\n  - target: 0.99',
      items: objectiveSpec,
    },
    alertPolicies: {
      type: 'seq',
      doc: 'Alert policies: inline AlertPolicy objects or `alertPolicyRef` names.',
      items: {
        type: 'map',
        doc: 'An inline AlertPolicy (`kind`, `metadata`, `spec`) or an `alertPolicyRef`.',
        fields: {
          kind: str('`AlertPolicy`.', { enum: ['AlertPolicy'] }),
          metadata: { ...metadataSpec(), required: false },
          spec: { ...alertPolicySpecSpec, required: false },
          alertPolicyRef: str('Name of an AlertPolicy object.'),
        },
      },
    },
  },
};

export const kindSpecs: Record<string, FieldSpec> = {
  SLO: sloSpecSpec,
  SLI: sliSpecSpec,
  Service: {
    type: 'map',
    required: true,
    doc: 'The service.',
    fields: { description: str('What the service is, at most 1050 characters.') },
  },
  DataSource: {
    type: 'map',
    required: true,
    doc: 'A data source: its `type` and `connectionDetails`.',
    fields: {
      description: str('What the data source is.'),
      type: str('Type of the data source, e.g. `Prometheus`.', { required: true, placeholder: 'Prometheus' }),
      connectionDetails: {
        type: 'map',
        required: true,
        doc: 'How to reach the data source (free-form, non-empty).',
        additional: 'any',
        placeholder: '\n  url: http://prometheus:9090',
      },
    },
  },
  AlertPolicy: alertPolicySpecSpec,
  AlertCondition: alertConditionSpecSpec,
  AlertNotificationTarget: {
    type: 'map',
    required: true,
    doc: 'Where notifications go.',
    fields: {
      description: str('What the target is.'),
      target: str('The target, e.g. a Slack channel or an e-mail address.', {
        required: true,
        placeholder: 'slack',
      }),
    },
  },
};

export function rootSpec(kind: string): FieldSpec {
  return {
    type: 'map',
    doc: `An OpenSLO v1 ${kind}.`,
    fields: {
      apiVersion: str('`openslo/v1`.', { required: true }),
      kind: str('The kind of object.', { required: true }),
      metadata: metadataSpec(),
      // go-sdk requires \`spec\` only where a rule needs it; a bare Service is valid.
      spec: {
        ...(kindSpecs[kind] ?? { type: 'map', doc: '', additional: 'any' }),
        required: kind === 'SLO' || kind === 'AlertCondition',
      },
    },
  };
}
