// Generators of SLO files for the property-based, differential and soak runs: valid documents of
// every format the language service reads, and the mutations an editor buffer goes through (and a
// few no editor should ever produce). Shared by test/unit/property*.test.ts,
// test/unit/differential.test.ts, test/server/differential.test.ts and bench/soak.ts.
import fc from 'fast-check';
import type { FormatId } from '../../src/language/types.js';

// ---------------------------------------------------------------------------------------------------
// Run parameters

/** The seed used unless `TEAM_SRE_FUZZ_SEED` says otherwise: runs are reproducible by default. */
export const DEFAULT_SEED = 20_260_101;

/** Iterations per property under `npm run fuzz` when `TEAM_SRE_FUZZ_RUNS` is not set. */
const FUZZ_SCRIPT_RUNS = 1000;

export interface FuzzParameters {
  seed: number;
  numRuns: number;
  /** A fast-check replay path (`TEAM_SRE_FUZZ_PATH`), to go straight to a reported counterexample. */
  path?: string;
}

/**
 * Iterations and seed of one property. `defaultRuns` is what `npm test` runs. `TEAM_SRE_FUZZ_RUNS=N`
 * (or `npm run fuzz`, N = 1000) runs N iterations per property instead, `scale` × N for a costlier one.
 * `TEAM_SRE_FUZZ_SEED` changes the seed; `TEAM_SRE_FUZZ_PATH` replays one reported counterexample.
 */
export function fuzzParameters(defaultRuns: number, scale = 1): FuzzParameters {
  const env = Number(process.env.TEAM_SRE_FUZZ_RUNS);
  const runs =
    Number.isInteger(env) && env > 0
      ? env
      : process.env.npm_lifecycle_event === 'fuzz'
        ? FUZZ_SCRIPT_RUNS
        : undefined;
  const seed = Number(process.env.TEAM_SRE_FUZZ_SEED);
  const path = process.env.TEAM_SRE_FUZZ_PATH;
  return {
    seed: Number.isInteger(seed) ? seed : DEFAULT_SEED,
    numRuns: runs === undefined ? defaultRuns : Math.max(1, Math.round(runs * scale)),
    ...(path ? { path } : {}),
  };
}

/**
 * `fc.assert` with the run parameters. A failure keeps fast-check's report (seed, path, shrunk
 * counterexample), adds the assertion that failed, and says how to replay it: the shrunk case alone
 * (this test of this file, by seed and path), or the whole run again.
 */
