import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  groupByStatus,
  INDEX_MARKER,
  isGeneratedIndex,
  isPostmortemFileName,
  renderIndex,
  summarise,
} from '../../src/postmortem/index.js';

const DIR = '/repo/postmortems';
const EXAMPLE = path.join(
  __dirname,
  '..',
  '..',
  'examples',
  'postmortems',
  '2026-11-03-checkout-5xx-after-deploy.md',
);

const FILES: Record<string, string> = {
  '2026-11-03-checkout-5xx-after-deploy.md': readFileSync(EXAMPLE, 'utf8'),
  '2026-12-01-search-slow.md': `---
title: "Search slow | p99 > 2 s"
date: 2026-12-01
status: In Review
owner: lea
severity: SEV3
slos:
  - file: slos/search.yaml
    name: search-latency
    budgetConsumed: 0.25
  - file: slos/search.yaml
    name: search-availability
action_items:
  - title: Cache the synonyms
    owner: lea
    status: open
  - title: Alert on p99
  - title: Bigger pods
    owner: lea
    status: done
  - title: Load test
    owner: sam
---
`,
  '2026-12-01-a-dns.md': '---\nstatus: draft\nowner: sam\n---\n\n# DNS <outage>\nresolution failed\n',
  'notes from the offsite.md': '# Notes\n\nNo front matter here.\n',
};

const summaries = () =>
  Object.entries(FILES).map(([name, text]) => summarise(path.posix.join(DIR, name), text));

test('a summary: the front matter, else the heading and the file name', () => {
  const [example, search, dns, notes] = summaries();
  assert.deepEqual(example, {
    path: '/repo/postmortems/2026-11-03-checkout-5xx-after-deploy.md',
    date: '2026-11-03',
    title: 'Checkout returned 5xx for 38 minutes after a deploy',
    severity: 'SEV2',
    status: 'final',
    owner: 'amina.diallo',
    slos: [
      {
        file: 'slos/checkout-slos.yaml',
        name: 'checkout-availability',
        objective: 'Available',
        window: '28 days, rolling',
        errorRate: 0.12,
        errorRateSource: 'typed',
        badMinutes: 4.56,
        budgetConsumed: 0.1131,
      },
    ],
    actionItems: example!.actionItems,
    openActionItems: [],
  });
  assert.equal(example!.actionItems.length, 2);
  assert.equal(search!.status, 'in review');
  assert.deepEqual(
    search!.openActionItems.map((i) => i.title),
    ['Cache the synonyms', 'Alert on p99', 'Load test'],
  );
  assert.deepEqual([dns!.date, dns!.title, dns!.status], ['2026-12-01', 'DNS <outage>', 'draft']);
  assert.deepEqual([notes!.date, notes!.title, notes!.status], [undefined, 'Notes', undefined]);
  assert.equal(summarise('x/2026-01-02-y.md', '---\ntitle: [broken\n---\n# Heading\n').title, 'Heading');
  assert.equal(summarise('x\\2026-01-02-y.md', '').title, '2026-01-02-y');
});

test('the index: newest first, the same day by file name, undated last, with open action items', () => {
  assert.equal(
    renderIndex(summaries(), { dir: DIR }),
    `${INDEX_MARKER}

# Postmortems

4 postmortems, 3 open action items.

| Date | Title | Severity | Status | SLOs | Open action items |
| ---- | ----- | -------- | ------ | ---- | ----------------- |
| 2026-12-01 | [DNS \\<outage\\>](2026-12-01-a-dns.md) |  | draft |  | 0 |
| 2026-12-01 | [Search slow \\| p99 \\> 2 s](2026-12-01-search-slow.md) | SEV3 | in review | search-latency (25 % of budget), search-availability | 3 (lea, no owner, sam) |
| 2026-11-03 | [Checkout returned 5xx for 38 minutes after a deploy](2026-11-03-checkout-5xx-after-deploy.md) | SEV2 | final | checkout-availability (11.31 % of budget) | 0 |
|  | [Notes](notes%20from%20the%20offsite.md) |  |  |  | 0 |
`,
  );
  assert.ok(isGeneratedIndex(renderIndex([], { dir: DIR })));
  assert.equal(renderIndex([], { dir: DIR }), `${INDEX_MARKER}\n\n# Postmortems\n\nNo postmortems yet.\n`);
});

test('cells never break the table or let HTML through', () => {
  const s = summarise(
    'C:\\repo\\postmortems\\2026-01-01-x (1).md',
    '---\ntitle: "a|b\\nc [d] <img src=x onerror=alert(1)>"\nseverity: "<b>1</b>"\n---\n',
  );
  const row = renderIndex([s], { dir: 'C:\\repo\\postmortems\\' }).split('\n').at(-2);
  assert.equal(
    row,
    '| 2026-01-01 | [a\\|b c \\[d\\] \\<img src=x onerror=alert\\(1\\)\\>](2026-01-01-x%20%281%29.md) | \\<b\\>1\\</b\\> |  |  | 0 |',
  );
});

test('groups for the tree view: draft, in review, final, then the rest', () => {
  assert.deepEqual(
    groupByStatus(summaries()).map((g) => [g.status, g.label, g.items.map((s) => path.basename(s.path))]),
    [
      ['draft', 'Draft', ['2026-12-01-a-dns.md']],
      ['in review', 'In review', ['2026-12-01-search-slow.md']],
      ['final', 'Final', ['2026-11-03-checkout-5xx-after-deploy.md']],
      ['other', 'No or unknown status', ['notes from the offsite.md']],
    ],
  );
  assert.deepEqual(groupByStatus([]), []);
});

test('which files of the folder are postmortems', () => {
  assert.deepEqual(
    ['2026-11-03-x.md', 'README.md', 'readme.MD', 'INDEX.md', '.draft.md', 'notes.txt', 'Notes.MD'].filter(
      isPostmortemFileName,
    ),
    ['2026-11-03-x.md', 'Notes.MD'],
  );
});
