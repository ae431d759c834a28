// `team-sre report --prometheus` against a real Prometheus (Debian's package) loaded with the history of
// test/live/history.ts: its live figures are those `team-sre budget --prometheus` reads for the same instant.
// Run by `npm run test:e2e`; installs Prometheus on first use when run as root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertRow } from '../../src/budget/alerts.js';
import { firingAlerts, type Report, type SloBudgetRow } from '../../src/team-report/index.js';
import { cli as run, historyPrometheus } from './harness.js';
import { AT } from './history.js';

/** The CLI with no bearer token from the environment. */
const cli = (args: string[]) => run(args, { TEAM_SRE_PROMETHEUS_TOKEN: '' });
const FILES = ['failures.yaml', 'openslo.yaml', 'pyrra.yaml', 'sloth.yaml'];
const COMMON = ['--at', AT.toISOString(), '--sloth-period', '7d'];

const prom = historyPrometheus();

interface BudgetJson {
  name: string;
  objective?: string;
  alerts: AlertRow[];
  live?: {
    at: string;
    source: string;
    sli: number;
    budgetRemaining: number;
    burnRates: Record<string, number | null>;
  };
  liveError?: { kind: string; message: string; query?: string };
}

test('report --prometheus: the budget left, SLI and burn rates of every SLO equal `team-sre budget --prometheus`', async () => {
  const r = await cli(['report', '--format', 'json', '--prometheus', prom.url, ...COMMON]);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0, 'written, though SLOs are over budget and some cannot be read');
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.prometheus, prom.url);
  const rows = report.services.flatMap((s) =>
    s.slos
      .filter((slo): slo is SloBudgetRow => !('error' in slo))
      .map((slo) => ({ ...slo, service: s.service })),
  );

  const expected: Array<BudgetJson & { file: string }> = [];
  for (const file of FILES) {
    const b = await cli(['budget', file, '--prometheus', prom.url, ...COMMON, '--json']);
    for (const entry of JSON.parse(b.stdout) as BudgetJson[]) expected.push({ ...entry, file });
  }
  assert.equal(rows.length, expected.length);
  assert.ok(expected.filter((e) => e.live).length >= 6, 'most SLOs are read');
  assert.ok(expected.filter((e) => e.liveError).length >= 3, 'the failures are failures');
  for (const e of expected) {
    const what = `${e.file} ${e.name}`;
    const row = rows.find((x) => x.file === e.file && x.name === e.name && x.objective === e.objective);
    assert.ok(row, `${what} is in the report`);
    if (e.liveError) {
      assert.equal(row.live, undefined, what);
      assert.deepEqual(row.liveError, e.liveError, what);
      continue;
    }
    assert.equal(row.liveError, undefined, what);
    assert.deepEqual(
      {
        at: row.live!.at,
        source: row.live!.source,
        sli: row.live!.sli,
        budgetRemaining: row.live!.budgetRemaining,
        burnRates: row.live!.burnRates,
      },
      {
        at: e.live!.at,
        source: e.live!.source,
        sli: e.live!.sli,
        budgetRemaining: e.live!.budgetRemaining,
        burnRates: e.live!.burnRates,
      },
      what,
    );
    assert.deepEqual(row.live!.firing, firingAlerts(e.alerts, e.live!.burnRates), what);
  }

  // The summary: over budget and burning fast as the budget command's figures say.
  const key = (x: { file: string; name: string }) => `${x.file} ${x.name}`;
  assert.deepEqual(
    report.summary.overBudget.map(key).sort(),
    expected
      .filter((e) => e.live && e.live.budgetRemaining < 0)
      .map(key)
      .sort(),
  );
  assert.ok(report.summary.overBudget.length >= 1, 'the outage overspent some budget');
  assert.deepEqual(
    report.summary.burningFast.map(key).sort(),
    expected
      .filter((e) => e.live && firingAlerts(e.alerts, e.live.burnRates).length)
      .map(key)
      .sort(),
  );
  assert.ok(report.summary.burningFast.length >= 1, 'the incident ten minutes before burns fast');
  assert.deepEqual(
    report.summary.liveFailures.map(key).sort(),
    expected
      .filter((e) => e.liveError)
      .map(key)
      .sort(),
  );

  // The same figures in Markdown.
  const md = await cli(['report', '--prometheus', prom.url, ...COMMON]);
  assert.equal(md.status, 0);
  assert.match(md.stdout, /- \*\*Over budget\*\* \(\d+\):\n/);
  assert.match(md.stdout, /- \*\*Live budget not read\*\* \(3\):\n/);
});