export async function checkProperty<T>(
  test: { name: string },
  file: string,
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
  parameters: FuzzParameters,
): Promise<void> {
  try {
    await fc.assert(property as fc.IAsyncProperty<T>, {
      seed: parameters.seed,
      numRuns: parameters.numRuns,
      ...(parameters.path ? { path: parameters.path, endOnFailure: true } : {}),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined;
    const path = /path: "([^"]*)"/.exec(message)?.[1];
    const seed = `TEAM_SRE_FUZZ_SEED=${parameters.seed}`;
    const runs = process.env.TEAM_SRE_FUZZ_RUNS
      ? ` TEAM_SRE_FUZZ_RUNS=${process.env.TEAM_SRE_FUZZ_RUNS}`
      : '';
    const script = process.env.npm_lifecycle_event === 'fuzz' || runs ? 'npm run fuzz' : 'npm test';
    const pattern = `^${test.name.replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')}$`;
    const relative = file.startsWith(process.cwd()) ? file.slice(process.cwd().length + 1) : file;
    throw new Error(
      [
        message,
        ...(cause && !message.includes(cause) ? ['', `Failure: ${cause}`] : []),
        '',
        'Reproduce the shrunk case:',
        `  ${seed}${path ? ` TEAM_SRE_FUZZ_PATH=${path}` : ''} node --import tsx --test --test-name-pattern="${pattern}" ${relative}`,
        'or the whole run:',
        `  ${seed}${runs} ${script}`,
      ].join('\n'),
      { cause: err },
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// Valid documents

export interface GeneratedDocument {
  text: string;
  format: FormatId;
  kind: string;
  /** The name under which the workspace index knows the object (Sloth AlertWindows: their period). */
  name: string | undefined;
}

const SERVICES = ['checkout', 'payments', 'search', 'web-frontend', 'api', 'db'] as const;
const WHAT = ['availability', 'latency', 'errors', 'freshness'] as const;

/** RFC 1123 names from a small pool, so that references resolve and names collide across files. */
export const nameArb = fc
  .tuple(fc.constantFrom(...SERVICES), fc.constantFrom(...WHAT), fc.nat({ max: 3 }))
  .map(([s, w, n]) => (n ? `${s}-${w}-${n}` : `${s}-${w}`));
export const serviceArb = fc.constantFrom(...SERVICES);

/** Free text with multi-byte characters (accents, CJK, emoji made of surrogate pairs), double-quoted. */
const proseArb = fc
  .oneof(
    fc.constantFrom(
      'Requests that succeed.',
      'Réponses servies à temps — p99 < 500 ms.',
      '支払い API の可用性',
      'Checkout 🛒 stays up 🚀',
      'Line one\nline two',
      'Tab\there, quote " and backslash \\',
    ),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  )
  .map((s) => JSON.stringify(s));

const ratioTargetArb = fc.constantFrom('0.9', '0.95', '0.99', '0.995', '0.999', '0.9995', '0.9999');
const percentTargetArb = fc.constantFrom('90', '95', '99', '99.5', '99.9', '99.95', '99.99');
const rollingArb = fc.constantFrom('7d', '14d', '28d', '30d', '1w', '4w');
const promWindowArb = fc.constantFrom('1d', '2w', '4w', '7d', '28d', '30d');

const metric = (service: string, good: boolean) =>
  `sum(rate(http_requests_total{job="${service}"${good ? ',code!~"5.."' : ''}}[5m]))`;
const slothMetric = (service: string, errors: boolean) =>
  `sum(rate(http_requests_total{job="${service}"${errors ? ',code=~"5.."' : ''}}[{{.window}}]))`;

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');

export function openSloV1Service(name: string, prose: string): GeneratedDocument {
  return {
    format: 'openslo/v1',
    kind: 'Service',
    name,
    text: `apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: ${name}\n  displayName: ${prose}\nspec:\n  description: ${prose}\n`,
  };
}

export function openSloV1DataSource(name: string): GeneratedDocument {
  return {
    format: 'openslo/v1',
    kind: 'DataSource',
    name,
    text: `apiVersion: openslo/v1\nkind: DataSource\nmetadata:\n  name: ${name}\nspec:\n  type: Prometheus\n  connectionDetails:\n    url: http://prometheus.monitoring:9090\n`,
  };
}

function sliSpec(service: string, ratio: boolean, dataSource: string | undefined): string {
  const source = (query: string) =>
    `metricSource:\n${dataSource ? `  metricSourceRef: ${dataSource}\n` : ''}  type: Prometheus\n  spec:\n    query: ${query}\n`;
  if (ratio)
    return `ratioMetric:\n  counter: true\n  good:\n${indent(source(metric(service, true)), '    ')}  total:\n${indent(source(metric(service, false)), '    ')}`;
  return `thresholdMetric:\n${indent(source(`histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="${service}"}[5m])))`), '  ')}`;
}

export function openSloV1Sli(name: string, service: string, ratio: boolean, ds?: string): GeneratedDocument {
  return {
    format: 'openslo/v1',
    kind: 'SLI',
    name,
    text: `apiVersion: openslo/v1\nkind: SLI\nmetadata:\n  name: ${name}\nspec:\n${indent(sliSpec(service, ratio, ds), '  ')}`,
  };
}

export interface SloParameters {
  name: string;
  service: string;
  /** An SLI by name, or inline. */
  indicatorRef?: string;
  target: string;
  timeslices: boolean;
  calendar: boolean;
  window: string;
  alertPolicy?: string;
  prose: string;
}

