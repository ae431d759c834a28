/**
 * Prometheus rules for OpenSLO v1 SLOs. OpenSLO has no generator of its own, so these follow one documented
 * convention: Sloth's (v0.16, `internal/plugin/slo/core/*_rules_v1`), because its record names
 * (`slo:sli_error:ratio_rate<w>`, `slo:objective:ratio`, …), its `sloth_id`/`sloth_service`/`sloth_slo` labels and
 * its multiwindow alert shape are the most widely known, and Sloth's dashboards read them as they are.
 *
 * Adapted where OpenSLO differs:
 * - The SLI is read as the live budget reads it (`openSloLiveSpec`): a query's `rate`/`increase` ranges become the
 *   window, a bare counter selector becomes `increase(x[<w>])`, and the error ratio is `bad / total`,
 *   `(total - good) / total` or `bad / (good + bad)`, each part summed and a missing good or bad counted as 0, so
 *   a record equals the live reader's ratio over that window. The period ratio is the SLI's own queries over the
 *   whole window (Sloth's non-optimised form), not a mean of 5-minute ratios, which weighs quiet and busy minutes
 *   alike and so differs from the budget.
 * - A threshold SLI (Timeslices) records the share of bad slices among the slices with data over each window, the
 *   slices on Prometheus's grid exactly as the live reader counts them (a subquery at the slice step).
 * - Alerts are the file's own AlertConditions, not Sloth's page/ticket table: each compares the burn rate over its
 *   `lookbackWindow` and, as in the SRE workbook's multiwindow rule, over a short window of 1/12 of it (never under
 *   5m, where a 1-minute scrape leaves too few samples for a rate) with its `op` and `threshold`; `alertAfter`
 *   becomes `for`, `severity` the `severity` label Alertmanager routes on.
 * - Groups are named `openslo-slo-{sli,meta}-recordings-<id>` and `openslo-slo-alerts-<id>`, one set per
 *   objective; `<id>` is `<service>-<slo>`, with the objective's displayName (or its position) appended when the
 *   SLO has several.
 */
import { openSloDurationMinutes } from '../../../budget/duration.js';
import type { Rule, RuleGroup, RulesDocument, RulesNote } from '../../../rules/types.js';
import { ruleCount } from '../../../rules/types.js';
import type { SloObject } from '../../analysis/object.js';
import type {
  AlertConditionModel,
  AlertPolicyModel,
  ModelResolver,
  ObjectiveModel,
  SloModel,
} from '../../model/slo-model.js';
import type { RulesContext } from '../format.js';
import { openSloLiveSpec } from '../openslo-live.js';

export const GENERATOR = 'team-sre OpenSLO convention (Sloth record names)';

/** Sloth's alert windows (the SRE workbook's), recorded for every SLO so Sloth's dashboards find them. */
const SLOTH_WINDOWS = [5, 30, 60, 120, 360, 1440, 4320];
/** The shortest short window of a multiwindow alert. */
const MIN_SHORT_MINUTES = 5;

const ERROR_RATIO = 'slo:sli_error:ratio_rate';
const PROM_OP: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };
const OP_WORDS: Record<string, string> = { gt: 'above', gte: 'at or above', lt: 'below', lte: 'at or below' };
const BROKEN = { lt: '>=', lte: '>', gt: '<=', gte: '<' } as const;
const WINDOW = /\{\{\s*\.window\s*\}\}/g;

