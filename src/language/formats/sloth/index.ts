/** Sloth: plain `prometheus/v1` files and the `sloth.slok.dev/v1` PrometheusServiceLevel CRD (and AlertWindows). */
import type { RecordedRules } from '../../../prometheus/live.js';
import type { SloLiveSpec } from '../../model/live-spec.js';
import type { SloModel } from '../../model/slo-model.js';
import type { SloObject } from '../../analysis/object.js';
import type { Reporter } from '../../diagnostics/reporter.js';
import type { ObjectFacts } from '../../model/facts.js';
import type { SloFormat } from '../format.js';
import { slothModel } from './model.js';
import { slothRules } from './rules.js';
import { SLOTH_SNIPPETS } from './snippets.js';
import { k8sSpec, plainSpec, validateSloth } from './validate.js';
import { ALERT_WINDOWS_KIND, alertWindowsModel, alertWindowsName, alertWindowsPeriod } from './windows.js';

const KINDS = ['PrometheusServiceLevel', 'AlertWindows'] as const;

/** The series Sloth's recording rules hold for an SLO, by its `sloth_id`. */
function recordedRules(id: string): RecordedRules {
  return {
    ratioPrefix: 'slo:sli_error:ratio_rate',
    label: { name: 'sloth_id', value: id },
    source: 'sloth-recording-rules',
    note: `Sloth's recording rules (slo:sli_error:ratio_rate<window>{sloth_id="${id}"})`,
    wholeWindowNote:
      "Sloth's {{.window}} ratio is the mean of its 5-minute ratios, as Sloth records it (every 5 minutes weigh the same).",
  };
}

/** Sloth: `events` error/total queries or `raw.errorRatioQuery`, and its recording rules by sloth_id. */
function liveSpec(slo: SloModel): SloLiveSpec {
  const recorded = recordedRules(slo.name);
  const queries = slo.indicator?.queries ?? {};
  const bad = queries.bad?.query;
  const total = queries.total?.query;
  if (bad && total)
    return {
      recorded,
      sli: { kind: 'events', bad, total, origin: "the SLO's error and total queries, over each window" },
    };
  const errorRatio = queries.errorRatio?.query;
  if (errorRatio)
    return { recorded, sli: { kind: 'ratio', errorRatio, origin: "the SLO's error ratio query" } };
  return {
    recorded,
    sli: {
      kind: 'unsupported',
      reason: slo.indicator?.plugin
        ? "A plugin SLI is only readable through Sloth's recording rules, and none were found for this SLO."
        : 'The SLO has no events or raw SLI.',
    },
  };
}

/** An `AlertWindows` object is defined by its period, as Sloth's catalogue keys it; the first of a period wins. */
function alertWindowsFacts(object: SloObject, r: Reporter): ObjectFacts {
  const period = alertWindowsPeriod(object.root);
  if (!period) return { definitions: [], references: [] };
  const name = alertWindowsName(period.ms);
  const [s, e] = period.node.anchor();
  return {
    definitions: [
      {
        namespace: ALERT_WINDOWS_NAMESPACE,
        referable: true,
        kind: ALERT_WINDOWS_KIND,
        name,
        format: object.format,
        range: r.positions.range(s, e),
        objectRange: r.positions.range(...object.root.valueRange()!),
      },
    ],
    references: [],
  };
}

/** The namespace of `AlertWindows` periods, apart from OpenSLO's names and Sloth's SLO ids. */
const ALERT_WINDOWS_NAMESPACE = 'sloth-alert-windows';

export const sloth: SloFormat = {
  ids: ['sloth/v1', 'sloth/k8s', 'sloth/alert-windows'],
  labels: {
    'sloth/v1': 'Sloth (prometheus/v1)',
    'sloth/k8s': 'Sloth (PrometheusServiceLevel)',
    'sloth/alert-windows': 'Sloth AlertWindows',
  },
  apiVersions: [
    {
      value: 'sloth.slok.dev/v1',
      kinds: KINDS,
      formatOf: (kind) =>
        kind === 'PrometheusServiceLevel'
          ? 'sloth/k8s'
          : kind === 'AlertWindows'
            ? 'sloth/alert-windows'
            : undefined,
      completion: { label: 'Sloth PrometheusServiceLevel (Kubernetes)', format: 'sloth/k8s' },
      suggested: true,
    },
    { value: 'prometheus/v1', versionKey: true, kinds: [], formatOf: () => 'sloth/v1' },
  ],
  specFor: (id) => (id === 'sloth/v1' ? plainSpec : id === 'sloth/k8s' ? k8sSpec : undefined),
  objectName: (root, id) => {
    if (id === 'sloth/v1') return root.get('service')?.string;
    if (id !== 'sloth/alert-windows') return root.get('metadata')?.get('name')?.string;
    // Sloth's catalogue names windows by their period; the workspace finds them the same way.
    const period = alertWindowsPeriod(root);
    return period ? alertWindowsName(period.ms) : root.get('metadata')?.get('name')?.string;
  },
  objectKind: (root, id) => (id === 'sloth/v1' ? 'prometheus/v1' : (root.get('kind')?.string ?? '')),
  // A catalogue of alert windows, not an SLO: found by its period when an SLO of that period generates rules.
  validate: (object, r) =>
    object.format === 'sloth/alert-windows' ? alertWindowsFacts(object, r) : validateSloth(object, r),
  normalise: (object, options) => {
    if (object.format !== 'sloth/alert-windows')
      return slothModel(
        object,
        object.format === 'sloth/v1' ? object.root : object.root.get('spec'),
        options,
      );
    const alertWindows = alertWindowsModel(object.root);
    return alertWindows ? { slos: [], alertWindows } : { slos: [] };
  },
  liveSpec,
  rules: (object, context) => (object.format === 'sloth/alert-windows' ? [] : slothRules(object, context)),
  outline: 'slos',
  snippets: SLOTH_SNIPPETS,
  // Plain files: k8s.io/apimachinery's yaml.Unmarshal; the CRD: the non-strict UniversalDeserializer, and
  // `kubectl apply` turns YAML into JSON before its strict field validation sees it. The last value wins.
  duplicateKeys: { keepsLast: true, reader: 'Sloth' },
  newSlo: {
    choice: 'sloth',
    label: 'Sloth',
    description: 'prometheus/v1 file with page and ticket alerts',
    fileSuffix: 'sloth',
    snippet: 'Sloth SLOs (prometheus/v1)',
  },
};
