// Generated rules loaded into a real Prometheus (Debian's package, `rule_files:`) over the known history
// (test/live/history.ts). Run by `npm run test:e2e`.
//
// Prometheus evaluates rules only from when it starts, never over backfilled past, and ALERTS series cannot be
// backfilled: so each Prometheus here is given the history up to a chosen minute, written so that this minute
// is the moment it starts. Its rule manager then evaluates the generated rules for real, over a past that is
// the history: one Prometheus starts inside the outage (the page alert must go pending, then fire once its
// `for` has passed), another an hour before it (the alert must stay inactive). `promtool tsdb
// create-blocks-from rules` would backfill recording rules only, and `promtool test rules` runs on its own
// input series, not on this history, so neither proves what a deployed rule file does.
// The recorded values are compared with the live reader (`liveBudget`, the raw queries) at the very instant
// Prometheus evaluated them, read back with their timestamps: the same data at the same time.
// The same is done for the Sloth example (examples/sloth/payments-api.yaml), its job's requests following the
// same history, with the rules Sloth's generator writes for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { budgetReport } from '../../src/budget/budget-report.js';
import { readFileSync } from 'node:fs';
import { createLanguageService, hasBudget } from '../../src/language/service.js';
import { PrometheusClient } from '../../src/prometheus/client.js';
import { liveBudget } from '../../src/prometheus/live.js';
import { DEFAULT_RULES_OPTIONS, type RuleGroup } from '../../src/rules/types.js';
import { rulesFileText } from '../../src/rules/write.js';
import { historyPrometheus, ROOT } from './harness.js';
import { OUTAGE } from './history.js';

const SLOS = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  indicator:
    metadata:
      name: checkout-requests
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{job="checkout",code=~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{job="checkout"}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 7d
      isRolling: true
  objectives:
    - target: 0.999
  alertPolicies:
    - kind: AlertPolicy
      metadata:
        name: checkout-page
      spec:
        conditions:
          - kind: AlertCondition
            metadata:
              name: checkout-fast-burn
            spec:
              severity: page
              condition:
                kind: burnrate
                op: gte
                threshold: 14.4
                lookbackWindow: 1h
                alertAfter: 1m
        notificationTargets:
          - targetRef: checkout-pager
    - kind: AlertPolicy
      metadata:
        name: checkout-ticket
      spec:
        conditions:
          - kind: AlertCondition
            metadata:
              name: checkout-slow-burn
            spec:
              severity: ticket
              condition:
                kind: burnrate
                op: gte
                threshold: 3
                lookbackWindow: 1d
        notificationTargets:
          - targetRef: checkout-tickets
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-latency
spec:
  service: checkout
  indicator:
    metadata:
      name: checkout-p99
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: checkout_p99_seconds{job="checkout"}
  budgetingMethod: Timeslices
  timeWindow:
    - duration: 7d
      isRolling: true
  objectives:
    - op: lte
      value: 0.8
      target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
`;

const SLOTH_FILE = path.join(ROOT, 'examples', 'sloth', 'payments-api.yaml');
const service = createLanguageService({});
service.setFile('slos.yaml', SLOS);
service.setFile(SLOTH_FILE, readFileSync(SLOTH_FILE, 'utf8'));
const generated = service.rules('slos.yaml', DEFAULT_RULES_OPTIONS)!.documents;
const sloth = service.rules(SLOTH_FILE, DEFAULT_RULES_OPTIONS)!.documents;
// One rule file per generated document, as `team-sre rules` writes them.
const RULES = [
  ...generated.map((d) => rulesFileText([d], 'slos.yaml')),
  rulesFileText(sloth, 'examples/sloth/payments-api.yaml'),
];

/** Prometheus with the history ending (at start) `minutes` after the outage began: negative is before it. */
const withHistoryAt = (minutes: number) =>
  historyPrometheus({
    history: () => ({
      until: OUTAGE[0] + minutes,
      endsAt: Math.floor(Date.now() / 1000),
      jobs: ['checkout', 'payments-api'],
    }),
    rules: RULES,
    evaluationInterval: '2s',
  });
const during = withHistoryAt(30);
const before = withHistoryAt(-60);

interface ApiRule {
  name: string;
  type: 'recording' | 'alerting';
  state?: 'inactive' | 'pending' | 'firing';
  labels?: Record<string, string>;
  alerts?: Array<{ labels: Record<string, string>; state: string; activeAt: string }>;
}
interface ApiGroup {
  name: string;
  lastEvaluation: string;
  rules: ApiRule[];
}

async function api<T>(url: string, path: string, params: Record<string, string> = {}): Promise<T> {
  const r = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`);
  const body = (await r.json()) as { status: string; data: T; error?: string };
  assert.equal(body.status, 'success', `${path}: ${body.error}`);
  return body.data;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The rule groups once every group has been evaluated at least once. */