export function openSloV1Slo(p: SloParameters): GeneratedDocument {
  const indicator = p.indicatorRef
    ? `  indicatorRef: ${p.indicatorRef}\n`
    : `  indicator:\n    metadata:\n      name: ${p.name}-sli\n    spec:\n${indent(sliSpec(p.service, true, undefined), '      ')}`;
  const window = p.calendar
    ? `  timeWindow:\n    - duration: 1M\n      isRolling: false\n      calendar:\n        startTime: '2026-01-01 00:00:00'\n        timeZone: Europe/Paris\n`
    : `  timeWindow:\n    - duration: ${p.window}\n      isRolling: true\n`;
  const objective = p.timeslices
    ? `    - displayName: ${p.prose}\n      target: ${p.target}\n      timeSliceTarget: 0.95\n      timeSliceWindow: 1m\n`
    : `    - displayName: ${p.prose}\n      target: ${p.target}\n`;
  return {
    format: 'openslo/v1',
    kind: 'SLO',
    name: p.name,
    text:
      `apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: ${p.name}\n  labels:\n    team: ${p.service}\nspec:\n` +
      `  description: ${p.prose}\n  service: ${p.service}\n${indicator}` +
      `  budgetingMethod: ${p.timeslices ? 'Timeslices' : 'Occurrences'}\n${window}  objectives:\n${objective}` +
      (p.alertPolicy ? `  alertPolicies:\n    - alertPolicyRef: ${p.alertPolicy}\n` : ''),
  };
}

export function openSloV1AlertPolicy(name: string, condition: string, target: string): GeneratedDocument {
  return {
    format: 'openslo/v1',
    kind: 'AlertPolicy',
    name,
    text: `apiVersion: openslo/v1\nkind: AlertPolicy\nmetadata:\n  name: ${name}\nspec:\n  alertWhenBreaching: true\n  conditions:\n    - conditionRef: ${condition}\n  notificationTargets:\n    - targetRef: ${target}\n`,
  };
}

export function openSloV1AlertCondition(
  name: string,
  threshold: string,
  lookback: string,
): GeneratedDocument {
  return {
    format: 'openslo/v1',
    kind: 'AlertCondition',
    name,
    text: `apiVersion: openslo/v1\nkind: AlertCondition\nmetadata:\n  name: ${name}\nspec:\n  severity: page\n  condition:\n    kind: burnrate\n    op: gte\n    threshold: ${threshold}\n    lookbackWindow: ${lookback}\n    alertAfter: 5m\n`,
  };
}

export function openSloV1Target(name: string): GeneratedDocument {
  return {
    format: 'openslo/v1',
    kind: 'AlertNotificationTarget',
    name,
    text: `apiVersion: openslo/v1\nkind: AlertNotificationTarget\nmetadata:\n  name: ${name}\nspec:\n  target: pagerduty\n`,
  };
}

export function openSloV1AlphaService(name: string): GeneratedDocument {
  return {
    format: 'openslo/v1alpha',
    kind: 'Service',
    name,
    text: `apiVersion: openslo/v1alpha\nkind: Service\nmetadata:\n  name: ${name}\n  displayName: ${name}\nspec:\n  description: A service.\n`,
  };
}

export function openSloV1AlphaSlo(
  name: string,
  service: string,
  target: string,
  ratio: boolean,
): GeneratedDocument {
  const objective = ratio
    ? `  - ratioMetrics:\n      good:\n        source: prometheus\n        queryType: promql\n        query: ${metric(service, true)}\n      incremental: true\n      total:\n        source: prometheus\n        queryType: promql\n        query: ${metric(service, false)}\n    displayName: good\n    target: ${target}\n    value: 1\n`
    : `  - displayName: fast\n    op: lt\n    target: ${target}\n    value: 2000\n`;
  const indicator = ratio
    ? ''
    : `  indicator:\n    thresholdMetric:\n      source: prometheus\n      queryType: promql\n      query: ${metric(service, false)}\n`;
  return {
    format: 'openslo/v1alpha',
    kind: 'SLO',
    name,
    text:
      `apiVersion: openslo/v1alpha\nkind: SLO\nmetadata:\n  name: ${name}\n  displayName: ${name}\nspec:\n` +
      `  budgetingMethod: Occurrences\n  description: v1alpha SLO\n${indicator}  objectives:\n${objective}` +
      `  service: ${service}\n  timeWindows:\n  - count: 28\n    isRolling: true\n    unit: Day\n`,
  };
}

export function openSloV2AlphaSlo(
  name: string,
  service: string,
  target: string,
  window: string,
): GeneratedDocument {
  return {
    format: 'openslo/v2alpha',
    kind: 'SLO',
    name,
    text:
      `apiVersion: openslo.com/v2alpha\nkind: SLO\nmetadata:\n  name: ${name}\n  labels:\n    team: ${service}\nspec:\n` +
      `  description: v2alpha SLO\n  service: ${service}\n  sli:\n    metadata:\n      name: ${name}-ratio\n    spec:\n` +
      `      ratioMetric:\n        counter: true\n        good:\n          dataSourceRef: prometheus\n          spec:\n            query: ${metric(service, true)}\n` +
      `        total:\n          dataSourceRef: prometheus\n          spec:\n            query: ${metric(service, false)}\n` +
      `  timeWindow:\n    - duration: ${window}\n      isRolling: true\n  budgetingMethod: Occurrences\n  objectives:\n    - displayName: Good\n      target: ${target}\n`,
  };
}

