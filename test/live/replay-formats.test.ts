// Alert replay of an OpenSLO SLO with its own AlertCondition and of a Pyrra SLO, against a real Prometheus with
// the history of known truth: each alert rule fires exactly over the minutes its windows, thresholds and `for`
// give on the history's true error ratios, computed here from the generated rule itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createLanguageService } from '../../src/language/service.js';
import { PrometheusClient } from '../../src/prometheus/client.js';
import { replayAlerts } from '../../src/prometheus/replay.js';
import { parseDuration } from '../../src/rules/promql-print.js';
import type { Rule } from '../../src/rules/types.js';
import { AT, AT_MINUTE, errorRatio, T0 } from './history.js';
import { FIXTURES, historyPrometheus } from './harness.js';

const prom = historyPrometheus();

const OPENSLO = `apiVersion: openslo/v1
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
    - duration: 28d
      isRolling: true
  objectives:
    - target: 0.999
  alertPolicies:
    - kind: AlertPolicy
      metadata:
        name: fast-burn
      spec:
        notificationTargets:
          - targetRef: on-call
        conditions:
          - kind: AlertCondition
            metadata:
              name: page-fast-burn
            spec:
              severity: page
              condition:
                kind: burnrate
                op: gt
                threshold: 14.4
                lookbackWindow: 1h
                alertAfter: 2m
`;

const minutes = (text: string) => parseDuration(text)! / 60_000;
/** The true error ratio of the `w` minutes ending at minute m (what there is of it before the history starts). */
const ratio = (m: number, w: number) => errorRatio(m, Math.min(w, m));

/**
 * Firing runs [start, end) in minutes from the evaluations (every `step` minutes) at which the condition holds,
 * `for` applied as the rule manager applies it, over [from, to].
 */
function truth(holds: (t: number) => boolean, forMinutes: number, from: number, to: number, step: number) {
  const out: Array<[number, number | undefined, boolean]> = [];
  let active: number | undefined;
  let firing: number | undefined;
  for (let t = from - forMinutes - step; t <= to; t += step) {
    if (holds(t)) {
      active ??= t;
      if (firing === undefined && t - active >= forMinutes) firing = t;
    } else {
      if (firing !== undefined && t > from) out.push([Math.max(firing, from), t, firing < from]);
      active = firing = undefined;
    }
  }
  if (firing !== undefined) out.push([Math.max(firing, from), undefined, firing < from]);
  return out;
}

/**
 * The true ratio a `rate()` ratio over `w` minutes reads at minute t, with one sample a minute: at a whole minute
 * the w minutes ending there; half a minute later the window holds w samples, so w - 1 minutes of increase, and
 * nothing at all for a one-minute window (a single sample has no rate).
 */
function rateRatio(t: number, w: number): number | undefined {
  const m = Math.floor(t);
  if (t === m) return ratio(m, w);
  return w > 1 ? ratio(m, w - 1) : undefined;
}

/** The alerts of a file replayed over the week before AT, and the truth of each rule from its own windows. */
async function replayFile(uri: string, text: string, condition: (rule: Rule) => (t: number) => boolean) {
  const service = createLanguageService();
  service.setFile(uri, text);
  const from = AT_MINUTE - 7 * 1440;
  const client = new PrometheusClient({ url: prom.url, timeoutMs: 60_000 });
  const groups = service.rules(uri)!.documents.flatMap((d) => d.groups);
  const alerts = await replayAlerts(client, groups, { from: new Date((T0 + from * 60) * 1000), to: AT });
  const rules = groups.flatMap((g) =>
    g.rules.filter((r) => r.alert !== undefined).map((rule) => ({ rule, step: minutes(g.interval ?? '1m') })),
  );
  assert.equal(alerts.length, rules.length);
  const minuteOf = (t: number) => (t - T0) / 60;
  return alerts.map((a, i) => ({
    name: `${a.name} ${JSON.stringify(rules[i]!.rule.labels)}`,
    replayed: a.firing.map((f) => [
      minuteOf(f.start),
      f.end === undefined ? undefined : minuteOf(f.end),
      f.alreadyFiring,
    ]),
    truth: truth(
      condition(rules[i]!.rule),
      minutes(rules[i]!.rule.for ?? '0s'),
      from,
      AT_MINUTE,
      rules[i]!.step,
    ),
  }));
}

test('OpenSLO: its AlertCondition (1h lookback, 5m short window, burn rate 14.4, alertAfter 2m) fires as the history says', async () => {
  const budget = 1 - 0.999;
  const results = await replayFile(
    'file:///openslo.yaml',
    OPENSLO,
    () => (m) => ratio(m, 60) / budget > 14.4 && ratio(m, 5) / budget > 14.4,
  );
  assert.equal(results.length, 1);
  // The outage and the incident before AT: two pages, each two minutes after its condition holds.
  assert.equal(results[0]!.truth.length, 2);
  assert.deepEqual(results[0]!.replayed, results[0]!.truth);
});

test('Pyrra: each ErrorBudgetBurn tier fires over the minutes its short and long windows pass its factor, after `for`', async () => {
  const text = readFileSync(path.join(FIXTURES, 'pyrra.yaml'), 'utf8').split(/^---$/m)[0]!;
  const results = await replayFile('file:///pyrra.yaml', text, (rule) => {
    if (rule.alert !== 'ErrorBudgetBurn') return () => false; // the metric is never absent in the history
    const threshold = Number(
      /> \((\d+(?:\.\d+)?) \* \(1-([\d.]+)\)\)/
        .exec(rule.expr)!
        .slice(1)
        .reduce((f, t) => `${Number(f) * (1 - Number(t))}`),
    );
    const short = minutes(rule.labels!.short!);
    const long = minutes(rule.labels!.long!);
    // Pyrra evaluates its burn rates every 30 s: half the evaluations read one sample less.
    return (t) => (rateRatio(t, short) ?? 0) > threshold && (rateRatio(t, long) ?? 0) > threshold;
  });
  assert.ok(results.length >= 4, String(results.length));
  for (const r of results) assert.deepEqual(r.replayed, r.truth, r.name);
  // With one sample a minute, the 1-minute window has a rate only at every other 30-second evaluation: the
  // fastest tier never holds for its minute and never fires; the next one pages for the outage and the incident.
  assert.equal(results.find((r) => r.name.includes('"short":"1m"'))!.truth.length, 0);
  assert.equal(results.find((r) => r.name.includes('"short":"8m"'))!.truth.length, 2);
});
