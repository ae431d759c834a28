import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent, Position } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from './client.js';
import { looseUri, openDoc, positionOf, rangeOf, reconfigure, sliYaml, sloYaml } from './util.js';

const SLOTH = `version: prometheus/v1
service: payments-api
slos:
  - name: requests-availability
    objective: 99.95
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: PaymentsApiHighErrorRate
`;

const CALENDAR = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: monthly-latency
spec:
  service: checkout
  indicatorRef: hover-requests
  budgetingMethod: Timeslices
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: '2026-01-01 00:00:00'
        timeZone: Europe/Paris
  objectives:
    - displayName: Fast
      target: 0.99
      timeSliceTarget: 0.95
      timeSliceWindow: 1m
`;

async function hover(client: TestClient, uri: string, position: Position): Promise<Hover | null> {
  return (await client.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position,
  })) as Hover | null;
}

function markdown(h: Hover | null): string {
  assert.ok(h, 'a hover');
  const contents = h.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

describe('hover', () => {
  let client: TestClient;
  const slo = `${sliYaml('hover-requests')}---\n${sloYaml('hover-availability', 'hover-requests')}`;
  const sloUri = looseUri('hover-slo.yaml');
  const slothUri = looseUri('hover-sloth.yaml');
  const calendarUri = looseUri('hover-calendar.yaml');
  before(async () => {
    client = await startServer();
    await openDoc(client, sloUri, slo);
    await openDoc(client, slothUri, SLOTH);
    await openDoc(client, calendarUri, CALENDAR);
  });
  after(async () => {
    await client.close();
  });

  test('on an OpenSLO target: the field and its error budget over a 28-day rolling window', async () => {
    const h = await hover(client, sloUri, positionOf(slo, '0.999', 2));
    assert.equal(
      markdown(h),
      '**target** · number\n\nThe objective as a ratio in [0, 1): `0.999` is 99.9 %.\n\n' +
        '**99.9 %** over **28 days, rolling**: error budget 0.1 %, **40 min 19 s** of full outage, or 1 bad request in 1 000.',
    );
    // The range is the value under the cursor.
    assert.deepEqual(h!.range, rangeOf(slo, '0.999'));
    // On the key: the same text, the key's range.
    const onKey = await hover(client, sloUri, positionOf(slo, 'target: 0.999', 1));
    assert.equal(markdown(onKey), markdown(h));
    assert.deepEqual(onKey!.range, rangeOf(slo, 'target'));
  });

  test('on the window: its kind, and each objective in budget terms', async () => {
    const h = await hover(client, sloUri, positionOf(slo, '28d', 1));
    const value = markdown(h);
    assert.match(value, /^\*\*duration\*\* · string · required\n/);
    assert.ok(value.includes('**28 days, rolling**: the window ends now and moves with time.'), value);
    assert.ok(
      value.includes(
        '- Available: **99.9 %** over **28 days, rolling**: error budget 0.1 %, **40 min 19 s** of full outage, or 1 bad request in 1 000.',
      ),
      value,
    );
    assert.deepEqual(h!.range, rangeOf(slo, '28d'));
  });

  test('on the window list, its entry and isRolling: the window; on its time zone: the field alone', async () => {
    const windowSentence = '**calendar month**: the budget resets at each period boundary.';
    for (const [needle, offset] of [
      ['timeWindow', 2],
      ['- duration', 0],
      ['isRolling', 2],
    ] as const) {
      const value = markdown(await hover(client, calendarUri, positionOf(CALENDAR, needle, offset)));
      assert.ok(value.includes(windowSentence), `${needle}: ${value}`);
    }
    const zone = markdown(await hover(client, calendarUri, positionOf(CALENDAR, 'timeZone', 2)));
    assert.match(zone, /^\*\*timeZone\*\* · string/);
    assert.ok(!zone.includes(windowSentence), zone);
  });

  test('on a key without budget meaning: its documentation and allowed values', async () => {
    const value = markdown(await hover(client, sloUri, positionOf(slo, 'budgetingMethod', 3)));
    assert.match(value, /^\*\*budgetingMethod\*\* · string · required\n\n/);
    assert.ok(value.endsWith('One of: `Occurrences`, `Timeslices`, `RatioTimeslices`.'), value);
  });

  test('a calendar month with time slices: bad slices, and the range over month lengths', async () => {
    const value = markdown(await hover(client, calendarUri, positionOf(CALENDAR, '0.99\n', 1)));
    assert.ok(value.includes('**99 %** over **'), value);
    assert.match(
      value,
      /\*\*[^*]+\*\* of bad time slices \([^)]+ to [^)]+ as the period's length varies\)\.$/,
    );
  });

  test('on an invalid target: what is wrong with it, not the budget of a meaningless number', async () => {
    const uri = looseUri('hover-invalid-target.yaml');
    const text = `${sliYaml('hover-invalid-sli')}---\n${sloYaml('hover-invalid', 'hover-invalid-sli', '99.9')}`;
    await openDoc(client, uri, text);
    const message =
      '**Invalid** (SLO114): “target” must be a ratio in [0, 1), not 99.9: 99.9 % is “target: 0.999” (or “targetPercent: 99.9”).';
    const h = await hover(client, uri, positionOf(text, '99.9', 1));
    assert.equal(
      markdown(h),
      `**target** · number\n\nThe objective as a ratio in [0, 1): \`0.999\` is 99.9 %.\n\n${message}`,
    );
    assert.deepEqual(h!.range, rangeOf(text, '99.9'));
    // On the window, the objective's line says the same instead of its budget.
    const window = markdown(await hover(client, uri, positionOf(text, '28d', 1)));
    assert.ok(window.endsWith(`\n- Available: ${message}`), window);
    assert.ok(!window.includes('9990'), window);
  });

  test('nothing on a line outside any SLO object, and nothing on a blank line', async () => {
    assert.equal(await hover(client, sloUri, positionOf(slo, '---')), null);
  });

  test("on a Sloth objective: the budget over Sloth's default 30-day period", async () => {
    const h = await hover(client, slothUri, positionOf(SLOTH, '99.95', 1));
    const value = markdown(h);
    assert.ok(
      value.endsWith(
        "**99.95 %** over **30 days, rolling (Sloth's SLO period)**: error budget 0.05 %, **21 min 36 s** of full outage, or 1 bad request in 2 000.",
      ),
      value,
    );
    assert.deepEqual(h!.range, rangeOf(SLOTH, '99.95'));
  });

  test('a changed sloth.defaultPeriod setting applies to the next hover', async () => {
    await reconfigure(client, { sloth: { defaultPeriod: '28d' } });
    try {
      const value = markdown(await hover(client, slothUri, positionOf(SLOTH, '99.95', 1)));
      // 0.05 % of 28 days = 20.16 min, rounded to the second.
      assert.ok(value.includes("**99.95 %** over **28 days, rolling (Sloth's SLO period)**"), value);
      assert.ok(value.includes('**20 min 10 s** of full outage'), value);
    } finally {
      await reconfigure(client, null);
    }
    assert.match(
      markdown(await hover(client, slothUri, positionOf(SLOTH, '99.95', 1))),
      /\*\*21 min 36 s\*\*/,
    );
  });
});

