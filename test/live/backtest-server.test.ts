// teamSre/backtest over stdio against a real Prometheus holding the known history: the pages the SLO's
// generated rules would have sent, the outage's postmortem detected, and the same objective under another
// target, replayed from a scratch copy while the file on disk and in the server stays as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { BacktestAnswer, BacktestParams } from '../../src/protocol/requests.js';
import { AT, AT_MINUTE, OUTAGE, T0 } from './history.js';
import { historyPrometheus, SLOTH_SLO as SLO } from './harness.js';

const prom = historyPrometheus();

const at = (minute: number) => new Date((T0 + minute * 60) * 1000);
const iso = (minute: number) => at(minute).toISOString().replace('.000Z', 'Z');

const POSTMORTEM = `---
title: Checkout down
date: 2026-11-07
started: ${iso(OUTAGE[0])}
resolved: ${iso(OUTAGE[1])}
status: draft
owner: amina
slos:
  - file: slos/checkout.yaml
    name: checkout-availability
action_items: []
---

# Checkout down
`;

type Answer = Extract<BacktestAnswer, { result: unknown }>;

test('teamSre/backtest over stdio: the pages of a week, the outage detected, and a what-if target that leaves the file alone', async () => {
  const { startServer } = await import('../server/client.js');
  const { TempWorkspace } = await import('../server/util.js');
  const ws = new TempWorkspace({
    'slos/checkout.yaml': SLO,
    'postmortems/2026-11-07-checkout-down.md': POSTMORTEM,
  });
  const server = await startServer({ workspaceFolder: ws.dir, transport: 'stdio' });
  try {
    const uri = ws.uri('slos/checkout.yaml');
    await server.waitFor('teamSre/indexed');
    const params: BacktestParams = {
      uri,
      index: 0,
      prometheus: { url: prom.url, timeoutMs: 60_000 },
      from: at(AT_MINUTE - 7 * 1440).toISOString(),
      to: AT.toISOString(),
    };
    const own = (await server.connection.sendRequest('teamSre/backtest', params)) as Answer;
    assert.equal(own.edit, undefined);
    const r = own.result;
    assert.deepEqual(r.notes, []);
    assert.equal(r.target, 0.999);
    assert.deepEqual(
      r.alerts.map((a) => [a.name, a.severity, a.notifications]),
      [
        ['CheckoutAvailability', 'page', 2],
        ['CheckoutAvailability', 'ticket', 0],
      ],
    );
    assert.equal(r.alerts[0]!.firing[0]!.start, at(OUTAGE[0] + 1).toISOString());
    assert.deepEqual(
      r.incidents.map((i) => [i.file, i.title, i.detection?.severity, i.detection?.delayMinutes]),
      [['postmortems/2026-11-07-checkout-down.md', 'Checkout down', 'page', 1]],
    );
    // The error ratio over time: bounded, one point per step, the outage's steps all errors.
    const series = r.series!;
    assert.ok(series.points.length > 1000 && series.points.length <= 11_000, String(series.points.length));
    assert.equal(series.points.at(-1)![0], AT.getTime() / 1000);
    const outage = series.points.filter(
      ([t]) => t > T0 + OUTAGE[0] * 60 + series.step && t <= T0 + OUTAGE[1] * 60,
    );
    assert.ok(outage.length > 0 && outage.every(([, v]) => v === 1), JSON.stringify(outage.slice(0, 3)));

    // Target 99 %: the budget is ten times larger, so the 5 % incident pages no more, the outage still does; the
    // baseline errors are within budget, so the ticket alert no longer fires from the start and the outage opens one.
    const loose = (await server.connection.sendRequest('teamSre/backtest', {
      ...params,
      target: 0.99,
    })) as Answer;
    assert.equal(loose.result.target, 0.99);
    assert.deepEqual(
      loose.result.alerts.map((a) => [a.severity, a.notifications]),
      [
        ['page', 1],
        ['ticket', 1],
      ],
    );
    assert.equal(loose.result.incidents[0]!.detection?.severity, 'page');
    assert.deepEqual(loose.edit, {
      range: { start: { line: 4, character: 15 }, end: { line: 4, character: 19 } },
      newText: '99',
    });
    // Nothing written: the file on disk and the server's own analysis keep 99.9.
    assert.equal(readFileSync(ws.path('slos/checkout.yaml'), 'utf8'), SLO);
    const again = (await server.connection.sendRequest('teamSre/budget', { uri, at: AT.toISOString() })) as {
      reports: Array<{ target: number }>;
    };
    assert.equal(again.reports[0]!.target, 0.999);

    const bad = (await server.connection.sendRequest('teamSre/backtest', { ...params, target: 1.5 })) as {
      error: { message: string };
    };
    assert.equal(bad.error.message, 'The target 1.5 is not a ratio between 0 and 1.');
  } finally {
    await server.close();
    ws.dispose();
  }
});