export function openSloV2AlphaService(name: string): GeneratedDocument {
  return {
    format: 'openslo/v2alpha',
    kind: 'Service',
    name,
    text: `apiVersion: openslo.com/v2alpha\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  description: A v2alpha service.\n`,
  };
}

function slothSlos(service: string, objectives: string[], camel: boolean, base: string): string {
  const [errorKey, totalKey] = camel ? ['errorQuery', 'totalQuery'] : ['error_query', 'total_query'];
  const [page, ticket] = camel ? ['pageAlert', 'ticketAlert'] : ['page_alert', 'ticket_alert'];
  return objectives
    .map(
      (objective, i) =>
        `${base}- name: requests-${i}\n${base}  objective: ${objective}\n${base}  description: SLO ${i}.\n` +
        `${base}  sli:\n${base}    events:\n${base}      ${errorKey}: ${slothMetric(service, true)}\n${base}      ${totalKey}: ${slothMetric(service, false)}\n` +
        `${base}  alerting:\n${base}    name: ${service.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}Errors${i}\n` +
        `${base}    ${page}:\n${base}      labels:\n${base}        severity: page\n${base}    ${ticket}:\n${base}      disable: true\n`,
    )
    .join('');
}

export function slothPrometheus(service: string, objectives: string[]): GeneratedDocument {
  return {
    format: 'sloth/v1',
    kind: 'prometheus/v1',
    name: service,
    text: `version: prometheus/v1\nservice: ${service}\nlabels:\n  team: ${service}\nslos:\n${slothSlos(service, objectives, false, '  ')}`,
  };
}

export function slothKubernetes(name: string, service: string, objectives: string[]): GeneratedDocument {
  return {
    format: 'sloth/k8s',
    kind: 'PrometheusServiceLevel',
    name,
    text: `apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata:\n  name: ${name}\n  namespace: monitoring\nspec:\n  service: ${service}\n  labels:\n    team: ${service}\n  slos:\n${slothSlos(service, objectives, true, '    ')}`,
  };
}

export function slothAlertWindows(): GeneratedDocument {
  return {
    format: 'sloth/alert-windows',
    kind: 'AlertWindows',
    // Found by its period as Prometheus prints it: 7 days is `1w`.
    name: '1w',
    text:
      `apiVersion: sloth.slok.dev/v1\nkind: AlertWindows\nspec:\n  sloPeriod: 7d\n  page:\n    quick:\n      errorBudgetPercent: 8\n      shortWindow: 5m\n      longWindow: 1h\n` +
      `    slow:\n      errorBudgetPercent: 12.5\n      shortWindow: 30m\n      longWindow: 6h\n  ticket:\n    quick:\n      errorBudgetPercent: 20\n      shortWindow: 2h\n      longWindow: 24h\n` +
      `    slow:\n      errorBudgetPercent: 42\n      shortWindow: 6h\n      longWindow: 72h\n`,
  };
}

export function pyrra(
  name: string,
  service: string,
  target: string,
  window: string,
  indicator: number,
): GeneratedDocument {
  const indicators = [
    `    ratio:\n      errors:\n        metric: http_requests_total{job="${service}",code=~"5.."}\n      total:\n        metric: http_requests_total{job="${service}"}\n      grouping:\n        - route\n`,
    `    latency:\n      success:\n        metric: http_request_duration_seconds_bucket{job="${service}",le="0.5"}\n      total:\n        metric: http_request_duration_seconds_count{job="${service}"}\n`,
    `    bool_gauge:\n      metric: probe_success{job="${service}"}\n`,
  ];
  return {
    format: 'pyrra/v1alpha1',
    kind: 'ServiceLevelObjective',
    name,
    text: `apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: ${name}\n  namespace: monitoring\n  labels:\n    team: ${service}\nspec:\n  description: Pyrra SLO.\n  target: '${target}'\n  window: ${window}\n  indicator:\n${indicators[indicator % indicators.length]}`,
  };
}

