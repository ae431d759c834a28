import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  MAX_FILE_NAME_BYTES,
  MAX_SLUG_LENGTH,
  postmortemFileName,
  slugify,
} from '../../src/postmortem/slug.js';

test('slugs are lower-case words joined by -', () => {
  assert.equal(
    slugify('Checkout returned 5xx for 38 minutes after a deploy'),
    'checkout-returned-5xx-for-38-minutes-after-a-deploy',
  );
  assert.equal(slugify('  API -- v1.2 rollout!!  '), 'api-v1-2-rollout');
  assert.equal(slugify('ＡＰＩ ５０３'), 'api-503');
});

test('Latin accents are folded to ASCII; other scripts are kept', () => {
  assert.equal(
    slugify('Ça a planté : Straße, Łódź, Æsir, İstanbul'),
    'ca-a-plante-strasse-lodz-aesir-istanbul',
  );
  assert.equal(slugify('障害: 決済が5xxを返した'), '障害-決済が5xxを返した');
  assert.equal(slugify('Сбой оплаты'), 'сбой-оплаты');
  assert.equal(slugify('Σφάλμα πληρωμών'), 'σφάλμα-πληρωμών');
  assert.equal(slugify('नमस्ते दुनिया'), 'नमस्ते-दुनिया');
  assert.equal(slugify('🔥 Checkout 🔥 down 👩‍💻'), 'checkout-down');
});

test('hostile titles give a readable slug that stays in the folder', () => {
  const cases: Array<[string, string]> = [
    ['../../etc/passwd', 'etc-passwd'],
    ['a/b\\c', 'a-b-c'],
    ['<script>alert(1)</script>', 'script-alert-1-script'],
    ['CON', 'con-postmortem'],
    ['nul', 'nul-postmortem'],
    ['com1', 'com1-postmortem'],
    ['LPT9', 'lpt9-postmortem'],
    ['console', 'console'],
    ['', 'postmortem'],
    ['...', 'postmortem'],
    ['🔥🔥', 'postmortem'],
    ['x\u0000y\u001f\u202ez\u200b', 'x-y-z'],
    ['a:b*c?d"e<f>g|h', 'a-b-c-d-e-f-g-h'],
    ['\u0301\u0301abc', 'abc'],
  ];
  for (const [title, slug] of cases) {
    assert.equal(slugify(title), slug, JSON.stringify(title));
    const name = postmortemFileName('2026-11-03', title, () => false);
    assert.equal(name, `2026-11-03-${slug}.md`);
    const dir = path.resolve('/srv/repo/postmortems');
    assert.equal(path.dirname(path.resolve(dir, name)), dir);
    assert.match(name, /^[^/\\:*?"<>|\p{Cc}]+$/u);
  }
});

test('long titles are cut at a word near 60 characters, never inside a character', () => {
  const words = 'the payment client shrank its connection pool to one connection under the afternoon peak';
  assert.equal(slugify(words), 'the-payment-client-shrank-its-connection-pool-to-one');
  assert.equal(slugify('x'.repeat(500)), 'x'.repeat(MAX_SLUG_LENGTH));
  const emoji = slugify('障'.repeat(59) + '𠮷'.repeat(10));
  assert.equal(Array.from(emoji).length, MAX_SLUG_LENGTH);
  assert.equal(emoji, '障'.repeat(59) + '𠮷');
  assert.ok(!/[\uD800-\uDBFF]$/.test(emoji));
  for (let n = 1; n < 200; n += 7) assert.ok(Array.from(slugify('ab '.repeat(n))).length <= MAX_SLUG_LENGTH);
});

test('file names: YYYY-MM-DD-slug.md, then -2, -3 on a clash', () => {
  const taken = new Set<string>();
  const names = [1, 2, 3].map(() => {
    const name = postmortemFileName('2026-11-03', 'Checkout down', (n) => taken.has(n));
    taken.add(name);
    return name;
  });
  assert.deepEqual(names, [
    '2026-11-03-checkout-down.md',
    '2026-11-03-checkout-down-2.md',
    '2026-11-03-checkout-down-3.md',
  ]);
  assert.throws(
    () => postmortemFileName('../2026', 'x', () => false),
    /"\.\.\/2026" is not a date \(YYYY-MM-DD\)\./,
  );
  assert.throws(() => postmortemFileName('2026-11-3', 'x', () => false), RangeError);
});

test('file names stay within 255 bytes with their -N suffix, cut between whole characters', () => {
  // 60 characters of 4 bytes each: 254 bytes with the date and `.md`, one byte short of the limit.
  const title = '\u{20000}'.repeat(61);
  const taken = new Set<string>();
  const names = Array.from({ length: 12 }, () => {
    const name = postmortemFileName('2026-11-03', title, (n) => taken.has(n));
    taken.add(name);
    return name;
  });
  assert.equal(names[0], `2026-11-03-${'\u{20000}'.repeat(60)}.md`);
  assert.equal(names[1], `2026-11-03-${'\u{20000}'.repeat(59)}-2.md`);
  assert.equal(names[9], `2026-11-03-${'\u{20000}'.repeat(59)}-10.md`);
  for (const name of names) {
    assert.ok(Buffer.byteLength(name) <= MAX_FILE_NAME_BYTES, `${name}: ${Buffer.byteLength(name)} bytes`);
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(name), 'no lone surrogate');
  }
  // A letter with its vowel sign (4 bytes each) is one character: never cut between them.
  const pair = '\u{11013}\u{11038}';
  const marked = postmortemFileName('2026-11-03', pair.repeat(40), (n) => !n.endsWith('-2.md'));
  assert.equal(marked, `2026-11-03-${pair.repeat(29)}-2.md`);
});
