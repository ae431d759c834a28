import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pyrraAlerts, slothAlerts } from '../../src/budget/alerts.js';
import { allowedBadMinutes, burnRate } from '../../src/budget/budget.js';
import { parseFromPreview } from '../../src/protocol/preview.js';
import { instantOf, localTime, periodAt } from '../../src/budget/calendar.js';
import {
  budgetRemaining,
  budgetReport,
  minutesToExhaust,
  whatIf,
  whatIfBadEvents,
  type BudgetInput,
} from '../../src/budget/budget-report.js';

const JAN_1 = { year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
const hours = (p: { start: Date; end: Date }) => (p.end.getTime() - p.start.getTime()) / 3_600_000;

test('calendar months have their real length: February in a leap year', () => {
  const feb = periodAt(new Date('2024-02-15T12:00:00Z'), 1, 'M', JAN_1, 'UTC');
  assert.deepEqual(
    [feb.start.toISOString(), feb.end.toISOString(), hours(feb)],
    ['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', 29 * 24],
  );
  assert.equal(hours(periodAt(new Date('2026-02-15T12:00:00Z'), 1, 'M', JAN_1, 'UTC')), 28 * 24);
  // The last instant of a period belongs to it; the next one starts the next period.
  assert.equal(
    periodAt(new Date('2023-12-31T23:59:59Z'), 1, 'M', JAN_1, 'UTC').start.toISOString(),
    '2023-12-01T00:00:00.000Z',
  );
  assert.equal(
    periodAt(new Date('2024-01-01T00:00:00Z'), 1, 'M', JAN_1, 'UTC').start.toISOString(),
    '2024-01-01T00:00:00.000Z',
  );
});

test('a DST month in Europe/Paris: March has 743 hours, October 745, starting at local midnight', () => {
  const march = periodAt(new Date('2026-03-15T12:00:00Z'), 1, 'M', JAN_1, 'Europe/Paris');
  assert.deepEqual(
    [march.start.toISOString(), march.end.toISOString(), hours(march)],
    ['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z', 743],
  );
  assert.equal(hours(periodAt(new Date('2026-10-15T12:00:00Z'), 1, 'M', JAN_1, 'Europe/Paris')), 745);
  // A calendar week holding the spring change is 167 hours long.
  assert.equal(
    hours(
      periodAt(
        new Date('2026-03-29T12:00:00Z'),
        1,
        'w',
        { ...JAN_1, year: 2026, month: 3, day: 23 },
        'Europe/Paris',
      ),
    ),
    167,
  );
  assert.deepEqual(localTime(new Date('2026-03-29T01:30:00Z'), 'Europe/Paris'), {
    year: 2026,
    month: 3,
    day: 29,
    hour: 3,
    minute: 30,
    second: 0,
  });
  assert.equal(
    instantOf({ year: 2026, month: 11, day: 24, hour: 9, minute: 0, second: 0 }, 'Asia/Tokyo').toISOString(),
    '2026-11-24T00:00:00.000Z',
  );
});

test('quarters are 90 to 92 days; 28-day periods run on from their anchor', () => {
  const q4 = periodAt(new Date('2026-11-24T12:00:00Z'), 1, 'Q', JAN_1, 'Asia/Tokyo');
  assert.deepEqual([q4.start.toISOString(), hours(q4) / 24], ['2026-09-30T15:00:00.000Z', 92]);
  assert.equal(hours(periodAt(new Date('2026-02-10T00:00:00Z'), 1, 'Q', JAN_1, 'UTC')) / 24, 90);
  const d28 = periodAt(new Date('2026-11-24T12:00:00Z'), 28, 'd', JAN_1, 'UTC');
  assert.deepEqual(
    [d28.start.toISOString(), d28.end.toISOString()],
    ['2026-11-02T00:00:00.000Z', '2026-11-30T00:00:00.000Z'],
  );
});

test("burn-rate tables: Sloth's factors for 30 and 28 days, Pyrra's scaled windows (the budget guide)", () => {
  assert.deepEqual(
    slothAlerts(30 * 1440, 0.001).map((a) => [a.severity, a.longWindow, a.shortWindow, a.factor]),
    [
      ['page', '1h', '5m', 14.4],
      ['page', '6h', '30m', 6],
      ['ticket', '1d', '2h', 3],
      ['ticket', '3d', '6h', 1],
    ],
  );
  assert.deepEqual(
    slothAlerts(28 * 1440, 0.001).map((a) => a.factor),
    [13.44, 5.6, 2.8, 0.933333],
  );
  assert.deepEqual(
    pyrraAlerts(28 * 1440, 0.001).map((a) => [a.longWindow, a.shortWindow]),
    [
      ['1h', '5m'],
      ['6h', '30m'],
      ['1d', '2h'],
      ['4d', '6h'],
    ],
  );
  assert.deepEqual(
    pyrraAlerts(30 * 1440, 0.001).map((a) => [a.longWindow, a.shortWindow, a.factor]),
    [
      ['1h4m', '5m', 14],
      ['6h26m', '32m', 7],
      ['1d1h43m', '2h9m', 2],
      ['4d6h51m', '6h26m', 1],
    ],
  );
  const page = slothAlerts(30 * 1440, 0.001)[0]!;
  assert.deepEqual([page.threshold, page.exhaustionHours, page.budgetSpent], [0.0144, 50, 0.02]);
});

const input = (
  target: number,
  window: BudgetInput['window'],
  extra: Partial<BudgetInput> = {},
): BudgetInput => ({
  name: 'api',
  format: 'openslo/v1',
  target,
  method: 'Occurrences',
  window,
  alerting: { style: 'burn-rate-table', table: 'workbook-multiwindow', source: "Sloth's alert windows" },
  ...extra,
});

test('a report: the window with its dates, the budget in minutes and events, the alerts', () => {
  const at = new Date('2026-11-24T12:00:00Z');
  const r = budgetReport(
    input(0.999, { kind: 'rolling', minutes: 30 * 1440, label: '30 days, rolling' }),
    at,
    100,
  );
  assert.deepEqual(r.window, {
    kind: 'rolling',
    label: '30 days, rolling',
    start: '2026-10-25T12:00:00.000Z',
    end: '2026-11-24T12:00:00.000Z',
    days: 30,
  });
  assert.deepEqual(r.budget, { ratio: 0.001, allowedBadMinutes: 43.2, allowedBadEvents: 259200 });
  assert.equal(r.alerts.length, 4);
  const month = budgetReport(
    input(0.999, {
      kind: 'calendar',
      count: 1,
      unit: 'M',
      anchor: JAN_1,
      timeZone: 'UTC',
      label: 'calendar month',
    }),
    new Date('2024-02-10T00:00:00Z'),
  );
  assert.equal(month.window.days, 29);
  assert.equal(month.budget.allowedBadMinutes, 41.76);
});

test('warnings: an alert that can never fire, a budget of seconds, no budget', () => {
  const low = budgetReport(input(0.9, { kind: 'rolling', minutes: 30 * 1440, label: '' }), new Date());
  assert.ok(low.alerts[0]!.neverFires);
  assert.match(
    low.warnings.join('\n'),
    /page alert over 1h needs an error ratio of 144 %, above 100 %: it can never fire/,
  );
  const tight = budgetReport(input(0.99999, { kind: 'rolling', minutes: 30 * 1440, label: '' }), new Date());
  assert.match(tight.warnings[0]!, /The budget is 26 s of full outage/);
  assert.match(
    budgetReport(input(1, { kind: 'rolling', minutes: 1440, label: '' }), new Date()).warnings[0]!,
    /no error budget/,
  );
});

test("the guide's worked values: 118 events, 111 good, target 95 %: 118.6 % of the budget burnt", () => {
  assert.equal(budgetRemaining(0.95, 7, 118), -0.186440678);
  // Timeslices over two weeks of one-minute slices at 95 %: 1008 bad slices, 16 h 48 min.
  const two = budgetReport(
    input(
      0.95,
      { kind: 'rolling', minutes: 14 * 1440, label: '' },
      { method: 'Timeslices', timeSlice: { minutes: 1 } },
    ),
    new Date(),
  );
  assert.equal(two.budget.allowedBadSlices, 1008);
  assert.equal(two.budget.allowedBadMinutes, 1008);
  // What if 12 % of requests fail for 38 minutes, against 99.9 % over 28 days?
  const r = budgetReport(input(0.999, { kind: 'rolling', minutes: 28 * 1440, label: '' }), new Date());
  assert.deepEqual(whatIf(r, 0.12, 38), {
    consumed: 0.1130952381,
    remaining: 0.8869047619,
    exhaustionMinutes: 336,
  });
});

test("the OpenSLO spec's worked example: two weeks, 24 000 requests a day, 95 %, an attack at 1 % availability", () => {
  const W = 14 * 1440;
  // Timeslices: every slice of the attack is bad; 5 % of 20 160 one-minute slices is 16 h 48 min.
  assert.equal(minutesToExhaust('Timeslices', 0.95, W, 0.99, 0.01), 1008);
  // RatioTimeslices: the mean of the slice ratios falls from 99 % to 95 % after 822.9 min, "about 13 h 45 min".
  assert.equal(minutesToExhaust('RatioTimeslices', 0.95, W, 0.99, 0.01), 822.8571429);
  // Occurrences: 5 % of 336 000 requests is 16 800 bad ones; the spec's 16 632 is the 99 % of 16 800 attack requests that fail.
  const r = budgetReport(input(0.95, { kind: 'rolling', minutes: W, label: '' }), new Date(), 24000 / 86400);
  assert.equal(r.budget.allowedBadEvents, 16800);
  assert.deepEqual(whatIfBadEvents(r, 0.99 * 16800), { consumed: 0.99, remaining: 0.01 });
  assert.equal(minutesToExhaust('Occurrences', 0.95, W, 0.99, 0.99), Infinity);
});

test('edge cases of the guide: low traffic, a 90 % target, 99.999 %', () => {
  // 10 requests an hour and one fails: an error ratio of 10 %, a burn rate of 1000 at 99.99 %.
  assert.equal(burnRate(1 / 10, 0.9999), 1000);
  // At 90 %, a full outage spends 1.4 % of a 30-day budget per hour: the 2 %-in-1-hour page never fires.
  assert.equal(Number(((1 / 0.1) * (60 / (30 * 1440)) * 100).toFixed(1)), 1.4);
  assert.equal(slothAlerts(30 * 1440, 0.1)[0]!.neverFires, true);
  // At 99.999 %, a full outage spends a 30-day budget in about 26 s.
  assert.equal(Math.round(allowedBadMinutes(0.99999, 30 * 1440) * 60), 26);
});

test('the preview accepts only the messages it may send', () => {
  assert.deepEqual(parseFromPreview({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromPreview({ type: 'select', index: 2 }), { type: 'select', index: 2 });
  for (const bad of [
    null,
    'ready',
    { type: 'select', index: -1 },
    { type: 'select', index: 1.5 },
    { type: 'run', command: 'rm -rf' },
  ]) {
    assert.equal(parseFromPreview(bad), undefined);
  }
});
