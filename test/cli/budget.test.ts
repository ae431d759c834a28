import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: EXAMPLES, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('budget --json: window, budget and the alerts of the AlertPolicy found by reference', () => {
  const r = run([
    'budget',
    'slos/checkout-slos.yaml',
    '--slo',
    'checkout-availability',
    '--at',
    '2026-11-24T12:00:00Z',
    '--traffic',
    '20/s',
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const [report, ...rest] = JSON.parse(r.stdout);
  assert.equal(rest.length, 0);
  assert.equal(report.name, 'checkout-availability');
  assert.equal(report.format, 'OpenSLO v1');
  assert.equal(report.target, 0.999);
  assert.deepEqual(report.window, {
    kind: 'rolling',
    label: '28 days, rolling',
    start: '2026-10-27T12:00:00.000Z',
    end: '2026-11-24T12:00:00.000Z',
    days: 28,
  });
  assert.deepEqual(report.budget, { ratio: 0.001, allowedBadMinutes: 40.32, allowedBadEvents: 48384 });
  assert.deepEqual(
    report.alerts.map((a: Record<string, unknown>) => [
      a.severity,
      a.longWindow,
      a.shortWindow,
      a.factor,
      a.threshold,
      a.exhaustionHours,
    ]),
    [['page', '1h', '', 14.4, 0.0144, 46.6667]],
  );
});

test('budget: a calendar month in its time zone, and Sloth with its default period', () => {
  const latency = JSON.parse(
    run([
      'budget',
      'slos/checkout-slos.yaml',
      '--slo',
      'checkout-latency',
      '--at',
      '2026-11-24T12:00:00Z',
      '--json',
    ]).stdout,
  )[0];
  assert.deepEqual(latency.window, {
    kind: 'calendar',
    label: 'calendar month',
    start: '2026-10-31T23:00:00.000Z',
    end: '2026-11-30T23:00:00.000Z',
    days: 30,
    timeZone: 'Europe/Paris',
  });
  assert.equal(latency.budget.allowedBadMinutes, 432);
  const sloth = run(['budget', 'sloth/payments-api.yaml', '--at', '2026-11-24T12:00:00Z']);
  assert.equal(sloth.code, 0);
  assert.match(
    sloth.stdout,
    /^payments-api-requests-availability \(Sloth \(prometheus\/v1\)\)\n {2}target 99\.95 % · Occurrences · 30 days, rolling \(Sloth's SLO period\)/,
  );
  assert.match(sloth.stdout, /budget 0\.05 % = 21 min 36 s of full outage\n/);
  assert.match(sloth.stdout, /page {6}1h {4}5m {5}14\.4 {7}0\.72 %/);
  const period = JSON.parse(
    run(['budget', 'sloth/payments-api.yaml', '--sloth-period', '28d', '--json']).stdout,
  )[0];
  assert.equal(period.budget.allowedBadMinutes, 20.16);
});

test('budget: usage errors exit 2 with a clear message', () => {
  assert.deepEqual(
    run(['budget']).stderr,
    'team-sre: budget needs a FILE: team-sre budget slos/checkout.yaml\n',
  );
  const missing = run(['budget', 'nope.yaml']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, "team-sre: cannot read 'nope.yaml': ENOENT\n");
  const none = run(['budget', 'slos/service.yaml']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /holds no SLO/);
  const name = run(['budget', 'slos/checkout-slos.yaml', '--slo', 'nope']);
  assert.equal(
    name.stderr,
    "team-sre: no SLO named 'nope' in 'slos/checkout-slos.yaml'; its SLOs: checkout-availability, checkout-latency\n",
  );
  assert.equal(run(['budget', 'slos/checkout-slos.yaml', '--at', 'yesterday']).code, 2);
  assert.match(
    run(['budget', 'slos/checkout-slos.yaml', '--traffic', 'lots']).stderr,
    /--traffic must be a rate such as 100\/s/,
  );
});
