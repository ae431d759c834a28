import type { SloObject } from '../../analysis/object.js';
import { prometheusDurationMinutes } from '../../../budget/duration.js';
import type { Definition, ObjectFacts } from '../../model/facts.js';
import type { YNode } from '../../syntax/node.js';
import {
  parsePromQL,
  promqlProblem,
  reportQueryProblem,
  selectorMatchers,
  topExpression,
} from '../../syntax/promql.js';
import type { Reporter } from '../../diagnostics/reporter.js';
import { checkShape, truncate, type FieldSpec } from '../../fields/field-spec.js';

/** Pyrra's indicator types, of which an indicator has exactly one. */
export const INDICATOR_TYPES = ['ratio', 'latency', 'latencyNative', 'bool_gauge'];

const str = (doc: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'string', doc, ...extra });
const grouping: FieldSpec = {
  type: 'seq',
  doc: 'Labels to keep: one SLO per combination of their values.',
  items: { type: 'string', doc: 'A label name.' },
};
const query = (doc: string): FieldSpec => ({
  type: 'map',
  required: true,
  doc,
  fields: {
    metric: str(
      'A bare vector selector, e.g. `http_requests_total{job="api"}`; Pyrra adds `rate`/`increase` itself.',
      { required: true },
    ),
  },
});

const OBJECT_META = [
  'name',
  'namespace',
  'labels',
  'annotations',
  'generateName',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'ownerReferences',
  'finalizers',
  'managedFields',
  'selfLink',
];

export const pyrraSpec: FieldSpec = {
  type: 'map',
  doc: 'A Pyrra ServiceLevelObjective.',
  fields: {
    apiVersion: str('`pyrra.dev/v1alpha1`.', { required: true }),
    kind: str('`ServiceLevelObjective`.', { required: true }),
    metadata: {
      type: 'map',
      required: true,
      doc: 'Kubernetes object metadata: `name`, `namespace`, `labels` (copied onto the generated rules).',
      fields: Object.fromEntries(
        OBJECT_META.map((f) => [
          f,
          f === 'name'
            ? str('Name of the SLO.', { required: true })
            : ({
                type: ['string', 'map', 'seq', 'number'],
                doc: `Kubernetes ${f}.`,
                additional: 'any',
              } as FieldSpec),
        ]),
      ),
    },
    spec: {
      type: 'map',
      required: true,
      doc: 'The objective: target, window, indicator and alerting.',
      fields: {
        description: str('What the SLO means.'),
        target: {
          type: ['string', 'number'],
          required: true,
          doc: 'The objective as a percentage string in [0, 100], e.g. `"99.5"`.',
          placeholder: '"99.5"',
        },
        window: str('The SLO window as a Prometheus duration, e.g. `4w` or `28d`.', {
          required: true,
          placeholder: '4w',
        }),
        indicator: {
          type: 'map',
          required: true,
          doc: 'Exactly one of `ratio`, `latency`, `latencyNative` and `bool_gauge`.',
          fields: {
            ratio: {
              type: 'map',
              doc: 'Errors over total requests.',
              fields: { errors: query('The failed requests.'), total: query('All requests.'), grouping },
            },
            latency: {
              type: 'map',
              doc: 'Fast requests (a histogram bucket) over all requests.',
              fields: {
                success: query('The bucket of fast-enough requests: `…_bucket{le="0.5"}`.'),
                total: query('All requests: `…_count`.'),
                grouping,
              },
            },
            latencyNative: {
              type: 'map',
              doc: 'A native histogram and a latency threshold.',
              fields: {
                latency: str('The latency threshold, e.g. `1s`.', { required: true }),
                total: query('The native histogram.'),
                grouping,
              },
            },
            bool_gauge: {
              type: 'map',
              doc: 'A gauge that is 1 when good and 0 when bad, e.g. `probe_success`.',
              fields: { metric: str('A bare vector selector.', { required: true }), grouping },
            },
          },
        },
        alerting: {
          type: 'map',
          doc: 'The alerts Pyrra generates.',
          fields: {
            disabled: { type: 'boolean', doc: 'Generates no alerts.' },
            burnrates: { type: 'boolean', doc: 'Generates the multi-burn-rate alerts (default true).' },
            absent: { type: 'boolean', doc: 'Generates alerts when the metrics are absent (default true).' },
            name: str('Name of the burn-rate alerts (default ErrorBudgetBurn).'),
            absentName: str('Name of the absent alerts (default SLOMetricAbsent).'),
            severities: {
              type: 'map',
              doc: 'Severity label of each generated alert.',
              fields: Object.fromEntries(
                ['absent', 'fastBurn', 'mediumBurn', 'slowBurn', 'longTermBurn'].map((f) => [
                  f,
                  str(`Severity of the ${f} alert.`),
                ]),
              ),
            },
          },
        },
        partial_response_strategy: str('Thanos partial response strategy of the generated rules.', {
          enum: ['abort', 'warn', ''],
        }),
        performanceOverAccuracy: { type: 'boolean', doc: 'Trades accuracy for cheaper recording rules.' },
        ruleOutput: {
          type: 'map',
          doc: 'Extra labels on the generated rules.',
          fields: {
            shortRulesLabels: {
              type: 'map',
              doc: 'Labels added to the short-window rules.',
              additional: { type: 'string', doc: 'A label value.' },
            },
            longRulesLabels: {
              type: 'map',
              doc: 'Labels added to the long-window rules.',
              additional: { type: 'string', doc: 'A label value.' },
            },
            enableDescriptionAsLabel: { type: 'boolean', doc: 'Adds the description as a label.' },
          },
        },
      },
    },
    status: { type: 'map', doc: 'Written by the operator.', additional: 'any' },
  },
};

