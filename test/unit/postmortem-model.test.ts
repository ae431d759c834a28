import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetReport, whatIf, whatIfBadEvents, type BudgetInput } from '../../src/budget/budget-report.js';
import type { Range } from '../../src/language/types.js';
import { parsePostmortem } from '../../src/postmortem/frontmatter.js';
import { isOpen, normaliseStatus, parseIsoTime, sloImpact } from '../../src/postmortem/model.js';
import { composePostmortem } from '../../src/postmortem/new.js';
import { BUILT_IN_TEMPLATES } from '../../src/postmortem/templates.js';

const input = (target: number, window: BudgetInput['window']): BudgetInput => ({
  name: 'checkout-availability',
  format: 'OpenSLO v1',
  objective: 'Available',
  target,
  method: 'Occurrences',
  window,
  alerting: { style: 'burn-rate-table', table: 'workbook-multiwindow', source: "Sloth's alert windows" },
});

const ROLLING_28D = input(0.999, { kind: 'rolling', minutes: 28 * 1440, label: '28 days, rolling' });
const STARTED = new Date('2026-11-03T14:12:00+01:00');
const RESOLVED = new Date('2026-11-03T14:50:00+01:00');

test("an incident's budget is the engine's: 38 minutes at 12 % of a 99.9 % 28-day budget", () => {
  const engine = whatIf(budgetReport(ROLLING_28D, RESOLVED), 0.12, 38).consumed;
  assert.equal(engine, 0.1130952381);
  const impact = sloImpact(ROLLING_28D, STARTED, RESOLVED, { errorRate: 0.12 });
  assert.deepEqual(impact, {
    objective: 'Available',
    window: '28 days, rolling',
    errorRate: 0.12,
    badMinutes: 4.56,
    budgetConsumed: 0.1131,
  });
  assert.equal(impact.budgetConsumed, Number(engine.toPrecision(4)));
});

test('without an error rate the incident counts as a full outage', () => {
  const impact = sloImpact(ROLLING_28D, STARTED, RESOLVED);
  assert.equal(impact.errorRate, 1);
  assert.equal(impact.badMinutes, 38);
  const engine = whatIf(budgetReport(ROLLING_28D, RESOLVED), 1, 38).consumed;
  assert.equal(impact.budgetConsumed, Number(engine.toPrecision(4)));
  assert.equal(impact.budgetConsumed, 0.9425);
});

test('with the traffic: bad events, and the budget from the bad events', () => {
  const traffic = 50;
  const fromRate = sloImpact(ROLLING_28D, STARTED, RESOLVED, { errorRate: 0.12, trafficPerSecond: traffic });
  assert.equal(fromRate.badEvents, 13680);
  const fromEvents = sloImpact(ROLLING_28D, STARTED, RESOLVED, {
    badEvents: 13680,
    trafficPerSecond: traffic,
  });
  const engine = whatIfBadEvents(budgetReport(ROLLING_28D, RESOLVED, traffic), 13680)!.consumed;
  assert.deepEqual(fromEvents, { ...fromRate, budgetConsumed: Number(engine.toPrecision(4)) });
  assert.equal(fromEvents.budgetConsumed, 0.1131);
});

test('a calendar month: the budget of the month that holds the incident (November, 30 days)', () => {
  const monthly = input(0.99, {
    kind: 'calendar',
    count: 1,
    unit: 'M',
    anchor: { year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 },
    timeZone: 'Europe/Paris',
    label: '1 month, calendar',
  });
  const report = budgetReport(monthly, RESOLVED);
  assert.equal(report.budget.allowedBadMinutes, 432);
  const impact = sloImpact(monthly, STARTED, RESOLVED);
  assert.equal(impact.budgetConsumed, Number(whatIf(report, 1, 38).consumed.toPrecision(4)));
  assert.equal(impact.budgetConsumed, 0.08796);
});

const TIMESLICES: BudgetInput = {
  ...ROLLING_28D,
  name: 'checkout-latency',
  objective: 'Fast',
  method: 'Timeslices',
  timeSlice: { minutes: 1, target: 0.95 },
};

