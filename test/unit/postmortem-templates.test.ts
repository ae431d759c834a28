import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePostmortem } from '../../src/postmortem/frontmatter.js';
import { composePostmortem } from '../../src/postmortem/new.js';
import type { PostmortemFields } from '../../src/postmortem/model.js';
import {
  BUILT_IN_TEMPLATES,
  loadWorkspaceTemplates,
  PLACEHOLDERS,
  renderTemplate,
  sloSummary,
} from '../../src/postmortem/templates.js';

const FIELDS: PostmortemFields = {
  title: 'Checkout returned 5xx for 38 minutes after a deploy',
  date: '2026-11-03',
  started: '2026-11-03T14:12:00+01:00',
  detected: '2026-11-03T14:17:00+01:00',
  resolved: '2026-11-03T14:50:00+01:00',
  status: 'draft',
  owner: 'amina.diallo',
  authors: ['amina.diallo', 'tom.becker'],
  severity: 'SEV2',
  services: ['checkout'],
  slos: [
    {
      file: 'slos/checkout-slos.yaml',
      name: 'checkout-availability',
      window: '28 days, rolling',
      errorRate: 0.12,
      badMinutes: 4.56,
      budgetConsumed: 0.1131,
    },
  ],
  action_items: [
    {
      title: "Run the payment client's connection-pool test in CI",
      type: 'prevent',
      priority: 'P1',
      owner: 'tom.becker',
      due: '2026-11-17',
      ticket: 'CHK-1423',
      status: 'open',
    },
  ],
  tags: ['deploy', 'payments-client'],
  links: { dashboard: 'https://grafana.example.com/d/checkout' },
};

const FRONT_MATTER = `---
title: Checkout returned 5xx for 38 minutes after a deploy
date: 2026-11-03
started: 2026-11-03T14:12:00+01:00
detected: 2026-11-03T14:17:00+01:00
resolved: 2026-11-03T14:50:00+01:00
status: draft
owner: amina.diallo
authors:
  - amina.diallo
  - tom.becker
severity: SEV2
services:
  - checkout
slos:
  - file: slos/checkout-slos.yaml
    name: checkout-availability
    window: 28 days, rolling
    errorRate: 0.12
    badMinutes: 4.56
    budgetConsumed: 0.1131
action_items:
  - title: Run the payment client's connection-pool test in CI
    type: prevent
    priority: P1
    owner: tom.becker
    due: 2026-11-17
    ticket: CHK-1423
    status: open
tags:
  - deploy
  - payments-client
links:
  dashboard: https://grafana.example.com/d/checkout
---
`;

