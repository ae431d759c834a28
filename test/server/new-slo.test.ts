import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NewSloProblemRequest,
  NewSloRequest,
  NewSloTemplatesRequest,
  type NewSloParams,
} from '../../src/protocol/requests.js';
import { startServer, type TestClient } from './client.js';

const SERVICE_PROBLEM =
  'Use 1 to 63 lower-case letters, digits and "-", starting and ending with a letter or digit (e.g. checkout).';
const TARGET_RANGE = 'The target is a percentage between 0 and 100 (exclusive), e.g. 99.9.';

const PAYMENTS_OPENSLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: payments-availability
  displayName: Payments availability
spec:
  description: Share of payments requests that succeed
  service: payments
  indicator:
    metadata:
      name: payments-success-ratio
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{job="payments",code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{job="payments"}[5m]))
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - displayName: Available
      target: 0.995
`;

const PAYMENTS_SLOTH = `version: prometheus/v1
service: payments
slos:
  - name: requests-availability
    objective: 99.5
    description: Requests that do not fail with a 5xx
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="payments",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="payments"}[{{.window}}]))
    alerting:
      name: PaymentsHighErrorRate
      page_alert:
        labels:
          severity: page
      ticket_alert:
        labels:
          severity: ticket
`;

const PAYMENTS_PYRRA = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: payments-errors
  namespace: monitoring
spec:
  target: "99.5"
  window: 4w
  indicator:
    ratio:
      errors:
        metric: http_requests_total{job="payments",code=~"5.."}
      total:
        metric: http_requests_total{job="payments"}
`;

describe('New SLO requests', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.close();
  });

  test('teamSre/newSloTemplates: the formats offered, in order', async () => {
    assert.deepEqual(await client.connection.sendRequest(NewSloTemplatesRequest, {}), [
      { choice: 'openslo', label: 'OpenSLO v1', description: 'SLO with an inline ratio SLI on Prometheus' },
      { choice: 'sloth', label: 'Sloth', description: 'prometheus/v1 file with page and ticket alerts' },
      { choice: 'pyrra', label: 'Pyrra', description: 'ServiceLevelObjective on errors over total' },
    ]);
  });

  test("teamSre/newSloProblem: the command's validation messages, null for usable answers", async () => {
    const problem = (field: 'service' | 'target', value: string) =>
      client.connection.sendRequest(NewSloProblemRequest, { field, value });
    assert.equal(await problem('service', 'Checkout'), SERVICE_PROBLEM);
    assert.equal(await problem('service', '-payments'), SERVICE_PROBLEM);
    assert.equal(await problem('service', ''), SERVICE_PROBLEM);
    // Surrounding spaces are dropped from the service name, as the written file does.
    assert.equal(await problem('service', ' payments '), null);
    assert.equal(await problem('target', '100'), TARGET_RANGE);
    assert.equal(await problem('target', '0'), TARGET_RANGE);
    assert.equal(await problem('target', 'abc'), 'Write the target as a percentage, e.g. 99.9.');
    assert.equal(await problem('target', ' '), 'Write the target as a percentage, e.g. 99.9.');
    assert.equal(await problem('target', '99.5%'), null);
  });

  test('teamSre/newSlo: the file name and text for the answers', async () => {
    const make = (params: NewSloParams) => client.connection.sendRequest(NewSloRequest, params);
    assert.deepEqual(await make({ format: 'sloth', service: 'payments', target: '99.5' }), {
      fileName: 'payments-sloth.yaml',
      text: PAYMENTS_SLOTH,
    });
    // Answers as typed: spaces around the service, a percent sign after the target.
    assert.deepEqual(await make({ format: 'pyrra', service: ' payments ', target: '99.5%' }), {
      fileName: 'payments-pyrra.yaml',
      text: PAYMENTS_PYRRA,
    });
    assert.deepEqual(await make({ format: 'openslo', service: 'payments', target: '99.5' }), {
      fileName: 'payments-availability.yaml',
      text: PAYMENTS_OPENSLO,
    });
  });

  test('teamSre/newSlo: answers that cannot make a file are answered with why', async () => {
    const make = (params: NewSloParams) => client.connection.sendRequest(NewSloRequest, params);
    assert.deepEqual(await make({ format: 'sloth', service: 'Payments', target: '99.5' }), {
      error: SERVICE_PROBLEM,
    });
    assert.deepEqual(await make({ format: 'sloth', service: 'payments', target: '120' }), {
      error: TARGET_RANGE,
    });
    assert.deepEqual(await make({ format: 'nagios', service: 'payments', target: '99.5' }), {
      error: 'No New SLO template for nagios.',
    });
  });
});
