import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetReport } from '../../src/budget/budget-report.js';
import type { LiveBudget } from '../../src/prometheus/live.js';
import { parseFromPreview, parseToPreview, type ToPreview } from '../../src/protocol/preview.js';

const report = budgetReport(
  {
    name: 'checkout-availability',
    format: 'OpenSLO v1',
    objective: 'Available',
    target: 0.999,
    method: 'Occurrences',
    window: { kind: 'rolling', minutes: 28 * 1440, label: '28 days, rolling' },
    alerting: { style: 'burn-rate-table', table: 'workbook-multiwindow', source: "Sloth's alert windows" },
  },
  new Date('2026-11-24T12:00:00Z'),
);

const live: LiveBudget = {
  at: '2026-11-24T12:00:00.000Z',
  source: 'queries',
  sourceNote: 'the SLI queries',
  method: 'Occurrences',
  measured: { start: '2026-10-27T12:00:00.000Z', end: '2026-11-24T12:00:00.000Z', window: '28d' },
  sli: 0.9995,
  budgetRemaining: 0.5,
  burnRates: { '1h': 0.4, '5m': null },
  alertsNow: [{ fires: false, text: 'No — 1h burn 0.4 < 14.4' }],
  burnDown: {
    step: 3600,
    meaning: 'budget left',
    points: [
      [1, 1],
      [2, null],
    ],
  },
  notes: [],
  queries: [{ purpose: 'the SLI', query: 'up', type: 'instant', time: '2026-11-24T12:00:00.000Z' }],
};

const update: ToPreview = {
  type: 'update',
  file: 'slos/checkout.yaml',
  reports: [report],
  selected: 0,
  live: { state: 'ok', url: 'http://localhost:9090', data: live, fetched: '12:00', refreshSeconds: 60 },
};

/** What `parseToPreview` says of a message it drops. */
function dropped(message: unknown): string | undefined {
  let why: string | undefined;
  const parsed = parseToPreview(message, (w) => (why = w));
  assert.equal(parsed, undefined, `accepted: ${JSON.stringify(message)}`);
  return why;
}

test('the preview accepts the updates the extension sends, field for field, without unknown fields', () => {
  assert.deepEqual(parseToPreview(update), update);
  const broken = {
    type: 'update',
    file: 'a.yaml',
    reports: [],
    selected: 0,
    error: 'Line 3: the YAML does not parse',
  };
  assert.deepEqual(parseToPreview(broken), broken);
  assert.deepEqual(parseToPreview({ ...update, run: 'rm -rf' }), update);
  for (const state of [
    { state: 'off', hint: 'Set teamSre.prometheus.url' },
    { state: 'loading', url: 'http://p:9090' },
    { state: 'error', url: 'http://p:9090', kind: 'promql', message: 'bad', query: 'up' },
  ])
    assert.deepEqual(parseToPreview({ ...update, live: state })?.live, state);
});

test('a figure JSON could not carry (null for Infinity or NaN) is read as NaN', () => {
  const json = JSON.parse(
    JSON.stringify({
      ...update,
      reports: [{ ...report, alerts: [{ ...report.alerts[0]!, exhaustionHours: Infinity }] }],
    }),
  ) as unknown;
  assert.ok(Number.isNaN(parseToPreview(json)!.reports[0]!.alerts[0]!.exhaustionHours));
});

