import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { budgetInputs } from '../../src/language/model/budget-input.js';
import { liveSpec } from '../../src/language/model/live-spec.js';
import { normaliseSlos } from '../../src/language/model/slo-model.js';
import { createLanguageService } from '../../src/language/service.js';

/** The checkout example workspace, in a language service. */
function checkout(options: Parameters<typeof createLanguageService>[0] = {}) {
  const service = createLanguageService(options);
  for (const f of ['checkout-slos', 'checkout-slis', 'alerting', 'datasource', 'service'])
    service.setFile(`examples/slos/${f}.yaml`, readFileSync(`examples/slos/${f}.yaml`, 'utf8'));
  return service;
}

test('references resolve to model pieces: the SLI, the policy and its condition, the data source', () => {
  const service = checkout();
  const [availability] = service.slos('examples/slos/checkout-slos.yaml');
  assert.equal(service.resolve('SLI', 'checkout-availability')?.sli?.kind, 'ratio');
  assert.deepEqual(service.resolve('AlertPolicy', 'checkout-fast-burn')?.alertPolicy?.conditions, [
    { ref: 'fast-burn' },
  ]);
  assert.equal(service.resolve('AlertCondition', 'fast-burn')?.alertCondition?.threshold, 14.4);
  assert.equal(service.resolve('SLI', 'missing'), undefined);
  const inputs = budgetInputs(availability!, service.resolve);
  assert.equal(inputs.length, 1);
  const { input, objective } = inputs[0]!;
  assert.deepEqual(input.alerting, {
    style: 'conditions',
    conditions: [
      { name: 'fast-burn', severity: 'page', threshold: 14.4, lookbackMinutes: 60, alertAfterMinutes: 5 },
    ],
  });
  assert.deepEqual(liveSpec(availability!, objective, service.resolve), {
    dataSource: { name: 'prometheus', type: 'Prometheus', url: 'http://prometheus.monitoring:9090' },
    sli: {
      kind: 'events',
      good: 'sum(rate(http_requests_total{job="checkout",code!~"5.."}[{{.window}}]))',
      total: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
      origin: "the SLI's good/total queries, over each window",
    },
  });
});

test('the model is made once per document: an edit above it moves the object, not the model', () => {
  const service = createLanguageService();
  const uri = 'file:///a.yaml';
  const sloth = readFileSync('examples/sloth/payments-api.yaml', 'utf8');
  const before = service.setFile(uri, `# one\n---\n${sloth}`);
  const after = service.setFile(uri, `# one\n# and two\n---\n${sloth}`);
  assert.deepEqual([before.objects[0]!.baseLine, after.objects[0]!.baseLine], [1, 2]);
  assert.equal(after.objects[0]!.model, before.objects[0]!.model);
  assert.equal(normaliseSlos(after.objects[0]!), after.objects[0]!.model.slos);
});

test("Sloth's window: the analysis's period, or another asked for, made once per period", () => {
  const service = createLanguageService({ slothPeriod: '28d' });
  const uri = 'examples/sloth/payments-api.yaml';
  service.setFile(uri, readFileSync(uri, 'utf8'));
  const object = service.get(uri)!.objects[0]!;
  assert.equal(object.model.slos[0]!.window?.label, "28 days, rolling (Sloth's SLO period)");
  assert.equal(normaliseSlos(object, { slothPeriod: '28d' }), object.model.slos);
  const week = normaliseSlos(object, { slothPeriod: '7d' });
  assert.deepEqual(week[0]!.window, {
    kind: 'rolling',
    minutes: 10080,
    label: "7 days, rolling (Sloth's SLO period)",
    duration: '7d',
    fromDefaultPeriod: true,
  });
  assert.equal(normaliseSlos(object, { slothPeriod: '7d' }), week);
  // An edit of another document keeps the SLOs made for that period.
  const text = readFileSync(uri, 'utf8');
  service.setFile(uri, `${text}---\n# another document\n`);
  assert.equal(normaliseSlos(service.get(uri)!.objects[0]!, { slothPeriod: '7d' }), week);
  assert.equal(week[0]!.format, 'sloth/v1');
  // Options changed: the next analysis makes the model with the new period.
  service.configure({ slothPeriod: '14d' });
  service.setFile(uri, readFileSync(uri, 'utf8'));
  assert.equal(service.slos(uri)[0]!.window?.minutes, 14 * 1440);
});

test('OpenSLO alerting: an inline policy with an inline condition and one by reference', () => {
  const service = checkout();
  const text = [
    'apiVersion: openslo/v1',
    'kind: SLO',
    'metadata:',
    '  name: inline-alerts',
    'spec:',
    '  service: checkout',
    '  indicatorRef: checkout-availability',
    '  timeWindow:',
    '    - duration: 30d',
    '      isRolling: true',
    '  objectives:',
    '    - target: 0.99',
    '  alertPolicies:',
    '    - kind: AlertPolicy',
    '      metadata:',
    '        name: inline-policy',
    '      spec:',
    '        alertWhenBreaching: true',
    '        conditions:',
    '          - kind: AlertCondition',
    '            metadata:',
    '              name: slow-burn',
    '            spec:',
    '              severity: ticket',
    '              condition:',
    '                kind: burnrate',
    '                op: gte',
    '                threshold: 2',
    '                lookbackWindow: 6h',
    '                alertAfter: 30m',
    '          - conditionRef: fast-burn',
    '',
  ].join('\n');
  service.setFile('inline.yaml', text);
  const [slo] = service.slos('inline.yaml');
  assert.equal(slo!.alerting.style, 'conditions');
  const policy = slo!.alerting.style === 'conditions' ? slo!.alerting.policies[0]?.policy : undefined;
  assert.equal(policy?.name, 'inline-policy');
  assert.equal(policy?.alertWhenBreaching, true);
  const [inline, byRef] = policy!.conditions;
  assert.equal(byRef?.ref, 'fast-burn');
  const { node: _node, at, ...condition } = inline!.condition!;
  assert.deepEqual(condition, {
    name: 'slow-burn',
    severity: 'ticket',
    kind: 'burnrate',
    op: 'gte',
    threshold: 2,
    lookbackWindow: '6h',
    alertAfter: '30m',
  });
  assert.equal(
    at.lookbackWindow?.path,
    'spec.alertPolicies[0].spec.conditions[0].spec.condition.lookbackWindow',
  );
  assert.deepEqual(budgetInputs(slo!, service.resolve)[0]!.input.alerting, {
    style: 'conditions',
    conditions: [
      { name: 'slow-burn', severity: 'ticket', threshold: 2, lookbackMinutes: 360, alertAfterMinutes: 30 },
      { name: 'fast-burn', severity: 'page', threshold: 14.4, lookbackMinutes: 60, alertAfterMinutes: 5 },
    ],
  });
});
