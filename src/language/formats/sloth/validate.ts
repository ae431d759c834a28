import type { SloObject } from '../../analysis/object.js';
import type { FormatId, Range } from '../../types.js';
import type { Definition, ObjectFacts } from '../../model/facts.js';
import type { YNode } from '../../syntax/node.js';
import { promqlProblem, reportQueryProblem } from '../../syntax/promql.js';
import type { Reporter } from '../../diagnostics/reporter.js';
import { checkShape, truncate, yaml11Boolean, type FieldSpec } from '../../fields/field-spec.js';

const SLOTH_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$/;
/** The namespace of Sloth SLO ids (`<service>-<name>`), unique across Sloth files. */
export const SLOTH_NAMESPACE = 'sloth';

/** A Sloth SLO id (`<service>-<slo>`), unique across the files Sloth generates from: where it is written. */
export function slothIdDefinition(
  id: string,
  format: FormatId,
  range: Range,
  objectRange: Range,
): Definition {
  return {
    namespace: SLOTH_NAMESPACE,
    referable: false,
    duplicate: { code: 'SLO703', what: `Sloth SLO id \`${id}\`` },
    kind: 'SLO',
    name: id,
    format,
    range,
    objectRange,
  };
}

export const WINDOW_TEMPLATE = /\{\{ *\.window *\}\}/g;
/** The same pattern without `g`, whose `test` keeps no state between calls. */
export const HAS_WINDOW_TEMPLATE = new RegExp(WINDOW_TEMPLATE.source);

type Style = 'snake' | 'camel';

/** Key names of one style: Sloth's plain files are snake_case, its CRD camelCase. */
function k(style: Style, snake: string): string {
  if (style === 'snake') return snake;
  let camel = camelKeys.get(snake);
  if (camel === undefined)
    camelKeys.set(snake, (camel = snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())));
  return camel;
}

/** The camelCase of the rules' own snake_case keys (a fixed few), converted once rather than per object. */
const camelKeys = new Map<string, string>();

const str = (doc: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'string', doc, ...extra });
const stringMap = (doc: string): FieldSpec => ({
  type: 'map',
  doc,
  additional: { type: 'string', doc: 'A value.' },
});

const alertSpec = (doc: string): FieldSpec => ({
  type: 'map',
  doc,
  fields: {
    disable: { type: 'boolean', doc: 'Disables this alert.' },
    labels: stringMap('Labels added to this alert.'),
    annotations: stringMap('Annotations added to this alert.'),
  },
});

const pluginChainSpec: FieldSpec = {
  type: 'map',
  doc: 'SLO plugins run on the generated rules, in priority order.',
  fields: {
    overridePrevious: {
      type: 'boolean',
      doc: 'Replaces the plugins declared at a higher level instead of adding to them.',
    },
    chain: {
      type: 'seq',
      doc: 'The plugins.',
      items: {
        type: 'map',
        doc: 'One SLO plugin.',
        fields: {
          id: str('Plugin id, e.g. `sloth.dev/core/debug/v1`.', { required: true }),
          priority: { type: 'integer', doc: 'Order in the chain (lower first).' },
          config: {
            type: ['map', 'seq', 'string', 'number', 'boolean'],
            doc: 'Plugin configuration.',
            additional: 'any',
          },
        },
      },
    },
  },
};

