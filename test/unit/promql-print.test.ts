// The PromQL printer and Go number and duration formats, against what Prometheus and Go print.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDuration,
  formatFloat,
  formatG,
  formatGoDuration,
  goQuote,
  parseDuration,
  printExpr,
} from '../../src/rules/promql-print.js';

test('model.Duration.String(): years and weeks only when exact', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'],
    [90 * 60_000, '1h30m'],
    [28 * 86_400_000, '4w'],
    [90 * 86_400_000, '90d'],
    [365 * 86_400_000, '1y'],
    [150_000, '2m30s'],
    [1500, '1s500ms'],
    [9 * 86_400_000 + 3_600_000, '9d1h'],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text);
});

test('time.Duration.String(): hours, minutes and seconds down to the unit', () => {
  const cases: Array<[number, string]> = [
    [120_000, '2m0s'],
    [3_600_000, '1h0m0s'],
    [45_000, '45s'],
    [1500, '1.5s'],
    [500, '500ms'],
    [0, '0s'],
  ];
  for (const [ms, text] of cases) assert.equal(formatGoDuration(ms), text);
});

test('model.ParseDuration: units in order, each once; 0 alone', () => {
  assert.equal(parseDuration('4w'), 28 * 86_400_000);
  assert.equal(parseDuration('1h30m'), 90 * 60_000);
  assert.equal(parseDuration('0'), 0);
  for (const bad of ['', '30m1h', '1.5h', '5', '1x', '99999999999999y'])
    assert.equal(parseDuration(bad), undefined, bad);
});

test("strconv 'f' -1 and %g: the shortest digits of a float64", () => {
  assert.equal(formatFloat(99.9 / 100), '0.9990000000000001');
  assert.equal(formatFloat(0.995), '0.995');
  assert.equal(formatFloat(1e-7), '0.0000001');
  assert.equal(formatFloat(1e21), '1000000000000000000000');
  assert.equal(formatG(1), '1');
  assert.equal(formatG(0.5), '0.5');
  assert.equal(formatG(1e-5), '1e-05');
  assert.equal(formatG(1234567), '1.234567e+06');
  assert.equal(formatG(123456), '123456');
});

test('strconv.Quote: escapes Go writes', () => {
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote('tab\tnl\n\u0001é'), '"tab\\tnl\\n\\x01é"');
});

test("Prometheus's printer: sorted matchers, the name's matcher left out, sum by (…), subqueries", () => {
  const vector = {
    kind: 'vector' as const,
    name: 'http_requests_total',
    matchers: [
      { name: 'job', type: '=' as const, value: 'api' },
      { name: 'code', type: '=~' as const, value: '5..' },
      { name: '__name__', type: '=' as const, value: 'http_requests_total' },
      { name: 'dotted.name', type: '!=' as const, value: 'x' },
    ],
  };
  assert.equal(
    printExpr({
      kind: 'aggregate',
      op: 'sum',
      grouping: ['job', 'handler'],
      expr: { kind: 'call', func: 'rate', args: [{ kind: 'matrix', vector, rangeMs: 90 * 60_000 }] },
    }),
    'sum by (job, handler) (rate(http_requests_total{"dotted.name"!="x",code=~"5..",job="api"}[1h30m]))',
  );
  assert.equal(
    printExpr({
      kind: 'binary',
      op: '==',
      lhs: {
        kind: 'subquery',
        expr: { kind: 'vector', name: 'up', matchers: [] },
        rangeMs: 28 * 86_400_000,
        stepMs: 300_000,
      },
      rhs: { kind: 'number', value: 1 },
    }),
    'up[4w:5m] == 1',
  );
});
