// PromQL type errors (SLO502): each check with the message and the range Prometheus reports, and its column
// inside YAML strings of every style.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/language/analysis/analyze.js';
import { promqlProblem } from '../../src/language/syntax/promql.js';
import type { Diagnostic } from '../../src/language/types.js';

/** The problem as `from-to message`, indices into the query; `ok` when there is none. */
function verdict(query: string): string {
  const p = promqlProblem(query);
  if (!p) return 'ok';
  assert.equal(p.kind, 'type', `${query}: a type error, not a syntax error (${p.message})`);
  return `${p.from}-${p.to} ${p.message}`;
}

/** One row per check: the query, then what Prometheus says and where (its column is `from + 1`). */
const ERRORS: Array<[string, string]> = [
  // Ranges and subqueries (generated_parser.y, matrix_selector; checkAST, SubqueryExpr)
  ['sum_over_time(probe_success{job="x"} == 0[5m])', '41-45 ranges only allowed for vector selectors'],
  ['(foo)[5m]', '5-9 ranges only allowed for vector selectors'],
  ['foo offset 1m [5m]', '14-18 no offset modifiers allowed before range'],
  ['foo @ 100 [5m]', '10-14 no @ modifiers allowed before range'],
  ['foo[0s]', '4-6 duration must be greater than 0'],
  ['foo[-5m]', '4-7 duration must be greater than 0'],
  ['1[5m:]', '0-6 subquery is only allowed on instant vector, got scalar instead'],
  // Function calls: argument counts (fixed and variadic) and types
  ['label_replace(foo, "a", "b", "c")', '0-33 expected 5 argument(s) in call to "label_replace", got 4'],
  ['round(foo, 1, 2)', '0-16 expected at most 2 argument(s) in call to "round", got 3'],
  ['time(foo)', '0-9 expected 0 argument(s) in call to "time", got 1'],
  ['rate(foo)', '5-8 expected type range vector in call to function "rate", got instant vector'],
  ['absent(foo[5m])', '7-14 expected type instant vector in call to function "absent", got range vector'],
  ['vector(foo)', '7-10 expected type scalar in call to function "vector", got instant vector'],
  ['rate(sum(foo[5m]))', '9-16 expected type instant vector in aggregation expression, got range vector'],
  // Binary operators
  ['1 == 1', '2-4 comparisons between scalars must use BOOL modifier'],
  ['a + bool b', '2-8 bool modifier can only be used on comparison operators'],
  ['"a" + 1', '0-3 binary expression must contain only scalar and instant vector types'],
  ['a == b[5m]', '5-10 binary expression must contain only scalar and instant vector types'],
  ['a and 1', '0-7 set operator "and" not allowed in binary scalar expression'],
  ['a unless ignoring(x) group_right b', '0-34 no grouping allowed for "unless" operation'],
  ['a - on(x) 1', '0-11 vector matching only allowed between instant vectors'],
  ['a and on(x) group_left(x) b', '2-25 label "x" must not occur in ON and GROUP clause at once'],
  [
    '-foo[5m]',
    '0-8 unary expression only allowed on expressions of type scalar or instant vector, got "range vector"',
  ],
  // Aggregations: their parameter and argument count
  ['topk("a", foo)', '5-8 expected type scalar in aggregation parameter, got string'],
  ['count_values(1, foo)', '13-14 expected type string in aggregation parameter, got scalar'],
  ['topk(foo)', '0-9 wrong number of arguments for aggregate expression provided, expected 2, got 1'],
  ['sum(a, b)', '0-9 wrong number of arguments for aggregate expression provided, expected 1, got 2'],
  ['sum()', '0-5 no arguments for aggregate expression provided'],
  // offset and @
  [
    'sum(rate(a[5m])) - sum(rate(a[5m])) offset 1d',
    '19-35 offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
  ],
  [
    'sum(x) @ 100',
    '0-6 @ modifier must be preceded by an instant vector selector or range vector selector or a subquery',
  ],
  ['foo offset 1m offset 2m', '0-13 offset may not be set multiple times'],
  ['foo @ 1 @ 2', '0-7 @ <timestamp> may not be set multiple times'],
  ['foo @ 1e30', '0-3 timestamp out of bounds for @ modifier: 1000000000000000019884624838656.000000'],
  // Selectors
  ['{job=""}', '0-8 vector selector must contain at least one non-empty matcher'],
  ['foo{__name__="bar"}', '0-19 metric name must not be set twice: "foo" or "bar"'],
  // Features Prometheus, Sloth and Pyrra leave off by default
  ['mad_over_time(foo[5m])', '0-13 function "mad_over_time" is not enabled'],
  [
    'limitk(1, foo)',
    '0-14 limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions',
  ],
  ['foo[5m+1m]', '4-6 experimental duration expression is not enabled'],
  ['foo offset (5m)', '12-14 experimental duration expression is not enabled'],
  ['foo[step()]', '4-10 experimental duration expression is not enabled'],
  ['a + fill(0) b', '0-13 binop fill modifiers are experimental and not enabled'],
  ['rate(foo[5m] anchored)', '5-12 anchored modifier is experimental and not enabled'],
];

