import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BudgetInput } from '../../src/budget/budget-report.js';
import { checkPostmortem } from '../../src/postmortem/check.js';
import { parsePostmortem } from '../../src/postmortem/frontmatter.js';
import { composePostmortem } from '../../src/postmortem/new.js';
import { BUILT_IN_TEMPLATES } from '../../src/postmortem/templates.js';
import { formatOffset, isTimeZone, parseIncidentTime, zoneOffsetMinutes } from '../../src/postmortem/time.js';
import {
  incidentZone,
  orderSlos,
  stepTitle,
  wizardQuestions,
  type WizardPath,
} from '../../src/postmortem/wizard.js';

const ok = (text: string, zone: string) => {
  const t = parseIncidentTime(text, zone);
  return t.ok ? [t.iso, t.date.toISOString(), t.hasTime] : t.message;
};

test('a local time without an offset is read in the zone and written with its offset', () => {
  assert.deepEqual(ok('2026-11-03 14:05', 'Europe/Paris'), [
    '2026-11-03T14:05:00+01:00',
    '2026-11-03T13:05:00.000Z',
    true,
  ]);
  assert.deepEqual(ok('2026-07-03T14:05', 'Europe/Paris'), [
    '2026-07-03T14:05:00+02:00',
    '2026-07-03T12:05:00.000Z',
    true,
  ]);
  assert.deepEqual(ok('2026-11-03 14:05:30', 'Asia/Kolkata'), [
    '2026-11-03T14:05:30+05:30',
    '2026-11-03T08:35:30.000Z',
    true,
  ]);
  assert.deepEqual(ok('2026-11-03 09:00', 'America/New_York'), [
    '2026-11-03T09:00:00-05:00',
    '2026-11-03T14:00:00.000Z',
    true,
  ]);
  assert.deepEqual(ok('2026-11-03 09:00', 'UTC'), [
    '2026-11-03T09:00:00+00:00',
    '2026-11-03T09:00:00.000Z',
    true,
  ]);
});

test('a time with its offset or Z keeps it, whatever the zone; a date stays a date', () => {
  assert.deepEqual(ok('2026-11-03T14:12:00+01:00', 'America/New_York'), [
    '2026-11-03T14:12:00+01:00',
    '2026-11-03T13:12:00.000Z',
    true,
  ]);
  assert.deepEqual(ok('2026-11-03 14:12 -0330', 'UTC'), [
    '2026-11-03T14:12:00-03:30',
    '2026-11-03T17:42:00.000Z',
    true,
  ]);
  assert.deepEqual(ok('2026-11-03T14:12z', 'Europe/Paris'), [
    '2026-11-03T14:12:00Z',
    '2026-11-03T14:12:00.000Z',
    true,
  ]);
  assert.deepEqual(ok(' 2026-11-03 ', 'Europe/Paris'), ['2026-11-03', '2026-11-03T00:00:00.000Z', false]);
});

test('daylight saving: a time the clocks skipped, and one they went through twice, are refused in one line', () => {
  assert.equal(
    ok('2026-03-29 02:30', 'Europe/Paris'),
    '2026-03-29 02:30 does not exist in Europe/Paris: the clocks moved forward from +01:00 to +02:00 that night. Write 2026-03-29 03:30, or give the offset.',
  );
  assert.equal(
    ok('2026-10-25 02:30', 'Europe/Paris'),
    '2026-10-25 02:30 happens twice in Europe/Paris (the clocks moved back): add the offset, 2026-10-25T02:30:00+02:00 for the first or +01:00 for the second.',
  );
  assert.equal(
    ok('2026-03-08 02:00', 'America/New_York'),
    '2026-03-08 02:00 does not exist in America/New_York: the clocks moved forward from -05:00 to -04:00 that night. Write 2026-03-08 03:00, or give the offset.',
  );
  // Either side of the gap and of the repeated hour is one instant.
  assert.deepEqual(ok('2026-03-29 01:59', 'Europe/Paris'), [
    '2026-03-29T01:59:00+01:00',
    '2026-03-29T00:59:00.000Z',
    true,
  ]);
  assert.deepEqual(ok('2026-03-29 03:00', 'Europe/Paris'), [
    '2026-03-29T03:00:00+02:00',
    '2026-03-29T01:00:00.000Z',
    true,
  ]);
  assert.deepEqual(ok('2026-10-25 03:00', 'Europe/Paris'), [
    '2026-10-25T03:00:00+01:00',
    '2026-10-25T02:00:00.000Z',
    true,
  ]);
  // With the offset, the repeated hour is either instant.
  assert.deepEqual(ok('2026-10-25T02:30+01:00', 'Europe/Paris'), [
    '2026-10-25T02:30:00+01:00',
    '2026-10-25T01:30:00.000Z',
    true,
  ]);
});

