// Replaying alert rules over the past: recorded series replaced by their recording expressions, and the firing
// intervals Prometheus's rule manager would have produced from the instants an alert expression returned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpandError, expandRecorded } from '../../src/rules/expand.js';
import { firingIntervals } from '../../src/rules/firing.js';
import type { Rule } from '../../src/rules/types.js';

const RECORDINGS: Rule[] = [
  {
    record: 'slo:sli_error:ratio_rate5m',
    expr: '(sum(rate(errors{job="a"}[5m])))\n/\n(sum(rate(total{job="a"}[5m])))\n',
    labels: { sloth_id: 'a-avail', sloth_window: '5m' },
  },
  {
    record: 'slo:sli_error:ratio_rate5m',
    expr: 'sum(rate(errors{job="b"}[5m])) / sum(rate(total{job="b"}[5m]))',
    labels: { sloth_id: 'b-avail', sloth_window: '5m' },
  },
  {
    record: 'slo:sli_error:ratio_rate30d',
    expr: 'sum_over_time(slo:sli_error:ratio_rate5m{sloth_id="a-avail"}[30d]) / ignoring (sloth_window) count_over_time(slo:sli_error:ratio_rate5m{sloth_id="a-avail"}[30d])',
    labels: { sloth_id: 'a-avail', sloth_window: '30d' },
  },
];

const A5M =
  'label_replace(label_replace(((sum(rate(errors{job="a"}[5m])))\n/\n(sum(rate(total{job="a"}[5m])))), "sloth_id", "a-avail", "", ""), "sloth_window", "5m", "", "")';

test('a recorded selector becomes its recording, with the static labels the rule sets', () => {
  assert.equal(
    expandRecorded(
      'max(slo:sli_error:ratio_rate5m{sloth_id="a-avail"} > (14.4 * 0.001)) without (sloth_window)',
      RECORDINGS,
      '1m',
    ),
    `max(${A5M} > (14.4 * 0.001)) without (sloth_window)`,
  );
});

test('a range over a recorded series becomes a subquery at the evaluation step, recursively', () => {
  assert.equal(
    expandRecorded('slo:sli_error:ratio_rate30d{sloth_id="a-avail"} > 0.001', RECORDINGS, '1m'),
    `label_replace(label_replace((sum_over_time(${A5M}[30d:1m]) / ignoring (sloth_window) count_over_time(${A5M}[30d:1m])), "sloth_id", "a-avail", "", ""), "sloth_window", "30d", "", "") > 0.001`,
  );
});

test('a selector several rules match reads all of them; one no rule matches is an error; other metrics stay', () => {
  const both = expandRecorded('slo:sli_error:ratio_rate5m > 0.01', RECORDINGS, '1m');
  assert.match(both, /^\(label_replace\(.* or label_replace\(.*\) > 0\.01$/s);
  assert.equal(
    expandRecorded('rate(up{job=~"a|b"}[5m]) > 0', RECORDINGS, '1m'),
    'rate(up{job=~"a|b"}[5m]) > 0',
  );
  assert.throws(
    () => expandRecorded('slo:sli_error:ratio_rate5m{sloth_id="c"} > 0', RECORDINGS, '1m'),
    (e: unknown) =>
      e instanceof ExpandError &&
      e.message === 'no recording rule of slo:sli_error:ratio_rate5m has the labels {sloth_id="c"}',
  );
  assert.match(
    expandRecorded('slo:sli_error:ratio_rate5m{sloth_id=~"a-.*"} > 0', RECORDINGS, '1m'),
    /^label_replace\(label_replace\(\(\(sum\(rate\(errors\{job="a"\}/,
  );
});

test('recordings that read each other in a loop are refused', () => {
  const loop: Rule[] = [
    { record: 'x:a', expr: 'x:b + 1' },
    { record: 'x:b', expr: 'x:a + 1' },
  ];
  assert.throws(
    () => expandRecorded('x:a > 0', loop, '1m'),
    /recording rules read each other more than 8 levels deep/,
  );
});

const T = 1_700_000_000;
const at = (...ks: number[]) => ks.map((k) => T + k * 60);
const L = { alertname: 'X' };

test('without `for`, an alert fires at the first evaluation that returns it and resolves at the first that does not', () => {
  assert.deepEqual(
    firingIntervals([{ labels: L, times: at(3, 4, 5, 9) }], {
      from: T,
      to: T + 20 * 60,
      step: 60,
      forSeconds: 0,
    }),
    [
      { start: T + 3 * 60, end: T + 6 * 60, labels: L },
      { start: T + 9 * 60, end: T + 10 * 60, labels: L },
    ],
  );
});

test('`for` needs the series at every evaluation for that long; a gap resets it', () => {
  const opts = { from: T, to: T + 30 * 60, step: 60, forSeconds: 120 };
  // 3, 4 (pending), 6..9: pending at 6, firing at 8, resolved at 10.
  assert.deepEqual(firingIntervals([{ labels: L, times: at(3, 4, 6, 7, 8, 9) }], opts), [
    { start: T + 8 * 60, end: T + 10 * 60, labels: L },
  ]);
  // Still firing at the end of the range: no end.
  assert.deepEqual(firingIntervals([{ labels: L, times: at(27, 28, 29, 30) }], opts), [
    { start: T + 29 * 60, labels: L },
  ]);
  // `for: 90s` at a 1-minute step is two evaluations, as Prometheus compares elapsed time.
  assert.deepEqual(firingIntervals([{ labels: L, times: at(0, 1, 2) }], { ...opts, forSeconds: 90 }), [
    { start: T + 2 * 60, end: T + 3 * 60, labels: L },
  ]);
});

test('`keep_firing_for` holds a firing alert over short gaps and resolves after it', () => {
  const opts = { from: T, to: T + 30 * 60, step: 60, forSeconds: 0, keepFiringForSeconds: 180 };
  assert.deepEqual(firingIntervals([{ labels: L, times: at(1, 2, 5, 6, 20) }], opts), [
    { start: T + 60, end: T + 10 * 60, labels: L },
    { start: T + 20 * 60, end: T + 24 * 60, labels: L },
  ]);
});

test('each series fires on its own, sorted by start', () => {
  const a = { alertname: 'X', slo: 'a' };
  const b = { alertname: 'X', slo: 'b' };
  assert.deepEqual(
    firingIntervals(
      [
        { labels: a, times: at(5) },
        { labels: b, times: at(2) },
      ],
      { from: T, to: T + 600, step: 60, forSeconds: 0 },
    ),
    [
      { start: T + 120, end: T + 180, labels: b },
      { start: T + 300, end: T + 360, labels: a },
    ],
  );
});