const sloParametersArb: fc.Arbitrary<SloParameters> = fc.record(
  {
    name: nameArb,
    service: serviceArb,
    indicatorRef: nameArb,
    target: ratioTargetArb,
    timeslices: fc.boolean(),
    calendar: fc.boolean(),
    window: rollingArb,
    alertPolicy: nameArb,
    prose: proseArb,
  },
  { requiredKeys: ['name', 'service', 'target', 'timeslices', 'calendar', 'window', 'prose'] },
);

/** One valid object of each format and kind, each equally likely. */
export const documentArb: fc.Arbitrary<GeneratedDocument> = fc.oneof(
  fc.tuple(serviceArb, proseArb).map(([n, p]) => openSloV1Service(n, p)),
  nameArb.map(openSloV1DataSource),
  fc
    .tuple(nameArb, serviceArb, fc.boolean(), fc.option(nameArb, { nil: undefined }))
    .map(([n, s, r, d]) => openSloV1Sli(n, s, r, d)),
  sloParametersArb.map(openSloV1Slo),
  fc.tuple(nameArb, nameArb, nameArb).map(([n, c, t]) => openSloV1AlertPolicy(n, c, t)),
  fc
    .tuple(nameArb, fc.constantFrom('1', '2', '14.4', '6'), fc.constantFrom('5m', '1h', '6h'))
    .map(([n, t, l]) => openSloV1AlertCondition(n, t, l)),
  nameArb.map(openSloV1Target),
  serviceArb.map(openSloV1AlphaService),
  fc
    .tuple(nameArb, serviceArb, ratioTargetArb, fc.boolean())
    .map(([n, s, t, r]) => openSloV1AlphaSlo(n, s, t, r)),
  fc
    .tuple(nameArb, serviceArb, ratioTargetArb, rollingArb)
    .map(([n, s, t, w]) => openSloV2AlphaSlo(n, s, t, w)),
  serviceArb.map(openSloV2AlphaService),
  fc
    .tuple(serviceArb, fc.array(percentTargetArb, { minLength: 1, maxLength: 3 }))
    .map(([s, o]) => slothPrometheus(s, o)),
  fc
    .tuple(nameArb, serviceArb, fc.array(percentTargetArb, { minLength: 1, maxLength: 3 }))
    .map(([n, s, o]) => slothKubernetes(n, s, o)),
  fc.constant(null).map(slothAlertWindows),
  fc
    .tuple(nameArb, serviceArb, percentTargetArb, promWindowArb, fc.nat({ max: 2 }))
    .map(([n, s, t, w, i]) => pyrra(n, s, t, w, i)),
);

export interface GeneratedFile {
  text: string;
  documents: GeneratedDocument[];
}

/** Documents of a file: `---`-separated (optionally with a leading `---`), or one top-level list. */
export function joinDocuments(documents: GeneratedDocument[], style: 'stream' | 'leading' | 'list'): string {
  // A list holds objects of one format only in practice (oslo's v1alpha and v2alpha files).
  if (style === 'list' && documents.length > 1)
    return documents.map((d) => `- ${indent(d.text, '  ').slice(2)}`).join('');
  const body = documents.map((d) => d.text).join('---\n');
  return style === 'leading' ? `---\n${body}` : body;
}

/** A valid file of one to `max` objects; Sloth `prometheus/v1` files hold one object, as Sloth reads them. */
export function fileArb(max = 4): fc.Arbitrary<GeneratedFile> {
  return fc
    .tuple(
      fc.array(documentArb, { minLength: 1, maxLength: max }),
      fc.constantFrom('stream' as const, 'leading' as const, 'list' as const),
    )
    .map(([documents, style]) => {
      const usable = documents.filter(
        (d, i) => d.format !== 'sloth/v1' || (i === 0 && documents.length === 1),
      );
      const kept = usable.length ? usable : documents.slice(0, 1);
      const listable = kept.every((d) => d.format.startsWith('openslo')) ? style : 'stream';
      return { documents: kept, text: joinDocuments(kept, listable) };
    });
}

// ---------------------------------------------------------------------------------------------------
// Mutations