test('Timeslices: the incident costs its bad one-minute slices over the 40.32 bad slices 28 days allow', () => {
  // 38 minutes from 14:12 to 14:50 are 38 whole slices; above 5 % of errors each of them is bad.
  const impact = sloImpact(TIMESLICES, STARTED, RESOLVED, { errorRate: 0.12 });
  assert.deepEqual(impact, {
    objective: 'Fast',
    window: '28 days, rolling',
    errorRate: 0.12,
    badMinutes: 4.56,
    badSlices: 38,
    allowedBadSlices: 40.32,
    budgetConsumed: 0.9425,
  });
  assert.equal(impact.budgetConsumed, Number((38 / 40.32).toPrecision(4)));
  // At 3 % every slice is still 97 % good: the incident costs nothing.
  assert.deepEqual(
    [sloImpact(TIMESLICES, STARTED, RESOLVED, { errorRate: 0.03 })].map((i) => [
      i.badSlices,
      i.budgetConsumed,
    ]),
    [[0, 0]],
  );
  // Starting half a minute into a slice, it touches 39 slices, the first and the last for half of each.
  const offset = sloImpact(
    TIMESLICES,
    new Date('2026-11-03T14:12:30+01:00'),
    new Date('2026-11-03T14:50:30+01:00'),
    {
      errorRate: 0.12,
    },
  );
  assert.deepEqual([offset.badSlices, offset.budgetConsumed], [39, 0.9673]);
  // Bad events and traffic do not change the count: the slices are judged on the error rate.
  const events = sloImpact(TIMESLICES, STARTED, RESOLVED, { badEvents: 13680, trafficPerSecond: 50 });
  assert.deepEqual([events.errorRate, events.badSlices, events.budgetConsumed], [0.12, 38, 0.9425]);
});

test('a threshold SLI: minutes over the threshold, not a share of failing requests', () => {
  const threshold: BudgetInput = { ...TIMESLICES, sli: 'threshold' };
  const whole = sloImpact(threshold, STARTED, RESOLVED);
  assert.deepEqual(whole, {
    objective: 'Fast',
    window: '28 days, rolling',
    minutesOverThreshold: 38,
    badSlices: 38,
    allowedBadSlices: 40.32,
    budgetConsumed: 0.9425,
  });
  const part = sloImpact(threshold, STARTED, RESOLVED, { minutesOverThreshold: 12 });
  assert.deepEqual([part.minutesOverThreshold, part.badSlices, part.budgetConsumed], [12, 12, 0.2976]);
  // With Occurrences, each minute over the threshold is a minute of the 40.32 the budget allows.
  const occurrences = sloImpact({ ...ROLLING_28D, sli: 'threshold' }, STARTED, RESOLVED, {
    minutesOverThreshold: 12,
  });
  assert.deepEqual(occurrences, {
    objective: 'Available',
    window: '28 days, rolling',
    minutesOverThreshold: 12,
    budgetConsumed: 0.2976,
  });
  assert.throws(
    () => sloImpact(threshold, STARTED, RESOLVED, { minutesOverThreshold: 40 }),
    /between 0 and the incident's 38, not 40/,
  );
});

test('a new postmortem writes the bad slices and the minutes over the threshold, and reads them back', () => {
  const lightweight = BUILT_IN_TEMPLATES.find((t) => t.name === 'lightweight')!;
  const composed = composePostmortem(
    {
      title: 'Checkout slow after a deploy',
      started: '2026-11-03T14:12:00+01:00',
      resolved: '2026-11-03T14:50:00+01:00',
      errorRate: 0.12,
      slos: [
        { file: 'slos/checkout-slos.yaml', name: 'checkout-latency', input: TIMESLICES },
        {
          file: 'slos/search.yaml',
          name: 'search-p99',
          input: { ...TIMESLICES, objective: 'p99 under 300 ms', sli: 'threshold' },
          minutesOverThreshold: 12,
        },
      ],
    },
    lightweight,
  );
  const impact = composed.text.split('\n').filter((l) => l.startsWith('- `'));
  assert.deepEqual(impact, [
    '- `checkout-latency`, Fast in slos/checkout-slos.yaml: 4 min 34 s of full outage (12 % of requests failing), 38 bad time slices of 40.32 allowed, 94.25 % of the error budget (28 days, rolling).',
    '- `search-p99`, p99 under 300 ms in slos/search.yaml: 12 min over the threshold, 12 bad time slices of 40.32 allowed, 29.76 % of the error budget (28 days, rolling).',
  ]);
  assert.deepEqual(parsePostmortem(composed.text).fields.slos, composed.fields.slos);
  assert.deepEqual(composed.fields.slos?.[1], {
    file: 'slos/search.yaml',
    name: 'search-p99',
    objective: 'p99 under 300 ms',
    window: '28 days, rolling',
    minutesOverThreshold: 12,
    badSlices: 12,
    allowedBadSlices: 40.32,
    budgetConsumed: 0.2976,
  });
});