async function evaluated(url: string): Promise<ApiGroup[]> {
  for (let i = 0; i < 100; i++) {
    const { groups } = await api<{ groups: ApiGroup[] }>(url, 'rules');
    if (groups.length && groups.every((g) => !g.lastEvaluation.startsWith('0001-'))) return groups;
    await sleep(300);
  }
  throw new Error('the rule groups were not evaluated within 30 s');
}

/** The first value Prometheus recorded for `record` of an SLO, and when. */
async function firstRecorded(url: string, record: string, slo: string): Promise<[Date, number]> {
  const result = await api<{ result: Array<{ values: Array<[number, string]> }> }>(url, 'query', {
    query: `${record}{sloth_slo="${slo}"}[10m]`,
  });
  assert.equal(result.result.length, 1, `${record} of ${slo}: one series`);
  const [t, v] = result.result[0]!.values[0]!;
  return [new Date(Math.round(t * 1000)), Number(v)];
}

/** The live reader's burn rates at `at` over the windows of the workbook, from the SLO's own queries. */
async function liveBurnRates(url: string, uri: string, slo: string, at: Date) {
  const entry = service.budgets(uri, at).find((e) => e.name === slo);
  assert.ok(entry && hasBudget(entry), `${slo} has a budget`);
  // Without conditions the report lists every window of the workbook (5m … 3d), each read by the live reader.
  const input = { ...entry.input, alerting: { style: 'conditions' as const, conditions: [] } };
  const report = budgetReport(input, at);
  // The SLO's queries, never recorded series: those are what is being checked.
  const { recorded: _recorded, ...spec } = entry.spec;
  const client = new PrometheusClient({ url });
  const live = await liveBudget({ report, input, spec, client, at });
  assert.equal(live.source, 'queries');
  return { live, budget: 1 - entry.input.target };
}