describe('hover with settings at start', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ settings: { sloth: { defaultPeriod: '28d' } } });
  });
  after(async () => {
    await client.close();
  });

  test("sloth.defaultPeriod: '28d' changes the Sloth budget", async () => {
    const uri = looseUri('hover-sloth-28d.yaml');
    await openDoc(client, uri, SLOTH);
    const value = markdown(await hover(client, uri, positionOf(SLOTH, '99.95', 1)));
    assert.ok(
      value.endsWith(
        "**99.95 %** over **28 days, rolling (Sloth's SLO period)**: error budget 0.05 %, **20 min 10 s** of full outage, or 1 bad request in 2 000.",
      ),
      value,
    );
  });

  test('a target outside [0, 1] whose error is turned off still shows no budget', async () => {
    await reconfigure(client, { sloth: { defaultPeriod: '28d' }, rules: { SLO114: 'off' } });
    const uri = looseUri('hover-target-off.yaml');
    const text = `${sliYaml('hover-off-sli')}---\n${sloYaml('hover-off', 'hover-off-sli', '99.9')}`;
    await openDoc(client, uri, text);
    const value = markdown(await hover(client, uri, positionOf(text, '99.9', 1)));
    assert.ok(value.endsWith('\n\n**99.9** is not a ratio in [0, 1]: no error budget to show.'), value);
  });

  test('an invalid period falls back to 30 days', async () => {
    await reconfigure(client, { sloth: { defaultPeriod: 'a month' } });
    const uri = looseUri('hover-sloth-invalid.yaml');
    await openDoc(client, uri, SLOTH.replace('payments-api', 'payments-api-2'));
    assert.match(markdown(await hover(client, uri, positionOf(SLOTH, '99.95', 1))), /\*\*21 min 36 s\*\*/);
  });
});
