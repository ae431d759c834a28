/**
 * One table entry per postmortem code of the catalogue: the smallest change to a clean postmortem that
 * triggers it, where it points and what it says, and the near-identical postmortem that does not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/language/analysis/analyze.js';
import { CATALOGUE, POSTMORTEM_CATALOGUE } from '../../src/language/diagnostics/codes.js';
import type { Diagnostic, Range } from '../../src/language/types.js';
import { checkPostmortem, type SloResolver } from '../../src/postmortem/check.js';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Resolves `slos` references against the example workspace, as the language server does with its index. */
const resolveSlo: SloResolver = (file, name) => {
  const p = path.join(EXAMPLES, file);
  if (!existsSync(p)) return { missing: 'file', known: ['slos/checkout-slos.yaml'] };
  const names = analyzeText(p, readFileSync(p, 'utf8'))
    .objects.filter((o) => o.kind === 'SLO')
    .map((o) => o.name!);
  return names.includes(name) ? 'ok' : { missing: 'slo', known: names };
};

const at = (r: Range) =>
  `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${at(d.range)} ${d.message}`);

function swap(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  assert.ok(i !== -1 && text.indexOf(from, i + 1) === -1, `\`${from}\` occurs exactly once`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

const GOOD = `---
title: Checkout down
date: 2026-11-03
started: 2026-11-03T14:12:00+01:00
detected: 2026-11-03T14:17:00+01:00
resolved: 2026-11-03T14:50:00+01:00
status: draft
owner: amina
slos:
  - file: slos/checkout-slos.yaml
    name: checkout-availability
action_items:
  - title: Alert on the burn rate
    owner: tom
    due: 2026-11-24
    ticket: CHK-1424
---

# Checkout down
`;

interface Case {
  bad: string;
  good: string;
  at: string;
  message: string;
  today?: string;
}

const CASES: Record<string, Case> = {
  SLO801: {
    bad: '# Checkout down\n\nWe rolled back.\n',
    good: GOOD,
    at: '1:1-1:16',
    message:
      'This postmortem has no front matter: start the file with a “---” line, its fields (title, date, status, owner, slos, action_items…) and a closing “---”.',
  },
  SLO802: {
    bad: swap(GOOD, 'title: Checkout down', 'title: [Checkout down'),
    good: GOOD,
    at: '2:8-2:22',
    message:
      'YAML error in the front matter: Flow sequence in block collection must be sufficiently indented and end with a ].',
  },
  SLO803: {
    bad: swap(GOOD, 'owner: amina', 'owner: [amina, tom]'),
    good: GOOD,
    at: '8:8-8:20',
    message: '“owner” is one person, not a list: keep the others in “authors”.',
  },
  SLO804: {
    bad: swap(GOOD, 'owner: amina\n', ''),
    good: GOOD,
    at: '1:1-1:4',
    message: 'The postmortem has no “owner”: name the one person who drives it to “final”.',
  },
  SLO805: {
    bad: swap(GOOD, 'status: draft', 'status: drafted'),
    good: swap(GOOD, 'status: draft', 'status: In Review'),
    at: '7:9-7:16',
    message: '“drafted” is not a postmortem status: did you mean “draft”?',
  },
  SLO806: {
    bad: swap(GOOD, 'started: 2026-11-03T14:12:00+01:00', 'started: 03/11/2026 14:12'),
    good: GOOD,
    at: '4:10-4:26',
    message: '“started” is not an ISO 8601 date and time: write it like “2026-11-03T14:12:00+01:00”.',
  },
  SLO807: {
    bad: swap(GOOD, 'resolved: 2026-11-03T14:50:00+01:00', 'resolved: 2026-11-03T14:50:00+02:00'),
    good: swap(GOOD, 'resolved: 2026-11-03T14:50:00+01:00', 'resolved: 2026-11-03T14:50:00Z'),
    at: '6:11-6:36',
    message:
      '“resolved” (2026-11-03T14:50:00+02:00) is before “started” (2026-11-03T14:12:00+01:00): the incident cannot end before it starts.',
  },
  SLO808: {
    bad: swap(GOOD, 'name: checkout-availability', 'name: checkout-availabilty'),
    good: GOOD,
    at: '11:11-11:31',
    message:
      '“slos/checkout-slos.yaml” has no SLO named “checkout-availabilty”: did you mean “checkout-availability”?',
  },
  SLO809: {
    bad: swap(GOOD, '    owner: tom\n', ''),
    good: GOOD,
    at: '13:12-13:34',
    message: 'The action item “Alert on the burn rate” has no owner.',
  },
  SLO810: {
    bad: swap(GOOD, '    ticket: CHK-1424\n', ''),
    good: GOOD,
    at: '13:12-13:34',
    message:
      'The action item “Alert on the burn rate” has no ticket: link it to the tracker (“ticket: CHK-1423”).',
  },
  SLO811: {
    bad: GOOD,
    good: swap(GOOD, 'ticket: CHK-1424', 'ticket: CHK-1424\n    status: done'),
    today: '2026-12-01',
    at: '15:10-15:20',
    message: 'The action item “Alert on the burn rate” was due on 2026-11-24 and is still open.',
  },
  SLO812: {
    bad: swap(GOOD, 'status: draft', 'status: final'),
    good: swap(
      swap(GOOD, 'status: draft', 'status: final'),
      'ticket: CHK-1424',
      'ticket: CHK-1424\n    status: closed',
    ),
    at: '7:9-7:14',
    message: 'The postmortem is final but 1 action item is still open: “Alert on the burn rate”.',
  },
};

describe('every postmortem code has a check test', () => {
  test('postmortem codes are SLO8xx, apart from the SLO analyzer catalogue', () => {
    for (const code of POSTMORTEM_CATALOGUE.keys()) {
      assert.match(code, /^SLO8\d\d$/);
      assert.ok(!CATALOGUE.has(code), code);
    }
    assert.deepEqual(Object.keys(CASES), [...POSTMORTEM_CATALOGUE.keys()]);
  });

  for (const [code, info] of POSTMORTEM_CATALOGUE) {
    const c = CASES[code]!;
    test(`${code} ${info.title}: at ${c.at}`, () => {
      const ds = checkPostmortem(c.bad, resolveSlo, c.today);
      assert.deepEqual(summary(ds), [`${code} ${c.at} ${c.message}`]);
      assert.equal(ds[0]!.severity, info.severity);
      assert.deepEqual(summary(checkPostmortem(c.good, resolveSlo, c.today)), []);
    });
    test(`${code}: its message is plain text, no Markdown backtick`, () => {
      for (const d of checkPostmortem(c.bad, resolveSlo, c.today))
        assert.ok(!d.message.includes('`'), d.message);
    });
    test(`${code}: the catalogue's example triggers it`, () => {
      const ds = checkPostmortem(info.example, resolveSlo, '2026-11-03');
      assert.ok(
        ds.some((d) => d.code === code),
        summary(ds).join('\n'),
      );
    });
  }
});

test('the example postmortem is clean', () => {
  const file = path.join(EXAMPLES, 'postmortems', '2026-11-03-checkout-5xx-after-deploy.md');
  assert.deepEqual(summary(checkPostmortem(readFileSync(file, 'utf8'), resolveSlo, '2026-12-01')), []);
});

test('SLO references: a missing key, a missing file, a name the file does not define', () => {
  const text = swap(
    GOOD,
    '  - file: slos/checkout-slos.yaml\n    name: checkout-availability\n',
    '  - name: checkout-availability\n  - file: slos/checkout.yaml\n    name: checkout-availability\n  - file: slos/checkout-slos.yaml\n    name: payments\n  - checkout-availability\n',
  );
  assert.deepEqual(summary(checkPostmortem(text, resolveSlo)), [
    "SLO808 10:5-10:9 The SLO reference needs “file”: the SLO file, relative to the workspace folder, and the SLO's name.",
    'SLO808 11:11-11:29 No SLO file “slos/checkout.yaml” in the workspace: the SLO files are “slos/checkout-slos.yaml”.',
    'SLO808 14:11-14:19 “slos/checkout-slos.yaml” has no SLO named “payments”: it defines “checkout-availability” and “checkout-latency”.',
    'SLO803 15:5-15:26 “slos” entries are mappings with “file” and “name”.',
  ]);
  // A resolver that only answers yes or no, and no resolver at all.
  const plain = summary(checkPostmortem(text, () => 'no-file'));
  assert.equal(plain[1], 'SLO808 11:11-11:29 No SLO file “slos/checkout.yaml” in the workspace.');
  assert.equal(plain[2], 'SLO808 13:11-13:34 No SLO file “slos/checkout-slos.yaml” in the workspace.');
  assert.equal(checkPostmortem(text).length, 2);
});

test('dates: no zone, no time, an impossible day; detected before started', () => {
  const text = GOOD.replace('date: 2026-11-03', 'date: 2026-02-30')
    .replace('started: 2026-11-03T14:12:00+01:00', 'started: 2026-11-03T14:12:00')
    .replace('detected: 2026-11-03T14:17:00+01:00', 'detected: 2026-11-03')
    .replace('due: 2026-11-24', 'due: next week');
  assert.deepEqual(summary(checkPostmortem(text)), [
    'SLO806 3:7-3:17 “date” is not an ISO 8601 date: write it like “2026-11-03”.',
    'SLO806 4:10-4:29 “started” has no time zone: add “Z” for UTC or an offset like “+01:00”, or readers in other zones read another instant.',
    'SLO806 5:11-5:21 “detected” needs a time of day and a zone: write it like “2026-11-03T14:12:00+01:00”.',
    'SLO807 5:11-5:21 “detected” (2026-11-03) is before “started” (2026-11-03T14:12:00): the incident cannot be detected before it starts.',
    // Without a zone, `started` is read as UTC: 14:12 UTC is after 14:50 in Paris.
    'SLO807 6:11-6:36 “resolved” (2026-11-03T14:50:00+01:00) is before “started” (2026-11-03T14:12:00): the incident cannot end before it starts.',
    'SLO806 15:10-15:19 “due” is not an ISO 8601 date: write it like “2026-11-03”.',
  ]);
});

test('types: each wrong value once, and no other check on it', () => {
  const text =
    '---\ntitle: Down\nstatus: [draft]\nowner: amina\nslos: checkout\naction_items:\n  - Fix the pool\n  - [a, b]\nlinks: https://x\ntags: {a: b}\n---\n';
  assert.deepEqual(summary(checkPostmortem(text)), [
    'SLO803 3:9-3:16 “status” is a single value, not a list.',
    'SLO803 5:7-5:15 “slos” is a list: start each entry on a new line with “- ”.',
    'SLO809 7:5-7:17 The action item “Fix the pool” has no owner.',
    'SLO810 7:5-7:17 The action item “Fix the pool” has no ticket: link it to the tracker (“ticket: CHK-1423”).',
    'SLO803 8:5-8:11 An action item is a mapping (“title”, “owner”, “ticket”…), not a list.',
    'SLO803 9:8-9:17 “links” is a mapping of names to addresses (“dashboard: https://…”).',
    'SLO803 10:7-10:13 “tags” is a list, not a mapping.',
  ]);
});

test('statuses: the accepted spellings, empty values, unknown words', () => {
  for (const status of ['draft', 'in review', 'In Review', 'in-review', 'review', 'final'])
    assert.deepEqual(
      checkPostmortem(swap(CASES.SLO812!.good, 'status: final', `status: ${status}`)),
      [],
      status,
    );
  assert.deepEqual(summary(checkPostmortem(swap(GOOD, 'status: draft', 'status:'))), [
    'SLO805 7:1-7:7 The postmortem has no “status”: “draft”, “in review” or “final”.',
  ]);
  assert.deepEqual(summary(checkPostmortem(swap(GOOD, 'status: draft', 'status: published'))), [
    'SLO805 7:9-7:18 “published” is not a postmortem status: use “draft”, “in review” or “final”.',
  ]);
});

test('a final postmortem with several open items names the first three; overdue needs a valid today', () => {
  const items = ['A', 'B', 'C', 'D'].map(
    (t) => `  - title: ${t}\n    owner: tom\n    ticket: X-1\n    due: 2026-11-01\n`,
  );
  const text = `---\nstatus: final\nowner: amina\naction_items:\n${items.join('')}---\n`;
  assert.deepEqual(summary(checkPostmortem(text)), [
    'SLO812 2:9-2:14 The postmortem is final but 4 action items are still open: “A”, “B”, “C”….',
  ]);
  assert.equal(checkPostmortem(text, undefined, 'not a day').length, 1);
  assert.equal(checkPostmortem(text, undefined, '2026-11-01').length, 1);
  assert.equal(checkPostmortem(text, undefined, '2026-11-02').length, 5);
});

test('broken front matter is one diagnostic; CRLF and BOM point at the same places', () => {
  assert.deepEqual(summary(checkPostmortem('---\ntitle: x\n')), [
    'SLO802 1:1-1:4 The front matter is never closed: add a line “---” after its last key.',
  ]);
  assert.deepEqual(summary(checkPostmortem('')), [
    'SLO801 1:1-1:1 This postmortem has no front matter: start the file with a “---” line, its fields (title, date, status, owner, slos, action_items…) and a closing “---”.',
  ]);
  const bad = CASES.SLO808!.bad;
  assert.deepEqual(
    summary(checkPostmortem(bad.replace(/\n/g, '\r\n'), resolveSlo)),
    summary(checkPostmortem(bad, resolveSlo)),
  );
});

test('where an error rate came from: typed, or measured with its query, address and time; anything else is named', () => {
  const withSource = (source: string) =>
    swap(
      GOOD,
      '    name: checkout-availability\n',
      `    name: checkout-availability\n    errorRate: 0.1\n${source}`,
    );
  const measured =
    '    errorRateSource:\n      measured:\n        query: sum(rate(errors[20m])) / sum(rate(requests[20m]))\n        time: 2026-11-03T13:50:00.000Z\n        prometheus: http://prometheus:9090\n        at: 2026-11-04T09:00:00.000Z\n';
  assert.deepEqual(summary(checkPostmortem(withSource('    errorRateSource: typed\n'), resolveSlo)), []);
  assert.deepEqual(summary(checkPostmortem(withSource(measured), resolveSlo)), []);
  assert.deepEqual(summary(checkPostmortem(withSource('    errorRateSource: guessed\n'), resolveSlo)), [
    'SLO803 13:22-13:29 “errorRateSource” is “typed”, or “measured:” with the “query”, the “prometheus” address and the time it was read (“at”).',
  ]);
});
