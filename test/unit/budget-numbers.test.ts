// The figures of the alert table and the what-if, from YAML to the numbers a user reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionAlerts, pyrraAlerts } from '../../src/budget/alerts.js';
import { badSlices, budgetReport, whatIf, type BudgetInput } from '../../src/budget/budget-report.js';
import { formatDuration } from '../../src/budget/format.js';
import { budgetInputs } from '../../src/language/model/budget-input.js';
import { createLanguageService } from '../../src/language/service.js';

const AT = new Date('2026-11-24T12:00:00Z');
const DAYS_28 = { kind: 'rolling' as const, minutes: 28 * 1440, label: '28 days, rolling' };

/** The engine inputs of every SLO of a YAML text, as the preview and the CLI make them. */
function inputsOf(yaml: string): BudgetInput[] {
  const service = createLanguageService();
  service.setFile('file:///numbers.yaml', yaml);
  return service
    .slos('file:///numbers.yaml')
    .flatMap((slo) => budgetInputs(slo, service.resolve).map((i) => i.input));
}

const OPENSLO_ALERT_AFTER = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  budgetingMethod: Occurrences
  indicator:
    metadata:
      name: checkout-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total[5m]))
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - target: 0.999
  alertPolicies:
    - kind: AlertPolicy
      metadata:
        name: fast-burn-policy
      spec:
        alertWhenBreaching: true
        conditions:
          - kind: AlertCondition
            metadata:
              name: fast-burn
            spec:
              severity: page
              condition:
                kind: burnrate
                op: gte
                threshold: 14.4
                lookbackWindow: 1h
                alertAfter: 5m
        notificationTargets:
          - targetRef: on-call
`;

test("an AlertCondition's alertAfter is waited for after the lookback window crosses the threshold", () => {
  const [input] = inputsOf(OPENSLO_ALERT_AFTER);
  const [page] = budgetReport(input!, AT).alerts;
  // 14.4 × 0.1 % × 60 min = 0.864 min (52 s) for the hour to cross the threshold, then 5 min.
  assert.deepEqual(
    [page!.alertAfter, page!.alertAfterMinutes, page!.detectionMinutes, page!.disabled],
    ['5m', 5, 5.864, false],
  );
  assert.equal(formatDuration(page!.detectionMinutes), '5 min 52 s');
  // Without alertAfter (upstream's default, 0m): the 52 s alone.
  const [none] = conditionAlerts(
    [{ name: 'fast-burn', severity: 'page', threshold: 14.4, lookbackMinutes: 60 }],
    28 * 1440,
    0.001,
  );
  assert.deepEqual([none!.alertAfter, none!.alertAfterMinutes, none!.detectionMinutes], ['', 0, 0.864]);
});

test("Pyrra's tiers wait for their 'for' (2m, 15m, 1h, 3h over 28 days) before firing", () => {
  assert.deepEqual(
    pyrraAlerts(28 * 1440, 0.001).map((a) => [a.alertAfter, a.detectionMinutes]),
    [
      ['2m', 2.84],
      ['15m', 17.52],
      ['1h', 62.88],
      ['3h', 185.76],
    ],
  );
  // 30 days: the 'for' scales with the window, rounded to the minute.
  assert.deepEqual(
    pyrraAlerts(30 * 1440, 0.001).map((a) => a.alertAfter),
    ['2m', '16m', '1h4m', '3h13m'],
  );
});

const SLOTH = (page: string, ticket: string) => `version: prometheus/v1
service: payments-api
slos:
  - name: requests-availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: PaymentsApiHighErrorRate
      page_alert:
        disable: ${page}
      ticket_alert:
        disable: ${ticket}