test('what is not a date or a time says so in one line', () => {
  assert.equal(
    ok('yesterday', 'UTC'),
    'Not a date or a time: write it like 2026-11-03 14:05 or 2026-11-03T14:05:00+01:00.',
  );
  assert.equal(ok('2026-02-30', 'UTC'), '2026-02-30 is not a day of the calendar.');
  assert.equal(
    ok('2026-11-03 24:00', 'UTC'),
    '2026-11-03 24:00 is not a time of day: hours 00–23, minutes and seconds 00–59.',
  );
  assert.equal(
    ok('2026-11-03T14:00+25:00', 'UTC'),
    '+25:00 is not an offset from UTC: write it like +01:00.',
  );
  assert.equal(
    ok('2026-11-03 14:00', 'CEST'),
    'CEST is not a time zone: give the offset, like 2026-11-03 14:05 or 2026-11-03T14:05:00+01:00.',
  );
  for (const t of ['2026-11-03', '2026-11-03T14:00Z']) assert.equal(parseIncidentTime(t, 'CEST').ok, true, t);
});

test('zones and offsets come from the platform', () => {
  assert.deepEqual([isTimeZone('Europe/Paris'), isTimeZone('CEST'), isTimeZone('')], [true, false, false]);
  assert.equal(zoneOffsetMinutes('Europe/Paris', Date.parse('2026-07-01T00:00:00Z')), 120);
  assert.equal(zoneOffsetMinutes('America/St_Johns', Date.parse('2026-01-01T00:00:00Z')), -210);
  assert.deepEqual([formatOffset(60), formatOffset(-210), formatOffset(0)], ['+01:00', '-03:30', '+00:00']);
});

test('the time zone of a local time: the first picked SLO with a calendar zone, else the computer’s', () => {
  assert.deepEqual(
    incidentZone(
      [{ name: 'checkout-availability' }, { name: 'checkout-latency', timeZone: 'Europe/Paris' }],
      'UTC',
    ),
    {
      zone: 'Europe/Paris',
      note: 'Times without an offset are in Europe/Paris (the calendar of checkout-latency)',
    },
  );
  assert.deepEqual(incidentZone([{ name: 'checkout-availability' }], 'America/New_York'), {
    zone: 'America/New_York',
    note: "Times without an offset are in America/New_York (this computer's time zone)",
  });
});

test('the steps are numbered for the path taken, and a step is never past the count', () => {
  const titles = (path: WizardPath) =>
    wizardQuestions(path).map((q) =>
      stepTitle(
        path,
        q,
        typeof q === 'string'
          ? q
          : 'errorRate' in q
            ? `error rate for ${q.errorRate}`
            : `minutes for ${q.minutesOverThreshold}`,
      ),
    );
  // Before any SLO is picked: the eight questions everyone answers.
  assert.deepEqual(titles({}), [
    'New Postmortem (1/8): title',
    'New Postmortem (2/8): slos',
    'New Postmortem (3/8): started',
    'New Postmortem (4/8): detected',
    'New Postmortem (5/8): resolved',
    'New Postmortem (6/8): severity',
    'New Postmortem (7/8): owner',
    'New Postmortem (8/8): template',
  ]);
  const picked: WizardPath['slos'] = [
    { name: 'checkout-availability', sli: 'ratio', measured: true },
    { name: 'search-availability', sli: 'ratio', measured: false },
    { name: 'checkout-latency', sli: 'threshold' },
  ];
  // A measured SLO asks nothing more; the others one question each, in the order picked.
  assert.deepEqual(titles({ slos: picked }).slice(7), [
    'New Postmortem (8/10): template',
    'New Postmortem (9/10): error rate for search-availability',
    'New Postmortem (10/10): minutes for checkout-latency',
  ]);
  // Dates without times: no budget is computed, nothing per SLO is asked.
  assert.equal(wizardQuestions({ slos: picked, timed: false }).length, 8);
  // No SLO in the workspace: no list to pick from.
  assert.deepEqual(titles({ listed: false }).slice(0, 2), [
    'New Postmortem (1/7): title',
    'New Postmortem (2/7): started',
  ]);
  assert.throws(() => stepTitle({ listed: false }, 'slos', 'x'), /not asked on this path/);
  for (const path of [{}, { slos: picked }, { slos: picked, timed: false }, { listed: false }])
    wizardQuestions(path).forEach((q, k, all) => {
      const [step, total] = /\((\d+)\/(\d+)\)/
        .exec(stepTitle(path, q, ''))!
        .slice(1)
        .map(Number);
      assert.deepEqual([step, total], [k + 1, all.length]);
    });
});

