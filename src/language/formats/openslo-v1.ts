import type { SloObject } from '../analysis/analyze.js';
import { openSloDurationMinutes } from '../../budget/duration.js';
import { promDuration } from '../../budget/format.js';
import type { ObjectFacts, Reference } from '../model/facts.js';
import type { YNode } from '../syntax/node.js';
import { checkPromQL } from '../syntax/promql.js';
import type { Reporter } from '../diagnostics/reporter.js';
import { checkShape, truncate, yaml11Boolean, type FieldSpec } from '../fields/field-spec.js';
import {
  checkDescription,
  checkMetadata,
  checkName,
  checkOpenSloDuration,
  exactlyOne,
  metadataSpec,
  openSloDefinition,
  reference,
} from './openslo-common.js';
import { isValidTimeZone, canonicalTimeZone } from './timezone.js';

/** References are names too: go-sdk checks them as RFC 1123 labels. */
function checkRefName(node: YNode | undefined, r: Reporter): YNode | undefined {
  checkName(node, r, `\`${node?.path.split('.').pop() ?? 'reference'}\``);
  return node;
}

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

const alertConditionSpecSpec: FieldSpec = {
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

const kindSpecs: Record<string, FieldSpec> = {
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

const SHAPE = { strict: true, decoder: 'OpenSLO', caseInsensitiveKeys: true } as const;

const PROMETHEUS_LIKE = /^(prometheus|thanos|cortex|mimir)$/i;

/** Checks the PromQL of a metric source when its type says it is PromQL. */
function checkMetricQueries(metric: YNode | undefined, r: Reporter): void {
  const source = metric?.get('metricSource');
  if (!source?.isMap) return;
  const type = source.get('type')?.string;
  if (!type || !PROMETHEUS_LIKE.test(type)) return;
  const spec = source.get('spec');
  for (const key of ['query', 'promql']) {
    const q = spec?.get(key);
    if (q?.string !== undefined) checkPromQL(r, q);
  }
}

type SliType = 'threshold' | 'ratio' | undefined;

/** Rules of an SLI spec (a `kind: SLI` object or an inline indicator). Returns the SLI type. */
export function checkSliSpec(spec: YNode | undefined, r: Reporter, refs: Reference[]): SliType {
  if (!spec?.isMap) return undefined;
  checkDescription(spec.get('description'), r);
  const which = exactlyOne(
    spec,
    ['thresholdMetric', 'ratioMetric'],
    r,
    {
      none: `\`${spec.path}\` needs a metric: add \`thresholdMetric\` (one metric compared to a value) or \`ratioMetric\` (good or bad over total).`,
      many: 'An SLI has exactly one of `thresholdMetric` and `ratioMetric`: remove one.',
    },
    { none: 'SLO124', many: 'SLO124' },
  );
  const metrics: YNode[] = [];
  if (which === 'thresholdMetric') metrics.push(spec.get('thresholdMetric')!);
  if (which === 'ratioMetric') {
    const ratio = spec.get('ratioMetric')!;
    if (ratio.isMap) {
      const base = exactlyOne(
        ratio,
        ['total', 'raw'],
        r,
        {
          none: `\`${ratio.path}\` needs \`total\` (with \`good\` or \`bad\`) or \`raw\` (with \`rawType\`).`,
          many: 'A ratio metric has `total` or `raw`, not both: remove one.',
        },
        { none: 'SLO126', many: 'SLO126' },
      );
      if (base === 'total') {
        metrics.push(ratio.get('total')!);
        const part = exactlyOne(
          ratio,
          ['good', 'bad'],
          r,
          {
            none: `\`${ratio.path}\` has \`total\` but neither \`good\` nor \`bad\`: add the events to count against the total.`,
            many: 'A ratio metric counts `good` or `bad` events, not both: remove one.',
          },
          { none: 'SLO126', many: 'SLO126' },
        );
        if (part) metrics.push(ratio.get(part)!);
      } else if (base === 'raw') {
        metrics.push(ratio.get('raw')!);
        if (!ratio.has('rawType')) {
          r.report(
            'SLO126',
            ratio.get('raw')!,
            'A `raw` ratio metric needs `rawType: success` or `rawType: failure` beside it.',
            { where: 'key', path: `${ratio.path}.rawType` },
          );
        }
        for (const k of ['good', 'bad']) {
          const n = ratio.get(k);
          if (n)
            r.report(
              'SLO126',
              n,
              `\`${k}\` only applies with \`total\`; a \`raw\` metric is already a ratio: remove it.`,
              { where: 'key' },
            );
        }
      }
    }
  }
  for (const metric of metrics) {
    if (!metric.isMap) continue;
    const source = metric.get('metricSource');
    if (!source) continue; // reported as a missing required key
    if (source.isMap) {
      const sourceSpec = source.get('spec');
      if (!sourceSpec || sourceSpec.isNull || (sourceSpec.isMap && sourceSpec.keys().length === 0)) {
        r.report(
          'SLO125',
          sourceSpec ?? source,
          `\`${source.path}\` needs a non-empty \`spec\` with the query parameters, e.g. \`query: sum(rate(http_requests_total[5m]))\` (also next to a \`metricSourceRef\`).`,
          {
            where: 'key',
            path: `${source.path}.spec`,
          },
        );
      }
      refs.push(...reference('DataSource', checkRefName(source.get('metricSourceRef'), r), r));
    }
    checkMetricQueries(metric, r);
  }
  return which === 'thresholdMetric' ? 'threshold' : which === 'ratioMetric' ? 'ratio' : undefined;
}

function checkInlineIndicator(indicator: YNode | undefined, r: Reporter, refs: Reference[]): SliType {
  if (!indicator?.isMap) return undefined;
  checkMetadata(indicator.get('metadata'), r);
  return checkSliSpec(indicator.get('spec'), r, refs);
}

const STARTTIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function checkStartTime(node: YNode | undefined, r: Reporter): void {
  const v = node?.string;
  if (!node || v === undefined) return;
  const m = STARTTIME.exec(v);
  const ok =
    m !== null &&
    (() => {
      const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
      const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
      return (
        date.getUTCFullYear() === y &&
        date.getUTCMonth() === mo - 1 &&
        date.getUTCDate() === d &&
        h < 24 &&
        mi < 60 &&
        s < 60
      );
    })();
  if (ok) return;
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)/.exec(v);
  const fixed = iso ? `${iso[1]} ${iso[2]!.length === 5 ? `${iso[2]}:00` : iso[2]}` : undefined;
  r.report(
    'SLO111',
    node,
    `\`calendar.startTime\` ${JSON.stringify(truncate(v))} does not match the layout \`2006-01-02 15:04:05\` (no \`T\`, no zone; the zone goes in \`timeZone\`)` +
      (fixed ? `: write \`"${fixed}"\`.` : '.'),
    {
      fixes: fixed
        ? [r.replaceValue(node, `"${fixed}"`, `Change to "${fixed}"`)].filter((f) => f !== undefined)
        : [],
    },
  );
}

export function checkTimeZone(node: YNode | undefined, r: Reporter): void {
  const v = node?.string;
  if (!node || v === undefined || isValidTimeZone(v)) return;
  const canonical = canonicalTimeZone(v);
  r.report(
    'SLO112',
    node,
    `\`${truncate(v)}\` is not an IANA time zone name: use a name such as \`UTC\`, \`Europe/Paris\` or \`America/New_York\`` +
      (canonical
        ? ` (time zone names are case-sensitive: \`${canonical}\`).`
        : ' (abbreviations like CEST and offsets like +01:00 are not accepted).'),
    {
      fixes: canonical
        ? [r.replaceValue(node, canonical, `Change to ${canonical}`)].filter((f) => f !== undefined)
        : [],
    },
  );
}

/** Returns the window length in minutes, when known. */
function checkTimeWindow(spec: YNode, r: Reporter): number | undefined {
  const tw = spec.get('timeWindow');
  if (!tw?.isSeq) return undefined;
  const items = tw.items();
  if (items.length !== 1) {
    r.report(
      'SLO108',
      items[1] ?? tw,
      items.length === 0
        ? '`spec.timeWindow` is empty: add one window, e.g. `- duration: 28d` with `isRolling: true`.'
        : `\`spec.timeWindow\` has ${items.length} windows; an SLO has exactly one: remove the others.`,
      {
        where: items.length === 0 ? 'key' : 'anchor',
      },
    );
  }
  const w = items[0];
  if (!w?.isMap) return undefined;
  const duration = w.get('duration');
  const durationOk = checkOpenSloDuration(duration, r, 'duration');
  const rolling = w.get('isRolling');
  const calendar = w.get('calendar');
  // Go reads an unquoted `yes` as true (SLO007 flags the spelling): no calendar error on top of it.
  const isRolling = yaml11Boolean(rolling) === true;
  if (isRolling && calendar && !calendar.isNull) {
    r.report(
      'SLO109',
      calendar,
      'A rolling window (`isRolling: true`) has no calendar: remove `calendar`, or set `isRolling: false` for calendar-aligned periods.',
      {
        where: 'key',
        fixes: [r.removeEntry(calendar, 'Remove calendar')].filter((f) => f !== undefined),
      },
    );
  }
  if (!isRolling && (!calendar || calendar.isNull)) {
    r.report(
      'SLO110',
      rolling ?? w,
      (rolling ? '' : '`isRolling` is not set, so the window is calendar-aligned. ') +
        'A calendar window (`isRolling: false`) needs `calendar` with `startTime` ("2024-01-01 00:00:00") and `timeZone` (e.g. UTC).',
      {
        where: 'pair',
        path: `${w.path}.calendar`,
        fixes: [
          r.insertKeys(
            w,
            ['calendar:', '  startTime: "2024-01-01 00:00:00"', '  timeZone: UTC'],
            'Add a calendar',
          ),
        ].filter((f) => f !== undefined),
      },
    );
  }
  if (calendar?.isMap) {
    checkStartTime(calendar.get('startTime'), r);
    checkTimeZone(calendar.get('timeZone'), r);
  }
  if (!durationOk || !duration?.string) return undefined;
  if (duration.string === '1m') {
    r.report('SLO601', duration, '`1m` is one minute (`m` is minutes): an SLO window of one month is `1M`.', {
      fixes: [r.replaceValue(duration, '1M', 'Change to 1M (one month)')].filter((f) => f !== undefined),
    });
  }
  return openSloDurationMinutes(duration.string);
}

/** Checks one objective's target fields; shared with v2alpha. */
export function checkTargets(obj: YNode, r: Reporter): void {
  const target = obj.get('target');
  const percent = obj.get('targetPercent');
  const hasTarget = target !== undefined && !target.isNull;
  const hasPercent = percent !== undefined && !percent.isNull;
  if (hasTarget && hasPercent) {
    r.report(
      'SLO015',
      percent,
      'Give `target` (a ratio, 0.999) or `targetPercent` (a percentage, 99.9), not both: remove one.',
      {
        where: 'key',
        fixes: [r.removeEntry(percent, 'Remove targetPercent')].filter((f) => f !== undefined),
      },
    );
  } else if (!hasTarget && !hasPercent) {
    r.report(
      'SLO016',
      obj,
      'The objective needs `target` (a ratio such as 0.999) or `targetPercent` (a percentage such as 99.9).',
      {
        path: `${obj.path}.target`,
        fixes: [r.insertKeys(obj, ['target: 0.99'], 'Add target: 0.99')].filter((f) => f !== undefined),
      },
    );
  }
  const t = target?.number;
  if (target && t !== undefined && (t < 0 || t >= 1)) {
    const asRatio = t >= 1 && t < 100 ? Number((t / 100).toPrecision(12)) : undefined;
    const fixes =
      asRatio !== undefined
        ? [
            r.replaceValue(target, String(asRatio), `Change to ${asRatio}`),
            r.renameKey(target, 'targetPercent', `Rename to targetPercent (keep ${t} %)`, false),
          ].filter((f) => f !== undefined)
        : [];
    r.report(
      'SLO114',
      target,
      `\`target\` must be a ratio in [0, 1), not ${target.source ?? t}` +
        (asRatio !== undefined ? `: ${t} % is \`target: ${asRatio}\` (or \`targetPercent: ${t}\`).` : '.'),
      { fixes },
    );
  }
  const p = percent?.number;
  if (percent && p !== undefined) {
    if (p < 0 || p >= 100) {
      r.report(
        'SLO115',
        percent,
        `\`targetPercent\` must be a percentage in [0, 100), not ${percent.source ?? p}` +
          (p === 100 ? ': a 100 % objective leaves no error budget; use e.g. 99.99.' : '.'),
      );
    } else if (p > 0 && p < 1) {
      const fixed = Number((p * 100).toPrecision(12));
      r.report(
        'SLO602',
        percent,
        `\`targetPercent: ${percent.source ?? p}\` means ${p} %, not ${fixed} %: write \`targetPercent: ${fixed}\`, or \`target: ${p}\` for a ratio.`,
        {
          fixes: [
            r.replaceValue(percent, String(fixed), `Change to ${fixed}`),
            r.renameKey(percent, 'target', `Rename to target (keep the ratio ${p})`),
          ].filter((f) => f !== undefined),
        },
      );
    }
  }
}

/** `op`/`value` against the SLI type; shared with v2alpha. */
export function checkOpValue(obj: YNode, sliType: SliType, r: Reporter): void {
  if (sliType === 'ratio') {
    for (const key of ['op', 'value']) {
      const n = obj.get(key);
      if (n && !n.isNull) {
        r.report(
          'SLO119',
          n,
          `\`${key}\` is forbidden with a ratio SLI (there is no threshold to compare with): remove it.`,
          {
            where: 'key',
            fixes: [r.removeEntry(n, `Remove ${key}`)].filter((f) => f !== undefined),
          },
        );
      }
    }
  } else if (sliType === 'threshold') {
    const missing = ['op', 'value'].filter((k) => !obj.has(k) || obj.get(k)!.isNull);
    if (missing.length) {
      r.report(
        'SLO118',
        obj,
        `With a threshold SLI the objective needs ${missing.map((k) => `\`${k}\``).join(' and ')}: e.g. \`op: lte\` and \`value: 0.5\` for "at most 0.5".`,
        {
          path: `${obj.path}.${missing[0]}`,
          fixes: [
            r.insertKeys(
              obj,
              missing.map((k) => (k === 'op' ? 'op: lte' : 'value: 0')),
              `Add ${missing.join(' and ')}`,
            ),
          ].filter((f) => f !== undefined),
        },
      );
    }
  }
}