function sloSpec(style: Style): FieldSpec {
  return {
    type: 'map',
    doc: 'One SLO: its name, objective, SLI and alerting.',
    fields: {
      name: str('Name of the SLO; with the service it forms the SLO id `<service>-<name>`.', {
        required: true,
        placeholder: 'requests-availability',
      }),
      description: str('What the SLO means.'),
      objective: {
        type: 'number',
        required: true,
        doc: "The objective as a percentage, greater than 0 and at most 100: `99.9`. Sloth's period defaults to 30 days.",
        placeholder: '99.9',
      },
      labels: stringMap('Labels added to every generated rule.'),
      sli: {
        type: 'map',
        required: true,
        doc: 'The SLI: exactly one of `events`, `raw` and `plugin`.',
        placeholder: `\n  events:\n    ${k(style, 'error_query')}: ""\n    ${k(style, 'total_query')}: ""`,
        fields: {
          events: {
            type: 'map',
            doc: 'Error events over total events, as two PromQL queries with `{{.window}}` placeholders.',
            fields: {
              [k(style, 'error_query')]: str(
                'PromQL counting failed events over `{{.window}}`, e.g. `sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))`.',
                { required: true },
              ),
              [k(style, 'total_query')]: str(
                'PromQL counting all events over `{{.window}}`, e.g. `sum(rate(http_requests_total[{{.window}}]))`.',
                { required: true },
              ),
            },
          },
          raw: {
            type: 'map',
            doc: 'A ready error ratio, as one PromQL query with `{{.window}}`.',
            fields: {
              [k(style, 'error_ratio_query')]: str(
                'PromQL returning the error ratio (0 to 1) over `{{.window}}`.',
                { required: true },
              ),
            },
          },
          plugin: {
            type: 'map',
            doc: 'An SLI plugin that builds the queries.',
            fields: {
              id: str('Plugin id.', { required: true }),
              // map[string]string in both APIs: the CRD's schema rejects an unquoted number there.
              options: stringMap('Plugin options, each value a string.'),
            },
          },
        },
      },
      alerting: {
        type: 'map',
        doc: 'The multi-window multi-burn-rate alerts Sloth generates.',
        fields: {
          name: str('Alert name, required unless both alerts are disabled.'),
          labels: stringMap('Labels of both alerts.'),
          annotations: stringMap('Annotations of both alerts.'),
          [k(style, 'page_alert')]: alertSpec('The fast-burn (page) alert.'),
          [k(style, 'ticket_alert')]: alertSpec('The slow-burn (ticket) alert.'),
        },
      },
      plugins: pluginChainSpec,
    },
  };
}

function bodySpec(style: Style): Record<string, FieldSpec> {
  return {
    service: str('The service the SLOs belong to.', { required: true, placeholder: 'my-service' }),
    labels: stringMap('Labels added to every generated rule.'),
    slos: {
      type: 'seq',
      required: true,
      doc: 'The SLOs of the service.',
      items: sloSpec(style),
      placeholder: '\n  - name: availability\n    objective: 99.9',
    },
    [k(style, 'slo_plugins')]: pluginChainSpec,
  };
}

export const plainSpec: FieldSpec = {
  type: 'map',
  doc: 'A Sloth `prometheus/v1` file.',
  fields: { version: str('`prometheus/v1`.', { required: true }), ...bodySpec('snake') },
};

export const k8sSpec: FieldSpec = {
  type: 'map',
  doc: 'A Sloth PrometheusServiceLevel.',
  fields: {
    apiVersion: str('`sloth.slok.dev/v1`.', { required: true }),
    kind: str('`PrometheusServiceLevel`.', { required: true }),
    metadata: { type: 'map', required: true, doc: 'Kubernetes object metadata.', additional: 'any' },
    spec: { type: 'map', required: true, doc: 'The SLOs of a service.', fields: bodySpec('camel') },
    status: { type: 'map', doc: 'Written by the controller.', additional: 'any' },
  },
};

/** camelCase ↔ snake_case: the usual mistake of copying a key from the other Sloth style. */
function otherStyle(style: Style): (key: string) => string | undefined {
  return (key) =>
    style === 'snake'
      ? /[A-Z]/.test(key)
        ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
        : undefined
      : key.includes('_')
        ? key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())
        : undefined;
}

