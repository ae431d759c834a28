// Each SLO's budget is computed on its own: a value the engine cannot use makes that SLO's error, never the file's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService, hasBudget } from '../../src/language/service.js';

const AT = new Date('2026-11-24T12:00:00Z');

const slo = (name: string, window: string) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: checkout
  indicator:
    metadata: { name: ${name}-ratio }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(good[5m]))' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(total[5m]))' } } }
  budgetingMethod: Occurrences
  timeWindow:
${window}
  objectives:
    - target: 0.999
`;
const GOOD = slo('checkout-availability', '    - duration: 28d\n      isRolling: true');
const calendar = (duration: string, timeZone: string) =>
  `    - duration: ${duration}\n      isRolling: false\n      calendar:\n        startTime: '2026-01-01 00:00:00'\n        timeZone: ${timeZone}`;

/** What the list says of the SLO `bad` in a file after the good one: its error, and the good one's budget. */
function listed(window: string) {
  const service = createLanguageService();
  service.setFile('slos.yaml', `${GOOD}---\n${slo('bad', window)}`);
  const [good, bad, ...rest] = service.workspaceSlos(AT);
  assert.equal(rest.length, 0);
  assert.ok(good && hasBudget(good) && good.name === 'checkout-availability');
  assert.equal(good.report.budget.allowedBadMinutes, 40.32);
  assert.ok(bad && !hasBudget(bad), 'the bad SLO is in error');
  return { error: bad.error, line: bad.range.start.line };
}

test('a time zone the editor flags: the diagnostic on the field is the error, pointing at it', () => {
  assert.deepEqual(listed(calendar('1M', 'CEST')), {
    error:
      '“CEST” is not an IANA time zone name: use a name such as “UTC”, “Europe/Paris” or “America/New_York” (abbreviations like CEST and offsets like +01:00 are not accepted).',
    line: 39,
  });
  assert.match(listed(calendar('1d', "'+01:00'")).error, /^“\+01:00” is not an IANA time zone name/);
});

test('values no diagnostic flags: the engine says what it cannot compute, at the SLO name', () => {
  assert.deepEqual(listed(calendar('1M', 'Local')), {
    error:
      'The calendar window cannot be placed in the time zone “Local”: use an IANA name such as “UTC” or “Europe/Paris”.',
    line: 23,
  });
  assert.equal(
    listed('    - duration: 99999999999d\n      isRolling: true').error,
    'The window (99999999999 days, rolling) is too long to place in time: shorten it, e.g. to “28d” or “1M”.',
  );
  assert.equal(
    listed(calendar('99999999999M', 'UTC')).error,
    'The window (99999999999 calendar months) is too long to place in time: shorten it, e.g. to “28d” or “1M”.',
  );
  assert.equal(
    listed(calendar('0d', 'UTC')).error,
    'The window (0 days, calendar) has no length: give it a duration above zero, such as “1M”.',
  );
});

test('the budgets of a document keep their indexes: the SLO in error takes none', () => {
  const service = createLanguageService();
  service.setFile('slos.yaml', `${slo('bad', calendar('1M', 'CEST'))}---\n${GOOD}`);
  const budgets = service.budgets('slos.yaml', AT);
  assert.deepEqual(
    budgets.map((e) => (hasBudget(e) ? [e.name, e.index] : [e.name, 'error'])),
    [
      ['bad', 'error'],
      ['checkout-availability', 0],
    ],
  );
});