/** What Go's strconv.ParseFloat accepts: decimals, exponents, Inf and NaN, with an optional sign. */
function isGoFloat(s: string): boolean {
  if (/^[+-]?(inf|infinity|nan)$/i.test(s)) return true;
  return (
    /^[+-]?(\d[\d_]*\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ||
    /^[+-]?0[xX][0-9a-fA-F.]+([pP][+-]?\d+)?$/.test(s)
  );
}

/** Checks a Pyrra metric: it must be a bare vector selector. Returns its matchers when it is one. */
function checkSelector(
  node: YNode | undefined,
  r: Reporter,
): Map<string, { op: string; value: string }> | undefined {
  const q = node?.string;
  if (!node || q === undefined) return undefined;
  if (q.trim() === '') {
    r.report(
      'SLO017',
      node,
      'The metric is empty: write a vector selector, e.g. `http_requests_total{job="api"}`.',
      { where: 'key' },
    );
    return undefined;
  }
  const problem = promqlProblem(q);
  if (problem) {
    reportQueryProblem(r, node, problem, 'PromQL syntax error');
    return undefined;
  }
  const tree = parsePromQL(q);
  const top = topExpression(tree);
  if (top?.name !== 'VectorSelector') {
    const inner =
      /\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{[^}]*\}|\b([a-zA-Z_:][a-zA-Z0-9_:]*_(?:total|count|bucket|sum))\b/.exec(
        q,
      )?.[0];
    r.report(
      'SLO406',
      node,
      `Pyrra expects a bare vector selector here, not ${top?.name === 'MatrixSelector' ? 'a range selector' : top?.name === 'AggregateExpr' ? 'an aggregation' : top?.name === 'FunctionCall' ? 'a function call' : 'an expression'}: Pyrra adds \`sum(rate(…))\` itself` +
        (inner ? `. Write \`${inner}\`.` : '.'),
      {
        fixes: inner
          ? [r.replaceValue(node, `'${inner.replace(/'/g, "''")}'`, `Change to ${inner}`)].filter(
              (f) => f !== undefined,
            )
          : [],
      },
    );
    return undefined;
  }
  return selectorMatchers(q, tree);
}

function checkTarget(spec: YNode, r: Reporter, fileModeOnly: boolean): void {
  const target = spec.get('target');
  if (!target || target.isNull) return;
  const raw =
    target.string ?? (typeof target.scalar === 'number' ? String(target.source ?? target.scalar) : undefined);
  if (raw === undefined) return;
  if (typeof target.scalar === 'number' && !fileModeOnly) {
    r.report(
      'SLO401',
      target,
      `Pyrra's \`target\` is a string: the Kubernetes API server rejects the number ${raw}. Quote it: \`"${raw}"\`.`,
      {
        fixes: [r.replaceValue(target, `"${raw}"`, `Quote "${raw}"`)].filter((f) => f !== undefined),
      },
    );
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    r.report(
      'SLO402',
      target,
      `\`target\` ${JSON.stringify(truncate(raw))} is not a number: write the percentage, e.g. \`"99.5"\`.`,
    );
  } else if (value < 0 || value > 100) {
    r.report('SLO402', target, `\`target\` is a percentage in [0, 100], not ${raw}.`);
  } else if (value > 0 && value < 1) {
    const fixed = Number((value * 100).toPrecision(12));
    r.report(
      'SLO602',
      target,
      `\`target: ${raw}\` means ${value} %, a ratio written where Pyrra expects a percentage: write \`"${fixed}"\`.`,
      {
        fixes: [r.replaceValue(target, `"${fixed}"`, `Change to "${fixed}"`)].filter((f) => f !== undefined),
      },
    );
  } else if (value === 100) {
    r.report(
      'SLO605',
      target,
      'A 100 % target leaves no error budget: any failure breaks the SLO. Use e.g. "99.99".',
    );
  }
}

/** The apiVersion of Pyrra's CRD: objects under it may be applied with kubectl. */
export const PYRRA_API_VERSION = 'pyrra.dev/v1alpha1';

/** An object only Pyrra's file mode reads: its apiVersion is not the CRD's, so it is optional. */
const fileModeSpec: FieldSpec = {
  ...pyrraSpec,
  fields: {
    ...pyrraSpec.fields,
    apiVersion: str("Not read by Pyrra's file mode; `pyrra.dev/v1alpha1` for Kubernetes."),
  },
};

