import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedBadMinutes, errorBudget } from '../../src/budget/budget.js';
import { badEventsPer, formatDuration, formatPercent, plural } from '../../src/budget/format.js';
import { openSloWindow, prometheusWindow, v1alphaWindow } from '../../src/budget/window.js';
import { budgetSentence } from '../../src/language/features/hover.js';

test('error budget without floating-point noise', () => {
  assert.equal(errorBudget(0.999), 0.001);
  assert.equal(errorBudget(0.9995), 0.0005);
  assert.equal(formatPercent(0.999), '99.9 %');
  assert.equal(formatPercent(errorBudget(0.999)), '0.1 %');
});

// The table "Allowed bad minutes for a 100 % outage" of the budget guide.
const TABLE: Array<[number, number[]]> = [
  [0.99, [100.8, 403.2, 432, 446.4, 1296, 1324.8]],
  [0.995, [50.4, 201.6, 216, 223.2, 648, 662.4]],
  [0.999, [10.08, 40.32, 43.2, 44.64, 129.6, 132.48]],
  [0.9995, [5.04, 20.16, 21.6, 22.32, 64.8, 66.24]],
  [0.9999, [1.008, 4.032, 4.32, 4.464, 12.96, 13.248]],
];
const DAYS = [7, 28, 30, 31, 90, 92];

test('allowed bad minutes reproduce the guide table exactly', () => {
  for (const [target, row] of TABLE) {
    DAYS.forEach((days, i) =>
      assert.equal(allowedBadMinutes(target, days * 1440), row[i], `${target} over ${days} d`),
    );
  }
});

test('durations and ratios read as people say them', () => {
  assert.equal(formatDuration(43.2), '43 min 12 s');
  assert.equal(formatDuration(1296), '21 h 36 min');
  assert.equal(formatDuration(2016), '1 day 9 h 36 min');
  assert.equal(formatDuration(0.004), 'under 1 s');
  assert.equal(badEventsPer(0.001), '1 bad request in 1 000');
  assert.equal(badEventsPer(0.0005), '1 bad request in 2 000');
  assert.equal(badEventsPer(0.003), 'about 1 bad request in 333');
});

test('windows: rolling, calendar, with the real range of calendar periods', () => {
  assert.deepEqual(openSloWindow('28d', true), {
    kind: 'rolling',
    minutes: 40320,
    label: '28 days, rolling',
  });
  assert.deepEqual(openSloWindow('1M', false), {
    kind: 'calendar',
    minutes: 43200,
    range: [40320, 44640],
    label: 'calendar month',
  });
  assert.equal(openSloWindow('1w', false)!.label, 'calendar week');
  assert.equal(openSloWindow('1Q', false)!.range![1], 92 * 1440);
  assert.equal(openSloWindow('30 days', true), undefined);
  assert.deepEqual(prometheusWindow('4w'), { kind: 'rolling', minutes: 40320, label: '28 days, rolling' });
  assert.equal(prometheusWindow('1h30m')!.label, '1 h 30 min, rolling');
  assert.equal(v1alphaWindow('Day', 30, true)!.label, '30 days, rolling');
});

test('the hover sentence: the brief example and a calendar month', () => {
  assert.equal(
    budgetSentence(0.999, openSloWindow('30d', true), 'Occurrences'),
    '**99.9 %** over **30 days, rolling**: error budget 0.1 %, **43 min 12 s** of full outage, or 1 bad request in 1 000.',
  );
  assert.equal(
    budgetSentence(0.999, openSloWindow('1M', false), 'Occurrences'),
    "**99.9 %** over **calendar month**: error budget 0.1 %, **43 min 12 s** of full outage (40 min 19 s to 44 min 38 s as the period's length varies), or 1 bad request in 1 000.",
  );
  assert.match(budgetSentence(1, openSloWindow('30d', true), 'Occurrences'), /no error budget at all/);
  assert.match(
    budgetSentence(0.99, undefined, 'Occurrences'),
    /error budget 1 %, 1 bad request in 100\. Set the window/,
  );
});

test('percentages: a target as written, a computed ratio to 4 significant digits', () => {
  assert.equal(formatPercent(0.9995), '99.95 %');
  assert.equal(formatPercent(0.99995), '99.995 %');
  assert.equal(formatPercent(1 - 0.99995), '0.005 %');
  assert.equal(formatPercent(0.31 / 30), '1.033 %');
  assert.equal(formatPercent(2 / 3), '66.67 %');
  assert.equal(formatPercent(14.4 * 0.001), '1.44 %');
});

test('counts with their noun: singular for one', () => {
  assert.equal(plural(1, 'query', 'queries'), '1 query');
  assert.equal(plural(0, 'query', 'queries'), '0 queries');
  assert.equal(plural(2, 'error'), '2 errors');
  assert.equal(plural(1200, 'file'), '1 200 files');
});
