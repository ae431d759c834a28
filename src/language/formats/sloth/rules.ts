/**
 * The Prometheus rules `sloth generate` (v0.16.0) writes for a Sloth file, a PrometheusServiceLevel or an OpenSLO
 * v1alpha SLO, reproduced exactly: the SLI, metadata and alert groups of Sloth's core plugins
 * (`internal/plugin/slo/core/*`), its multiwindow multi-burn-rate alerts (`internal/alert/`) and its Go number
 * printing. What needs Go code we cannot run (SLI plugins, other SLO plugins) is said in a note instead.
 */
import type { SloObject } from '../../analysis/object.js';
import type { AlertWindowModel, AlertWindowsModel, SloModel } from '../../model/slo-model.js';
import type { YNode } from '../../syntax/node.js';
import type { Diagnostic, Range } from '../../types.js';
import type { RulesContext } from '../format.js';
import type { Rule, RuleGroup, RulesContainer, RulesDocument, RulesNote } from '../../../rules/types.js';
import { textMap } from '../model-fields.js';
import {
  goFormatFloatF,
  goFormatFloatG,
  goHours,
  parsePromDurationMs,
  promDurationString,
  promLabelFilter,
} from './go-format.js';
import { ALERT_WINDOWS_KIND, BUILT_IN_WINDOWS, alertWindowsName } from './windows.js';

export const SLOTH_VERSION = 'v0.16.0';
const GENERATOR = `Sloth ${SLOTH_VERSION}`;

/** The plugins Sloth runs by default, in order, and the other core plugins a chain may name. */
const CORE = {
  validate: 'sloth.dev/core/validate/v1',
  sli: 'sloth.dev/core/sli_rules/v1',
  metadata: 'sloth.dev/core/metadata_rules/v1',
  alert: 'sloth.dev/core/alert_rules/v1',
  noop: 'sloth.dev/core/noop/v1',
  debug: 'sloth.dev/core/debug/v1',
} as const;
const CORE_IDS = new Set<string>(Object.values(CORE));