test('the SLO list: the current SLO first, then by name, objective and file', () => {
  const slos = [
    { name: 'search-latency', file: 'pyrra/search-latency.yaml' },
    { name: 'checkout-latency', file: 'slos/checkout-slos.yaml', objective: 'Fast' },
    { name: 'checkout-availability', file: 'slos/z.yaml' },
    { name: 'Checkout-availability', file: 'slos/a.yaml' },
    { name: 'api-10', file: 'a.yaml' },
    { name: 'api-9', file: 'a.yaml' },
  ];
  assert.deepEqual(
    orderSlos(
      slos,
      (s) => s,
      (s) => s.name === 'search-latency',
    ).map((s) => `${s.name} ${s.file}`),
    [
      'search-latency pyrra/search-latency.yaml',
      'api-9 a.yaml',
      'api-10 a.yaml',
      'Checkout-availability slos/a.yaml',
      'checkout-availability slos/z.yaml',
      'checkout-latency slos/checkout-slos.yaml',
    ],
  );
});

const ROLLING: BudgetInput = {
  name: 'checkout-availability',
  format: 'OpenSLO v1',
  objective: 'Available',
  target: 0.999,
  method: 'Occurrences',
  window: { kind: 'rolling', minutes: 28 * 1440, label: '28 days, rolling' },
  alerting: { style: 'conditions', conditions: [] },
};

test('a new postmortem records when it was detected, its owner, and where each error rate came from', () => {
  const lightweight = BUILT_IN_TEMPLATES.find((t) => t.name === 'lightweight')!;
  const composed = composePostmortem(
    {
      title: 'Checkout returned 5xx',
      started: '2026-11-03T14:12:00+01:00',
      detected: '2026-11-03T14:17:00+01:00',
      resolved: '2026-11-03T14:50:00+01:00',
      severity: 'SEV2',
      owner: 'Ada Example',
      slos: [
        {
          file: 'slos/checkout-slos.yaml',
          name: 'checkout-availability',
          service: 'checkout',
          input: ROLLING,
          errorRate: 0.12,
          errorRateSource: {
            measured: {
              query: 'sum(rate(http_requests_total{code=~"5.."}[38m])) / sum(rate(http_requests_total[38m]))',
              time: '2026-11-03T13:50:00.000Z',
              prometheus: 'http://prometheus:9090',
              at: '2026-11-04T09:00:00.000Z',
            },
          },
        },
        {
          file: 'slos/search.yaml',
          name: 'search-availability',
          service: 'search',
          input: { ...ROLLING, name: 'search-availability', objective: undefined },
          errorRate: 0.5,
          errorRateSource: 'typed',
        },
      ],
    },
    lightweight,
  );
  const front = composed.text.slice(0, composed.text.indexOf('\n# '));
  assert.equal(
    front,
    `---
title: Checkout returned 5xx
date: 2026-11-03
started: 2026-11-03T14:12:00+01:00
detected: 2026-11-03T14:17:00+01:00
resolved: 2026-11-03T14:50:00+01:00
status: draft
owner: Ada Example
authors:
  - Ada Example
severity: SEV2
services:
  - checkout
  - search
slos:
  - file: slos/checkout-slos.yaml
    name: checkout-availability
    objective: Available
    window: 28 days, rolling
    errorRate: 0.12
    errorRateSource:
      measured:
        query: sum(rate(http_requests_total{code=~"5.."}[38m])) / sum(rate(http_requests_total[38m]))
        time: 2026-11-03T13:50:00.000Z
        prometheus: http://prometheus:9090
        at: 2026-11-04T09:00:00.000Z
    badMinutes: 4.56
    budgetConsumed: 0.1131
  - file: slos/search.yaml
    name: search-availability
    window: 28 days, rolling
    errorRate: 0.5
    errorRateSource: typed
    badMinutes: 19
    budgetConsumed: 0.4712
action_items: []
tags:
links:
---
`,
  );
  // Read back as written, and the checks know the new fields.
  assert.deepEqual(parsePostmortem(composed.text).fields.slos, composed.fields.slos);
  assert.deepEqual(
    checkPostmortem(composed.text).map((d) => d.code),
    [],
  );
});
