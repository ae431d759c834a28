/**
 * Rules read back from YAML: a plain rule file (`groups:`), a `PrometheusRule` (`spec.groups`) or a `ConfigMap`
 * holding rule files (`data`), one or several YAML documents. Used to compare committed generated files rule
 * by rule, and by tests to read upstream's expected output.
 */
import { parseAllDocuments } from 'yaml';
import type { Rule, RuleGroup } from './types.js';

/** The rule groups of one YAML document, where it came from, or why it holds none. */
export interface ReadRulesDocument {
  /** `rule-file`, `prometheus-rule` or `config-map` (the key of the rule file inside it). */
  container: 'rule-file' | 'prometheus-rule' | 'config-map';
  name?: string;
  namespace?: string;
  groups: RuleGroup[];
}

export type ReadRules = { documents: ReadRulesDocument[] } | { error: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const stringMap = (v: unknown): Record<string, string> | undefined =>
  isRecord(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : undefined;

function readRule(v: unknown, where: string): Rule {
  if (!isRecord(v)) throw new Error(`${where} is not a rule`);
  const rule: Rule = { expr: String(v.expr ?? '') };
  if (typeof v.record === 'string') rule.record = v.record;
  if (typeof v.alert === 'string') rule.alert = v.alert;
  if (v.for !== undefined) rule.for = String(v.for);
  if (v.keep_firing_for !== undefined) rule.keep_firing_for = String(v.keep_firing_for);
  const labels = stringMap(v.labels);
  if (labels) rule.labels = labels;
  const annotations = stringMap(v.annotations);
  if (annotations) rule.annotations = annotations;
  return rule;
}

function readGroups(v: unknown, where: string): RuleGroup[] {
  if (!Array.isArray(v)) throw new Error(`${where}: \`groups\` is not a list`);
  return v.map((g, i) => {
    if (!isRecord(g)) throw new Error(`${where}: group ${i + 1} is not a mapping`);
    const group: RuleGroup = {
      name: String(g.name ?? ''),
      rules: (Array.isArray(g.rules) ? g.rules : []).map((r, j) =>
        readRule(r, `${where}: rule ${j + 1} of group ${String(g.name)}`),
      ),
    };
    if (g.interval !== undefined) group.interval = String(g.interval);
    if (typeof g.limit === 'number') group.limit = g.limit;
    if (typeof g.partial_response_strategy === 'string')
      group.partial_response_strategy = g.partial_response_strategy;
    return group;
  });
}

/** Reads every rules document of a YAML text; a text that is not rules gives an error naming why. */
export function readRules(text: string): ReadRules {
  const documents: ReadRulesDocument[] = [];
  try {
    for (const [i, doc] of parseAllDocuments(text).entries()) {
      if (doc.errors.length > 0)
        return { error: `document ${i + 1}: ${doc.errors[0]!.message.split('\n')[0]}` };
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) continue;
      const where = `document ${i + 1}`;
      if (!isRecord(value)) return { error: `${where} is not a mapping` };
      const metadata = isRecord(value.metadata) ? value.metadata : {};
      const named = {
        ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
        ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
      };
      if (value.kind === 'PrometheusRule') {
        const spec = isRecord(value.spec) ? value.spec : {};
        documents.push({
          container: 'prometheus-rule',
          ...named,
          groups: readGroups(spec.groups ?? [], where),
        });
      } else if (value.kind === 'ConfigMap') {
        const data = isRecord(value.data) ? value.data : {};
        const groups: RuleGroup[] = [];
        for (const [key, file] of Object.entries(data)) {
          const inner = readRules(String(file));
          if ('error' in inner) return { error: `${where}, data.${key}: ${inner.error}` };
          groups.push(...inner.documents.flatMap((d) => d.groups));
        }
        documents.push({ container: 'config-map', ...named, groups });
      } else if ('groups' in value) {
        documents.push({ container: 'rule-file', groups: readGroups(value.groups, where) });
      } else {
        return { error: `${where} is neither a rule file (\`groups:\`), a PrometheusRule nor a ConfigMap` };
      }
    }
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  return { documents };
}
