import type { SloObject } from '../../analysis/object.js';
import type { Definition, ObjectFacts, Reference } from '../../model/facts.js';
import type { YNode } from '../../syntax/node.js';
import { checkPromQL } from '../../syntax/promql.js';
import type { Reporter } from '../../diagnostics/reporter.js';
import { checkShape, truncate, yaml11Boolean, type FieldSpec } from '../../fields/field-spec.js';
import {
  checkDescription,
  checkOneWindow,
  checkMetadata,
  metadataSpec,
  openSloDefinition,
  reference,
} from '../openslo-common.js';
import { checkTimeZone } from '../openslo-v1/validate.js';
import { checkSlothQuery, HAS_WINDOW_TEMPLATE, slothIdDefinition } from '../sloth/validate.js';

const str = (doc: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'string', doc, ...extra });

const querySpec = (doc: string): FieldSpec => ({
  type: 'map',
  doc,
  fields: {
    source: str('Where the data comes from, letters only, e.g. `prometheus`.', {
      required: true,
      placeholder: 'prometheus',
    }),
    queryType: str('The query language, letters only, e.g. `promql`.', {
      required: true,
      placeholder: 'promql',
    }),
    query: str('The query.', { required: true, placeholder: 'up' }),
    metadata: { type: 'map', doc: 'Free-form metadata for the query.', additional: 'any' },
  },
});

const v1alphaMetadata = metadataSpec();
// v1alpha metadata has no labels or annotations.
delete v1alphaMetadata.fields!.labels;
delete v1alphaMetadata.fields!.annotations;

const sloSpec: FieldSpec = {
  type: 'map',
  required: true,
  doc: 'The SLO.',
  fields: {
    description: str('What the SLO promises.'),
    service: str('Name of the Service.', { required: true, placeholder: 'my-service' }),
    indicator: {
      type: 'map',
      doc: 'A threshold indicator, shared by all objectives.',
      fields: {
        thresholdMetric: querySpec("The metric compared to each objective's `value` with its `op`."),
      },
    },
    timeWindows: {
      type: 'seq',
      required: true,
      doc: 'Exactly one time window.',
      placeholder: '\n  - unit: Day\n    count: 28\n    isRolling: true',
      items: {
        type: 'map',
        doc: 'The SLO window: `count` × `unit`, rolling or calendar-aligned.',
        fields: {
          unit: str('Unit of the window.', {
            enum: ['Second', 'Day', 'Week', 'Month', 'Quarter'],
            required: true,
          }),
          count: {
            type: 'integer',
            required: true,
            doc: 'Number of units, greater than 0.',
            placeholder: '28',
          },
          isRolling: { type: 'boolean', doc: 'Whether the window moves with time.' },
          calendar: {
            type: 'map',
            doc: 'Start of calendar-aligned periods.',
            fields: {
              startTime: str('Start of the first period, `2006-01-02 15:04:05`.', { required: true }),
              timeZone: str('IANA time zone of `startTime`.', { required: true }),
            },
          },
        },
      },
    },
    budgetingMethod: str('Occurrences or Timeslices.', {
      required: true,
      enum: ['Occurrences', 'Timeslices'],
    }),
    objectives: {
      type: 'seq',
      required: true,
      doc: 'The objectives.',
      placeholder: '\n  - target: 0.99\n    value: 1',
      items: {
        type: 'map',
        doc: 'One objective.',
        fields: {
          displayName: str('Name of the objective.'),
          op: str('Comparison with `value` for a threshold metric.', { enum: ['lte', 'gte', 'lt', 'gt'] }),
          value: {
            type: 'number',
            required: true,
            doc: 'Threshold value (required by oslo even for ratio metrics).',
            placeholder: '1',
          },
          target: {
            type: 'number',
            required: true,
            doc: 'The objective as a ratio in [0, 1).',
            placeholder: '0.99',
          },
          timeSliceTarget: { type: 'number', doc: 'Timeslices: ratio in [0, 1] a slice must reach.' },
          ratioMetrics: {
            type: 'map',
            doc: 'A ratio of good to total events.',
            fields: {
              good: querySpec('The good events.'),
              total: querySpec('All events.'),
              incremental: {
                type: 'boolean',
                doc: 'True when the metrics are counters.',
                placeholder: 'true',
              },
            },
          },
        },
      },
    },
  },
};

const serviceSpec: FieldSpec = {
  type: 'map',
  required: true,
  doc: 'The service.',
  fields: { description: str('What the service is.') },
};

export function rootSpec(kind: string): FieldSpec {
  return {
    type: 'map',
    doc: `An OpenSLO v1alpha ${kind}.`,
    fields: {
      apiVersion: str('`openslo/v1alpha`.', { required: true }),
      kind: str('SLO or Service.', { required: true }),
      metadata: v1alphaMetadata,
      spec: kind === 'SLO' ? sloSpec : serviceSpec,
    },
  };
}

