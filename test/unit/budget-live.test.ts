// What the live budget changes in the engine's answers: the what-if from the budget actually left, and whether
// each burn-rate alert would fire at the live burn rates over its own windows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertNow, conditionAlerts, slothAlerts } from '../../src/budget/alerts.js';
import { budgetReport, whatIf, type BudgetInput } from '../../src/budget/budget-report.js';
import { formatDuration } from '../../src/budget/format.js';

const AT = new Date('2026-11-24T12:00:00Z');
const DAYS_28 = { kind: 'rolling' as const, minutes: 28 * 1440, label: '28 days, rolling' };
const occurrences: BudgetInput = {
  name: 'checkout-availability',
  format: 'OpenSLO v1',
  target: 0.999,
  method: 'Occurrences',
  window: DAYS_28,
  alerting: { style: 'conditions', conditions: [] },
};

test('the what-if from the budget left: 44 % left, 10 % errors for 30 min leaves 36.6 %, the rest gone in 2 h 57 min', () => {
  const report = budgetReport(occurrences, AT);
  // 99.9 % over 28 days: 0.1 % × 40 320 min = 40.32 min of full outage.
  assert.equal(report.budget.allowedBadMinutes, 40.32);
  // 10 % × 30 min = 3 bad minutes = 3 / 40.32 = 7.44047619 % of the budget; 44 % − 7.44047619 % = 36.55952381 %;
  // the 44 % left is 0.44 × 40.32 = 17.7408 bad minutes, gone at 10 % errors in 177.408 min = 2 h 57 min 24 s.
  const fromLive = whatIf(report, 0.1, 30, 0, 0.44);
  assert.deepEqual(fromLive, { consumed: 0.0744047619, remaining: 0.3655952381, exhaustionMinutes: 177.408 });
  assert.equal(formatDuration(fromLive.exhaustionMinutes), '2 h 57 min 24 s');
  // Without a live budget, from a full budget: 1 − 7.44047619 %, and 40.32 / 0.1 = 403.2 min.
  assert.deepEqual(whatIf(report, 0.1, 30), {
    consumed: 0.0744047619,
    remaining: 0.9255952381,
    exhaustionMinutes: 403.2,
  });
  // Already overspent (−20 %): the incident takes it further down, and nothing is left to exhaust.
  assert.deepEqual(whatIf(report, 0.1, 30, 0, -0.2), {
    consumed: 0.0744047619,
    remaining: -0.2744047619,
    exhaustionMinutes: 0,
  });
  // No errors: nothing spent, the budget left stays, and it never runs out.
  assert.deepEqual(whatIf(report, 0, 30, 0, 0.44), {
    consumed: 0,
    remaining: 0.44,
    exhaustionMinutes: Infinity,
  });
});

test('the what-if of a Timeslices SLO from the budget left counts the slices still allowed', () => {
  const report = budgetReport(
    { ...occurrences, method: 'Timeslices', timeSlice: { minutes: 1, target: 0.95 } },
    AT,
  );
  // 6 % errors makes each of the 30 one-minute slices bad: 30 / 40.32 = 74.4047619 %; from 50 % left that is
  // −24.4047619 %; half of the 40.32 allowed slices, 20.16, are gone after 20.16 min of bad slices.
  assert.deepEqual(whatIf(report, 0.06, 30, 0, 0.5), {
    consumed: 0.744047619,
    remaining: -0.244047619,
    exhaustionMinutes: 20.16,
    slices: { bad: 30, allowed: 40.32 },
  });
});

test('would an alert fire now: both windows above its factor, else the window that keeps it quiet', () => {
  // Sloth's table for 30 days: page 1h/5m at 14.4, page 6h/30m at 6, ticket 1d/2h at 3, ticket 3d/6h at 1.
  const alerts = slothAlerts(30 * 1440, 0.001);
  assert.deepEqual(
    alerts.map((a) => [a.longWindow, a.shortWindow, a.factor]),
    [
      ['1h', '5m', 14.4],
      ['6h', '30m', 6],
      ['1d', '2h', 3],
      ['3d', '6h', 1],
    ],
  );
  const rates = { '5m': 20, '30m': 2.5, '1h': 16, '2h': 3.2, '6h': 5.94, '1d': 3, '3d': 0.7234 };
  assert.deepEqual(
    alerts.map((a) => alertNow(a, rates)),
    [
      // 16 > 14.4 and 20 > 14.4.
      { fires: true, text: 'Fires now' },
      // The long window is below: 5.94 < 6 (the short one, 2.5, is not needed to say why).
      { fires: false, text: 'No — 6h burn 5.94 < 6' },
      // The rules compare with `>`: a burn rate exactly at the factor does not fire.
      { fires: false, text: 'No — 1d burn 3 ≤ 3' },
      // Three significant digits, as the burn-rate table shows them.
      { fires: false, text: 'No — 3d burn 0.723 < 1' },
    ],
  );
  const page = alerts[0]!;
  // The long window burns, the short one has recovered: the alert stops.
  assert.deepEqual(alertNow(page, { '1h': 16, '5m': 2 }), { fires: false, text: 'No — 5m burn 2 < 14.4' });
  // A burn rate that rounds to the factor keeps its digits, so the reason does not read "14.4 < 14.4".
  assert.deepEqual(alertNow(page, { '1h': 14.39996, '5m': 20 }), {
    fires: false,
    text: 'No — 1h burn 14.39996 < 14.4',
  });
  assert.deepEqual(alertNow(page, { '1h': null, '5m': 20 }), {
    fires: false,
    text: 'No — no traffic over 1h',
  });
  assert.deepEqual(alertNow(page, { '5m': 20 }), { fires: null, text: 'Unknown — 1h not read' });
  assert.deepEqual(alertNow({ ...page, disabled: true }, rates), { fires: false, text: 'No — disabled' });
  // An OpenSLO condition has one lookback window and may wait (alertAfter) before it fires.
  const [condition] = conditionAlerts(
    [{ name: 'fast', severity: 'page', threshold: 10, lookbackMinutes: 60, alertAfterMinutes: 5 }],
    28 * 1440,
    0.001,
  );
  assert.deepEqual(alertNow(condition!, { '1h': 10.5 }), { fires: true, text: 'Fires now (once held 5m)' });
  assert.deepEqual(alertNow(condition!, { '1h': 9.99 }), { fires: false, text: 'No — 1h burn 9.99 < 10' });
});
