// Ratios are read to six significant digits (measureErrorRatio), hence 1e-8 on SLIs near 0.99.
// An SLO objective replayed over a week of history of known truth, on a real Prometheus: its alerts, the SLI
// over the range and over its window, and the outage's postmortem caught by the page alert within a minute,
// its measured cost equal to what the history says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtest } from '../../src/backtest/backtest.js';
import { hasBudget } from '../../src/language/features/workspace-slos.js';
import { createLanguageService } from '../../src/language/service.js';
import { PrometheusClient } from '../../src/prometheus/client.js';
import { AT, AT_MINUTE, errorRatio, OUTAGE, T0 } from './history.js';
import { historyPrometheus, SLOTH_SLO as SLO } from './harness.js';

const prom = historyPrometheus();

const at = (minute: number) => new Date((T0 + minute * 60) * 1000);
const BUDGET = 0.0009999999999999432;

test('a week replayed: pages for the outage and the incident, the SLI, the window, the postmortem detected', async () => {
  const service = createLanguageService();
  service.setFile('file:///slo.yaml', SLO);
  const [entry] = service.budgets('file:///slo.yaml', AT).filter(hasBudget);
  const [doc] = service.rules('file:///slo.yaml')!.documents;
  const from = AT_MINUTE - 7 * 1440;
  const result = await backtest({
    slo: entry!.name,
    input: entry!.input,
    spec: entry!.spec,
    groups: doc!.groups,
    incidents: [
      {
        file: 'postmortems/2026-11-07-checkout-outage.md',
        title: 'Checkout down',
        start: at(OUTAGE[0]),
        end: at(OUTAGE[1]),
        statedBudget: 1.4,
      },
    ],
    from: at(from),
    to: AT,
    client: () => new PrometheusClient({ url: prom.url, timeoutMs: 60_000 }),
  });
  assert.deepEqual(result.notes, []);
  assert.equal(result.slo, 'checkout-availability');
  assert.deepEqual(
    result.alerts.map((a) => [a.name, a.severity, a.notifications]),
    [
      ['CheckoutAvailability', 'page', 2],
      ['CheckoutAvailability', 'ticket', 0],
    ],
  );
  // The page fires in the outage's first minute: its 5-minute and 1-hour ratios pass 14.4 × the budget at once.
  assert.equal(result.alerts[0]!.firing[0]!.start, at(OUTAGE[0] + 1).toISOString());
  // The ticket alert fires on the baseline errors (0.1 % and a few more, above the budget): already at the start.
  assert.deepEqual(result.alerts[1]!.firing, [
    { start: at(from).toISOString(), end: null, alreadyFiring: true },
  ]);
  const ratio = errorRatio(AT_MINUTE, 7 * 1440);
  assert.ok(Math.abs(result.sli! - (1 - ratio)) < 1e-8, `${result.sli} against ${1 - ratio}`);
  assert.ok(Math.abs(result.budget!.burnRate - ratio / BUDGET) < 1e-4);
  assert.ok(Math.abs(result.budget!.consumed - ((ratio / BUDGET) * 7) / 30) < 1e-4);
  // One 30-day window ends at AT; the history holds ten days of it.
  assert.equal(result.windows.length, 1);
  assert.equal(result.windows[0]!.end, AT.toISOString());
  assert.ok(Math.abs(result.windows[0]!.sli! - (1 - errorRatio(AT_MINUTE, AT_MINUTE))) < 1e-8);
  assert.equal(result.windows[0]!.met, false);
  const [incident] = result.incidents;
  assert.deepEqual(incident!.detection, {
    alert: 'CheckoutAvailability',
    severity: 'page',
    at: at(OUTAGE[0] + 1).toISOString(),
    delayMinutes: 1,
  });
  assert.equal(incident!.budget.stated, 1.4);
  const cost = (errorRatio(OUTAGE[1], 60) * 60) / (BUDGET * 30 * 1440);
  assert.ok(
    Math.abs(incident!.budget.measured! - cost) < 1e-5,
    `${incident!.budget.measured} against ${cost}`,
  );
  assert.ok(result.queries >= 5 && result.queries <= 10, String(result.queries));
});