function checkSlo(object: SloObject, spec: YNode, r: Reporter, refs: Reference[]): void {
  checkDescription(spec.get('description'), r);
  refs.push(...reference('Service', spec.get('service'), r, true));
  const objectives = spec.get('objectives');
  const items = objectives?.isSeq ? objectives.items().filter((o) => o.isMap) : [];
  const specLevel = ['indicator', 'indicatorRef'].filter((k) => spec.has(k) && !spec.get(k)!.isNull);
  const perObjective = items.map((o) =>
    ['indicator', 'indicatorRef'].filter((k) => o.has(k) && !o.get(k)!.isNull),
  );
  let specSli: SliType;
  if (specLevel.length > 1) {
    r.report(
      'SLO117',
      spec.get('indicatorRef')!,
      'Give `indicator` (inline) or `indicatorRef` (a name), not both: remove one.',
      { where: 'key' },
    );
  }
  if (specLevel.length && perObjective.some((p) => p.length)) {
    items.forEach((o, i) => {
      for (const k of perObjective[i]!) {
        r.report(
          'SLO117',
          o.get(k)!,
          `The SLO already has \`spec.${specLevel[0]}\`: an objective may only set \`${k}\` when the SLO has none (a composite SLO).`,
          { where: 'key' },
        );
      }
    });
  } else if (!specLevel.length) {
    const composite = items.length > 0 && perObjective.every((p) => p.length > 0);
    if (!composite) {
      const lacking = items.filter((_, i) => perObjective[i]!.length === 0);
      if (items.length && lacking.length < items.length) {
        for (const o of lacking) {
          r.report(
            'SLO117',
            o,
            'In a composite SLO every objective has its own `indicator` or `indicatorRef`: add one here.',
            { path: `${o.path}.indicatorRef` },
          );
        }
      } else {
        r.report(
          'SLO117',
          spec,
          '`spec` needs `indicatorRef` (the name of an SLI object) or an inline `indicator`.',
          { where: 'key', path: 'spec.indicator' },
        );
      }
    }
    items.forEach((o, i) => {
      if (perObjective[i]!.length > 1)
        r.report(
          'SLO117',
          o.get('indicatorRef')!,
          'Give `indicator` or `indicatorRef`, not both: remove one.',
          { where: 'key' },
        );
    });
  }
  if (spec.has('indicator')) specSli = checkInlineIndicator(spec.get('indicator'), r, refs);
  refs.push(...reference('SLI', checkRefName(spec.get('indicatorRef'), r), r));

  const windowMinutes = checkTimeWindow(spec, r);
  const method = spec.get('budgetingMethod')?.string;
  for (const o of items) {
    const ownSli = o.has('indicator') ? checkInlineIndicator(o.get('indicator'), r, refs) : undefined;
    refs.push(...reference('SLI', checkRefName(o.get('indicatorRef'), r), r));
    checkTargets(o, r);
    // go-sdk checks op/value against the spec-level inline indicator only.
    checkOpValue(o, specSli, r);
    void ownSli;
    checkTimeSlices(o, method, windowMinutes, r);
    const weight = o.get('compositeWeight');
    if (weight?.number !== undefined && weight.number <= 0) {
      r.report(
        'SLO122',
        weight,
        `\`compositeWeight\` must be greater than 0, not ${weight.source ?? weight.number}.`,
      );
    }
  }
  const policies = spec.get('alertPolicies');
  for (const p of policies?.isSeq ? policies.items() : []) {
    if (!p.isMap) continue;
    const hasRef = p.has('alertPolicyRef');
    const inlineKeys = ['kind', 'metadata', 'spec'].filter((k) => p.has(k));
    if (hasRef && inlineKeys.length) {
      r.report(
        'SLO123',
        p.get(inlineKeys[0]!)!,
        'An `alertPolicies` item is either an `alertPolicyRef` or an inline AlertPolicy, not both: remove the inline keys or the reference.',
        { where: 'key' },
      );
    } else if (!hasRef && inlineKeys.length < 3) {
      const missing = ['kind', 'metadata', 'spec'].filter((k) => !p.has(k));
      r.report(
        'SLO123',
        p,
        `An inline alert policy needs \`kind: AlertPolicy\`, \`metadata\` and \`spec\` (missing: ${missing.join(', ')}), or use \`alertPolicyRef: <name>\`.`,
        {
          path: `${p.path}.${missing[0]}`,
        },
      );
    }
    if (hasRef) refs.push(...reference('AlertPolicy', checkRefName(p.get('alertPolicyRef'), r), r));
    else {
      checkMetadata(p.get('metadata'), r);
      const s = p.get('spec');
      if (s?.isMap) checkAlertPolicy(s, r, refs);
    }
  }
}