/** A number of seconds as a Prometheus duration: 4320 minutes → `3d`, 299 s → `4m59s`. */
export function promWindow(totalSeconds: number): string {
  let rest = Math.round(totalSeconds);
  if (rest <= 0) return '0s';
  let out = '';
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

const windowOf = (minutes: number) => promWindow(minutes * 60);

const quote = (text: string) => JSON.stringify(text);

/** A number as PromQL writes it, without floating-point noise: 1 − 0.999 → `0.001`. */
const num = (x: number) => String(Number(x.toPrecision(12)));

/** Label names Prometheus accepts: other characters become `_`. */
const labelName = (k: string) => {
  const name = k.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
};

const sorted = (labels: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** A name as an alert name (a valid metric name): `checkout-fast-burn` → `CheckoutFastBurn`. */
function alertName(text: string): string {
  const words = text.split(/[^a-zA-Z0-9]+/).filter(Boolean);
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return /^[a-zA-Z_]/.test(name) ? name : `SLO${name}`;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** A reason as the end of a one-line note: `The SLI's …` → `the SLI's ….`. */
const sentence = (text: string) =>
  (text.startsWith('The ') ? `t${text.slice(1)}` : text).replace(/\.?$/, '.');

/** How one window's error ratio is written: the SLI's queries with `{{.window}}`, or the threshold's slices. */
type RatioExpr = (minutes: number) => string;

/** The error ratio of an objective as PromQL per window, or why it cannot be generated. */
function errorRatio(
  slo: SloModel,
  objective: ObjectiveModel,
  resolve: ModelResolver,
): { expr: RatioExpr } | { reason: string; wide?: true } {
  const { sli } = openSloLiveSpec(slo, objective, resolve);
  const at = (template: string, minutes: number) => template.replace(WINDOW, windowOf(minutes));
  switch (sli.kind) {
    case 'unsupported':
      return { reason: sentence(sli.reason), wide: true };
    case 'ratio':
      if (slo.budgetingMethod !== 'Occurrences') break;
      return { expr: (w) => `sum(${at(sli.errorRatio, w)})\n` };
    case 'events': {
      if (slo.budgetingMethod !== 'Occurrences') break;
      const part = (p: 'good' | 'bad' | 'total', w: number) => `sum(${at(sli[p]!, w)})`;
      const orZero = (p: 'good' | 'bad', w: number) => `(${part(p, w)} or vector(0))`;
      return {
        expr: (w) => {
          const errors = sli.bad ? orZero('bad', w) : `(${part('total', w)} - ${orZero('good', w)})`;
          const total = sli.total ? part('total', w) : `(${orZero('good', w)} + ${orZero('bad', w)})`;
          return `${errors}\n/\n${total}\n`;
        },
      };
    }
    case 'threshold': {
      const slice = objective.timeSliceMinutes;
      if (slo.budgetingMethod === 'Occurrences' || !slice)
        return {
          reason:
            'a threshold SLI is judged per time slice: use Timeslices with a timeSliceWindow to get rules.',
        };
      const step = windowOf(slice);
      const value = `sum(${sli.query})`;
      // n slices ending at the evaluation: a range of n slices less a second, as the live reader counts them.
      const over = (expr: string, w: number) => {
        const n = Math.max(1, Math.round(w / slice));
        return `count_over_time((${expr})[${promWindow(n * slice * 60 - Math.min(1, slice * 30))}:${step}])`;
      };
      return {
        expr: (w) =>
          `(${over(`${value} ${BROKEN[sli.op]} ${num(sli.value)}`, w)} or vector(0))\n/\n${over(`${value} >= -Inf`, w)}\n`,
      };
    }
  }
  return {
    reason: `a ratio SLI budgeted by ${slo.budgetingMethod} is not generated: its slices are not a ratio of events over a window.`,
  };
}

/** One burn-rate alert condition as the rules need it, or why it is left out. */
interface Condition {
  name: string;
  policy: string;
  severity?: string;
  op: string;
  threshold: number;
  lookback: number;
  alertAfter?: number;
}

/** The conditions of the SLO's alert policies, inline or referenced, with a note for each one left out. */
function conditionsOf(
  slo: SloModel,
  resolve: ModelResolver,
  notes: string[],
): { conditions: Condition[]; policies: number } {
  const conditions: Condition[] = [];
  if (slo.alerting.style !== 'conditions') return { conditions, policies: 0 };
  for (const item of slo.alerting.policies) {
    const policy: AlertPolicyModel | undefined = item.ref
      ? resolve('AlertPolicy', item.ref)?.alertPolicy
      : item.policy;
    if (!policy) {
      notes.push(
        `The AlertPolicy '${item.ref ?? ''}' is not in the workspace: its alerts are not generated.`,
      );
      continue;
    }
    const policyName = policy.name ?? item.ref ?? '';
    for (const c of policy.conditions) {
      const condition: AlertConditionModel | undefined = c.ref
        ? resolve('AlertCondition', c.ref)?.alertCondition
        : c.condition;
      const name = condition?.name ?? c.ref ?? policyName;
      if (!condition) {
        notes.push(
          `The AlertCondition '${c.ref ?? ''}' is not in the workspace: its alert is not generated.`,
        );
        continue;
      }
      const lookback = openSloDurationMinutes(condition.lookbackWindow ?? '');
      const op = condition.op ?? '';
      if (condition.kind !== 'burnrate' || !PROM_OP[op] || condition.threshold === undefined || !lookback) {
        notes.push(
          `The AlertCondition '${name}' is not a burnrate condition with op, threshold and lookbackWindow: its alert is not generated.`,
        );
        continue;
      }
      const alertAfter = openSloDurationMinutes(condition.alertAfter ?? '');
      conditions.push({
        name,
        policy: policyName,
        ...(condition.severity !== undefined ? { severity: condition.severity } : {}),
        op,
        threshold: condition.threshold,
        lookback,
        ...(alertAfter ? { alertAfter } : {}),
      });
    }
  }
  return { conditions, policies: slo.alerting.policies.length };
}

/** The short window of a multiwindow alert: 1/12 of the lookback, whole minutes, never under 5m. */
export function shortWindowMinutes(lookback: number): number | undefined {
  const short = Math.max(MIN_SHORT_MINUTES, Math.round(lookback / 12));
  return short < lookback ? short : undefined;
}

function objectiveGroups(
  slo: SloModel,
  objective: ObjectiveModel,
  suffix: string | undefined,
  ratio: RatioExpr,
  conditions: Condition[],
  context: RulesContext,
  notes: string[],
): { name: string; groups: RuleGroup[] } {
  const { options } = context;
  const sloName = suffix ? `${slo.name}-${suffix}` : slo.name;
  const service = slo.service || slo.name;
  const id = `${service}-${sloName}`;
  const ids = { sloth_id: id, sloth_service: service, sloth_slo: sloName };
  const sloLabels = Object.fromEntries(
    Object.entries({ ...slo.labels, ...options.extraLabels }).map(([k, v]) => [labelName(k), v]),
  );
  const labels = sorted({ ...sloLabels, ...ids });
  // Values quoted as PromQL strings: a name with a quote or a backslash cannot break the selector.
  const filter = `{sloth_id=${quote(id)}, sloth_service=${quote(service)}, sloth_slo=${quote(sloName)}}`;
  const target = objective.target ?? 0;
  const budget = Number((1 - target).toPrecision(12));
  const rolling = slo.window?.kind === 'rolling' ? slo.window.minutes : undefined;

  const windows = new Set(SLOTH_WINDOWS);
  for (const c of conditions) {
    windows.add(c.lookback);
    const short = shortWindowMinutes(c.lookback);
    if (short) windows.add(short);
  }
  const ordered = [...windows].sort((a, b) => a - b).filter((w) => w !== rolling);
  if (rolling) ordered.push(rolling);
  else notes.push('A calendar window has no fixed range: the period records are not generated.');

  const groups: RuleGroup[] = [];
  if (!options.disableRecordings) {
    groups.push({
      name: `openslo-slo-sli-recordings-${id}`,
      rules: ordered.map((w) => ({
        record: `${ERROR_RATIO}${windowOf(w)}`,
        expr: ratio(w),
        labels: sorted({ ...labels, sloth_window: windowOf(w) }),
      })),
    });
    const burn = (w: number) =>
      `${ERROR_RATIO}${windowOf(w)}${filter}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${filter}\n`;
    const meta: Array<[string, string]> = [
      ['slo:objective:ratio', `vector(${num(target)})`],
      ['slo:error_budget:ratio', `vector(1-${num(target)})`],
    ];
    if (rolling) meta.push(['slo:time_period:days', `vector(${num(rolling / 1440)})`]);
    meta.push(['slo:current_burn_rate:ratio', burn(SLOTH_WINDOWS[0]!)]);
    if (rolling)
      meta.push(
        ['slo:period_burn_rate:ratio', burn(rolling)],
        ['slo:period_error_budget_remaining:ratio', `1 - slo:period_burn_rate:ratio${filter}`],
      );
    // Each rule its own labels object: printers must not share (alias) them.
    const rules: Rule[] = meta.map(([record, expr]) => ({ record, expr, labels: { ...labels } }));
    rules.push({
      record: 'sloth_slo_info',
      expr: 'vector(1)',
      labels: sorted({ ...labels, sloth_objective: num(target * 100), sloth_spec: 'openslo/v1' }),
    });
    groups.push({ name: `openslo-slo-meta-recordings-${id}`, rules });
  }

  if (!options.disableAlerts && conditions.length) {
    const used = new Map<string, number>();
    const alerts = conditions.map((c): Rule => {
      const base = alertName(c.name);
      const seen = (used.get(base) ?? 0) + 1;
      used.set(base, seen);
      const threshold = `(${num(c.threshold)} * ${num(budget)})`;
      const check = (w: number) =>
        `max(${ERROR_RATIO}${windowOf(w)}${filter} ${PROM_OP[c.op]} ${threshold}) without (sloth_window)`;
      const short = shortWindowMinutes(c.lookback);
      const expr = short
        ? `(\n    ${check(short)}\n    and\n    ${check(c.lookback)}\n)\n`
        : `${check(c.lookback)}\n`;
      const severity = c.severity ?? '';
      return {
        alert: seen > 1 ? `${base}${seen}` : base,
        expr,
        ...(c.alertAfter ? { for: windowOf(c.alertAfter) } : {}),
        labels: sorted({
          ...(severity ? { severity } : {}),
          openslo_alert_policy: c.policy,
          openslo_alert_condition: c.name,
          // The series carry it too; written here, the objectives' alerts are not duplicates to promtool's lint.
          sloth_slo: sloName,
        }),
        annotations: {
          summary: `{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate over ${windowOf(c.lookback)} is ${OP_WORDS[c.op]} ${num(c.threshold)}.`,
          title: `${severity ? `(${severity}) ` : ''}{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
        },
      };
    });
    groups.push({ name: `openslo-slo-alerts-${id}`, rules: alerts });
  }
  return { name: sloName, groups };
}

/** Each objective's name suffix when the SLO has several: its displayName, or its position when that is taken. */
function suffixes(objectives: ObjectiveModel[]): Array<string | undefined> {
  if (objectives.length < 2) return objectives.map(() => undefined);
  const taken = new Set<string>();
  return objectives.map((o, i) => {
    const s = o.displayName ? slug(o.displayName) : '';
    const suffix = s && !taken.has(s) ? s : String(i + 1);
    taken.add(suffix);
    return suffix;
  });
}

/** A PrometheusRule named after the SLO, in its namespace when the object has one (Kubernetes-applied files). */
function prometheusRuleMetadata(object: SloObject, name: string): Record<string, unknown> {
  const namespace = object.root.get('metadata')?.get('namespace')?.string;
  return { name, ...(namespace ? { namespace } : {}) };
}

/** The rules one OpenSLO v1 SLO deploys: one document, with a note for what cannot be generated. */
export function openSloV1Rules(object: SloObject, context: RulesContext): RulesDocument[] {
  if (object.kind !== 'SLO') return [];
  const slo = object.model.slos[0];
  if (!slo) return [];
  const { options, resolve } = context;
  const notes: RulesNote[] = [];
  const groups: RuleGroup[] = [];
  const slos: RulesDocument['slos'] = [];
  const note = (message: string) => notes.push({ slo: slo.name, message });
  const container: RulesDocument['container'] =
    options.format === 'prometheus-operator'
      ? { kind: 'prometheus-rule', metadata: prometheusRuleMetadata(object, slo.name) }
      : { kind: 'rule-file' };
  // Rules of a file its tools reject would be a guess: said instead, as for Sloth's files.
  if (context.errors?.length) {
    note(`SLO ${slo.name} has errors: fix them first.`);
    return [{ generator: GENERATOR, container, groups, notes, slos }];
  }
  const sloNotes: string[] = [];
  const { conditions, policies } = conditionsOf(slo, resolve, sloNotes);
  const names = suffixes(slo.objectives);
  const refused = new Set<string>();
  slo.objectives.forEach((objective, i) => {
    const ratio = errorRatio(slo, objective, resolve);
    const which = names[i] ? ` (objective ${names[i]})` : '';
    if ('reason' in ratio) {
      // A reason of the whole SLO (its data source, its SLI) is said once, not per objective.
      const message = `No rules${ratio.wide ? '' : which}: ${ratio.reason}`;
      if (!refused.has(message)) note(message);
      refused.add(message);
      return;
    }
    if (objective.target === undefined || !(objective.target > 0 && objective.target < 1))
      return note(`No rules${which}: the objective needs a target between 0 and 1.`);
    const made = objectiveGroups(slo, objective, names[i], ratio.expr, conditions, context, sloNotes);
    groups.push(...made.groups);
    slos.push({ name: made.name, rules: ruleCount(made.groups) });
  });
  if (!slo.objectives.length) note('No rules: the SLO has no objective.');
  if (slos.length) {
    for (const message of new Set(sloNotes)) note(message);
    if (!policies && !options.disableAlerts)
      note('No alert policy: recording rules only, no alert is generated.');
  }
  return [{ generator: GENERATOR, container, groups, notes, slos }];
}
