// Alert replay against a real Prometheus loaded with history of known truth: a Sloth SLO's generated page and
// ticket alerts, evaluated over the past week with their recording rules expanded, fire exactly over the
// minutes where the workbook's conditions hold on the history's true error ratios.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../src/language/service.js';
import { PrometheusClient } from '../../src/prometheus/client.js';
import { replayAlerts } from '../../src/prometheus/replay.js';
import { AT, AT_MINUTE, errorRatio, T0 } from './history.js';
import { historyPrometheus, historyVictoriaMetrics, SLOTH_SLO as SLO } from './harness.js';

const prom = historyPrometheus();
const victoria = historyVictoriaMetrics();

/** Sloth's factors for the 30-day period: page (5m, 1h) at 14.4 or (30m, 6h) at 6; ticket (2h, 1d) at 3 or (6h, 3d) at 1. */
const BUDGET = 0.0009999999999999432;
// A window reaching before the history reads what there is: both rates extrapolate alike, so their ratio is exact.
const over = (m: number, w: number, factor: number) => errorRatio(m, Math.min(w, m)) > factor * BUDGET;
const PAGE = (m: number) => (over(m, 5, 14.4) && over(m, 60, 14.4)) || (over(m, 30, 6) && over(m, 360, 6));
const TICKET = (m: number) => (over(m, 120, 3) && over(m, 1440, 3)) || (over(m, 360, 1) && over(m, 4320, 1));

/** The runs of minutes in [from, to] where `holds`, as [start, end) minutes: no `for`, so firing is the condition. */
function truth(holds: (m: number) => boolean, from: number, to: number): Array<[number, number | undefined]> {
  const out: Array<[number, number | undefined]> = [];
  let start: number | undefined;
  for (let m = from; m <= to; m++) {
    if (holds(m) && start === undefined) start = m;
    if (!holds(m) && start !== undefined) {
      out.push([start, m]);
      start = undefined;
    }
  }
  if (start !== undefined) out.push([start, undefined]);
  return out;
}

async function replayAgainstTruth(url: string) {
  const service = createLanguageService();
  service.setFile('file:///slo.yaml', SLO);
  const [doc] = service.rules('file:///slo.yaml')!.documents;
  const from = AT_MINUTE - 7 * 1440;
  const client = new PrometheusClient({ url, timeoutMs: 60_000 });
  const alerts = await replayAlerts(client, doc!.groups, {
    from: new Date((T0 + from * 60) * 1000),
    to: AT,
  });
  const minuteOf = (t: number) => (t - T0) / 60;
  const replayed = (name: string) =>
    alerts
      .filter((a) => a.severity === name)
      .flatMap((a) =>
        a.firing.map((f) => [minuteOf(f.start), f.end === undefined ? undefined : minuteOf(f.end)]),
      );
  assert.deepEqual(
    alerts.map((a) => [a.name, a.severity, a.step]),
    [
      ['CheckoutAvailability', 'page', 60],
      ['CheckoutAvailability', 'ticket', 60],
    ],
  );
  const page = truth(PAGE, from, AT_MINUTE);
  const ticket = truth(TICKET, from, AT_MINUTE);
  // The outage three days before and the incident that ends ten minutes before AT both page.
  assert.equal(page.length, 2, JSON.stringify(page));
  assert.deepEqual(replayed('page'), page);
  assert.deepEqual(replayed('ticket'), ticket);
  // An interval under way when the range starts sent its notification before it.
  const notified = (runs: typeof page, holds: (m: number) => boolean) =>
    runs.filter(([start]) => !holds(start - 1)).length;
  assert.deepEqual(
    alerts.map((a) => a.notifications),
    [notified(page, PAGE), notified(ticket, TICKET)],
  );
  assert.deepEqual(
    alerts.map((a) => a.firing.map((f) => f.alreadyFiring)),
    [page.map(([start]) => PAGE(start - 1)), ticket.map(([start]) => TICKET(start - 1))],
  );
  // Seven days at one minute fit in one range query per alert.
  assert.equal(client.sent.length, 2);
}

test('the page and ticket alerts of a Sloth SLO fire over the minutes the history says, and never outside them', () =>
  replayAgainstTruth(prom.url));

// At whole minutes both engines compute (v(t) - v(t-w)) / w on this history (engines.test.ts): the same minutes.
test('VictoriaMetrics replays the same alerts over the same minutes', () => replayAgainstTruth(victoria.url));