test('a message with a field of the wrong type is dropped, with the field and why', () => {
  assert.equal(dropped(null), 'the message: Invalid type: Expected Object but received null');
  assert.equal(dropped('update'), 'the message: Invalid type: Expected Object but received "update"');
  assert.equal(dropped({ type: 'ready' }), 'type: Invalid type: Expected "update" but received "ready"');
  assert.equal(
    dropped({ ...update, reports: 'none' }),
    'reports: Invalid type: Expected Array but received "none"',
  );
  assert.equal(
    dropped({ ...update, reports: [{ ...report, name: 42 }] }),
    'reports.0.name: Invalid type: Expected string but received 42',
  );
  assert.equal(
    dropped({ ...update, reports: [{ ...report, warnings: [{ html: '<b>' }] }] }),
    'reports.0.warnings.0: Invalid type: Expected string but received Object',
  );
  assert.equal(
    dropped({ ...update, reports: [{ ...report, alerts: [{ ...report.alerts[0], factor: '14.4' }] }] }),
    'reports.0.alerts.0.factor: Invalid type: Expected (number | NaN | null) but received "14.4"',
  );
  assert.equal(
    dropped({ ...update, reports: [{ ...report, window: { ...report.window, kind: 'forever' } }] }),
    'reports.0.window.kind: Invalid type: Expected ("rolling" | "calendar") but received "forever"',
  );
  assert.equal(dropped({ ...update, selected: -1 }), 'selected: Invalid value: Expected >=0 but received -1');
  assert.equal(
    dropped({
      ...update,
      live: {
        state: 'ok',
        url: 'u',
        data: { ...live, burnRates: { '1h': '0.4' } },
        fetched: '',
        refreshSeconds: 1,
      },
    }),
    'live.data.burnRates.1h: Invalid type: Expected (number | NaN) but received "0.4"',
  );
  assert.equal(
    dropped({ ...update, live: { state: 'error', url: 'u', kind: 'http', message: { toString: 1 } } }),
    'live.message: Invalid type: Expected string but received Object',
  );
  assert.equal(
    dropped({ ...update, live: { state: 'hacked' } }),
    'live.state: Invalid type: Expected ("off" | "unsupported" | "confirm" | "loading" | "ok" | "error") but received "hacked"',
  );
});

test('the reason of a drop is one line: a key with control characters is written as escapes', () => {
  assert.equal(
    dropped({ ...update, live: { ...update.live, data: { ...live, burnRates: { 'a\n\x1b[2J': 'x' } } } }),
    'live.data.burnRates.a\\n\\u001b[2J: Invalid type: Expected (number | NaN) but received "x"',
  );
});

test('the extension accepts only the messages the preview may send', () => {
  assert.deepEqual(parseFromPreview({ type: 'ready', extra: 1 }), { type: 'ready' });
  assert.deepEqual(parseFromPreview({ type: 'select', index: 2 }), { type: 'select', index: 2 });
  assert.deepEqual(parseFromPreview({ type: 'allowDataSource', url: 'http://p:9090' }), {
    type: 'allowDataSource',
    url: 'http://p:9090',
  });
  assert.deepEqual(parseFromPreview({ type: 'showRule', line: 156 }), { type: 'showRule', line: 156 });
  assert.deepEqual(parseFromPreview({ type: 'pin', pinned: true }), { type: 'pin', pinned: true });
  assert.deepEqual(parseFromPreview({ type: 'replayTarget', target: 0.995 }), {
    type: 'replayTarget',
    target: 0.995,
  });
  assert.deepEqual(parseFromPreview({ type: 'applyTarget', target: 0.99 }), {
    type: 'applyTarget',
    target: 0.99,
  });
  const reasons: string[] = [];
  for (const bad of [
    null,
    { type: 'select', index: '1' },
    { type: 'select', index: 1.5 },
    { type: 'select', index: 10_000 },
    { type: 'allowDataSource', url: 42 },
    { type: 'allowDataSource', url: 'x'.repeat(2048) },
    { type: 'showRule', line: -1 },
    { type: 'replayTarget', target: 1 },
    { type: 'applyTarget', target: '0.99' },
    { type: 'run', command: 'rm -rf' },
  ])
    assert.equal(
      parseFromPreview(bad, (why) => reasons.push(why)),
      undefined,
    );
  assert.deepEqual(reasons, [
    'the message: Invalid type: Expected Object but received null',
    'index: Invalid type: Expected number but received "1"',
    'index: Invalid integer: Received 1.5',
    'index: Invalid value: Expected <=9999 but received 10000',
    'url: Invalid type: Expected string but received 42',
    'url: Invalid length: Expected <=2047 but received 2048',
    'line: Invalid value: Expected >=0 but received -1',
    'target: Invalid value: Expected <1 but received 1',
    'target: Invalid type: Expected number but received "0.99"',
    'type: Invalid type: Expected (("ready" | "refresh" | "configure") | "select" | "allowDataSource" | "showRule" | ("replayTarget" | "applyTarget") | "pin") but received "run"',
  ]);
});