function checkTimeSlices(
  o: YNode,
  method: string | undefined,
  windowMinutes: number | undefined,
  r: Reporter,
): void {
  const target = o.get('timeSliceTarget');
  const window = o.get('timeSliceWindow');
  if (method === 'Timeslices' && (!target || target.isNull)) {
    r.report(
      'SLO120',
      o,
      'Timeslices budgeting needs `timeSliceTarget`: the ratio in (0, 1] a slice must reach to count as good, e.g. `timeSliceTarget: 0.95`.',
      {
        path: `${o.path}.timeSliceTarget`,
        fixes: [r.insertKeys(o, ['timeSliceTarget: 0.95'], 'Add timeSliceTarget')].filter(
          (f) => f !== undefined,
        ),
      },
    );
  }
  if ((method === 'Timeslices' || method === 'RatioTimeslices') && (!window || window.isNull)) {
    r.report(
      'SLO121',
      o,
      `${method} budgeting needs \`timeSliceWindow\`, the length of one slice, e.g. \`timeSliceWindow: 1m\`.`,
      {
        path: `${o.path}.timeSliceWindow`,
        fixes: [r.insertKeys(o, ['timeSliceWindow: 1m'], 'Add timeSliceWindow')].filter(
          (f) => f !== undefined,
        ),
      },
    );
  }
  const t = target?.number;
  if (target && t !== undefined && (t <= 0 || t > 1)) {
    r.report(
      'SLO120',
      target,
      `\`timeSliceTarget\` must be a ratio in (0, 1], not ${target.source ?? t}` +
        (t > 1 && t <= 100 ? `: ${t} % is \`${t / 100}\`.` : '.'),
    );
  }
  if (method === 'Occurrences') {
    for (const n of [target, window]) {
      if (n && !n.isNull) {
        r.report(
          'SLO604',
          n,
          `\`${n.path.split('.').pop()}\` is ignored with Occurrences budgeting: remove it, or use \`budgetingMethod: Timeslices\`.`,
          {
            where: 'key',
            fixes: [r.removeEntry(n, 'Remove it')].filter((f) => f !== undefined),
          },
        );
      }
    }
  }
  if (
    window &&
    !window.isNull &&
    checkOpenSloDuration(window, r, 'timeSliceWindow') &&
    windowMinutes !== undefined
  ) {
    const slice = openSloDurationMinutes(window.string!);
    if (slice !== undefined && slice > windowMinutes) {
      r.report(
        'SLO603',
        window,
        `The time slice (${promDuration(slice, true)}) is longer than the SLO window (${promDuration(windowMinutes, true)}): use a slice shorter than the window, e.g. \`1m\` or \`5m\`.`,
      );
    }
  }
}

