import type { FieldSpec, SchemaConstraint } from '../../fields/field-spec.js';
import { absent, exactlyOne, present, type JsonSchema } from '../../fields/json-schema.js';
import {
  DESCRIPTION_CONSTRAINT,
  DURATION_CONSTRAINT,
  metadataSpec,
  NAME_CONSTRAINT,
} from '../openslo-common.js';

/** The declared shape of OpenSLO v1 objects: drives validation, completion, hover and the JSON Schema. */
const str = (doc: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'string', doc, ...extra });
const name = (doc: string): FieldSpec => str(doc, { constraints: [NAME_CONSTRAINT] });
const description = (doc: string): FieldSpec => str(doc, { constraints: [DESCRIPTION_CONSTRAINT] });
const duration = (doc: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  str(doc, { ...extra, constraints: [DURATION_CONSTRAINT] });
const ratio = (code: SchemaConstraint['code'], bounds: JsonSchema): SchemaConstraint => ({
  code,
  schema: bounds,
});

/** An item that is either a reference (`ref`) or an inline object (`kind`, `metadata`, `spec`), not both. */
function inlineOrRef(code: SchemaConstraint['code'], ref: string): SchemaConstraint {
  const inline = ['kind', 'metadata', 'spec'];
  return {
    code,
    schema: {
      anyOf: [
        { required: [ref], not: { anyOf: inline.map((k) => ({ required: [k] })) } },
        { required: inline, not: { required: [ref] } },
      ],
    },
  };
}

const metricSourceSpec: FieldSpec = {
  type: 'map',
  doc: 'Where the metric comes from: a `metricSourceRef` to a DataSource, and/or a `type` with the query parameters in `spec`.',
  fields: {
    metricSourceRef: name('Name of a DataSource object holding the connection details.'),
    type: str('Type of the data source, e.g. `Prometheus`, `Datadog`.'),
    spec: {
      type: 'map',
      doc: 'Query parameters for the data source, e.g. `query: sum(rate(…[5m]))` for Prometheus.',
      additional: 'any',
      constraints: [
        {
          code: 'SLO501',
          beyondSchema: 'that a Prometheus (or Thanos, Cortex, Mimir) `query` parses as PromQL',
        },
      ],
    },
  },
  constraints: [
    {
      code: 'SLO125',
      schema: { required: ['spec'], properties: { spec: { type: 'object', minProperties: 1 } } },
    },
  ],
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
    description: description('What the indicator measures, at most 1050 characters.'),
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
      constraints: [
        {
          code: 'SLO126',
          schema: exactlyOne(['total', 'raw'], 'A ratio metric has `total` or `raw`, not both: remove one.'),
        },
        {
          code: 'SLO126',
          schema: {
            if: present('total'),
            then: exactlyOne(
              ['good', 'bad'],
              'A ratio metric counts `good` or `bad` events, not both: remove one.',
            ),
          },
        },
        {
          code: 'SLO126',
          schema: {
            if: present('raw'),
            then: { required: ['rawType'], not: { anyOf: [{ required: ['good'] }, { required: ['bad'] }] } },
          },
        },
      ],
    },
  },
  constraints: [
    {
      code: 'SLO124',
      schema: exactlyOne(
        ['thresholdMetric', 'ratioMetric'],
        'An SLI has exactly one of `thresholdMetric` and `ratioMetric`: remove one.',
      ),
    },
  ],
};

const indicatorSpec: FieldSpec = {
  type: 'map',
  doc: 'An inline SLI: `metadata` and `spec`, as in a `kind: SLI` object.',
  fields: { metadata: metadataSpec(), spec: sliSpecSpec },
};

export const alertConditionSpecSpec: FieldSpec = {
  type: 'map',
  required: true,
  doc: 'A burn-rate condition.',
  fields: {
    description: description('What the condition detects.'),
    severity: str('Severity of the alert, e.g. `page` or `ticket`.', { required: true, placeholder: 'page' }),
    condition: {
      type: 'map',
      required: true,
      doc: 'The burn-rate rule: `kind: burnrate`, `op`, `threshold`, `lookbackWindow`, optional `alertAfter`.',
      fields: {
        kind: str('Only `burnrate` is defined.', { enum: ['burnrate'], required: true }),
        op: str('Comparison with the threshold.', { enum: ['lte', 'gte', 'lt', 'gt'], required: true }),
        threshold: { type: 'number', required: true, doc: 'Burn rate to compare with, e.g. `14.4`.' },
        lookbackWindow: duration('Window over which the burn rate is computed, e.g. `1h`.', {
          required: true,
          placeholder: '1h',
        }),
        alertAfter: duration('How long the condition must hold before alerting, e.g. `5m`.'),
      },
    },
  },
};

const alertNotificationTargetSpecSpec: FieldSpec = {
  type: 'map',
  required: true,
  doc: 'Where notifications go.',
  fields: {
    description: description('What the target is.'),
    target: str('The target, e.g. a Slack channel or an e-mail address.', {
      required: true,
      placeholder: 'slack',
    }),
  },
};