const LETTERS = /^[A-Za-z]+$/;

function checkQuery(q: YNode | undefined, r: Reporter): void {
  if (!q?.isMap) return;
  for (const key of ['source', 'queryType']) {
    const n = q.get(key);
    if (n?.string !== undefined && !LETTERS.test(n.string)) {
      r.report(
        'SLO203',
        n,
        `\`${key}\` ${JSON.stringify(truncate(n.string))} may only contain letters, e.g. \`prometheus\` or \`promql\`.`,
      );
    }
  }
  const query = q.get('query');
  if (query?.string !== undefined && query.string.trim() === '')
    r.report('SLO017', query, '`query` is empty: write the query.', { where: 'key' });
  else if (query?.string !== undefined && /^promql$/i.test(q.get('queryType')?.string ?? ''))
    checkPromQL(r, query);
}

function checkSlo(spec: YNode, r: Reporter, refs: Reference[]): void {
  checkDescription(spec.get('description'), r);
  refs.push(...reference('Service', spec.get('service'), r, true));
  const windows = spec.get('timeWindows');
  if (windows?.isSeq) {
    const items = checkOneWindow(windows, 'timeWindows', '`- unit: Day` with `count: 28`', r);
    for (const w of items) {
      const count = w.get('count');
      if (count?.number !== undefined && count.number <= 0)
        r.report('SLO201', count, `\`count\` must be greater than 0, not ${count.source ?? count.number}.`);
      const calendar = w.get('calendar');
      if (calendar?.isMap) checkTimeZone(calendar.get('timeZone'), r);
      if (yaml11Boolean(w.get('isRolling')) === true && calendar && !calendar.isNull) {
        r.report(
          'SLO109',
          calendar,
          'A rolling window (`isRolling: true`) has no calendar: remove `calendar`, or set `isRolling: false`.',
          { where: 'key' },
        );
      }
    }
  }
  const threshold = spec.get('indicator')?.get('thresholdMetric');
  checkQuery(threshold, r);
  const objectives = spec.get('objectives');
  const items = objectives?.isSeq ? objectives.items().filter((o) => o.isMap) : [];
  const method = spec.get('budgetingMethod')?.string;
  const withRatio = items.filter((o) => o.has('ratioMetrics'));
  if (threshold && withRatio.length) {
    for (const o of withRatio)
      r.report(
        'SLO202',
        o.get('ratioMetrics')!,
        'This SLO already has `spec.indicator.thresholdMetric`: remove `ratioMetrics`, or remove the threshold indicator.',
        { where: 'key' },
      );
  } else if (!threshold && items.length && withRatio.length === 0) {
    r.report(
      'SLO202',
      spec,
      'A v1alpha SLO needs `spec.indicator.thresholdMetric` or `ratioMetrics` in its objectives.',
      { where: 'key', path: 'spec.indicator' },
    );
  }
  for (const o of items) {
    const target = o.get('target');
    const t = target?.number;
    if (target && t !== undefined && (t < 0 || t >= 1)) {
      const asRatio = t >= 1 && t < 100 ? Number((t / 100).toPrecision(12)) : undefined;
      r.report(
        'SLO114',
        target,
        `\`target\` must be a ratio in [0, 1), not ${target.source ?? t}` +
          (asRatio !== undefined ? `: ${t} % is \`${asRatio}\`.` : '.'),
        {
          fixes:
            asRatio !== undefined
              ? [r.replaceValue(target, String(asRatio), `Change to ${asRatio}`)].filter(
                  (f) => f !== undefined,
                )
              : [],
        },
      );
    }
    const op = o.get('op');
    if (threshold && (!op || op.isNull)) {
      r.report(
        'SLO118',
        o,
        'With a threshold metric the objective needs `op` (lt, lte, gt or gte) to compare each value with `value`.',
        { path: `${o.path}.op` },
      );
    }
    if (o.has('ratioMetrics') && op && !op.isNull) {
      r.report(
        'SLO119',
        op,
        '`op` is forbidden with `ratioMetrics` (there is no threshold to compare with): remove it.',
        {
          where: 'key',
          fixes: [r.removeEntry(op, 'Remove op')].filter((f) => f !== undefined),
        },
      );
    }
    const tst = o.get('timeSliceTarget');
    if (method === 'Timeslices' && (!tst || tst.isNull)) {
      r.report(
        'SLO120',
        o,
        'Timeslices budgeting needs `timeSliceTarget` in [0, 1] on each objective, e.g. `timeSliceTarget: 0.95`.',
        { path: `${o.path}.timeSliceTarget` },
      );
    }
    if (tst?.number !== undefined && (tst.number < 0 || tst.number > 1)) {
      r.report('SLO120', tst, `\`timeSliceTarget\` must be in [0, 1], not ${tst.source ?? tst.number}.`);
    }
    const ratio = o.get('ratioMetrics');
    if (ratio?.isMap) {
      // good and total are required by their shape.
      for (const k of ['good', 'total']) checkQuery(ratio.get(k), r);
    }
  }
}