test('the built-in templates: Google, PagerDuty and lightweight, with their sections', () => {
  assert.deepEqual(
    BUILT_IN_TEMPLATES.map((t) => [t.name, t.title, t.source]),
    [
      ['google', 'Google SRE book', 'built-in'],
      ['pagerduty', 'PagerDuty', 'built-in'],
      ['lightweight', 'Lightweight', 'built-in'],
    ],
  );
  const headings = (name: string) =>
    BUILT_IN_TEMPLATES.find((t) => t.name === name)!.body.match(/^#{2,3} .+$/gm);
  assert.deepEqual(headings('google'), [
    '## Summary',
    '## Impact',
    '## Root causes',
    '## Trigger',
    '## Resolution',
    '## Detection',
    '## Action items',
    '## Lessons learned',
    '### What went well',
    '### What went wrong',
    '### Where we got lucky',
    '## Timeline',
  ]);
  assert.deepEqual(headings('pagerduty'), [
    '## Overview',
    '## What happened',
    '## Resolution',
    '## Impact',
    '## Responders',
    '## Contributing factors',
    '## Timeline',
    '## What went well',
    "## What didn't go so well",
    '## Action items',
  ]);
  assert.deepEqual(headings('lightweight'), ['## Summary', '## Impact', '## Cause', '## Action items']);
});

for (const template of BUILT_IN_TEMPLATES) {
  test(`${template.name}: every placeholder filled, and the front matter reads back as the fields`, () => {
    const { text, warnings } = renderTemplate(template.body, FIELDS);
    assert.deepEqual(warnings, []);
    assert.doesNotMatch(text, /\{\{/);
    assert.ok(text.startsWith(FRONT_MATTER), text.slice(0, 1200));
    const parsed = parsePostmortem(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.fields, FIELDS);
    assert.match(text, /^# Checkout returned 5xx for 38 minutes after a deploy$/m);
  });
}

test('the lightweight template as the user sees it', () => {
  const { text } = renderTemplate(BUILT_IN_TEMPLATES.find((t) => t.name === 'lightweight')!.body, FIELDS);
  assert.equal(
    text.slice(FRONT_MATTER.length),
    `
# Checkout returned 5xx for 38 minutes after a deploy

- **Date:** 2026-11-03
- **Duration:** 38 min
- **Owner:** amina.diallo

## Summary

## Impact

- \`checkout-availability\` in slos/checkout-slos.yaml: 4 min 34 s of full outage (12 % of requests failing), 11.31 % of the error budget (28 days, rolling).

## Cause

## Action items

| Action item | Type | Priority | Owner | Due | Ticket | Status |
| ----------- | ---- | -------- | ----- | --- | ------ | ------ |
| Run the payment client's connection-pool test in CI | prevent | P1 | tom.becker | 2026-11-17 | CHK-1423 | open |
`,
  );
});

test('empty fields leave empty values, not placeholders, and still valid YAML', () => {
  const { text, warnings } = renderTemplate(BUILT_IN_TEMPLATES[0]!.body, { title: 'Checkout down' });
  assert.deepEqual(warnings, []);
  assert.ok(text.startsWith('---\ntitle: Checkout down\ndate:\nstarted:\n'), text.slice(0, 80));
  assert.deepEqual(parsePostmortem(text).fields, { title: 'Checkout down' });
  assert.match(text, /^No SLO recorded: list the SLOs the incident hit under `slos`/m);
  assert.match(text, /^<!-- List them under `action_items` in the front matter/m);
});

test('whatever the user types, the front matter stays valid YAML and reads back unchanged', () => {
  const titles = [
    'Checkout: 5xx # after deploy',
    '"Quoted" and \'single\'',
    'Two\nlines\r\nand a tab\t',
    'yes',
    'on',
    '1:20',
    '0x1F',
    '- starts like a list',
    '[not a list]',
    '{not: a map}',
    '@at `backtick` %percent &anchor *alias !tag |pipe >fold',
    '---',
    '...',
    '',
    ' leading and trailing spaces ',
    '{{title}} {{ date }}',
    '<script>alert(1)</script>',
    '障害: 決済が5xxを返した',
    ':',
    '~',
    'Y',
    '1e3',
    '12:30:45',
    '.inf',
  ];
  for (const title of titles) {
    const fields = {
      ...FIELDS,
      title,
      owner: title,
      authors: [title, 'no'],
      links: { [title || 'x']: title },
    };
    const { text, warnings } = renderTemplate(BUILT_IN_TEMPLATES[0]!.body, fields);
    assert.deepEqual(warnings, [], JSON.stringify(title));
    const parsed = parsePostmortem(text);
    assert.deepEqual(parsed.errors, [], JSON.stringify(title));
    assert.equal(parsed.fields.title, title || undefined, JSON.stringify(title));
    assert.deepEqual(parsed.fields.authors, [title, 'no']);
    assert.deepEqual(parsed.fields.links, { [title || 'x']: title });
    // In the Markdown, the title stays on its heading line, without HTML.
    assert.doesNotMatch(parsed.body, /<script>/);
  }
});

test('YAML 1.1 readers (Jekyll, GitHub) read the same strings: yes, on, 1:20 are quoted', () => {
  const { text } = renderTemplate('---\nowner: {{owner}}\nseverity: {{severity}}\ntags: {{tags}}\n---\n', {
    owner: 'yes',
    severity: '1:20',
    tags: ['on', 'deploy'],
  });
  assert.equal(text, '---\nowner: "yes"\nseverity: "1:20"\ntags:\n  - "on"\n  - deploy\n---\n');
});

test('substitution is one pass: a value holding a placeholder is not expanded again', () => {
  const { text, warnings } = renderTemplate('---\ntitle: {{title}}\n---\n# {{title}}\n{{owner}}\n', {
    title: '{{owner}} and {{nope}}',
    owner: '{{title}}',
  });
  assert.deepEqual(warnings, []);
  assert.equal(text, '---\ntitle: "{{owner}} and {{nope}}"\n---\n# {{owner}} and {{nope}}\n{{title}}\n');
});

test('an unknown placeholder is kept as written, with a warning naming it and its line', () => {
  const { text, warnings } = renderTemplate(
    '---\ntitle: {{ title }}\n---\n\n# {{titel}}\n\nBy {{ reviewer }}.\n',
    {
      title: 'Checkout down',
    },
  );
  assert.equal(text, '---\ntitle: Checkout down\n---\n\n# {{titel}}\n\nBy {{ reviewer }}.\n');
  assert.deepEqual(warnings, [
    {
      line: 5,
      placeholder: 'titel',
      message: 'Unknown placeholder “{{titel}}” on line 5, left as it is: did you mean “{{title}}”?',
    },
    {
      line: 7,
      placeholder: 'reviewer',
      message: 'Unknown placeholder “{{ reviewer }}” on line 7, left as it is.',
    },
  ]);
});

test('a template whose front matter breaks once filled in gets a warning, not an exception', () => {
  const { text, warnings } = renderTemplate('---\ntitle: "{{title}}"\n---\n', { title: 'Say "hi"' });
  assert.equal(text, '---\ntitle: "Say "hi""\n---\n');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!.message, /^Line 2: the filled-in front matter is not valid YAML\. YAML error/);
});

test('lists go under their key as a block, elsewhere on one line; CRLF templates stay CRLF', () => {
  const fields: PostmortemFields = { authors: ['amina', 'tom'], slos: [{ file: 'a.yaml', name: 'a' }] };
  const crlf = renderTemplate(
    '---\r\nauthors: {{authors}}\r\nslos: {{slos}}\r\n# {{authors}}\r\n---\r\n',
    fields,
  );
  assert.equal(
    crlf.text,
    '---\r\nauthors:\r\n  - amina\r\n  - tom\r\nslos:\r\n  - file: a.yaml\r\n    name: a\r\n# [amina, tom]\r\n---\r\n',
  );
  assert.equal(
    renderTemplate('# x\r\n{{action_items}}\r\n', { action_items: [{ title: 'a' }] }).text,
    '# x\r\n| Action item | Type | Priority | Owner | Due | Ticket | Status |\r\n| ----------- | ---- | -------- | ----- | --- | ------ | ------ |\r\n| a |  |  |  |  |  |  |\r\n',
  );
  const nested = renderTemplate('---\nincident:\n  - people: {{authors}}\n    slos: {{slos}}\n---\n', fields);
  assert.equal(
    nested.text,
    '---\nincident:\n  - people:\n      - amina\n      - tom\n    slos:\n      - file: a.yaml\n        name: a\n---\n',
  );
  assert.deepEqual(parsePostmortem(nested.text).data, {
    incident: [{ people: ['amina', 'tom'], slos: [{ file: 'a.yaml', name: 'a' }] }],
  });
  assert.equal(renderTemplate('---\nauthors: {{authors}}\n---\n', {}).text, '---\nauthors:\n---\n');
  assert.equal(
    renderTemplate('---\nauthors: {{authors}}\n---\n', { authors: [] }).text,
    '---\nauthors: []\n---\n',
  );
});

test('every placeholder of the built-in templates is documented, and every documented one is used', () => {
  const used = new Set(
    BUILT_IN_TEMPLATES.flatMap((t) => [...t.body.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])),
  );
  assert.deepEqual([...used].sort(), PLACEHOLDERS.map((p) => p.name).sort());
  for (const p of PLACEHOLDERS) assert.ok(p.description.endsWith('.'), p.name);
});

test('the SLO summary: one bullet per SLO with what it lost', () => {
  assert.equal(
    sloSummary([
      {
        file: 'slos/checkout-slos.yaml',
        name: 'checkout-availability',
        errorRate: 1,
        badMinutes: 38,
        budgetConsumed: 0.9425,
      },
      { file: 'slos/search.yaml', name: 'search-latency', objective: 'p99 under 1 s', badEvents: 12000 },
      { file: 'slos/x.yaml', name: 'x' },
    ]),
    [
      '- `checkout-availability` in slos/checkout-slos.yaml: 38 min of full outage, 94.25 % of the error budget.',
      '- `search-latency`, p99 under 1 s in slos/search.yaml: 12 000 bad events.',
      '- `x` in slos/x.yaml: budget not computed yet.',
    ].join('\n'),
  );
});

test('workspace templates come first; one named like a built-in replaces it; no front matter gets the standard one', () => {
  const templates = loadWorkspaceTemplates([
    {
      path: '/repo/.team-sre/templates/google.md',
      text: '---\ntitle: {{title}}\nteam: payments\n---\n# {{title}}\n',
    },
    { path: '/repo/.team-sre/templates/blameless.md', text: '\uFEFF# {{title}}\n\nWhat happened?\n' },
    { path: '/repo/.team-sre/templates/notes.txt', text: 'not a template' },
  ]);
  assert.deepEqual(
    templates.map((t) => [t.name, t.source]),
    [
      ['blameless', '/repo/.team-sre/templates/blameless.md'],
      ['google', '/repo/.team-sre/templates/google.md'],
      ['pagerduty', 'built-in'],
      ['lightweight', 'built-in'],
    ],
  );
  const google = renderTemplate(templates[1]!.body, FIELDS).text;
  assert.equal(google, `---\ntitle: ${FIELDS.title}\nteam: payments\n---\n# ${FIELDS.title}\n`);
  const blameless = renderTemplate(templates[0]!.body, FIELDS);
  assert.deepEqual(blameless.warnings, []);
  assert.equal(blameless.text, `${FRONT_MATTER}\n# ${FIELDS.title}\n\nWhat happened?\n`);
  assert.deepEqual(parsePostmortem(blameless.text).fields, FIELDS);
});

test("a team template without front matter: warnings name the line of the team's file, and the file", () => {
  const [own] = loadWorkspaceTemplates([
    { path: '/repo/.team-sre/templates/short.md', text: '# {{title}}\n\nBy {{reviewer}}.\n' },
  ]);
  const { warnings } = renderTemplate(own!.body, FIELDS, own!.addedLines);
  assert.deepEqual(warnings, [
    {
      line: 3,
      placeholder: 'reviewer',
      message: 'Unknown placeholder “{{reviewer}}” on line 3, left as it is.',
    },
  ]);
  const composed = composePostmortem(
    { title: 'Checkout down', started: '2026-11-03T10:00:00Z', resolved: '2026-11-03T10:38:00Z', slos: [] },
    own!,
  );
  assert.deepEqual(
    composed.warnings.map((w) => w.message),
    ['/repo/.team-sre/templates/short.md: Unknown placeholder “{{reviewer}}” on line 3, left as it is.'],
  );
});

test('hostile templates render in linear time', () => {
  const n = 200_000;
  const started = Date.now();
  renderTemplate(
    `---\ntitle: {{title}}\n${' '.repeat(n)}x\n${'- '.repeat(n)}{{owner}}\n---\n${' '.repeat(n)}y`,
    {
      title: 'a',
    },
  );
  renderTemplate('{{ '.repeat(n) + '{{' + 'a'.repeat(n), {});
  renderTemplate('# {{title}}', { title: `a${' '.repeat(n)}b` });
  assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
});