function checkAlertPolicy(spec: YNode, r: Reporter, refs: Reference[]): void {
  checkDescription(spec.get('description'), r);
  const conditions = spec.get('conditions');
  if (conditions?.isSeq) {
    const items = conditions.items();
    if (items.length !== 1) {
      r.report(
        'SLO127',
        items[1] ?? conditions,
        items.length === 0
          ? 'An alert policy needs exactly one condition: add an inline AlertCondition or a `conditionRef`.'
          : `An alert policy has exactly one condition, found ${items.length}: split it into several policies.`,
        {
          where: items.length === 0 ? 'key' : 'anchor',
        },
      );
    }
    for (const c of items) {
      if (!c.isMap) continue;
      checkInlineOrRef(
        c,
        'conditionRef',
        'AlertCondition',
        r,
        refs,
        (s) => checkShape(s, alertConditionSpecSpec, r, SHAPE) && checkAlertCondition(s, r),
      );
    }
  }
  const targets = spec.get('notificationTargets');
  if (targets?.isSeq) {
    const items = targets.items();
    if (items.length === 0) {
      r.report(
        'SLO128',
        targets,
        'An alert policy needs at least one notification target: add an inline AlertNotificationTarget or a `targetRef`.',
        { where: 'key' },
      );
    }
    for (const t of items) {
      if (!t.isMap) continue;
      checkInlineOrRef(t, 'targetRef', 'AlertNotificationTarget', r, refs, (s) =>
        checkShape(s, kindSpecs.AlertNotificationTarget!, r, SHAPE),
      );
    }
  }
}

