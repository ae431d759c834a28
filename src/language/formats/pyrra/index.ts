/** Pyrra (`apiVersion: pyrra.dev/v1alpha1`, `kind: ServiceLevelObjective`). */
import type { SloLiveSpec } from '../../model/live-spec.js';
import type { SloModel } from '../../model/slo-model.js';
import type { YNode } from '../../syntax/node.js';
import { WINDOW } from '../../syntax/query-window.js';
import type { SloFormat } from '../format.js';
import { pyrraModel } from './model.js';
import { pyrraRules } from './rules.js';
import { PYRRA_SNIPPETS } from './snippets.js';
import { INDICATOR_TYPES, PYRRA_API_VERSION, pyrraSpec, validatePyrra } from './validate.js';

/** Pyrra's indicator types without case, as Go's JSON decoder matches its `ServiceLevelIndicator` tags. */
const INDICATOR_TYPES_LOWER = INDICATOR_TYPES.map((t) => t.toLowerCase());

/**
 * Pyrra's file mode (`pyrra filesystem`) decodes each file as a ServiceLevelObjective and never reads its
 * apiVersion. A `kind: ServiceLevelObjective` under another apiVersion is Pyrra's when its spec has Pyrra's
 * shape: an `indicator` holding one of Pyrra's indicator types (keys matched without case, as Go's JSON decoder
 * does) and a `target` or a `window`. Other vendors' ServiceLevelObjective kinds have neither.
 */
function pyrraShaped(root: YNode): boolean {
  if (root.get('kind')?.string !== 'ServiceLevelObjective') return false;
  const spec = root.get('spec');
  const indicator = spec?.get('indicator');
  if (!spec?.isMap || !indicator?.isMap) return false;
  return (
    (spec.has('target') || spec.has('window')) &&
    indicator.keys().some((k) => INDICATOR_TYPES_LOWER.includes(k.toLowerCase()))
  );
}

const SELECTOR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/s;

function selector(text: string | undefined): { name: string; matchers: string } | undefined {
  const m = SELECTOR.exec(text ?? '');
  return m ? { name: m[1]!, matchers: (m[2] ?? '').trim().replace(/,\s*$/, '') } : undefined;
}

const withMatchers = (name: string, matchers: string, window: string) =>
  `sum(rate(${name}${matchers ? `{${matchers}}` : ''}[${window}]))`;

/** Pyrra: its selectors wrapped as Pyrra wraps them, and its `:burnrate`/`:increase` recording rules. */
function liveSpec(slo: SloModel): SloLiveSpec {
  const indicator = slo.indicator;
  const queries = indicator?.queries ?? {};
  const fail = (reason: string): SloLiveSpec => ({ sli: { kind: 'unsupported', reason } });
  const increase = (s: { name: string; matchers: string }) =>
    `sum(${s.name.replace(/_total$/, '')}:increase${WINDOW}{${[s.matchers, `slo=${JSON.stringify(slo.name)}`].filter(Boolean).join(',')}})`;
  const recorded = (total: { name: string }, events: { errors?: string; good?: string; total: string }) => {
    const burnrate = `${total.name.replace(/_total$/, '').replace(/_count$/, '')}:burnrate`;
    return {
      ratioPrefix: burnrate,
      label: { name: 'slo', value: slo.name },
      events,
      source: 'pyrra-recording-rules' as const,
      note: `Pyrra's recording rules (${burnrate}<window> and :increase<window>{slo="${slo.name}"})`,
    };
  };
  if (indicator?.kind === 'ratio') {
    const errors = selector(queries.bad?.query);
    const total = selector(queries.total?.query);
    if (!errors || !total) return fail('The ratio indicator needs an errors and a total metric selector.');
    return {
      recorded: recorded(total, { errors: increase(errors), total: increase(total) }),
      sli: {
        kind: 'events',
        bad: withMatchers(errors.name, errors.matchers, WINDOW),
        total: withMatchers(total.name, total.matchers, WINDOW),
        origin: 'sum(rate(errors[w])) / sum(rate(total[w])), as Pyrra writes it',
      },
    };
  }
  if (indicator?.kind === 'latency') {
    const success = selector(queries.good?.query);
    const total = selector(queries.total?.query);
    if (!success || !total) return fail('The latency indicator needs a success and a total metric selector.');
    return {
      recorded: recorded(total, { good: increase(success), total: increase(total) }),
      sli: {
        kind: 'events',
        good: withMatchers(success.name, success.matchers, WINDOW),
        total: withMatchers(total.name, total.matchers, WINDOW),
        origin: '(total − success) / total over rate(…[w]), as Pyrra writes it',
      },
    };
  }
  if (indicator?.kind === 'bool-gauge') {
    const metric = selector(queries.value?.query);
    if (!metric) return fail('The bool_gauge indicator needs a metric selector.');
    const sel = `${metric.name}${metric.matchers ? `{${metric.matchers}}` : ''}`;
    return {
      sli: {
        kind: 'ratio',
        errorRatio: `1 - sum(sum_over_time(${sel}[${WINDOW}])) / sum(count_over_time(${sel}[${WINDOW}]))`,
        origin: 'the share of 0 samples of the gauge, as Pyrra counts it',
      },
    };
  }
  return fail('Only ratio, latency and bool_gauge indicators can be read live.');
}

export const pyrra: SloFormat = {
  ids: ['pyrra/v1alpha1'],
  labels: { 'pyrra/v1alpha1': 'Pyrra' },
  apiVersions: [
    {
      value: PYRRA_API_VERSION,
      kinds: ['ServiceLevelObjective'],
      formatOf: (kind) => (kind === 'ServiceLevelObjective' ? 'pyrra/v1alpha1' : undefined),
      completion: { label: 'Pyrra ServiceLevelObjective', format: 'pyrra/v1alpha1' },
      suggested: true,
    },
  ],
  shapeKinds: ['ServiceLevelObjective'],
  detectByShape: (root) => (pyrraShaped(root) ? 'pyrra/v1alpha1' : undefined),
  specFor: () => pyrraSpec,
  objectName: (root) => root.get('metadata')?.get('name')?.string,
  objectKind: (root) => root.get('kind')?.string ?? '',
  validate: validatePyrra,
  normalise: pyrraModel,
  liveSpec,
  rules: pyrraRules,
  outline: 'objectives',
  snippets: PYRRA_SNIPPETS,
  // File mode reads with sigs.k8s.io/yaml's UnmarshalStrict (filesystem.go), which rejects duplicates.
  duplicateKeys: { keepsLast: false, rejects: "Pyrra's file mode reads strictly and rejects the file" },
  newSlo: {
    choice: 'pyrra',
    label: 'Pyrra',
    description: 'ServiceLevelObjective on errors over total',
    fileSuffix: 'pyrra',
    snippet: 'Pyrra ServiceLevelObjective',
  },
};
