/** A Pyrra ServiceLevelObjective read as Pyrra's `validate()` and `Internal()` read it (`kubernetes/api/v1alpha1`). */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { YNode } from '../../syntax/node.js';
import { parseDuration, type MatchType, type Matcher } from '../../../rules/promql-print.js';

const PROPAGATION_PREFIX = 'pyrra.dev/';

export interface Metric {
  name: string;
  matchers: Matcher[];
}

export type Indicator =
  | { kind: 'ratio'; errors: Metric; total: Metric; grouping: string[] }
  | { kind: 'latency'; success: Metric; total: Metric; grouping: string[] }
  | { kind: 'latencyNative'; latencyMs: number; total: Metric; grouping: string[] }
  | { kind: 'boolGauge'; metric: Metric; grouping: string[] };

export interface Objective {
  name: string;
  /** `pyrra.dev/`-prefixed labels of the object, propagated to every rule without the prefix. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  description: string;
  target: number;
  windowMs: number;
  performanceOverAccuracy: boolean;
  descriptionAsLabel: boolean;
  alerting: {
    disabled: boolean;
    burnrates: boolean;
    absent: boolean;
    name: string;
    absentName: string;
    severities: Record<string, string>;
  };
  indicator: Indicator;
}

// Reading the object as Pyrra's `validate()` and `Internal()` do; an error is Pyrra's own message.

export class PyrraError extends Error {}

/** Go's string literal rules for a PromQL string: `"…"` and `'…'` with escapes, backquotes raw. */
function unquote(raw: string): string {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  const body = raw.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/gs, (_, e: string) => {
    const simple: Record<string, string> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
    };
    if (e in simple) return simple[e]!;
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return e;
  });
}

/** `strconv.ParseFloat` succeeds, for the decimal forms Pyrra's users write (and Inf, NaN). */
function isGoFloat(v: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || /^[+-]?(inf|infinity|nan)$/i.test(v);
}

/** A metric as `parser.ParseExpr` gives it: the name, and its matchers with the name's matcher last. */
function parseMetric(text: string, what: string): Metric {
  const tree = parser.parse(text);
  let error = false;
  tree.iterate({
    enter(n) {
      if (n.type.isError) error = true;
    },
  });
  const top = tree.topNode.firstChild;
  if (error || !top) throw new PyrraError(`failed to parse ${what}`);
  if (top.name !== 'VectorSelector' || top.nextSibling)
    throw new PyrraError(`${what} is not a VectorSelector`);
  const name = top.getChild('Identifier');
  const metricName = name ? text.slice(name.from, name.to) : '';
  const matchers: Matcher[] = [];
  const list = top.getChild('LabelMatchers');
  for (let m: SyntaxNode | null = list?.firstChild ?? null; m; m = m.nextSibling) {
    if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
    const label = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
    const op = m.getChild('MatchOp');
    const strings = m.getChildren('StringLiteral');
    const value = strings[strings.length - 1];
    if (!label || !op || !value) continue;
    const labelText = text.slice(label.from, label.to);
    matchers.push({
      name: label.name === 'QuotedLabelName' ? unquote(labelText) : labelText,
      type: text.slice(op.from, op.to) as MatchType,
      value: unquote(text.slice(value.from, value.to)),
    });
  }
  if (metricName) matchers.push({ name: '__name__', type: '=', value: metricName });
  return { name: metricName, matchers };
}

/** A scalar as sigs.k8s.io/yaml hands it to a Go string: its text. */
export const scalarText = (node: YNode | undefined): string => {
  if (!node || node.isNull) return '';
  if (node.isScalar) return node.string ?? node.source ?? String(node.scalar);
  return '';
};

const bool = (node: YNode | undefined, fallback: boolean): boolean => {
  if (!node || node.isNull) return fallback;
  return node.scalar === true || /^(true|y|yes|on)$/i.test(node.source ?? '');
};

export function stringMap(node: YNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of node?.isMap ? node.entries() : []) out[k] = scalarText(v);
  return out;
}

const list = (node: YNode | undefined): string[] => (node?.isSeq ? node.items().map(scalarText) : []);