function checkSlothName(node: YNode | undefined, r: Reporter, what: string): void {
  const v = node?.string;
  if (!node || v === undefined) return;
  if (!SLOTH_NAME.test(v)) {
    const slug = v.replace(/[^-A-Za-z0-9_.]+/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
    // Only suggest a name Sloth accepts (a one-character name stays invalid).
    const fixed = SLOTH_NAME.test(slug) ? slug : undefined;
    r.report(
      'SLO301',
      node,
      `${what} ${JSON.stringify(truncate(v))} is invalid: use ` +
        (v.length === 1 ? 'at least two characters, ' : '') +
        'letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit' +
        (fixed ? `, e.g. \`${fixed}\`.` : '.'),
      {
        fixes: fixed
          ? [r.replaceValue(node, fixed, `Change to ${fixed}`)].filter((f) => f !== undefined)
          : [],
      },
    );
  }
}

/**
 * Sloth checks merged labels (and alert annotations): any UTF-8 key but `__name__`, and no empty value.
 * Prometheus 3 accepts UTF-8 label names, so legacy-charset names are not flagged.
 */
function checkLabels(map: YNode | undefined, r: Reporter, what: 'label' | 'annotation' = 'label'): void {
  for (const [key, value] of map?.entries() ?? []) {
    if (what === 'label' && key === '__name__') {
      r.report(
        'SLO307',
        value,
        '`__name__` is reserved for the metric name and cannot be set as a label: rename it.',
        { where: 'key' },
      );
    } else if (key === '') {
      r.report('SLO307', value, `An empty ${what} name: give the ${what} a name.`, { where: 'key' });
    } else if (value.isNull || value.string === '') {
      r.report(
        'SLO307',
        value,
        `${what === 'label' ? 'Label' : 'Annotation'} \`${truncate(key)}\` has an empty value, which Sloth rejects: give it a value or remove it.`,
        { where: 'key' },
      );
    }
  }
}

const VALIDATE_PLUGIN = 'sloth.dev/core/validate/v1';

/** Plugin chain of one SLO: whether Sloth's own validation runs, and a problem with the chain. */
function pluginChain(body: YNode, slo: YNode, style: Style): { validates: boolean } {
  const group = body.get(k(style, 'slo_plugins'));
  const own = slo.get('plugins');
  const ids = (chain: YNode | undefined) =>
    (chain?.get('chain')?.items() ?? []).map((p) => p.get('id')?.string ?? '');
  const ownOverride = yaml11Boolean(own?.get('overridePrevious')) === true;
  const groupOverride = yaml11Boolean(group?.get('overridePrevious')) === true;
  const chain = ownOverride ? ids(own) : [...ids(group), ...ids(own)];
  const override = ownOverride || groupOverride;
  return { validates: !override || chain.includes(VALIDATE_PLUGIN) };
}

function checkPluginChain(chain: YNode | undefined, r: Reporter): void {
  if (!chain?.isMap) return;
  const items = chain.get('chain')?.items() ?? [];
  const override = chain.get('overridePrevious');
  if (override && yaml11Boolean(override) === true && items.length === 0) {
    r.report(
      'SLO309',
      override,
      '`overridePrevious: true` with no plugins in `chain` would generate nothing: add the plugins to run, or remove it.',
      { where: 'pair' },
    );
  }
  for (const item of items) {
    const id = item.get('id');
    if (id && (id.isNull || id.string === ''))
      r.report('SLO309', id, 'The plugin id is empty: write the id, e.g. `sloth.dev/core/debug/v1`.', {
        where: 'key',
      });
  }
}

/** Checks a Sloth query: the window placeholder, then PromQL with the placeholder rendered. */
export function checkSlothQuery(node: YNode | undefined, r: Reporter): string | undefined {
  const q = node?.string;
  if (!node || q === undefined) return undefined;
  if (q.trim() === '') {
    r.report('SLO017', node, 'The query is empty: write the PromQL query.', { where: 'key' });
    return q;
  }
  if (!HAS_WINDOW_TEMPLATE.test(q)) {
    const range = /\[(\d+[smhdwy])\]/.exec(q);
    r.report(
      'SLO305',
      node,
      `The query has no \`{{.window}}\` placeholder: Sloth renders it once per alert window` +
        (range
          ? `, so write \`[{{.window}}]\` instead of \`[${range[1]}]\`.`
          : ', e.g. `rate(http_requests_total[{{.window}}])`.'),
      {
        fixes: range
          ? [
              r.replaceValue(
                node,
                JSON.stringify(q.replace(range[0], '[{{.window}}]')),
                `Use [{{.window}}] instead of [${range[1]}]`,
              ),
            ].filter((f) => f !== undefined)
          : [],
      },
    );
  }
  // Render the placeholder as Sloth does, keeping a map back to the original columns.
  const pieces: Array<{ at: number; from: number; length: number }> = [];
  let rendered = '';
  let last = 0;
  for (const m of q.matchAll(WINDOW_TEMPLATE)) {
    rendered += q.slice(last, m.index);
    pieces.push({ at: rendered.length, from: m.index!, length: m[0].length });
    rendered += '5m';
    last = m.index! + m[0].length;
  }
  rendered += q.slice(last);
  const toOriginal = (i: number) => {
    let shift = 0;
    for (const p of pieces) {
      if (i >= p.at + 2) shift += p.length - 2;
      else if (i >= p.at) return p.from;
    }
    return i + shift;
  };
  const problem = promqlProblem(rendered);
  if (problem) reportQueryProblem(r, node, problem, 'PromQL syntax error', toOriginal);
  return q;
}

function checkSlo(slo: YNode, style: Style, r: Reporter, body: YNode): void {
  checkPluginChain(slo.get('plugins'), r);
  // A chain that overrides the defaults without Sloth's validator (e.g. MetricsQL) is not validated by Sloth.
  if (!pluginChain(body, slo, style).validates) return;
  checkSlothName(slo.get('name'), r, 'SLO name');
  const objective = slo.get('objective');
  const o = objective?.number;
  if (objective && o !== undefined) {
    if (o <= 0 || o > 100) {
      r.report(
        'SLO302',
        objective,
        `\`objective\` is a percentage greater than 0 and at most 100, not ${objective.source ?? o}` +
          (o > 100 && o < 10000 ? '.' : o <= 0 ? ': write e.g. `99.9`.' : '.'),
      );
    } else if (o === 100) {
      r.report(
        'SLO605',
        objective,
        'An objective of 100 leaves no error budget: any failure breaks the SLO and the burn-rate alerts divide by zero. Use e.g. 99.99.',
      );
    } else if (o < 1) {
      const fixed = Number((o * 100).toPrecision(12));
      r.report(
        'SLO602',
        objective,
        `\`objective: ${objective.source ?? o}\` means ${o} %, a ratio written where Sloth expects a percentage: write \`objective: ${fixed}\`.`,
        {
          fixes: [r.replaceValue(objective, String(fixed), `Change to ${fixed}`)].filter(
            (f) => f !== undefined,
          ),
        },
      );
    }
  }
  checkLabels(slo.get('labels'), r);
  const sli = slo.get('sli');
  if (sli?.isMap) {
    const types = ['events', 'raw', 'plugin'].filter((t) => sli.has(t) && !sli.get(t)!.isNull);
    // A plugin silently replaces \`raw\`; \`events\` next to either is an error.
    if (types.includes('raw') && types.includes('plugin') && !types.includes('events'))
      types.splice(types.indexOf('raw'), 1);
    if (types.length === 0) {
      r.report(
        'SLO303',
        sli,
        'The SLI is empty: add `events` (error and total queries), `raw` (an error ratio query) or `plugin`.',
        { where: 'key', path: `${sli.path}.events` },
      );
    } else if (types.length > 1) {
      for (const t of types.slice(1))
        r.report(
          'SLO303',
          sli.get(t)!,
          `An SLI has exactly one of \`events\`, \`raw\` and \`plugin\`, found ${types.join(' and ')}: remove \`${t}\`.`,
          { where: 'key' },
        );
    }
    const events = sli.get('events');
    if (events?.isMap) {
      const errorNode = events.get(k(style, 'error_query'));
      const totalNode = events.get(k(style, 'total_query'));
      const e = checkSlothQuery(errorNode, r);
      const t = checkSlothQuery(totalNode, r);
      if (
        e !== undefined &&
        t !== undefined &&
        e.replace(/\s+/g, '') === t.replace(/\s+/g, '') &&
        e.trim() !== ''
      ) {
        r.report(
          'SLO304',
          errorNode!,
          'The error query and the total query are identical, so the error ratio is always 1: the error query must select only failed events (e.g. `code=~"5.."`).',
        );
      }
    }
    checkSlothQuery(sli.get('raw')?.get(k(style, 'error_ratio_query')), r);
    const plugin = sli.get('plugin');
    if (plugin?.isMap && !plugin.get('id')?.string) {
      if (plugin.has('id'))
        r.report(
          'SLO309',
          plugin.get('id')!,
          'The SLI plugin id is empty: write the plugin id, e.g. `sloth-common/kubernetes/apiserver/availability`.',
          { where: 'key' },
        );
    }
  }
  const alerting = slo.get('alerting');
  if (alerting?.isMap) {
    checkLabels(alerting.get('labels'), r);
    const page = alerting.get(k(style, 'page_alert'));
    const ticket = alerting.get(k(style, 'ticket_alert'));
    checkLabels(alerting.get('annotations'), r, 'annotation');
    for (const alert of [page, ticket]) {
      if (yaml11Boolean(alert?.get('disable')) === true) continue;
      checkLabels(alert?.get('labels'), r);
      checkLabels(alert?.get('annotations'), r, 'annotation');
    }
    const disabled = (a: YNode | undefined) => yaml11Boolean(a?.get('disable')) === true;
    const name = alerting.get('name');
    if ((!name || !name.string) && !(disabled(page) && disabled(ticket))) {
      r.report(
        'SLO306',
        name ?? alerting,
        '`alerting.name` is required while the page or ticket alert is enabled: name the alert (e.g. `MyServiceHighErrorRate`), or set `disable: true` on both alerts.',
        {
          where: 'key',
          path: `${alerting.path}.name`,
          fixes: name
            ? []
            : [r.insertKeys(alerting, ['name: MyServiceHighErrorRate'], 'Add an alert name')].filter(
                (f) => f !== undefined,
              ),
        },
      );
    }
  } else if (!alerting) {
    r.report(
      'SLO306',
      slo,
      'The SLO has no `alerting`: Sloth needs `alerting.name` unless both alerts are disabled. Add `alerting: {name: …}` or disable `page_alert` and `ticket_alert`.',
      {
        path: `${slo.path}.alerting`,
      },
    );
  }
}

export function validateSloth(object: SloObject, r: Reporter): ObjectFacts {
  const style: Style = object.format === 'sloth/k8s' ? 'camel' : 'snake';
  const root = object.root;
  // Plain files go through sigs.k8s.io/yaml (case-insensitive keys, scalars read as strings); the CRD does not.
  checkShape(root, style === 'snake' ? plainSpec : k8sSpec, r, {
    strict: false,
    decoder: 'Sloth',
    aliases: otherStyle(style),
    caseInsensitiveKeys: style === 'snake',
    scalarsAsStrings: style === 'snake',
  });
  const body = style === 'snake' ? root : root.get('spec');
  const definitions: Definition[] = [];
  if (!body?.isMap) return { definitions, references: [] };
  const serviceNode = body.get('service');
  if (serviceNode?.string === '')
    r.report('SLO010', serviceNode, '`service` is empty: name the service the SLOs belong to.', {
      where: 'key',
    });
  else checkSlothName(serviceNode, r, 'Service name');
  checkLabels(body.get('labels'), r);
  checkPluginChain(body.get(k(style, 'slo_plugins')), r);
  const slos = body.get('slos');
  if (slos?.isSeq && slos.items().length === 0)
    r.report('SLO308', slos, '`slos` is empty: add at least one SLO.', { where: 'key' });
  const service = serviceNode?.string;
  for (const slo of slos?.isSeq ? slos.items() : []) {
    if (!slo.isMap) continue;
    checkSlo(slo, style, r, body);
    const nameNode = slo.get('name');
    if (service && nameNode?.string) {
      const [s, e] = nameNode.anchor();
      definitions.push(
        slothIdDefinition(
          `${service}-${nameNode.string}`,
          object.format,
          r.positions.range(s, e),
          r.positions.range(...slo.valueRange()!),
        ),
      );
    }
  }
  return { definitions, references: [] };
}