function checkInlineOrRef(
  item: YNode,
  refKey: string,
  kind: 'AlertCondition' | 'AlertNotificationTarget',
  r: Reporter,
  refs: Reference[],
  checkSpec: (spec: YNode) => unknown,
): void {
  const code = kind === 'AlertCondition' ? 'SLO127' : 'SLO128';
  const hasRef = item.has(refKey);
  const inline = ['kind', 'metadata', 'spec'].filter((k) => item.has(k));
  if (hasRef && inline.length) {
    r.report(
      code,
      item.get(inline[0]!)!,
      `Either \`${refKey}\` or an inline ${kind}, not both: remove one.`,
      { where: 'key' },
    );
  } else if (!hasRef && inline.length < 3) {
    const missing = ['kind', 'metadata', 'spec'].filter((k) => !item.has(k));
    r.report(
      code,
      item,
      `An inline ${kind} needs \`kind: ${kind}\`, \`metadata\` and \`spec\` (missing: ${missing.join(', ')}), or use \`${refKey}: <name>\`.`,
      {
        path: `${item.path}.${missing[0]}`,
      },
    );
  }
  if (hasRef) refs.push(...reference(kind, checkRefName(item.get(refKey), r), r));
  else {
    checkMetadata(item.get('metadata'), r);
    const s = item.get('spec');
    if (s?.isMap) checkSpec(s);
  }
}