test('inconsistent input is refused with a clear error', () => {
  assert.throws(() => sloImpact(ROLLING_28D, RESOLVED, STARTED), /resolved after it started/);
  assert.throws(() => sloImpact(ROLLING_28D, STARTED, new Date('nope')), RangeError);
  assert.throws(
    () => sloImpact(ROLLING_28D, STARTED, RESOLVED, { errorRate: 12 }),
    /between 0 and 1, not 12/,
  );
  assert.throws(() => sloImpact(ROLLING_28D, STARTED, RESOLVED, { badEvents: 3 }), /need the traffic/);
});

test('ISO 8601 dates and times', () => {
  const t = (s: string) => {
    const r = parseIsoTime(s);
    return r && [r.date.toISOString(), r.hasTime, r.hasZone];
  };
  assert.deepEqual(t('2026-11-03T14:12:00+01:00'), ['2026-11-03T13:12:00.000Z', true, true]);
  assert.deepEqual(t('2026-11-03t14:12z'), ['2026-11-03T14:12:00.000Z', true, true]);
  assert.deepEqual(t('2026-11-03T14:12:30.5'), ['2026-11-03T14:12:30.500Z', true, false]);
  assert.deepEqual(t('2026-11-03'), ['2026-11-03T00:00:00.000Z', false, false]);
  for (const bad of [
    '2026-02-30',
    '2026-13-01',
    '2026-11-03T24:00',
    '2026-11-03 14:12',
    '03/11/2026',
    '20261103',
    '',
  ])
    assert.equal(parseIsoTime(bad), undefined, bad);
});

test('statuses and open action items', () => {
  assert.deepEqual(
    ['draft', 'In Review', 'in-review', 'in_review', 'review', 'FINAL', 'done', undefined].map(
      normaliseStatus,
    ),
    ['draft', 'in review', 'in review', 'in review', 'in review', 'final', undefined, undefined],
  );
  assert.deepEqual(
    ['done', 'Closed', 'fixed', "won't fix", 'open', 'in progress', undefined].map((status) =>
      isOpen({ title: 'x', status }),
    ),
    [false, false, false, false, true, true, true],
  );
});

const at = (r: Range | undefined) =>
  r && `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;

const DOC = `---
title: Checkout down
authors: [amina, tom]
action_items:
  - title: Alert on burn rate
    owner:
  - Add a canary
---