const alertPolicySpecSpec: FieldSpec = {
  type: 'map',
  required: true,
  doc: 'When to alert and whom to notify.',
  fields: {
    description: description('What the policy is for, at most 1050 characters.'),
    alertWhenNoData: { type: 'boolean', doc: 'Alert when the SLI has no data.' },
    alertWhenResolved: { type: 'boolean', doc: 'Notify when the alert resolves.' },
    alertWhenBreaching: { type: 'boolean', doc: 'Alert while the condition is breached.' },
    conditions: {
      type: 'seq',
      required: true,
      placeholder: '\n  - conditionRef: my-condition',
      doc: 'Exactly one condition: an inline AlertCondition or a `conditionRef`.',
      constraints: [{ code: 'SLO127', schema: { minItems: 1, maxItems: 1 } }],
      items: {
        type: 'map',
        doc: 'An inline AlertCondition (`kind`, `metadata`, `spec`) or a `conditionRef`.',
        fields: {
          kind: str('`AlertCondition`.', { enum: ['AlertCondition'] }),
          metadata: { ...metadataSpec(), required: false },
          // Free-form to checkShape: checkAlertPolicy checks an inline condition's spec, once.
          spec: { type: 'map', doc: 'The condition.', additional: 'any' },
          conditionRef: name('Name of an AlertCondition object.'),
        },
        constraints: [
          inlineOrRef('SLO127', 'conditionRef'),
          { code: 'SLO011', fields: { spec: { ...alertConditionSpecSpec, required: false } } },
        ],
      },
    },
    notificationTargets: {
      type: 'seq',
      required: true,
      placeholder: '\n  - targetRef: my-target',
      doc: 'At least one notification target: inline or a `targetRef`.',
      constraints: [{ code: 'SLO128', schema: { minItems: 1 } }],
      items: {
        type: 'map',
        doc: 'An inline AlertNotificationTarget (`kind`, `metadata`, `spec`) or a `targetRef`.',
        fields: {
          kind: str('`AlertNotificationTarget`.', { enum: ['AlertNotificationTarget'] }),
          metadata: { ...metadataSpec(), required: false },
          // Free-form to checkShape: checkAlertPolicy checks an inline target's spec, once.
          spec: { type: 'map', doc: 'The target.', additional: 'any' },
          targetRef: name('Name of an AlertNotificationTarget object.'),
        },
        constraints: [
          inlineOrRef('SLO128', 'targetRef'),
          { code: 'SLO011', fields: { spec: { ...alertNotificationTargetSpecSpec, required: false } } },
        ],
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
    target: {
      type: 'number',
      doc: 'The objective as a ratio in [0, 1): `0.999` is 99.9 %.',
      constraints: [ratio('SLO114', { minimum: 0, exclusiveMaximum: 1 })],
    },
    targetPercent: {
      type: 'number',
      doc: 'The objective as a percentage in [0, 100): `99.9`.',
      constraints: [ratio('SLO115', { minimum: 0, exclusiveMaximum: 100 })],
    },
    timeSliceTarget: {
      type: 'number',
      doc: 'Timeslices: the ratio in (0, 1] a slice must reach to count as good.',
      constraints: [ratio('SLO120', { exclusiveMinimum: 0, maximum: 1 })],
    },
    timeSliceWindow: duration('Timeslices and RatioTimeslices: the length of a slice, e.g. `1m`.'),
    indicator: indicatorSpec,
    indicatorRef: name('Name of an SLI object (composite SLOs set an indicator per objective).'),
    compositeWeight: {
      type: 'number',
      doc: 'Weight of this objective in a composite SLO, greater than 0.',
      constraints: [ratio('SLO122', { exclusiveMinimum: 0 })],
    },
  },
  constraints: [
    {
      code: 'SLO015',
      schema: {
        if: present('target'),
        then: absent(
          'targetPercent',
          'Give `target` (a ratio, 0.999) or `targetPercent` (a percentage, 99.9), not both: remove one.',
        ),
      },
    },
    { code: 'SLO016', schema: { anyOf: [present('target'), present('targetPercent')] } },
  ],
};

/** `spec.indicator` is an inline SLI with this metric (go-sdk checks `op` and `value` against it only). */
const inlineSli = (metric: string): JsonSchema => ({
  required: ['indicator'],
  properties: {
    indicator: {
      type: 'object',
      required: ['spec'],
      properties: { spec: { type: 'object', ...present(metric) } },
    },
  },
});
const eachObjective = (schema: JsonSchema): JsonSchema => ({
  properties: { objectives: { items: { if: { type: 'object' }, then: schema } } },
});
const budgeting = (methods: string[]): JsonSchema => ({
  required: ['budgetingMethod'],
  properties: { budgetingMethod: { enum: methods } },
});
const rolling: JsonSchema = { required: ['isRolling'], properties: { isRolling: { const: true } } };

const sloSpecSpec: FieldSpec = {
  type: 'map',
  required: true,
  doc: 'The SLO: the service, the indicator, the time window, the budgeting method and the objectives.',
  fields: {
    description: description('What the SLO promises, at most 1050 characters.'),
    service: str('Name of the Service this SLO belongs to.', { required: true, placeholder: 'my-service' }),
    indicator: indicatorSpec,
    indicatorRef: name('Name of an SLI object.'),
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
      constraints: [{ code: 'SLO108', schema: { minItems: 1, maxItems: 1 } }],
      items: {
        type: 'map',
        doc: 'The SLO window.',
        fields: {
          duration: duration(
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
                constraints: [
                  {
                    code: 'SLO111',
                    schema: {
                      pattern:
                        '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$',
                      patternErrorMessage:
                        'The layout is `2006-01-02 15:04:05`: no `T`, no zone (the zone goes in `timeZone`).',
                    },
                    beyondSchema: 'that the date exists (no 31 April, 29 February only in leap years)',
                  },
                ],
              }),
              timeZone: str('IANA time zone of `startTime`, e.g. `UTC` or `Europe/Paris`.', {
                required: true,
                placeholder: 'UTC',
                constraints: [
                  {
                    code: 'SLO112',
                    beyondSchema:
                      'that the name is in the IANA time zone database, case-sensitive as Go loads it',
                  },
                ],
              }),
            },
          },
        },
        constraints: [
          {
            code: 'SLO109',
            schema: {
              if: rolling,
              then: absent(
                'calendar',
                'A rolling window (`isRolling: true`) has no calendar: remove `calendar`, or set `isRolling: false` for calendar-aligned periods.',
              ),
            },
          },
          { code: 'SLO110', schema: { if: rolling, else: present('calendar') } },
        ],
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
          alertPolicyRef: name('Name of an AlertPolicy object.'),
        },
        constraints: [inlineOrRef('SLO123', 'alertPolicyRef')],
      },
    },
  },
  constraints: [
    {
      code: 'SLO117',
      schema: {
        anyOf: [
          {
            allOf: [
              exactlyOne(
                ['indicator', 'indicatorRef'],
                'Give `indicator` (inline) or `indicatorRef` (a name), not both: remove one.',
              ),
              eachObjective({
                allOf: ['indicator', 'indicatorRef'].map((k) =>
                  absent(
                    k,
                    `The SLO already has an indicator: an objective may only set \`${k}\` when the SLO has none (a composite SLO).`,
                  ),
                ),
              }),
            ],
          },
          {
            allOf: [
              { not: { anyOf: [present('indicator'), present('indicatorRef')] } },
              { required: ['objectives'], properties: { objectives: { type: 'array', minItems: 1 } } },
              eachObjective(
                exactlyOne(
                  ['indicator', 'indicatorRef'],
                  'Give `indicator` or `indicatorRef`, not both: remove one.',
                ),
              ),
            ],
          },
        ],
      },
    },
    {
      code: 'SLO118',
      schema: {
        if: inlineSli('thresholdMetric'),
        then: eachObjective({ allOf: [present('op'), present('value')] }),
      },
    },
    {
      code: 'SLO119',
      schema: {
        if: inlineSli('ratioMetric'),
        then: eachObjective({
          allOf: ['op', 'value'].map((k) =>
            absent(
              k,
              `\`${k}\` is forbidden with a ratio SLI (there is no threshold to compare with): remove it.`,
            ),
          ),
        }),
      },
    },
    {
      code: 'SLO120',
      schema: { if: budgeting(['Timeslices']), then: eachObjective(present('timeSliceTarget')) },
    },
    {
      code: 'SLO121',
      schema: {
        if: budgeting(['Timeslices', 'RatioTimeslices']),
        then: eachObjective(present('timeSliceWindow')),
      },
    },
  ],
};

export const kindSpecs: Record<string, FieldSpec> = {
  SLO: sloSpecSpec,
  SLI: sliSpecSpec,
  Service: {
    type: 'map',
    required: true,
    doc: 'The service.',
    fields: { description: description('What the service is, at most 1050 characters.') },
  },
  DataSource: {
    type: 'map',
    required: true,
    doc: 'A data source: its `type` and `connectionDetails`.',
    fields: {
      description: description('What the data source is.'),
      type: str('Type of the data source, e.g. `Prometheus`.', { required: true, placeholder: 'Prometheus' }),
      connectionDetails: {
        type: 'map',
        required: true,
        doc: 'How to reach the data source (free-form, non-empty).',
        additional: 'any',
        placeholder: '\n  url: http://prometheus:9090',
        constraints: [{ code: 'SLO017', schema: { minProperties: 1 } }],
      },
    },
  },
  AlertPolicy: alertPolicySpecSpec,
  AlertCondition: alertConditionSpecSpec,
  AlertNotificationTarget: alertNotificationTargetSpecSpec,
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