export function validatePyrra(object: SloObject, r: Reporter): ObjectFacts {
  const root = object.root;
  // Pyrra's file mode decodes with sigs.k8s.io/yaml, which turns a number written where a string is expected
  // into that string; the Kubernetes API server, for the CRD, rejects it.
  const fileModeOnly = root.get('apiVersion')?.string !== PYRRA_API_VERSION;
  checkShape(root, fileModeOnly ? fileModeSpec : pyrraSpec, r, {
    strict: true,
    decoder: 'Pyrra',
    caseInsensitiveKeys: true,
    scalarsAsStrings: fileModeOnly,
  });
  const spec = root.get('spec');
  if (spec?.isMap) {
    checkTarget(spec, r, fileModeOnly);
    const window = spec.get('window');
    if (
      window?.string !== undefined &&
      (prometheusDurationMinutes(window.string) === undefined ||
        prometheusDurationMinutes(window.string) === 0)
    ) {
      r.report(
        'SLO107',
        window,
        `\`window\` ${JSON.stringify(truncate(window.string))} is not a Prometheus duration: write e.g. \`4w\`, \`28d\` or \`30d\`.`,
      );
    }
    const indicator = spec.get('indicator');
    if (indicator?.isMap) {
      const types = INDICATOR_TYPES.filter((t) => indicator.has(t) && !indicator.get(t)!.isNull);
      if (types.length === 0) {
        r.report(
          'SLO405',
          indicator,
          'The indicator is empty: add `ratio` (errors over total), `latency` (a histogram bucket over total), `latencyNative` or `bool_gauge`.',
          { where: 'key', path: `${indicator.path}.ratio` },
        );
      } else if (types.length > 1) {
        for (const t of types.slice(1))
          r.report(
            'SLO405',
            indicator.get(t)!,
            `An indicator has exactly one type, found ${types.join(' and ')}: remove \`${t}\`.`,
            { where: 'key' },
          );
      }
      const ratio = indicator.get('ratio');
      if (ratio?.isMap) {
        const errors = ratio.get('errors')?.get('metric');
        const total = ratio.get('total')?.get('metric');
        checkSelector(errors, r);
        checkSelector(total, r);
        if (
          errors?.string &&
          total?.string &&
          errors.string.replace(/\s+/g, '') === total.string.replace(/\s+/g, '')
        ) {
          r.report(
            'SLO407',
            errors,
            'The errors metric is the same selector as the total metric, so the error ratio is always 1: select only the failed requests (e.g. `code=~"5.."`).',
          );
        }
      }
      const latency = indicator.get('latency');
      if (latency?.isMap) {
        const success = latency.get('success')?.get('metric');
        const total = latency.get('total')?.get('metric');
        const matchers = checkSelector(success, r);
        checkSelector(total, r);
        if (success && matchers) {
          const le = matchers.get('le');
          if (!le || !isGoFloat(le.value)) {
            r.report(
              'SLO408',
              success,
              le
                ? `The \`le\` matcher must be \`le="<seconds>"\` with a number, not \`le${le.op}"${truncate(le.value)}"\`.`
                : 'The success metric needs an `le` matcher selecting the latency bucket, e.g. `http_request_duration_seconds_bucket{le="0.5"}`.',
            );
          }
        }
        if (
          success?.string &&
          total?.string &&
          success.string.replace(/\s+/g, '') === total.string.replace(/\s+/g, '')
        ) {
          r.report(
            'SLO407',
            success,
            'The success metric is the same selector as the total metric, so the SLI is constant: select the bucket of fast requests.',
          );
        }
      }
      checkSelector(indicator.get('latencyNative')?.get('total')?.get('metric'), r);
      const native = indicator.get('latencyNative')?.get('latency');
      if (native?.string !== undefined && prometheusDurationMinutes(native.string) === undefined) {
        r.report(
          'SLO107',
          native,
          `\`latency\` ${JSON.stringify(truncate(native.string))} is not a Prometheus duration: write e.g. \`500ms\` or \`1s\`.`,
        );
      }
      checkSelector(indicator.get('bool_gauge')?.get('metric'), r);
    }
  }
  const definitions: Definition[] = [];
  const nameNode = root.get('metadata')?.get('name');
  if (nameNode?.string) {
    const ns = root.get('metadata')?.get('namespace')?.string;
    const [s, e] = nameNode.anchor();
    const name = ns ? `${ns}/${nameNode.string}` : nameNode.string;
    definitions.push({
      namespace: 'pyrra',
      referable: false,
      duplicate: { code: 'SLO702', what: `Pyrra ServiceLevelObjective name \`${name}\`` },
      kind: 'ServiceLevelObjective',
      name,
      format: object.format,
      range: r.positions.range(s, e),
      objectRange: object.range,
    });
  }
  return { definitions, references: [] };
}