/** Queries Prometheus accepts, several of which the lezer grammar nests differently. */
const VALID = [
  'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
  'a - b offset 1d',
  '-a offset 5m',
  'a + b @ 1609746000',
  'rate(x[5m]) / rate(x[5m] offset 1d)',
  'foo[5m] offset 1m',
  'foo offset 5m @ 100',
  'sum_over_time((count(up < 0.75))[1h:]) OR on() vector(0)',
  'avg_over_time((a == 1)[5m:1m])',
  '1 > bool 2',
  'a > bool on(x) group_left(y) b',
  'sum by (job) (rate(a[5m])) / on(job) group_left sum by (job) (rate(b[5m]))',
  'histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))',
  'quantile(0.9, foo)',
  'count_values("v", foo)',
  '{__name__="a",__name__="b"}',
  'label_replace(up, "a", "$1", "b", "(.*)")',
  'round(foo, 0.5)',
  'foo[+5m]',
  'foo offset -5m',
  'foo[1h30m]',
];

describe('PromQL type errors, as Prometheus reports them', () => {
  for (const [query, expected] of ERRORS) test(query, () => assert.equal(verdict(query), expected));

  for (const query of VALID) test(`accepts ${query}`, () => assert.equal(verdict(query), 'ok'));

  test('a syntax error comes first and stays SLO501', () => {
    const p = promqlProblem('rate(foo');
    assert.equal(p?.kind, undefined);
  });

  test('a long query is checked to its end', () => {
    const long = `${Array.from({ length: 200 }, (_, i) => `rate(m${i}[5m])`).join(' + ')} + rate(last)`;
    assert.ok(long.length > 3000);
    const at = long.indexOf('last');
    assert.equal(
      verdict(long),
      `${at}-${at + 4} expected type range vector in call to function "rate", got instant vector`,
    );
  });
});

const A = 'file:///work/a.yaml';

function sli(query: string): string {
  return [
    'apiVersion: openslo/v1',
    'kind: SLI',
    'metadata:',
    '  name: api-sli',
    'spec:',
    '  thresholdMetric:',
    '    metricSource:',
    '      type: Prometheus',
    '      spec:',
    `        query: ${query}`,
    '',
  ].join('\n');
}

/** Each diagnostic as `code severity line:col-line:col message`, 1-based. */
function shown(text: string): string[] {
  return analyzeText(A, text).diagnostics.map(
    (d: Diagnostic) =>
      `${d.code} ${d.severity} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`,
  );
}

const RATE =
  'PromQL type error: expected type range vector in call to function "rate", got instant vector; add a range such as “[5m]” to the selector.';

describe('SLO502 points at the column inside the YAML string', () => {
  test('plain scalar', () => {
    assert.deepEqual(shown(sli('sum(rate(http_requests_total))')), [`SLO502 error 10:25-10:44 ${RATE}`]);
  });

  test('double-quoted, with escapes before the error', () => {
    assert.deepEqual(shown(sli('"sum(rate(http_requests_total{code=\\"500\\"}))"')), [
      `SLO502 error 10:26-10:59 ${RATE}`,
    ]);
  });

  test('single-quoted', () => {
    assert.deepEqual(shown(sli("'sum(rate(http_requests_total{code=''500''}))'")), [
      `SLO502 error 10:26-10:59 ${RATE}`,
    ]);
  });

  test('block literal, on the second line', () => {
    assert.deepEqual(shown(sli('|\n          sum(\n            rate(http_requests_total)\n          )')), [
      `SLO502 error 12:18-12:37 ${RATE}`,
    ]);
  });

  test('folded block', () => {
    assert.deepEqual(shown(sli('>-\n          sum(rate(errors[5m]))\n          and 1')), [
      'SLO502 error 11:11-12:16 PromQL type error: set operator "and" not allowed in binary scalar expression; “and”, “or” and “unless” need instant vectors on both sides.',
    ]);
  });

  test('Sloth: the range of `== 0[{{.window}}]` in a quoted query', () => {
    const text = [
      'version: prometheus/v1',
      'service: probes',
      'slos:',
      '  - name: up',
      '    objective: 99',
      '    sli:',
      '      events:',
      '        error_query: "sum_over_time(probe_success{job=\\"x\\"} == 0[{{ .window }}])"',
      '        total_query: sum_over_time(probe_success{job="x"}[{{.window}}])',
      '    alerting:',
      '      page_alert: {disable: true}',
      '      ticket_alert: {disable: true}',
      '',
    ].join('\n');
    assert.deepEqual(shown(text), [
      'SLO502 error 8:66-8:81 PromQL type error: ranges only allowed for vector selectors; put the range on a metric selector, or make the expression a subquery: “(…)[5m:]”.',
    ]);
  });

  test('Pyrra: a metric that selects every series', () => {
    const text = [
      'apiVersion: pyrra.dev/v1alpha1',
      'kind: ServiceLevelObjective',
      'metadata:',
      '  name: api',
      'spec:',
      '  target: "99"',
      '  window: 4w',
      '  indicator:',
      '    ratio:',
      '      errors:',
      '        metric: \'{job=~".*"}\'',
      '      total:',
      '        metric: http_requests_total',
      '',
    ].join('\n');
    assert.deepEqual(shown(text), [
      'SLO502 error 11:18-11:29 PromQL type error: vector selector must contain at least one non-empty matcher; add a metric name or a matcher that needs a non-empty value.',
    ]);
  });
});
