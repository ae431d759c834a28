/**
 * The Prometheus rules Pyrra v0.10.1 generates for a ServiceLevelObjective, as its source writes them:
 * `slo/rules.go` (burn rates, increases, generic rules), `slo/slo.go` (windows), `slo/prometheus3.go` (the `le`
 * matchers of classic histograms) and the Kubernetes controller's containers
 * (`kubernetes/controllers/servicelevelobjective.go`: `makePrometheusRule`, `makeSplitPrometheusRules`,
 * `makeConfigMap`). The default container is the controller's PrometheusRule, since Pyrra's SLO files are its
 * CRD; `options.format: 'rules'` gives the plain rule file of file mode and `pyrra generate`.
 */
import type { SloObject } from '../../analysis/object.js';
import type { YNode } from '../../syntax/node.js';
import type { RulesContext } from '../format.js';
import type { RuleGroup, RulesContainer, RulesDocument, RulesNote } from '../../../rules/types.js';
import { burnrates, increaseInterval } from './rules-alerting.js';
import { genericRules, increaseRules } from './rules-increase.js';
import { PyrraError, readObjective, scalarText, stringMap, type Objective } from './rules-objective.js';

export const PYRRA_GENERATOR = 'Pyrra v0.10.1';

function withStrategy(groups: RuleGroup[], strategy: string): RuleGroup[] {
  return strategy ? groups.map((g) => ({ ...g, partial_response_strategy: strategy })) : groups;
}

/** `newPrometheusRule`'s metadata: name, namespace, the object's labels, the owner reference. */
function ownerMetadata(root: YNode, name: string, labels: Record<string, string>): Record<string, unknown> {
  const meta = root.get('metadata');
  const namespace = scalarText(meta?.get('namespace'));
  const uid = scalarText(meta?.get('uid'));
  return {
    name,
    ...(namespace ? { namespace } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    // The controller owns the rule by the object's uid; a file in a repository has none, and the API server
    // refuses an owner reference with an empty uid, so it is written only for an object read from a cluster.
    ...(uid
      ? {
          ownerReferences: [
            {
              apiVersion: scalarText(root.get('apiVersion')),
              kind: scalarText(root.get('kind')),
              name: scalarText(meta?.get('name')),
              uid,
              controller: true,
            },
          ],
        }
      : {}),
  };
}

function document(
  container: RulesContainer,
  groups: RuleGroup[],
  slo: string,
  notes: RulesNote[] = [],
): RulesDocument {
  return {
    generator: PYRRA_GENERATOR,
    container,
    groups,
    notes,
    slos: [{ name: slo, rules: groups.reduce((n, g) => n + g.rules.length, 0) }],
  };
}

/** The rules Pyrra's controller (or file mode, with `format: 'rules'`) deploys for one ServiceLevelObjective. */
export function pyrraRules(object: SloObject, context: RulesContext): RulesDocument[] {
  const { options } = context;
  const root = object.root;
  const label = object.name ?? scalarText(root.get('metadata')?.get('name'));
  let o: Objective;
  try {
    o = readObjective(root);
  } catch (e) {
    if (!(e instanceof PyrraError)) throw e;
    return [
      {
        generator: PYRRA_GENERATOR,
        container: { kind: 'rule-file' },
        groups: [],
        notes: [{ slo: label, message: `Pyrra generates no rules for this object: ${e.message}.` }],
        slos: [{ name: label, rules: 0 }],
      },
    ];
  }
  const prom3 = options.prometheus3Migration;
  const externalUrl = options.externalUrl;
  const strategy = scalarText(root.get('spec')?.get('partial_response_strategy'));
  const burn = burnrates(o, prom3, externalUrl);
  const generic = options.genericRules ? genericRules(o, prom3) : undefined;
  const objectLabels = stringMap(root.get('metadata')?.get('labels'));
  const increases = increaseRules(o, prom3);
  const interval = increaseInterval(o.windowMs);

  const splitShort: RuleGroup =
    increases.short.length > 0
      ? { name: `${o.name}-increase`, interval: '30s', rules: increases.short }
      : { name: '', rules: [] };
  const splitLong: RuleGroup = { name: `${o.name}-increase`, interval, rules: increases.long };
  const joined: RuleGroup = {
    name: `${o.name}-increase`,
    interval,
    rules: [...increases.short, ...increases.long],
  };
  const extra = generic ? [generic] : [];
  // Pyrra skips the generic rules of an SLO with grouping (ErrGroupingUnsupported): say so on the first document.
  const notes: RulesNote[] =
    options.genericRules && !generic
      ? [{ slo: o.name, message: 'Pyrra generates no generic rules for an SLO with grouping.' }]
      : [];

  if (options.format === 'rules') {
    // File mode and `pyrra generate` write the groups as they are, split into `-short` and `-long` files.
    if (!o.performanceOverAccuracy)
      return [document({ kind: 'rule-file' }, [joined, burn, ...extra], o.name, notes)];
    return [
      document({ kind: 'rule-file' }, [splitShort, burn, ...extra], o.name, notes),
      document({ kind: 'rule-file' }, [splitLong], o.name),
    ];
  }
  if (options.configMapMode) {
    const name = `pyrra-recording-rule-${o.name}`;
    const annotations = stringMap(root.get('metadata')?.get('annotations'));
    const metadata = ownerMetadata(root, name, objectLabels);
    if (Object.keys(annotations).length) metadata.annotations = annotations;
    const groups = withStrategy([joined, burn, ...extra], strategy);
    return [document({ kind: 'config-map', metadata, key: `${name}.rules.yaml` }, groups, o.name, notes)];
  }
  if (o.performanceOverAccuracy) {
    // makeSplitPrometheusRules: the 5m increases with the burn rates; the long increases and generic rules apart.
    const output = root.get('spec')?.get('ruleOutput');
    const shortLabels = { ...objectLabels, ...stringMap(output?.get('shortRulesLabels')) };
    const longLabels = { ...objectLabels, ...stringMap(output?.get('longRulesLabels')) };
    return [
      document(
        { kind: 'prometheus-rule', metadata: ownerMetadata(root, `${o.name}-short`, shortLabels) },
        withStrategy([splitShort, burn], strategy),
        o.name,
        notes,
      ),
      document(
        { kind: 'prometheus-rule', metadata: ownerMetadata(root, `${o.name}-long`, longLabels) },
        withStrategy([splitLong, ...extra], strategy),
        o.name,
      ),
    ];
  }
  const groups = withStrategy([joined, burn, ...extra], strategy);
  return [
    document(
      { kind: 'prometheus-rule', metadata: ownerMetadata(root, o.name, objectLabels) },
      groups,
      o.name,
      notes,
    ),
  ];
}