/** Fragments that mean something to YAML, typed or pasted at random places. */
const YAML_FRAGMENTS = [
  ':',
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '|',
  '>-',
  '#',
  '\t',
  '\r',
  '\r\n',
  '\n',
  '\u2028',
  '\u0085',
  '---\n',
  '...\n',
  '--- ',
  '%YAML 1.2\n',
  '? ',
  '<<: *a\n',
  '@',
  '`',
  '\\',
  '\u0000',
  '\uFEFF',
  '\uD83D',
  '\uDE80',
  '🚀',
  'é',
  'kind: SLO\n',
  'apiVersion: openslo/v1\n',
  'target: 99.9',
  'name: Not A Name',
  '  ',
];

export type Mutation =
  | { op: 'deleteLine'; at: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'indent'; at: number; delta: number }
  | { op: 'tabs'; at: number }
  | { op: 'truncateUtf8'; at: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'hugeScalar'; at: number; size: number }
  | { op: 'deepNest'; at: number; open: string; close: string; depth: number }
  | { op: 'aliasBomb'; levels: number; width: number }
  | { op: 'selfAlias' }
  | { op: 'crlf'; from: number }
  | { op: 'bom' }
  | { op: 'concat'; separator: string };

const pos = fc.nat();

/** Text typed or pasted: YAML fragments, random Unicode (lone surrogates included), raw bytes read as Latin-1. */
export const insertedTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...YAML_FRAGMENTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('latin1')) },
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deleteLine' as const), at: pos }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), at: pos }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('swapLines' as const), a: pos, b: pos }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('indent' as const),
      at: pos,
      delta: fc.integer({ min: -4, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tabs' as const), at: pos }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('truncateUtf8' as const), at: pos }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: pos }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('insert' as const), at: pos, text: insertedTextArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('delete' as const),
      at: pos,
      length: fc.integer({ min: 1, max: 40 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('hugeScalar' as const),
      at: pos,
      size: fc.integer({ min: 10_000, max: 400_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        op: fc.constant('deepNest' as const),
        at: pos,
        style: fc.constantFrom(['[', ']'], ['{a: ', '}'], ['- ', ''], ['\n- ', ''], ['{', '}'], ['? ', '']),
        depth: fc.integer({ min: 50, max: 6_000 }),
      })
      .map(({ op, at, style, depth }) => ({ op, at, open: style[0]!, close: style[1]!, depth })),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('aliasBomb' as const),
      levels: fc.integer({ min: 2, max: 14 }),
      width: fc.integer({ min: 2, max: 12 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('selfAlias' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('crlf' as const), from: pos }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bom' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('concat' as const),
      separator: fc.constantFrom('---\n', '...\n---\n', '--- # again\n', '\n---\r\n', '---'),
    }),
  },
);

function lines(text: string): string[] {
  return text.split('\n');
}

/** Applies one mutation; positions are taken modulo the text, so every mutation applies to any text. */
export function mutate(text: string, m: Mutation): string {
  const at = (n: number) => n % (text.length + 1);
  const line = (n: number, all: string[]) => n % all.length;
  switch (m.op) {
    case 'deleteLine': {
      const all = lines(text);
      all.splice(line(m.at, all), 1);
      return all.join('\n');
    }
    case 'duplicateLine': {
      const all = lines(text);
      const i = line(m.at, all);
      all.splice(i, 0, all[i]!);
      return all.join('\n');
    }
    case 'swapLines': {
      const all = lines(text);
      const [a, b] = [line(m.a, all), line(m.b, all)];
      [all[a], all[b]] = [all[b]!, all[a]!];
      return all.join('\n');
    }
    case 'indent': {
      const all = lines(text);
      const i = line(m.at, all);
      all[i] =
        m.delta >= 0 ? ' '.repeat(m.delta) + all[i] : all[i]!.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return all.join('\n');
    }
    case 'tabs': {
      const all = lines(text);
      const i = line(m.at, all);
      all[i] = all[i]!.replace(/^( {2})+/, (s) => '\t'.repeat(s.length / 2));
      return all.join('\n');
    }
    case 'truncateUtf8': {
      // What a client reading a file cut at any byte (inside a multi-byte character too) would send.
      const bytes = Buffer.from(text, 'utf8');
      return new TextDecoder('utf-8').decode(bytes.subarray(0, m.at % (bytes.length + 1)));
    }
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'insert':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'delete':
      return text.slice(0, at(m.at)) + text.slice(at(m.at) + m.length);
    case 'hugeScalar':
      return `${text.slice(0, at(m.at))}${'x'.repeat(m.size)}${text.slice(at(m.at))}`;
    case 'deepNest':
      return `${text.slice(0, at(m.at))}${m.open.repeat(m.depth)}x${m.close.repeat(m.depth)}${text.slice(at(m.at))}`;
    case 'aliasBomb': {
      let bomb = `    l0: &a0 [${Array(m.width).fill('lol').join(', ')}]\n`;
      for (let i = 1; i < m.levels; i++)
        bomb += `    l${i}: &a${i} [${Array(m.width)
          .fill(`*a${i - 1}`)
          .join(', ')}]\n`;
      const top = `*a${m.levels - 1}`;
      const withLabels = text.replace(/^metadata:\n/m, `metadata:\n  annotations:\n${bomb}`);
      return `${withLabels}${withLabels.endsWith('\n') || !withLabels ? '' : '\n'}---\napiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: bomb\n  annotations:\n${bomb}spec:\n  description: ${top}\n  objectives: ${top}\n  timeWindow: [{duration: ${top}}]\n`;
    }
    case 'selfAlias':
      // An anchor on a collection that refers to itself: a cycle, if anything followed aliases blindly.
      return text.replace(/^spec:\n/m, 'spec: &loop\n  self: *loop\n  merged:\n    <<: *loop\n');
    case 'crlf':
      return text.slice(0, at(m.from)) + text.slice(at(m.from)).replace(/\r?\n/g, '\r\n');
    case 'bom':
      return `\uFEFF${text}`;
    case 'concat':
      return `${text}${m.separator}${text}`;
  }
}

export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 4 });

