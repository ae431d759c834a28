// A backtest over 90 days of an SLO with one-minute time slices stays within the bounds set on live reads: every
// range query under Prometheus's points per query, every read under its query count, answers bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtest } from '../../src/backtest/backtest.js';
import { hasBudget } from '../../src/language/features/workspace-slos.js';
import { createLanguageService } from '../../src/language/service.js';
import { LIMITS, PrometheusClient } from '../../src/prometheus/client.js';
import { AT } from './history.js';
import { historyPrometheus } from './harness.js';

const prom = historyPrometheus();

const SLO = `apiVersion: openslo/v1
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
            query: max(checkout_p99_seconds{job="checkout"})
  budgetingMethod: Timeslices
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - op: lte
      value: 0.8
      target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
  alertPolicies:
    - kind: AlertPolicy
      metadata:
        name: slow
      spec:
        notificationTargets:
          - targetRef: on-call
        conditions:
          - kind: AlertCondition
            metadata:
              name: slow-burn
            spec:
              severity: ticket
              condition:
                kind: burnrate
                op: gt
                threshold: 6
                lookbackWindow: 6h
                alertAfter: 5m
`;

test('90 days of one-minute slices: each read within its bounds, the range queries chunked under 11 000 points', async () => {
  const service = createLanguageService();
  service.setFile('file:///latency.yaml', SLO);
  const [entry] = service.budgets('file:///latency.yaml', AT).filter(hasBudget);
  const [doc] = service.rules('file:///latency.yaml')!.documents;
  assert.ok(
    doc!.groups.some((g) => g.rules.some((r) => r.alert !== undefined)),
    'an alert rule to replay',
  );
  const clients: PrometheusClient[] = [];
  const result = await backtest({
    slo: entry!.name,
    input: entry!.input,
    spec: entry!.spec,
    groups: doc!.groups,
    incidents: [],
    from: new Date(AT.getTime() - 90 * 86_400_000),
    to: AT,
    client: () => {
      const c = new PrometheusClient({ url: prom.url, timeoutMs: 60_000 });
      clients.push(c);
      return c;
    },
  });
  assert.deepEqual(result.notes, []);
  // 90 days tiled back from AT in 28-day windows: four windows, the oldest reaching before the range.
  assert.equal(result.windows.length, 4);
  for (const c of clients) {
    assert.ok(c.sent.length <= LIMITS.queriesPerRead, String(c.sent.length));
    for (const q of c.sent)
      if (q.type === 'range')
        assert.ok(
          (Date.parse(q.end!) - Date.parse(q.start!)) / 1000 / q.step! + 1 <= LIMITS.pointsPerRangeQuery,
        );
  }
  // 90 days at the one-minute evaluation interval: 129 601 evaluations, 12 range queries for the alert.
  const replay = clients[0]!.sent;
  assert.equal(replay.length, 12);
  assert.equal(
    result.queries,
    clients.reduce((n, c) => n + c.sent.length, 0),
  );
});