export function validateOpenSloV1alpha(object: SloObject, r: Reporter): ObjectFacts {
  if (object.kind === 'SLO' && isForSloth(object.root)) return validateForSloth(object, r);
  const refs: Reference[] = [];
  checkShape(object.root, rootSpec(object.kind), r, { strict: true, decoder: 'OpenSLO' });
  checkMetadata(object.root.get('metadata'), r);
  const spec = object.root.get('spec');
  if (spec?.isMap) {
    if (object.kind === 'SLO') checkSlo(spec, r, refs);
    else checkDescription(spec.get('description'), r);
  }
  const definition = openSloDefinition(object, r);
  return { definitions: definition ? [definition] : [], references: refs };
}

/** OpenSLO v1alpha written for Sloth (its queries carry `{{.window}}`): Sloth's reader decides, not oslo. */
export function isForSloth(root: YNode): boolean {
  const objectives = root.get('spec')?.get('objectives');
  return (objectives?.items() ?? []).some((o) => {
    const ratio = o.get('ratioMetrics');
    return ['good', 'total'].some((k) => {
      const q = ratio?.get(k);
      return q?.get('source')?.string === 'sloth' || HAS_WINDOW_TEMPLATE.test(q?.get('query')?.string ?? '');
    });
  });
}

function validateForSloth(object: SloObject, r: Reporter): ObjectFacts {
  const root = object.root;
  const lenient: FieldSpec = JSON.parse(JSON.stringify(rootSpec('SLO')));
  const objective = lenient.fields!.spec!.fields!.objectives!.items!;
  objective.fields!.value!.required = false;
  objective.fields!.ratioMetrics!.required = true;
  // Sloth's reader (internal/storage/io/openslo.go) falls back to its SLO period without `timeWindows`.
  lenient.fields!.spec!.fields!.timeWindows!.required = false;
  checkShape(root, lenient, r, { strict: false, decoder: 'Sloth' });
  checkMetadata(root.get('metadata'), r);
  const spec = root.get('spec');
  const definitions: Definition[] = [];
  if (!spec?.isMap) return { definitions, references: [] };
  const windows = spec.get('timeWindows');
  const items = windows?.items() ?? [];
  if (items.length > 1)
    r.report('SLO108', items[1]!, 'Sloth reads exactly one time window: remove the others.');
  const unit = items[0]?.get('unit');
  if (unit?.string !== undefined && unit.string.toLowerCase() !== 'day') {
    r.report(
      'SLO014',
      unit,
      `Sloth only reads windows in days: write \`unit: Day\` with the number of days in \`count\`, not \`${truncate(unit.string)}\`.`,
    );
  }
  const objectives = spec.get('objectives');
  if (objectives?.isSeq && objectives.items().length === 0)
    r.report('SLO308', objectives, '`objectives` is empty: Sloth needs at least one.', { where: 'key' });
  const service = spec.get('service')?.string;
  const name = root.get('metadata')?.get('name')?.string;
  (objectives?.items() ?? []).forEach((o, idx) => {
    const ratio = o.get('ratioMetrics');
    for (const k of ['good', 'total']) {
      const q = ratio?.get(k);
      const source = q?.get('source');
      if (source?.string !== undefined && source.string !== 'prometheus' && source.string !== 'sloth') {
        r.report(
          'SLO014',
          source,
          `Sloth reads \`source: prometheus\` or \`source: sloth\`, not ${JSON.stringify(truncate(source.string))}.`,
        );
      }
      const type = q?.get('queryType');
      if (type?.string !== undefined && type.string !== 'promql')
        r.report(
          'SLO014',
          type,
          `Sloth reads \`queryType: promql\` only, not ${JSON.stringify(truncate(type.string))}.`,
        );
      checkSlothQuery(q?.get('query'), r);
    }
    const target = o.get('target');
    if (target?.number !== undefined && (target.number <= 0 || target.number >= 1)) {
      r.report(
        'SLO114',
        target,
        `\`target\` must be a ratio between 0 and 1, not ${target.source ?? target.number}.`,
      );
    }
    if (service && name) {
      const anchor = (o.get('ratioMetrics') ?? o).anchor();
      definitions.push(
        slothIdDefinition(
          `${service}-${name}-${idx}`,
          object.format,
          r.positions.range(...anchor),
          object.range,
        ),
      );
    }
  });
  return { definitions, references: [] };
}
