// `team-sre postmortem new --prometheus` against a real Prometheus (Debian's package) loaded with the history
// of test/live/history.ts: the error rate written for each SLO is the one the history had during the
// incident, and the budget it cost is the engine's. Run by `npm run test:e2e`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { cli as run, historyPrometheus } from './harness.js';
import { AT_MINUTE, errorRatio, T0 } from './history.js';

const cli = (args: string[]) => run(args, { TEAM_SRE_PROMETHEUS_TOKEN: '' });
const prom = historyPrometheus();
const iso = (m: number) => new Date((T0 + m * 60) * 1000).toISOString().replace('.000Z', 'Z');
// The history's 5 % incident: the 30 minutes ending ten minutes before AT.
const START = iso(AT_MINUTE - 40);
const END = iso(AT_MINUTE - 10);

/** `postmortem new` for the history's incident, written into a fresh folder removed after the test. */
function newPostmortem(t: { after: (fn: () => void) => void }, ...args: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-pm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const base = ['postmortem', 'new', '--title', 'Checkout errors', '--start', START, '--end', END];
  return cli([...base, ...args, '--dir', dir]).then((r) => ({
    ...r,
    written: path.join(dir, path.basename(r.stdout.trim())),
  }));
}

function frontMatter(file: string) {
  return parse(readFileSync(file, 'utf8').split(/^---$/m)[1]!) as {
    slos: Array<{
      name: string;
      errorRate?: number;
      errorRateSource?: { measured: { query: string; time: string; prometheus: string; at: string } };
      badMinutes?: number;
      budgetConsumed?: number;
      minutesOverThreshold?: number;
    }>;
  };
}

test('postmortem new --prometheus: the error rate measured over the incident, and the budget it cost', async (t) => {
  const r = await newPostmortem(
    t,
    '--slo',
    'openslo.yaml#checkout-availability',
    '--slo',
    'openslo.yaml#checkout-latency',
    '--prometheus',
    prom.url,
  );
  assert.equal(r.status, 0, r.stderr);
  const truth = errorRatio(AT_MINUTE - 10, 30);
  assert.ok(Math.abs(truth - 0.05) < 0.001, `the history's incident: ${truth}`);
  assert.equal(
    r.stderr,
    // A threshold SLI is weighed by its minutes over the threshold, not measured as a share of failing requests.
    'team-sre: checkout-latency: a threshold SLI; the budget counts the whole incident over the threshold (--minutes-over-threshold to say less).\n' +
      'team-sre: checkout-availability: 5 % of requests failed between --start and --end, measured in Prometheus.\n',
  );
  const { slos } = frontMatter(r.written);
  const availability = slos.find((s) => s.name === 'checkout-availability')!;
  assert.equal(availability.errorRate, Number(truth.toPrecision(4)));
  // Where it came from: the query as sent, evaluated at --end, on this Prometheus.
  const { query, time, prometheus: address, at } = availability.errorRateSource!.measured;
  assert.match(query, /checkout/);
  assert.deepEqual([time, address], [new Date(END).toISOString(), prom.url.replace(/\/$/, '')]);
  assert.ok(!Number.isNaN(Date.parse(at)), at);
  assert.equal(availability.badMinutes, Number((truth * 30).toPrecision(4)));
  // 0.999 over a rolling 7 days: 10.08 minutes of full outage.
  assert.equal(availability.budgetConsumed, Number(((truth * 30) / 10.08).toPrecision(4)));
  // The threshold SLI counts the whole 30-minute incident over its threshold.
  const latency = slos.find((s) => s.name === 'checkout-latency')!;
  assert.deepEqual([latency.minutesOverThreshold, latency.errorRate], [30, undefined]);
});

test('postmortem new --prometheus: an unreachable server is a warning, the postmortem is still written with --error-rate', async (t) => {
  const r = await newPostmortem(
    t,
    '--slo',
    'openslo.yaml#checkout-availability',
    '--error-rate',
    '10%',
    '--prometheus',
    'http://127.0.0.1:9',
    '--timeout',
    '2',
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stderr,
    /^team-sre: warning: checkout-availability: the error rate could not be read from Prometheus \(.*127\.0\.0\.1:9.*\); the budget assumes --error-rate 10 %\.\n$/,
  );
  const { slos } = frontMatter(r.written);
  assert.equal(slos[0]!.errorRate, 0.1);
});
