import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshnessSelectors, staleNote, vectorSelectors } from '../../src/prometheus/freshness.js';

test('the series an SLI reads: each vector selector of its queries, once', () => {
  assert.deepEqual(
    vectorSelectors(
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="checkout"}[5m])))',
    ),
    ['http_request_duration_seconds_bucket{job="checkout"}'],
  );
  assert.deepEqual(
    freshnessSelectors({
      sli: {
        kind: 'events',
        bad: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}])) offset 1m',
        total: 'sum(rate(http_requests_total{job="api"}[{{ .window }}])) / on() group_left up{job="api"}',
        origin: '',
      },
    }),
    ['http_requests_total{job="api",code=~"5.."}', 'http_requests_total{job="api"}', 'up{job="api"}'],
  );
  // Recording rules alone: the shortest recorded window's series of this SLO.
  assert.deepEqual(
    freshnessSelectors(
      {
        sli: { kind: 'unsupported', reason: 'no queries' },
        recorded: {
          ratioPrefix: 'slo:sli_error:ratio_rate',
          label: { name: 'sloth_id', value: 'checkout-availability' },
          source: 'sloth-recording-rules',
          note: '',
        },
      },
      new Map([
        [3600, 0.001],
        [300, 0.002],
      ]),
    ),
    ['slo:sli_error:ratio_rate5m{sloth_id="checkout-availability"}'],
  );
});

test('the stale note: the age in prose, the newest sample to the minute, the windows listed', () => {
  const newest = { newestSample: '2026-12-03T11:20:00.000Z' };
  const at = Date.parse('2026-12-03T14:32:00Z') / 1000;
  assert.equal(
    staleNote(newest, at, ['5m']),
    'Data is 3 h 12 min old (newest sample 2026-12-03 11:20 UTC): burn rates over the last 5m are not computed.',
  );
  assert.equal(
    staleNote(newest, at + 3 * 86400 + 7, ['5m', '1h', '6h']),
    'Data is 3 days 3 h 12 min 7 s old (newest sample 2026-12-03 11:20 UTC): burn rates over the last 5m, 1h and 6h are not computed.',
  );
});
