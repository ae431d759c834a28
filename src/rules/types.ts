/**
 * Prometheus rules as the generators write them: a rule, a group, and the document one SLO file's object
 * deploys (a plain rule file, a `PrometheusRule`, or a `ConfigMap` holding a rule file). Pure data: the
 * formats make them (`formats/<format>/rules.ts`), `write.ts` prints them, `read.ts` reads committed ones
 * back and `compare.ts` tells the differences rule by rule.
 */

/** One recording or alerting rule, with the fields Prometheus's rule files have. */
export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval?: string;
  limit?: number;
  /** Thanos's partial response strategy of the group (`warn`, `abort`), as Pyrra's controller sets it. */
  partial_response_strategy?: string;
  rules: Rule[];
}

/** Where the groups go: a plain rule file, or a Kubernetes object that carries them. */
export type RulesContainer =
  | { kind: 'rule-file' }
  | {
      kind: 'prometheus-rule';
      /** `metadata` of the `PrometheusRule` (name, namespace, labels, …), as its generator sets it. */
      metadata: Record<string, unknown>;
    }
  | {
      kind: 'config-map';
      metadata: Record<string, unknown>;
      /** The key of `data` that holds the rule file, e.g. `<name>.rules.yaml`. */
      key: string;
    };

/** Something an SLO asks for that cannot be generated here, said instead of guessed. */
export interface RulesNote {
  /** The SLO it concerns, by name (or the object's name). */
  slo: string;
  message: string;
}

/** The rules one object (one YAML document of an SLO file) deploys, as its tool generates them. */
export interface RulesDocument {
  /** The generator whose output this equals, e.g. `Sloth v0.16.0`. */
  generator: string;
  container: RulesContainer;
  groups: RuleGroup[];
  notes: RulesNote[];
  /** The SLOs the groups are for, in order, with how many rules each has (CodeLens, links). */
  slos: Array<{ name: string; rules: number }>;
}

/** How to generate: the options the generators' own command lines take. */
export interface RulesOptions {
  /** Output container: as the input's tool does, or forced to a plain rule file or a `PrometheusRule`. */
  format?: 'rules' | 'prometheus-operator';
  /** Sloth `--extra-labels`: added to every rule. */
  extraLabels: Record<string, string>;
  /** Sloth `--disable-alerts`. */
  disableAlerts: boolean;
  /** Sloth `--disable-recordings`. */
  disableRecordings: boolean;
  /** Pyrra `--generic-rules`. */
  genericRules: boolean;
  /** Pyrra `--external-url`: links to Pyrra's UI in alert annotations. */
  externalUrl?: string;
  /** Pyrra `--enable-prometheus-3-migration` (true by default, as in Pyrra). */
  prometheus3Migration: boolean;
  /** Pyrra's Kubernetes controller `--config-map-mode`: a `ConfigMap` holding the rule file. */
  configMapMode: boolean;
}

export const DEFAULT_RULES_OPTIONS: RulesOptions = {
  extraLabels: {},
  disableAlerts: false,
  disableRecordings: false,
  genericRules: false,
  prometheus3Migration: true,
  configMapMode: false,
};

/** How many rules the groups hold. */
export function ruleCount(groups: readonly RuleGroup[]): number {
  return groups.reduce((n, g) => n + g.rules.length, 0);
}

/** Each SLO's groups, in the order of `slos`: the groups follow one another, each SLO taking as many rules as it counts. */
export function sloGroups(doc: RulesDocument): RuleGroup[][] {
  let g = 0;
  return doc.slos.map((slo) => {
    const mine: RuleGroup[] = [];
    let left = slo.rules;
    while (left > 0 && g < doc.groups.length) {
      const group = doc.groups[g++]!;
      mine.push(group);
      left -= group.rules.length;
    }
    return mine;
  });
}
