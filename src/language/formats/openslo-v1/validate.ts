import type { SloObject } from '../../analysis/object.js';
import { openSloDurationMinutes } from '../../../budget/duration.js';
import { promDuration } from '../../../budget/format.js';
import type { ObjectFacts, Reference } from '../../model/facts.js';
import type { YNode } from '../../syntax/node.js';
import { checkPromQL } from '../../syntax/promql.js';
import type { Reporter } from '../../diagnostics/reporter.js';
import { checkShape } from '../../fields/field-spec.js';
import { rootSpec } from './spec.js';
import { checkAlertCondition, checkAlertPolicy } from './alert-policy.js';
import { checkTimeWindow } from './time-window.js';

export { checkTimeZone } from './time-window.js';
import {
  checkDescription,
  checkMetadata,
  checkName,
  checkOpenSloDuration,
  exactlyOne,
  openSloDefinition,
  reference,
} from '../openslo-common.js';

/** References are names too: go-sdk checks them as RFC 1123 labels. */
export function checkRefName(node: YNode | undefined, r: Reporter): YNode | undefined {
  checkName(node, r, `\`${node?.path.split('.').pop() ?? 'reference'}\``);
  return node;
}

export const SHAPE = { strict: true, decoder: 'OpenSLO', caseInsensitiveKeys: true } as const;

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