`;

test('Sloth alerts turned off with disable: true stay in the table, marked disabled', () => {
  const [ticketOff] = inputsOf(SLOTH('false', 'true'));
  assert.deepEqual(ticketOff!.alerting, {
    style: 'burn-rate-table',
    table: 'workbook-multiwindow',
    source: "Sloth's alert windows",
    disabled: ['ticket'],
  });
  const report = budgetReport(ticketOff!, AT);
  assert.deepEqual(
    report.alerts.map((a) => [a.severity, a.longWindow, a.disabled]),
    [
      ['page', '1h', false],
      ['page', '6h', false],
      ['ticket', '1d', true],
      ['ticket', '3d', true],
    ],
  );
  assert.deepEqual(report.warnings, []);
  const allOff = budgetReport(inputsOf(SLOTH('true', 'true'))[0]!, AT);
  assert.deepEqual(
    allOff.alerts.map((a) => a.disabled),
    [true, true, true, true],
  );
  assert.deepEqual(allOff.warnings, [
    'Every burn-rate alert of this SLO is disabled: nothing fires however fast the budget burns.',
  ]);
  // At 90 % the 1-hour page needs 144 % errors: a warning while it is on, none once it is disabled.
  const low = { ...ticketOff!, target: 0.9 };
  assert.deepEqual(
    budgetReport(low, AT).warnings.map((w) => w.slice(0, 30)),
    ['The page alert over 1h needs a'],
  );
  assert.deepEqual(budgetReport({ ...inputsOf(SLOTH('true', 'false'))[0]!, target: 0.9 }, AT).warnings, []);
});

const timeslices = (sliceMinutes: number, sliceTarget: number, target = 0.999): BudgetInput => ({
  name: 'search-latency',
  format: 'OpenSLO v1',
  target,
  method: 'Timeslices',
  window: DAYS_28,
  timeSlice: { minutes: sliceMinutes, target: sliceTarget },
  alerting: { style: 'conditions', conditions: [] },
});

test('Timeslices: an incident costs its bad slices over the bad slices the window allows', () => {
  const report = budgetReport(timeslices(1, 0.95), AT);
  // 0.1 % of 40 320 one-minute slices.
  assert.equal(report.budget.allowedBadSlices, 40.32);
  assert.deepEqual(report.timeSlice, { minutes: 1, target: 0.95 });
  // At 3 % errors every slice is still 97 % good: the incident costs nothing, the budget never runs out.
  assert.deepEqual(whatIf(report, 0.03, 30), {
    consumed: 0,
    remaining: 1,
    exhaustionMinutes: Infinity,
    slices: { bad: 0, allowed: 40.32 },
  });
  // Exactly 5 %: a slice at 95 % meets its target.
  assert.equal(whatIf(report, 0.05, 30).slices?.bad, 0);
  // Above 5 %, each of the 30 slices is bad: 30 / 40.32.
  assert.deepEqual(whatIf(report, 0.06, 30), {
    consumed: 0.744047619,
    remaining: 0.255952381,
    exhaustionMinutes: 40.32,
    slices: { bad: 30, allowed: 40.32 },
  });
  // An Occurrences SLO weighs the share of failing requests: 3 % × 30 min = 0.9 min of 40.32.
  const occurrences = budgetReport({ ...timeslices(1, 0.95), method: 'Occurrences' }, AT);
  assert.equal(whatIf(occurrences, 0.03, 30).consumed, 0.02232142857);
});

test('Timeslices: a slice the incident covers in part is bad when its share of errors is above the slice target', () => {
  // Five-minute slices at 95 %: 12 minutes from a slice boundary cover two whole slices and 2/5 of a third.
  assert.equal(badSlices(0.2, 12, 5, 0.05), 3); // 20 % × 2/5 = 8 % errors in the third slice
  assert.equal(badSlices(0.1, 12, 5, 0.05), 2); // 10 % × 2/5 = 4 %: the third slice stays good
  // Starting 4 minutes into a slice: 1/5 of it, two whole slices, 1/5 of a fourth.
  assert.equal(badSlices(0.1, 12, 5, 0.05, 4), 2);
  assert.equal(badSlices(0.3, 12, 5, 0.05, 4), 4);
  // Inside one slice.
  assert.deepEqual([badSlices(0.2, 1, 5, 0.05), badSlices(0.3, 1, 5, 0.05)], [0, 1]);
  assert.equal(badSlices(1, 0, 1, 0.05), 0);
});

test("the OpenSLO spec's worked example with Timeslices: an attack at 1 % availability spends the budget in 16 h 48 min", () => {
  const report = budgetReport(
    { ...timeslices(1, 0.95, 0.95), window: { kind: 'rolling', minutes: 14 * 1440, label: '' } },
    AT,
  );
  const attack = whatIf(report, 0.99, 60);
  assert.deepEqual(attack.slices, { bad: 60, allowed: 1008 });
  assert.equal(formatDuration(attack.exhaustionMinutes), '16 h 48 min');
});

const THRESHOLD = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-latency
spec:
  service: search
  budgetingMethod: Timeslices
  indicator:
    metadata:
      name: search-p99
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: histogram_quantile(0.99, sum by (le) (rate(search_seconds_bucket[5m])))
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - displayName: Fast
      op: lte
      value: 0.3
      target: 0.999
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
`;

test('a threshold SLI is weighed in minutes over the threshold; RatioTimeslices by the share of errors', () => {
  const [input] = inputsOf(THRESHOLD);
  assert.equal(input!.sli, 'threshold');
  const report = budgetReport(input!, AT);
  assert.equal(report.sli, 'threshold');
  // 30 minutes over the threshold: every one-minute slice of them is bad.
  assert.deepEqual(whatIf(report, 1, 30).slices, { bad: 30, allowed: 40.32 });
  assert.equal(inputsOf(OPENSLO_ALERT_AFTER)[0]!.sli, undefined);
  // OpenSLO v1alpha writes it as spec.indicator.thresholdMetric.
  const v1alpha = inputsOf(`apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: search-latency
spec:
  service: search
  budgetingMethod: Occurrences
  indicator:
    thresholdMetric:
      source: prometheus
      queryType: promql
      query: histogram_quantile(0.99, sum by (le) (rate(search_seconds_bucket[5m])))
  timeWindows:
    - unit: Day
      count: 28
      isRolling: true
  objectives:
    - displayName: Fast
      op: lte
      value: 0.3
      target: 0.999
`);
  assert.deepEqual(
    v1alpha.map((i) => i.sli),
    ['threshold'],
  );
  assert.equal(budgetReport(inputsOf(OPENSLO_ALERT_AFTER)[0]!, AT).sli, 'ratio');
  // RatioTimeslices averages the slices' ratios: at constant traffic, the share of errors × minutes.
  const ratio = budgetReport(
    { ...timeslices(1, 0.95), method: 'RatioTimeslices', timeSlice: { minutes: 1 } },
    AT,
  );
  assert.deepEqual(whatIf(ratio, 0.03, 30), {
    consumed: 0.02232142857,
    remaining: 0.9776785714,
    exhaustionMinutes: 1344,
  });
});
