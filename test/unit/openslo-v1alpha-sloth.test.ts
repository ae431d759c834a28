/**
 * OpenSLO v1alpha written for Sloth (queries with `{{.window}}`) is read as Sloth's reader reads it
 * (internal/storage/io/openslo.go): without `timeWindows` its window is Sloth's SLO period. Plain v1alpha,
 * read by oslo, still needs its one time window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/language/analysis/analyze.js';
import { createLanguageService } from '../../src/language/service.js';

const FOR_SLOTH = `apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: api
spec:
  service: api
  budgetingMethod: Occurrences
  objectives:
    - ratioMetrics:
        good:
          source: prometheus
          queryType: promql
          query: sum(rate(http_requests_total{code!~"5.."}[{{.window}}]))
        total:
          source: prometheus
          queryType: promql
          query: sum(rate(http_requests_total[{{.window}}]))
      target: 0.999
`;

test('without timeWindows, an SLO for Sloth is clean and measured over the SLO period', () => {
  const analysis = analyzeText('file:///w/api.yaml', FOR_SLOTH);
  assert.deepEqual(analysis.diagnostics, []);
  const window = analysis.objects[0]!.model.slos[0]!.window!;
  assert.deepEqual([window.label, window.minutes], ["30 days, rolling (Sloth's SLO period)", 43200]);
});

test('the budget follows the Sloth period setting: 0.1 % of 28 days', () => {
  const service = createLanguageService({ slothPeriod: '28d' });
  service.setFile('file:///w/api.yaml', FOR_SLOTH);
  const [entry] = service.budgets('file:///w/api.yaml', new Date('2026-03-10T00:00:00Z'));
  assert.ok(entry && 'report' in entry, 'the SLO has a budget');
  assert.equal(entry.report.budget.allowedBadMinutes, 40.32);
});

test('with timeWindows, Sloth reads its count of days, rolling', () => {
  const text = `${FOR_SLOTH}  timeWindows:\n    - count: 7\n      unit: Day\n      isRolling: false\n`;
  const analysis = analyzeText('file:///w/api.yaml', text);
  assert.deepEqual(analysis.diagnostics, []);
  assert.equal(analysis.objects[0]!.model.slos[0]!.window!.label, '7 days, rolling');
});

test('plain OpenSLO v1alpha still needs timeWindows, as oslo requires', () => {
  const text = FOR_SLOTH.replaceAll('[{{.window}}]', '[5m]');
  assert.deepEqual(
    analyzeText('file:///w/api.yaml', text).diagnostics.map(
      (d) => `${d.code} ${d.severity} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`,
    ),
    [
      'SLO010 error 9:7 “spec.objectives[0]” is missing “value” (required): add it, e.g. “value: 1”.',
      'SLO010 error 5:1 “spec” is missing “timeWindows” (required): add it, e.g. “timeWindows:”.',
    ],
  );
});