/** An alert's name, labels and annotations, as Sloth's readers merge them (`PromAlertMeta`). */
interface AlertMeta {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface PluginStep {
  id: string;
  priority: number;
  disableOptimized: boolean;
}

/** Sloth's `model.PromSLO`: what its generator reads of one SLO, whatever the input format. */
interface PromSlo {
  id: string;
  name: string;
  service: string;
  /** Percent, as Sloth holds it (`99.9`; OpenSLO's ratio times 100). */
  objective: number;
  periodMs: number;
  labels: Record<string, string>;
  sli: { events: { error: string; total: string } } | { raw: string };
  page?: AlertMeta;
  ticket?: AlertMeta;
  plugins: { override: boolean; chain: PluginStep[] };
}

/** The mode and spec labels of `sloth_slo_info`, per input (`pkg/lib/gen.go`, `model.Mode`). */
interface Info {
  mode: string;
  spec: string;
}

interface MwmbAlert {
  shortMs: number;
  longMs: number;
  burnRateFactor: number;
  errorBudget: number;
  severity: 'page' | 'ticket';
}

interface MwmbGroup {
  pageQuick: MwmbAlert;
  pageSlow: MwmbAlert;
  ticketQuick: MwmbAlert;
  ticketSlow: MwmbAlert;
}

/** A generation that cannot go on for one SLO: the note said instead of its rules. */
class SloProblem extends Error {}

const sorted = (m: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.keys(m)
      .sort()
      .map((k) => [k, m[k]!]),
  );

/** `utilsdata.MergeLabels`: later maps win; printed with sorted keys, as Go's YAML encoder writes maps. */
const merge = (...ms: Array<Record<string, string>>): Record<string, string> =>
  sorted(Object.assign({}, ...ms));

const idLabels = (slo: PromSlo): Record<string, string> => ({
  sloth_id: slo.id,
  sloth_service: slo.service,
  sloth_slo: slo.name,
});

const sliErrorMetric = (ms: number) => `slo:sli_error:ratio_rate${promDurationString(ms)}`;

/** `windows.getBurnRateFactor`: the speed that spends the window's share of the budget over its long window. */
function burnRateFactor(periodMs: number, w: AlertWindowModel): number {
  const hoursRequiredConsumption = (w.errorBudgetPercent * goHours(periodMs)) / 100;
  return hoursRequiredConsumption / goHours(w.longWindowMs);
}

/** `alert.Generator.GenerateMWMBAlerts`. */
function mwmbAlerts(slo: PromSlo, windows: Omit<AlertWindowsModel, 'node'>): MwmbGroup {
  const errorBudget = 100 - slo.objective;
  const alert = (w: AlertWindowModel, severity: 'page' | 'ticket'): MwmbAlert => ({
    shortMs: w.shortWindowMs,
    longMs: w.longWindowMs,
    burnRateFactor: burnRateFactor(windows.periodMs, w),
    errorBudget,
    severity,
  });
  return {
    pageQuick: alert(windows.pageQuick, 'page'),
    pageSlow: alert(windows.pageSlow, 'page'),
    ticketQuick: alert(windows.ticketQuick, 'ticket'),
    ticketSlow: alert(windows.ticketSlow, 'ticket'),
  };
}

/** `MWMBAlertGroup.TimeDurationWindows`: each window once, shortest first. */
function alertWindows(g: MwmbGroup): number[] {
  const all = [g.pageQuick, g.pageSlow, g.ticketQuick, g.ticketSlow].flatMap((a) => [a.shortMs, a.longMs]);
  return [...new Set(all)].sort((a, b) => a - b);
}

/** Renders `{{.window}}` as Sloth's template does; any other template action is Go's to run, not ours. */
function renderWindow(expr: string, window: string, slo: PromSlo): string {
  const out = expr.replace(/\{\{ *\.window *\}\}/g, window);
  if (out.includes('{{'))
    throw new SloProblem(
      `SLO ${slo.id}: its query holds a Go template action other than {{.window}}, which only Sloth can render.`,
    );
  return out;
}

function sliRule(windowMs: number, labels: Record<string, string>, expr: string): Rule {
  return { record: sliErrorMetric(windowMs), expr, labels };
}

/** `sli_rules_v1`: one recording rule per alert window, and the period's, averaged from the shortest. */
function sliRules(slo: PromSlo, alerts: MwmbGroup, optimized: boolean): Rule[] {
  const windows = [...alertWindows(alerts), slo.periodMs];
  return windows.map((windowMs) => {
    const window = promDurationString(windowMs);
    const labels = merge(idLabels(slo), { sloth_window: window }, slo.labels);
    if (optimized && windowMs === slo.periodMs) {
      const short = alerts.pageQuick.shortMs;
      if (windowMs === short)
        throw new SloProblem(
          `SLO ${slo.id}: Sloth cannot optimise the period's SLI over its own shortest window (${window}).`,
        );
      const metric = sliErrorMetric(short);
      const filter = promLabelFilter(idLabels(slo));
      return sliRule(
        windowMs,
        labels,
        `sum_over_time(${metric}${filter}[${window}])\n/ ignoring (sloth_window)\ncount_over_time(${metric}${filter}[${window}])\n`,
      );
    }
    const template =
      'events' in slo.sli ? `(${slo.sli.events.error})\n/\n(${slo.sli.events.total})\n` : `(${slo.sli.raw})`;
    return sliRule(windowMs, labels, renderWindow(template, window, slo));
  });
}

const burnRateExpr = (metric: string, filter: string) =>
  `${metric}${filter}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${filter}\n`;

/** `metadata_rules_v1`: the objective, budget, period, burn rates, budget left and the info series. */
function metadataRules(slo: PromSlo, alerts: MwmbGroup, info: Info): Rule[] {
  const labels = merge(idLabels(slo), slo.labels);
  const ratio = slo.objective / 100;
  const filter = promLabelFilter(idLabels(slo));
  const rule = (record: string, expr: string, l = labels): Rule => ({ record, expr, labels: l });
  return [
    rule('slo:objective:ratio', `vector(${goFormatFloatG(ratio)})`),
    rule('slo:error_budget:ratio', `vector(1-${goFormatFloatG(ratio)})`),
    rule('slo:time_period:days', `vector(${goFormatFloatG(goHours(slo.periodMs) / 24)})`),
    rule('slo:current_burn_rate:ratio', burnRateExpr(sliErrorMetric(alerts.pageQuick.shortMs), filter)),
    rule('slo:period_burn_rate:ratio', burnRateExpr(sliErrorMetric(slo.periodMs), filter)),
    rule('slo:period_error_budget_remaining:ratio', `1 - slo:period_burn_rate:ratio${filter}`),
    rule(
      'sloth_slo_info',
      'vector(1)',
      merge(labels, {
        sloth_version: SLOTH_VERSION,
        sloth_mode: info.mode,
        sloth_spec: info.spec,
        sloth_objective: goFormatFloatF(slo.objective),
      }),
    ),
  ];
}

/** `alert_rules_v1`'s template, with its `{{ .X }}` floats printed as Go's `fmt` prints them. */
function alertRule(slo: PromSlo, meta: AlertMeta, quick: MwmbAlert, slow: MwmbAlert): Rule {
  const filter = promLabelFilter(idLabels(slo));
  const budget = goFormatFloatG(quick.errorBudget / 100);
  const cond = (windowMs: number, factor: number) =>
    `max(${sliErrorMetric(windowMs)}${filter} > (${goFormatFloatG(factor)} * ${budget})) without (sloth_window)`;
  const expr = [
    '(',
    `    ${cond(quick.shortMs, quick.burnRateFactor)}`,
    '    and',
    `    ${cond(quick.longMs, quick.burnRateFactor)}`,
    ')',
    'or',
    '(',
    `    ${cond(slow.shortMs, slow.burnRateFactor)}`,
    '    and',
    `    ${cond(slow.longMs, slow.burnRateFactor)}`,
    ')',
    '',
  ].join('\n');
  const severity = quick.severity;
  return {
    alert: meta.name,
    expr,
    labels: merge({ sloth_severity: severity }, meta.labels),
    annotations: merge(
      {
        title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
        summary:
          '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.',
      },
      meta.annotations,
    ),
  };
}

function alertRules(slo: PromSlo, alerts: MwmbGroup): Rule[] {
  const rules: Rule[] = [];
  if (slo.page) rules.push(alertRule(slo, slo.page, alerts.pageQuick, alerts.pageSlow));
  if (slo.ticket) rules.push(alertRule(slo, slo.ticket, alerts.ticketQuick, alerts.ticketSlow));
  return rules;
}

/** The windows of a period: Sloth's built-in catalogue, else an `AlertWindows` object of the workspace. */
function windowsFor(periodMs: number, context: RulesContext): Omit<AlertWindowsModel, 'node'> | undefined {
  return (
    BUILT_IN_WINDOWS.get(periodMs) ??
    context.resolve(ALERT_WINDOWS_KIND, alertWindowsName(periodMs))?.alertWindows
  );
}

interface SloRules {
  sli: Rule[];
  metadata: Rule[];
  alerts: Rule[];
}

/** `generate.Service.generateSLO`: the default plugins, with a chain's core plugins before or after them. */
function generateSlo(slo: PromSlo, info: Info, context: RulesContext): SloRules {
  const windows = windowsFor(slo.periodMs, context);
  if (!windows)
    throw new SloProblem(
      `SLO ${slo.id}: Sloth has no alert windows for its ${promDurationString(slo.periodMs)} period: add an AlertWindows object with \`sloPeriod: ${promDurationString(slo.periodMs)}\` to the workspace.`,
    );
  const alerts = mwmbAlerts(slo, windows);
  const foreign = slo.plugins.chain.find((p) => !CORE_IDS.has(p.id));
  if (foreign)
    throw new SloProblem(
      `SLO ${slo.id} needs the Go SLO plugin ${foreign.id}, which cannot run here: generate its rules with Sloth.`,
    );
  // Stable by priority; negative priorities run before the default plugins, the others after.
  const chain = [...slo.plugins.chain].sort((a, b) => a.priority - b.priority);
  const defaults: PluginStep[] = [CORE.validate, CORE.sli, CORE.metadata, CORE.alert].map((id) => ({
    id,
    priority: 0,
    disableOptimized: false,
  }));
  const steps = [
    ...chain.filter((p) => p.priority < 0),
    ...(slo.plugins.override ? [] : defaults),
    ...chain.filter((p) => p.priority >= 0),
  ];
  const out: SloRules = { sli: [], metadata: [], alerts: [] };
  for (const step of steps) {
    if (step.id === CORE.sli) out.sli = sliRules(slo, alerts, !step.disableOptimized);
    else if (step.id === CORE.metadata) out.metadata = metadataRules(slo, alerts, info);
    else if (step.id === CORE.alert) out.alerts = alertRules(slo, alerts);
  }
  return out;
}

/** The error diagnostics inside a range (file positions). */
function errorsWithin(errors: readonly Diagnostic[], range: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return errors.some((d) => before(range.start, d.range.start) && before(d.range.end, range.end));
}

/** A node's range in the file: its document's positions shifted by the line the document starts at. */
function fileRange(object: SloObject, node: YNode): Range {
  const [s, e] = node.valueRange() ?? node.anchor();
  const r = object.local.range(s, e);
  return {
    start: { line: r.start.line + object.baseLine, character: r.start.character },
    end: { line: r.end.line + object.baseLine, character: r.end.character },
  };
}

/** What one input SLO becomes: Sloth's SLOs (an OpenSLO SLO has one per objective), or why it has none. */
type Planned = { model: SloModel; slos: PromSlo[] } | { model: SloModel; note: string };

interface Input {
  info: Info;
  planned: Planned[];
  container: RulesContainer;
  /** Sloth's plain rule file fails with no rule at all; its Kubernetes writer writes an empty object. */
  failsEmpty: boolean;
}

/** Runs Sloth's generator over the planned SLOs, as `sloth generate` writes one input document. */
function generate(input: Input, context: RulesContext): RulesDocument {
  const { options } = context;
  const groups: RuleGroup[] = [];
  const notes: RulesNote[] = [];
  const slos: RulesDocument['slos'] = [];
  for (const planned of input.planned) {
    if ('note' in planned) {
      notes.push({ slo: planned.model.name, message: planned.note });
      continue;
    }
    let count = 0;
    const made: RuleGroup[] = [];
    try {
      for (const base of planned.slos) {
        // `generate.Service.Generate`: the command's extra labels join each SLO's, and win.
        const slo = { ...base, labels: merge(base.labels, options.extraLabels) };
        const rules = generateSlo(slo, input.info, context);
        const add = (prefix: string, list: Rule[], off: boolean) => {
          if (off || list.length === 0) return;
          made.push({ name: `${prefix}${slo.id}`, rules: list });
          count += list.length;
        };
        add('sloth-slo-sli-recordings-', rules.sli, options.disableRecordings);
        add('sloth-slo-meta-recordings-', rules.metadata, options.disableRecordings);
        add('sloth-slo-alerts-', rules.alerts, options.disableAlerts);
      }
    } catch (e) {
      if (!(e instanceof SloProblem)) throw e;
      notes.push({ slo: planned.model.name, message: e.message });
      continue;
    }
    groups.push(...made);
    slos.push({ name: planned.model.name, rules: count });
  }
  const container = options.format === 'rules' ? ({ kind: 'rule-file' } as const) : input.container;
  if (groups.length === 0 && container.kind === 'rule-file' && input.failsEmpty && slos.length > 0)
    notes.push({
      slo: slos[0]!.name,
      message:
        'Sloth writes no rule file for this document: it fails with "0 SLO Prometheus rules generated".',
    });
  return { generator: GENERATOR, container, groups, notes, slos };
}

/** A `PrometheusRule`'s metadata as Sloth's Kubernetes writer sets it: the source's, plus its two labels. */
function k8sMetadata(
  name: string | undefined,
  namespace: string | undefined,
  labels: Record<string, string>,
  annotations: Record<string, string>,
): Record<string, unknown> {
  return {
    ...(name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
    labels: merge(labels, { 'app.kubernetes.io/component': 'SLO', 'app.kubernetes.io/managed-by': 'sloth' }),
    ...(Object.keys(annotations).length > 0 ? { annotations: sorted(annotations) } : {}),
  };
}

/** Sloth's keys by style: plain files in snake_case, the CRD in camelCase. */
const key = (camel: boolean, snake: string, camelName: string) => (camel ? camelName : snake);

function pluginChain(node: YNode | undefined): PluginStep[] {
  return (node?.get('chain')?.items() ?? []).map((item) => ({
    id: item.get('id')?.string ?? '',
    priority: item.get('priority')?.number ?? 0,
    disableOptimized: item.get('config')?.get('disableOptimized')?.scalar === true,
  }));
}

function alertMeta(slo: SloModel, which: 'page' | 'ticket'): AlertMeta | undefined {
  const a = slo.alerting;
  if (a.style !== 'multiwindow') return undefined;
  const alert = a[which];
  if (!alert || alert.disable) return undefined;
  return {
    name: a.name ?? '',
    labels: merge(a.labels ?? {}, alert.labels),
    annotations: merge(a.annotations ?? {}, alert.annotations),
  };
}

/** Whether an SLO (or the object around it) has errors, so its rules would be Sloth's error or garbage. */
function hasErrors(object: SloObject, node: YNode, errors: readonly Diagnostic[]): boolean {
  if (errors.length === 0) return false;
  if (errorsWithin(errors, fileRange(object, node))) return true;
  // An error outside every SLO (the service, the file's labels) concerns them all.
  const items = sloItems(object);
  return errors.some((d) => !items.some((item) => errorsWithin([d], fileRange(object, item))));
}

function sloItems(object: SloObject): YNode[] {
  const body = object.format === 'sloth/k8s' ? object.root.get('spec') : object.root;
  const slos =
    object.format === 'openslo/v1alpha' ? object.root.get('spec')?.get('objectives') : body?.get('slos');
  return slos?.items() ?? [];
}

const ERRORS_NOTE = (name: string) => `SLO ${name} has errors: fix them first.`;

/** The rules Sloth writes for a `prometheus/v1` file or a `PrometheusServiceLevel`. */
export function slothRules(object: SloObject, context: RulesContext): RulesDocument[] {
  const k8s = object.format === 'sloth/k8s';
  const body = k8s ? object.root.get('spec') : object.root;
  if (!body) return [];
  const periodMs = parsePromDurationMs(context.modelOptions.slothPeriod);
  const groupPlugins = body.get(key(k8s, 'slo_plugins', 'sloPlugins'));
  const errors = context.errors ?? [];
  const planned = object.model.slos.map((model): Planned => {
    if (hasErrors(object, model.node, errors)) return { model, note: ERRORS_NOTE(model.name) };
    const plugin = model.indicator?.plugin;
    if (plugin)
      return {
        model,
        note: `SLO ${model.name} needs the Go SLI plugin ${plugin.id ?? '(no id)'}, which cannot run here: generate its rules with Sloth.`,
      };
    const q = model.indicator?.queries ?? {};
    const objective = model.objectives[0]?.targetNode?.number;
    const sli =
      q.bad?.query !== undefined && q.total?.query !== undefined
        ? { events: { error: q.bad.query, total: q.total.query } }
        : q.errorRatio?.query !== undefined
          ? { raw: q.errorRatio.query }
          : undefined;
    if (!sli || objective === undefined || periodMs === undefined)
      return { model, note: ERRORS_NOTE(model.name) };
    // `MapSpecToModel`: the SLO's chain follows the file's unless it overrides it.
    const own = model.node.get('plugins');
    const ownOverride = own?.get('overridePrevious')?.scalar === true;
    const chain = ownOverride ? pluginChain(own) : [...pluginChain(groupPlugins), ...pluginChain(own)];
    const page = alertMeta(model, 'page');
    const ticket = alertMeta(model, 'ticket');
    // Sloth's validate plugin: an alert that is not disabled needs a name.
    if (page?.name === '' || ticket?.name === '') return { model, note: ERRORS_NOTE(model.name) };
    return {
      model,
      slos: [
        {
          id: model.name,
          name: model.node.get('name')?.string ?? '',
          service: model.service,
          objective,
          periodMs,
          labels: model.labels,
          sli,
          ...(page ? { page } : {}),
          ...(ticket ? { ticket } : {}),
          plugins: {
            override: ownOverride || groupPlugins?.get('overridePrevious')?.scalar === true,
            chain,
          },
        },
      ],
    };
  });
  const metadata = object.root.get('metadata');
  const service = body.get('service')?.string ?? '';
  const container: RulesContainer = k8s
    ? {
        kind: 'prometheus-rule',
        metadata: k8sMetadata(
          metadata?.get('name')?.string,
          metadata?.get('namespace')?.string,
          textMap(metadata?.get('labels')),
          textMap(metadata?.get('annotations')),
        ),
      }
    : context.options.format === 'prometheus-operator'
      ? // Sloth writes a plain file only as a rule file: the object is named after the file's service.
        { kind: 'prometheus-rule', metadata: k8sMetadata(service, undefined, {}, {}) }
      : { kind: 'rule-file' };
  const info: Info = k8s
    ? { mode: 'cli-gen-k8s', spec: 'sloth.slok.dev/v1' }
    : { mode: 'cli-gen-prom', spec: 'prometheus/v1' };
  return [generate({ info, planned, container, failsEmpty: !k8s }, context)];
}

/** Sloth's `openSLOErrorRatioRawQueryTpl`: the error ratio of OpenSLO's good and total queries. */
const openSloErrorRatio = (good: string, total: string) =>
  `\n  1 - (\n    (\n      ${good}\n    )\n    /\n    (\n      ${total}\n    )\n  )\n`;

/** Why Sloth's OpenSLO reader rejects an objective's `ratioMetrics`, or undefined when it reads them. */
function ratioProblem(good: YNode | undefined, total: YNode | undefined): string | undefined {
  if (!good || !total) return 'Sloth needs `ratioMetrics` with `good` and `total`';
  const source = (n: YNode) => n.get('source')?.string;
  if (source(good) !== 'prometheus' && source(good) !== 'sloth')
    return "Sloth needs the 'good' source to be prometheus or sloth";
  // Sloth's check of the total source also accepts it when the good source is `sloth`.
  if (source(total) !== 'prometheus' && source(good) !== 'sloth')
    return "Sloth needs the 'total' source to be prometheus or sloth";
  if (good.get('queryType')?.string !== 'promql') return "Sloth needs the 'good' queryType promql";
  if (total.get('queryType')?.string !== 'promql') return "Sloth needs the 'total' queryType promql";
  return undefined;
}

/** The period Sloth reads from `timeWindows` (days, one at most), or why it refuses the SLO. */
function openSloPeriod(spec: YNode, slothPeriod: string): number | string {
  const windows = spec.get('timeWindows')?.items() ?? [];
  if (windows.length > 1) return 'Sloth supports only 1 time window';
  const w = windows[0];
  if (!w) return parsePromDurationMs(slothPeriod) ?? `Sloth's SLO period ${slothPeriod} is not a duration`;
  if ((w.get('unit')?.string ?? '').toLowerCase() !== 'day')
    return 'Sloth supports only days based time windows';
  const count = w.get('count')?.number;
  if (count === undefined || !Number.isInteger(count) || count <= 0)
    return 'Sloth needs a whole number of days in `timeWindows[0].count`';
  return count * 24 * 3_600_000;
}

/** The rules Sloth writes for an OpenSLO v1alpha SLO, as its OpenSLO reader maps it (`storage/io/openslo.go`). */
export function slothOpenSloRules(object: SloObject, context: RulesContext): RulesDocument[] {
  if (object.kind !== 'SLO') return [];
  const spec = object.root.get('spec');
  const model = object.model.slos[0];
  if (!spec || !model) return [];
  const errors = context.errors ?? [];
  const name = object.root.get('metadata')?.get('name')?.string ?? '';
  const service = spec.get('service')?.string ?? '';
  const plan = (): Planned => {
    if (errors.length > 0) return { model, note: ERRORS_NOTE(model.name) };
    const period = openSloPeriod(spec, context.modelOptions.slothPeriod);
    if (typeof period === 'string') return { model, note: `SLO ${model.name}: ${period}.` };
    const slos: PromSlo[] = [];
    for (const [idx, objective] of (spec.get('objectives')?.items() ?? []).entries()) {
      const ratio = objective.get('ratioMetrics');
      const good = ratio?.get('good');
      const total = ratio?.get('total');
      const problem = ratioProblem(good, total);
      if (problem) return { model, note: `SLO ${model.name}, objective ${idx + 1}: ${problem}.` };
      const target = objective.get('target')?.number;
      if (target === undefined)
        return { model, note: `SLO ${model.name}, objective ${idx + 1}: Sloth needs its \`target\`.` };
      slos.push({
        id: `${service}-${name}-${idx}`,
        name: `${name}-${idx}`,
        service,
        // OpenSLO's ratio as Sloth's percent, multiplied as Sloth multiplies it.
        objective: target * 100,
        periodMs: period,
        labels: {},
        sli: {
          raw: openSloErrorRatio(good!.get('query')?.string ?? '', total!.get('query')?.string ?? ''),
        },
        plugins: { override: false, chain: [] },
      });
    }
    return slos.length > 0
      ? { model, slos }
      : { model, note: `SLO ${model.name}: Sloth needs at least one objective.` };
  };
  const container: RulesContainer =
    context.options.format === 'prometheus-operator'
      ? // Sloth writes OpenSLO input only as a rule file: the object takes the SLO's name.
        { kind: 'prometheus-rule', metadata: k8sMetadata(name, undefined, {}, {}) }
      : { kind: 'rule-file' };
  return [
    generate(
      {
        info: { mode: 'cli-gen-openslo', spec: 'openslo/v1alpha' },
        planned: [plan()],
        container,
        failsEmpty: true,
      },
      context,
    ),
  ];
}
