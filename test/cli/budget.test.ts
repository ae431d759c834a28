import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function run(args: string[], cwd = EXAMPLES) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The alert table of `team-sre budget`'s text, without its indent. */
const tableOf = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('    ') && !l.startsWith('     '))
    .map((l) => l.slice(4));

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
  // The condition's alertAfter: 5m is waited for once the hour crosses 1.44 % errors (52 s into a full outage).
  assert.deepEqual(
    report.alerts.map((a: Record<string, unknown>) => [
      a.alertAfter,
      a.alertAfterMinutes,
      a.detectionMinutes,
      a.neverFires,
      a.disabled,
    ]),
    [['5m', 5, 5.864, false, false]],
  );
  const text = run(['budget', 'slos/checkout-slos.yaml', '--slo', 'checkout-availability']).stdout;
  assert.deepEqual(tableOf(text), [
    'severity  long  short  burn rate  error ratio  budget gone in     alert after  full outage detected in',
    'page      1h    -      14.4       1.44 %       1 day 22 h 40 min  5m           5 min 52 s',
  ]);
});

test('budget: Sloth alerts with disable: true are marked disabled, in the JSON and the table', (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-budget-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    path.join(dir, 'payments.yaml'),
    `version: prometheus/v1
service: payments-api
slos:
  - name: requests-availability
    objective: 99.95
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: PaymentsApiHighErrorRate
      page_alert:
        labels:
          severity: critical
      ticket_alert:
        disable: true
`,
  );
  const json = run(['budget', 'payments.yaml', '--at', '2026-11-24T12:00:00Z', '--json'], dir);
  assert.equal(json.code, 0, json.stderr);
  const [report] = JSON.parse(json.stdout);
  assert.deepEqual(
    report.alerts.map((a: Record<string, unknown>) => [
      a.severity,
      a.longWindow,
      a.disabled,
      a.detectionMinutes,
    ]),
    [
      ['page', '1h', false, 0.432],
      ['page', '6h', false, 1.08],
      ['ticket', '1d', true, 2.16],
      ['ticket', '3d', true, 2.16],
    ],
  );
  assert.deepEqual(report.warnings, []);
  const text = run(['budget', 'payments.yaml', '--at', '2026-11-24T12:00:00Z'], dir).stdout;
  assert.deepEqual(tableOf(text), [
    'severity           long  short  burn rate  error ratio  budget gone in  alert after  full outage detected in',
    'page               1h    5m     14.4       0.72 %       2 days 2 h      -            26 s',
    'page               6h    30m    6          0.3 %        5 days          -            1 min 5 s',
    'ticket (disabled)  1d    2h     3          0.15 %       10 days         -            never: disabled',
    'ticket (disabled)  3d    6h     1          0.05 %       30 days         -            never: disabled',
  ]);
});

test('budget --json: a threshold SLI with Timeslices says so, with its slices', () => {
  const [latency] = JSON.parse(
    run([
      'budget',
      'slos/checkout-slos.yaml',
      '--slo',
      'checkout-latency',
      '--at',
      '2026-11-24T12:00:00Z',
      '--json',
    ]).stdout,
  );
  assert.deepEqual(
    [latency.method, latency.sli, latency.timeSlice, latency.budget.allowedBadSlices],
    ['Timeslices', 'threshold', { minutes: 1, target: 0.95 }, 432],
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

test('budget --timeout: a finite number of seconds from 0.1 to 3600, else exit 2 before any query', () => {
  // The address is never asked: the timeout is refused first.
  const prometheus = ['budget', 'slos/checkout-slos.yaml', '--prometheus', 'http://127.0.0.1:1'];
  for (const value of ['0.0001', '0', '-1', 'Infinity', '1e10', '2147484', '3600.5', 'NaN', ' ', 'ten']) {
    const r = run([...prometheus, '--timeout', value]);
    assert.deepEqual(
      { code: r.code, stdout: r.stdout, stderr: r.stderr },
      {
        code: 2,
        stdout: '',
        stderr: `team-sre: --timeout must be a number of seconds from 0.1 to 3600, not '${value}'\n`,
      },
      `--timeout ${value}`,
    );
  }
  // Within the range, the read goes ahead (and the unusable port is reported, exit 1).
  for (const value of ['0.1', '3600', '2.5']) {
    const r = run([...prometheus, '--slo', 'checkout-availability', '--timeout', value]);
    assert.equal(r.code, 1, `--timeout ${value}: ${r.stderr}`);
    assert.equal(r.stderr, 'team-sre: checkout-availability: cannot reach http://127.0.0.1:1 (bad port)\n');
  }
});