export function readObjective(root: YNode): Objective {
  const meta = root.get('metadata');
  const spec = root.get('spec');
  const name = scalarText(meta?.get('name'));
  if (!name) throw new PyrraError('name must be set');
  const targetText = scalarText(spec?.get('target'));
  if (!targetText) throw new PyrraError('target must be set');
  const target = Number(targetText);
  if (!isGoFloat(targetText))
    throw new PyrraError(`strconv.ParseFloat: parsing ${JSON.stringify(targetText)}: invalid syntax`);
  if (target < 0 || target > 100) throw new PyrraError('target must be between 0 and 100');
  const windowText = scalarText(spec?.get('window'));
  if (!windowText) throw new PyrraError('window must be set');
  const windowMs = parseDuration(windowText);
  if (windowMs === undefined)
    throw new PyrraError(`not a valid duration string: ${JSON.stringify(windowText)}`);

  const ind = spec?.get('indicator');
  const present = (key: string) => {
    const n = ind?.get(key);
    return n && !n.isNull ? n : undefined;
  };
  const ratio = present('ratio');
  const latency = present('latency');
  const native = present('latencyNative');
  const gauge = present('bool_gauge');
  if (!ratio && !latency && !native && !gauge)
    throw new PyrraError('one of ratio, latency, latencyNative or bool_gauge must be set');
  const metricOf = (n: YNode | undefined, key: string) => scalarText(n?.get(key)?.get('metric'));
  let indicator: Indicator | undefined;
  // Pyrra's IndicatorType(): ratio first, then latency, latencyNative, bool_gauge.
  if (ratio) {
    const total = metricOf(ratio, 'total');
    const errors = metricOf(ratio, 'errors');
    if (!total) throw new PyrraError('ratio total metric must be set');
    if (!errors) throw new PyrraError('ratio errors metric must be set');
    if (latency) throw new PyrraError('cannot have ratio and latency indicators at the same time');
    indicator = {
      kind: 'ratio',
      total: parseMetric(total, 'ratio total metric'),
      errors: parseMetric(errors, 'ratio error metric'),
      grouping: list(ratio.get('grouping')),
    };
  }
  if (latency) {
    const total = metricOf(latency, 'total');
    const success = metricOf(latency, 'success');
    if (!total) throw new PyrraError('latency total metric must be set');
    if (!success) throw new PyrraError('latency success metric must be set');
    const s = parseMetric(success, 'latency success metric');
    const le = s.matchers.find((m) => m.name === 'le');
    if (!le) throw new PyrraError('latency success metric must contain a le label matcher');
    if (!isGoFloat(le.value))
      throw new PyrraError('latency success metric must contain a le label matcher with a float value');
    indicator ??= {
      kind: 'latency',
      total: parseMetric(total, 'latency total metric'),
      success: s,
      grouping: list(latency.get('grouping')),
    };
  }
  if (native) {
    const total = metricOf(native, 'total');
    if (!total) throw new PyrraError('latencyNative total metric must be set');
    const latencyText = scalarText(native.get('latency'));
    if (!latencyText) throw new PyrraError('latencyNative latency objective must be set');
    const latencyMs = parseDuration(latencyText);
    if (latencyMs === undefined)
      throw new PyrraError(
        `latencyNative latency objective must be a valid duration: ${JSON.stringify(latencyText)}`,
      );
    const t = parseMetric(total, 'latencyNative total metric');
    indicator ??= { kind: 'latencyNative', total: t, latencyMs, grouping: list(native.get('grouping')) };
  }
  if (gauge) {
    const metric = scalarText(gauge.get('metric'));
    if (!metric) throw new PyrraError('boolGauge metric must be set');
    const m = parseMetric(metric, 'bool gauge metric');
    indicator ??= { kind: 'boolGauge', metric: m, grouping: list(gauge.get('grouping')) };
  }

  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(stringMap(meta?.get('labels'))))
    if (k.startsWith(PROPAGATION_PREFIX)) labels[k.slice(PROPAGATION_PREFIX.length)] = v;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(stringMap(meta?.get('annotations'))))
    if (k.startsWith(PROPAGATION_PREFIX)) annotations[k.slice(PROPAGATION_PREFIX.length)] = v;
  const alerting = spec?.get('alerting');
  return {
    name,
    labels,
    annotations,
    description: scalarText(spec?.get('description')),
    target: target / 100,
    windowMs,
    performanceOverAccuracy: bool(spec?.get('performanceOverAccuracy'), false),
    descriptionAsLabel: bool(spec?.get('ruleOutput')?.get('enableDescriptionAsLabel'), false),
    alerting: {
      disabled: bool(alerting?.get('disabled'), false),
      burnrates: bool(alerting?.get('burnrates'), true),
      absent: bool(alerting?.get('absent'), true),
      name: scalarText(alerting?.get('name')),
      absentName: scalarText(alerting?.get('absentName')),
      severities: stringMap(alerting?.get('severities')),
    },
    indicator: indicator!,
  };
}