# Checkout down
`;

test('front matter: typed fields, the body, and the range of any key or value', () => {
  const pm = parsePostmortem(DOC);
  assert.deepEqual(pm.errors, []);
  assert.deepEqual(pm.fields, {
    title: 'Checkout down',
    authors: ['amina', 'tom'],
    action_items: [{ title: 'Alert on burn rate' }, { title: 'Add a canary' }],
  });
  assert.equal(pm.body, '\n# Checkout down\n');
  assert.equal(at(pm.frontMatter?.range), '1:1-1:4');
  assert.equal(at(pm.rangeOf(['title'])), '2:8-2:21');
  assert.equal(at(pm.rangeOf(['title'], 'key')), '2:1-2:6');
  assert.equal(at(pm.rangeOf(['authors', 1])), '3:18-3:21');
  assert.equal(at(pm.rangeOf(['action_items', 0, 'title'])), '5:12-5:30');
  // An empty value points at its key.
  assert.equal(at(pm.rangeOf(['action_items', 0, 'owner'])), '6:5-6:10');
  assert.equal(at(pm.rangeOf(['action_items', 1])), '7:5-7:17');
  assert.equal(pm.rangeOf(['severity']), undefined);
  assert.equal(pm.rangeOf(['title', 0]), undefined);
});

test('CRLF and a byte order mark read the same, with the same lines and columns', () => {
  const pm = parsePostmortem(`\uFEFF${DOC.replace(/\n/g, '\r\n')}`);
  assert.deepEqual(pm.errors, []);
  assert.deepEqual(pm.fields, parsePostmortem(DOC).fields);
  assert.equal(pm.body, '\r\n# Checkout down\r\n');
  assert.equal(at(pm.rangeOf(['title'])), '2:8-2:21');
  assert.equal(at(pm.frontMatter?.range), '1:2-1:5');
});

test('values of the wrong type are left out of the fields; scalars are read as text', () => {
  const pm = parsePostmortem(
    '---\ntitle: [a]\nseverity: 2\nowner: {a: b}\nslos: [checkout]\nlinks: {a: b, c: [d]}\ntags: deploy\n---\n',
  );
  assert.deepEqual(pm.fields, {
    severity: '2',
    slos: [{ file: '', name: '' }],
    tags: ['deploy'],
    links: { a: 'b' },
  });
});

test('no front matter, unclosed, broken, not a mapping, empty: errors with positions, never an exception', () => {
  const none = parsePostmortem('# Just Markdown\n\n---\n');
  assert.equal(none.frontMatter, undefined);
  assert.deepEqual([none.errors, none.fields, none.body], [[], {}, '# Just Markdown\n\n---\n']);

  const errors = (text: string) =>
    parsePostmortem(text).errors.map((e) => `${e.kind} ${at(e.range)} ${e.message}`);
  assert.deepEqual(errors('---\ntitle: x\n'), [
    'unclosed 1:1-1:4 The front matter is never closed: add a line `---` after its last key.',
  ]);
  assert.deepEqual(errors('---\ntitle: [x\nowner: a\n---\n'), [
    'yaml 2:8-2:10 YAML error in the front matter: Flow sequence in block collection must be sufficiently indented and end with a ].',
  ]);
  assert.deepEqual(errors('---\ntitle: "x\nowner: a\n---\n'), [
    'yaml 2:8-2:10 YAML error in the front matter: Missing closing "quote.',
  ]);
  assert.deepEqual(errors('---\nowner: a\nowner: b\n---\n'), [
    'yaml 3:1-3:6 YAML error in the front matter: Map keys must be unique.',
  ]);
  assert.deepEqual(errors('---\n- a\n- b\n---\n'), [
    'not-mapping 2:1-3:4 The front matter must be a mapping of keys (`title: …`, `status: …`), not a list or a single value.',
  ]);
  assert.deepEqual(errors('---\njust text\n---\n'), [
    'not-mapping 2:1-2:10 The front matter must be a mapping of keys (`title: …`, `status: …`), not a list or a single value.',
  ]);
  assert.deepEqual(errors('---\n---\n'), []);
  assert.deepEqual(errors('---\n...\nbody'), []);
  const bomb = [
    'a: &a [x, x, x, x, x, x, x, x, x]',
    ...'bcdefghij'
      .split('')
      .map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`),
  ];
  assert.equal(parsePostmortem(`---\n${bomb.join('\n')}\n---\n`).errors[0]?.kind, 'yaml');
  const deep = [
    `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    `a: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`,
    Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'),
  ];
  // Twice each: parsing such text again can abort the process, so it is refused before the parser.
  for (const yaml of [...deep, ...deep])
    assert.deepEqual(errors(`---\n${yaml}\n---\n`), [
      'too-deep 1:1-1:4 The front matter nests more than 100 levels deep and is not read: flatten it.',
    ]);
  assert.deepEqual(errors(`---\na: ${'['.repeat(100)}${']'.repeat(100)}\n---\n`), []);
});

test('a huge file reads quickly: the body is not parsed, a huge front matter is refused', () => {
  const body = '# Incident\n\n' + 'A line of the timeline | with | cells\n'.repeat(200_000);
  const started = Date.now();
  const pm = parsePostmortem(`---\ntitle: Big\n---\n${body}`);
  assert.equal(pm.fields.title, 'Big');
  assert.equal(pm.body.length, body.length);
  const huge = parsePostmortem(`---\n${'k: v\n'.repeat(300_000)}---\n`);
  assert.deepEqual(
    huge.errors.map((e) => e.message),
    ['The front matter is larger than 1 MB and is not read.'],
  );
  assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
});
