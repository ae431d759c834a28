// Values from postmortems as the generated index shows them once rendered by a CommonMark renderer (with GFM
// tables and raw HTML allowed, as GitHub renders a README): text only, as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { markdownText } from '../../src/postmortem/markdown.js';
import { renderIndex, summarise } from '../../src/postmortem/index.js';

const md = new MarkdownIt({ html: true });

/** HTML text back to the characters it shows. */
const decode = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const HOSTILE = [
  '![x](http://evil.example/pixel.png)',
  '[me](http://evil.example/)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<http://evil.example/>',
  '`code` *em* _em_ **strong** ~~gone~~',
  '&amp; &#60; &copy;',
  'ends with a backslash \\',
  '# a heading',
  '- a list',
  '+ a list',
  '1. a list',
  '> a quote',
  '=== setext',
  'a | b',
  'a [b] (c) !d',
  '[ref]: http://evil.example/',
  '\\[escaped\\]',
];

test('markdownText: every construct shows as the text written, on one line', () => {
  for (const value of HOSTILE) {
    const html = md.render(markdownText(value));
    assert.match(html, /^<p>.*<\/p>\n$/s, `${value}: one paragraph, ${html}`);
    const inner = html.slice(3, -5);
    assert.doesNotMatch(inner, /</, `${value}: no element in ${html}`);
    assert.equal(decode(inner), value);
  }
});

test('markdownText: line breaks join the lines, control characters are written as escapes', () => {
  assert.equal(markdownText('first\n  second\r\n\nthird'), 'first second third');
  assert.equal(markdownText('a\tb\x1b[2J\u202ec'), 'a\\\\tb\\\\u001b\\[2J\\\\u202ec');
  assert.equal(decode(md.renderInline(markdownText('a\x1b[2J'))), 'a\\u001b[2J');
});

test('the postmortem index: hostile fields in every column stay text, the title link stays one link', () => {
  const s = summarise(
    '/repo/postmortems/2026-11-20-hostile.md',
    `---
title: "[me](http://evil.example/) ends in \\\\"
severity: "![x](http://evil.example/sev.png)"
status: "<b>[draft](http://evil.example/)</b>"
slos:
  - file: slos/a.yaml
    name: "![slo](http://evil.example/slo.png)"
    budgetConsumed: 0.5
action_items:
  - title: Fix it
    owner: "[owner](http://evil.example/) | x"
---
`,
  );
  const html = md.render(renderIndex([s], { dir: '/repo/postmortems' }));
  assert.doesNotMatch(html, /<img|<b>|evil\.example\/"|href="http:/);
  assert.deepEqual(
    [...html.matchAll(/<a href="([^"]*)">/g)].map((m) => m[1]),
    ['2026-11-20-hostile.md'],
  );
  const row = /<tbody>\n<tr>\n([\s\S]*?)<\/tr>/.exec(html)![1]!;
  const cells = [...row.matchAll(/<td>(.*?)<\/td>/g)].map((m) => decode(m[1]!.replace(/<\/?a[^>]*>/g, '')));
  assert.deepEqual(cells, [
    '2026-11-20',
    '[me](http://evil.example/) ends in \\',
    '![x](http://evil.example/sev.png)',
    '<b>[draft](http://evil.example/)</b>',
    '![slo](http://evil.example/slo.png) (50 % of budget)',
    '1 ([owner](http://evil.example/) | x)',
  ]);
});