/** A valid file put through a few mutations. */
export const mutatedFileArb: fc.Arbitrary<{ file: GeneratedFile; mutations: Mutation[]; text: string }> = fc
  .tuple(fileArb(), mutationsArb)
  .map(([file, mutations]) => ({ file, mutations, text: mutations.reduce(mutate, file.text) }));

// ---------------------------------------------------------------------------------------------------
// LSP positions, as a client counts them

interface LspPosition {
  line: number;
  character: number;
}
interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** Start offsets of the lines of a text, split at `\r\n`, `\r` and `\n` like LSP clients do. */
export function lspLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) starts.push(i + 1);
  }
  return starts;
}

/** The LSP view of a text: its lines, their lengths without line breaks, and position/offset mapping. */
export class LspText {
  readonly starts: number[];

  constructor(readonly text: string) {
    this.starts = lspLineStarts(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Where line `line`'s content ends (before its line break). */
  contentEnd(line: number): number {
    const next = this.starts[line + 1];
    if (next === undefined) return this.text.length;
    return next - (this.text[next - 2] === '\r' && this.text[next - 1] === '\n' ? 2 : 1);
  }

  lineLength(line: number): number {
    return this.contentEnd(line) - this.starts[line]!;
  }

  position(offset: number): LspPosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(offset, this.contentEnd(lo)) - this.starts[lo]! };
  }

  offset(p: LspPosition): number {
    return this.starts[p.line]! + p.character;
  }

  /** Why a position is not one a client can show, or undefined when it is. */
  positionProblem(p: LspPosition): string | undefined {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return 'not integers';
    if (p.line < 0 || p.line >= this.lineCount) return `line ${p.line} outside 0..${this.lineCount - 1}`;
    if (p.character < 0 || p.character > this.lineLength(p.line))
      return `character ${p.character} outside line ${p.line} of length ${this.lineLength(p.line)}`;
    const offset = this.offset(p);
    const before = this.text.charCodeAt(offset - 1);
    const after = this.text.charCodeAt(offset);
    if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff)
      return `splits the surrogate pair at offset ${offset - 1}`;
    return undefined;
  }

  rangeProblem(r: LspRange): string | undefined {
    const problem = this.positionProblem(r.start) ?? this.positionProblem(r.end);
    if (problem) return problem;
    if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character))
      return 'start after end';
    return undefined;
  }

  /** A position from two random numbers: any line, and any character up to a little past its end. */
  randomPosition(a: number, b: number): LspPosition {
    const line = a % (this.lineCount + 1);
    const length = line < this.lineCount ? this.lineLength(line) : 0;
    return { line, character: b % (length + 3) };
  }
}