function checkAlertCondition(spec: YNode, r: Reporter): boolean {
  checkDescription(spec.get('description'), r);
  const condition = spec.get('condition');
  if (condition?.isMap) {
    checkOpenSloDuration(condition.get('lookbackWindow'), r, 'lookbackWindow');
    checkOpenSloDuration(condition.get('alertAfter'), r, 'alertAfter');
  }
  return true;
}

/** Validates one OpenSLO v1 object. */
export function validateOpenSloV1(object: SloObject, r: Reporter): ObjectFacts {
  const { root, kind } = object;
  const refs: Reference[] = [];
  checkShape(root, rootSpec(kind), r, SHAPE);
  checkMetadata(root.get('metadata'), r);
  const spec = root.get('spec');
  if (spec?.isMap) {
    switch (kind) {
      case 'SLO':
        checkSlo(object, spec, r, refs);
        break;
      case 'SLI':
        checkSliSpec(spec, r, refs);
        break;
      case 'Service':
      case 'DataSource':
      case 'AlertNotificationTarget':
        checkDescription(spec.get('description'), r);
        if (kind === 'DataSource') {
          const cd = spec.get('connectionDetails');
          if (cd?.isMap && cd.keys().length === 0)
            r.report(
              'SLO017',
              cd,
              '`connectionDetails` is empty: say how to reach the data source, e.g. `url: http://prometheus:9090`.',
              { where: 'key' },
            );
        }
        break;
      case 'AlertPolicy':
        checkAlertPolicy(spec, r, refs);
        break;
      case 'AlertCondition':
        checkAlertCondition(spec, r);
        break;
    }
  }
  const definition = openSloDefinition(object, r);
  return { definitions: definition ? [definition] : [], references: refs };
}