/** Equal within `tolerance` (the live reader rounds burn rates and the SLI to 10 significant digits). */
function same(actual: number, expected: number, what: string, tolerance = 1e-9 * Math.abs(expected)) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: recorded ${actual}, live ${expected}`);
}

/** Each recorded ratio over `windows` against the live reader's burn rate at the instant it was evaluated. */
async function recordedEqualsLive(uri: string, name: string, slo: string, windows: string[]) {
  await evaluated(during.url);
  for (const w of windows) {
    const [at, recorded] = await firstRecorded(during.url, `slo:sli_error:ratio_rate${w}`, slo);
    const { live, budget } = await liveBurnRates(during.url, uri, name, at);
    same(recorded / budget, live.burnRates[w]!, `${slo} burn rate over ${w}`);
  }
}

const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

test('the generated rules pass promtool and load into Prometheus', async () => {
  assert.deepEqual(
    generated.map((d) => d.notes),
    [
      [],
      [{ slo: 'checkout-latency', message: 'No alert policy: recording rules only, no alert is generated.' }],
    ],
  );
  assert.deepEqual(sloth[0]!.notes, []);
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-rules-'));
  try {
    const files = RULES.map((text, i) => {
      writeFileSync(path.join(dir, `rules-${i}.yaml`), text);
      return path.join(dir, `rules-${i}.yaml`);
    });
    const check = spawnSync('promtool', ['check', 'rules', ...files], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.equal(check.stderr, '');
    assert.deepEqual(check.stdout.match(/SUCCESS: \d+ rules found/g), [
      'SUCCESS: 17 rules found',
      'SUCCESS: 15 rules found',
      'SUCCESS: 17 rules found',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Prometheus lists the groups by file, then by name.
  const groups = await evaluated(during.url);
  assert.deepEqual(
    groups.map((g) => g.name).sort(),
    [...generated, ...sloth].flatMap((d) => d.groups.map((g: RuleGroup) => g.name)).sort(),
  );
});

test('OpenSLO ratio SLI: each recorded ratio equals the live burn rate at the instant it was evaluated', async () => {
  const slo = 'checkout-availability';
  await recordedEqualsLive('slos.yaml', slo, slo, WINDOWS);
  // The window's ratio from the SLI's queries too: the live SLI over the 7 days ending at that instant.
  const [at, recorded] = await firstRecorded(during.url, 'slo:sli_error:ratio_rate7d', slo);
  const { live } = await liveBurnRates(during.url, 'slos.yaml', slo, at);
  // The SLI near 1 keeps 10 significant digits: its error ratio, about 1e-10 of them.
  same(recorded, 1 - live.sli, `${slo} error ratio over the window`, 1e-10);
  // Inside the outage: a full outage over the last 5 minutes.
  const [, fiveMinutes] = await firstRecorded(during.url, 'slo:sli_error:ratio_rate5m', slo);
  assert.equal(fiveMinutes, 1);
});

test('OpenSLO threshold SLI: the share of bad slices recorded equals the live reader slice count', async () => {
  await recordedEqualsLive('slos.yaml', 'checkout-latency', 'checkout-latency', WINDOWS);
});

test('Sloth example: each recorded ratio of its alert windows equals the live burn rate', async () => {
  // Not its 30d ratio: Sloth records the mean of its own 5-minute records, which exist only since Prometheus started.
  await recordedEqualsLive(
    SLOTH_FILE,
    'payments-api-requests-availability',
    'requests-availability',
    WINDOWS,
  );
});

/** The alerting rules, once their groups were evaluated after every SLO's first recorded samples existed. */
async function settledAlerts(url: string): Promise<ApiRule[]> {
  await evaluated(url);
  const recorded = Math.max(
    ...(await Promise.all(
      ['checkout-availability', 'requests-availability'].map(async (slo) =>
        (await firstRecorded(url, 'slo:sli_error:ratio_rate1h', slo))[0].getTime(),
      ),
    )),
  );
  for (let i = 0; i < 100; i++) {
    const { groups } = await api<{ groups: ApiGroup[] }>(url, 'rules');
    const alerts = groups.filter((g) => g.rules.some((r) => r.type === 'alerting'));
    // Groups run on their own: the alerts' first evaluation may come before the recordings exist.
    if (alerts.every((g) => new Date(g.lastEvaluation).getTime() > recorded))
      return alerts.flatMap((g) => g.rules);
    await sleep(300);
  }
  throw new Error('the alerts were not evaluated after the recordings within 30 s');
}

/**
 * The series of an instant query once it has `count` of them (at least one): a group's ALERTS samples are written
 * after its rules' states, which the rules API shows at once.
 */
async function series(url: string, query: string, count = 1) {
  let result: Array<{ metric: Record<string, string> }> = [];
  for (let i = 0; i < 50 && result.length < count; i++) {
    if (i) await sleep(200);
    result = (await api<{ result: typeof result }>(url, 'query', { query })).result;
  }
  return result;
}

/** An alerting rule by name (and severity label, as Sloth's page and ticket alerts share a name). */
const ruleOf = (rules: ApiRule[], name: string, severity?: string) =>
  rules.find((r) => r.name === name && (!severity || r.labels?.severity === severity))!;

test('the page alerts fire during the outage (after `for`), and not an hour before', async () => {
  // An hour before the outage: burn rates recorded, under the page thresholds; no page alert even pending. The
  // Sloth example's 99.95 % is stricter than the history's 0.1 % of errors: its ticket alert fires already.
  const quiet = await settledAlerts(before.url);
  assert.equal(ruleOf(quiet, 'CheckoutFastBurn').state, 'inactive');
  assert.equal(ruleOf(quiet, 'CheckoutSlowBurn').state, 'inactive');
  assert.equal(ruleOf(quiet, 'PaymentsApiHighErrorRate', 'page').state, 'inactive');
  assert.equal(ruleOf(quiet, 'PaymentsApiHighErrorRate', 'ticket').state, 'firing');
  const [, hour] = await firstRecorded(before.url, 'slo:sli_error:ratio_rate1h', 'checkout-availability');
  assert.ok(hour / 0.001 < 14.4, `burn rate over 1h before the outage: ${hour / 0.001}`);
  const alerts = await series(before.url, 'ALERTS');
  assert.deepEqual(
    alerts.map((r) => [r.metric.alertname, r.metric.alertstate, r.metric.severity]),
    [['PaymentsApiHighErrorRate', 'firing', 'ticket']],
  );

  // Thirty minutes into the outage: the OpenSLO page alert pending first (for: 1m), then firing with the
  // condition's labels; its ticket alert (3 × the budget over a day, no `for`) and Sloth's page and ticket
  // alerts (no `for`) fire at once.
  const page = (rules: ApiRule[]) => ruleOf(rules, 'CheckoutFastBurn');
  let rule = page(await settledAlerts(during.url));
  assert.equal(rule.state, 'pending');
  const active = new Date(rule.alerts![0]!.activeAt).getTime();
  assert.ok(Date.now() < active + 60_000, 'seen pending within its first minute');
  for (let i = 0; i < 120 && rule.state !== 'firing'; i++) {
    await sleep(1000);
    rule = page((await api<{ groups: ApiGroup[] }>(during.url, 'rules')).groups.flatMap((g) => g.rules));
  }
  assert.equal(rule.state, 'firing');
  assert.ok(Date.now() >= active + 60_000, 'firing only once `for: 1m` has passed');
  const firing = await series(during.url, 'ALERTS{alertstate="firing"}', 4);
  const ids = {
    sloth_id: 'checkout-checkout-availability',
    sloth_service: 'checkout',
    sloth_slo: 'checkout-availability',
  };
  const payments = {
    category: 'availability',
    sloth_id: 'payments-api-requests-availability',
    sloth_service: 'payments-api',
    sloth_slo: 'requests-availability',
    team: 'payments',
  };
  const key = (m: Record<string, string>) => `${m.alertname} ${m.severity}`;
  assert.deepEqual(
    firing.map((r) => r.metric).sort((a, b) => key(a).localeCompare(key(b))),
    [
      {
        __name__: 'ALERTS',
        alertname: 'CheckoutFastBurn',
        alertstate: 'firing',
        openslo_alert_condition: 'checkout-fast-burn',
        openslo_alert_policy: 'checkout-page',
        severity: 'page',
        ...ids,
      },
      {
        __name__: 'ALERTS',
        alertname: 'CheckoutSlowBurn',
        alertstate: 'firing',
        openslo_alert_condition: 'checkout-slow-burn',
        openslo_alert_policy: 'checkout-ticket',
        severity: 'ticket',
        ...ids,
      },
      {
        __name__: 'ALERTS',
        alertname: 'PaymentsApiHighErrorRate',
        alertstate: 'firing',
        severity: 'page',
        sloth_severity: 'page',
        ...payments,
      },
      {
        __name__: 'ALERTS',
        alertname: 'PaymentsApiHighErrorRate',
        alertstate: 'firing',
        severity: 'ticket',
        sloth_severity: 'ticket',
        ...payments,
      },
    ],
  );
});
