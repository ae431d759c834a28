import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/language/analysis/analyze.js';
import type { Diagnostic } from '../../src/language/types.js';

const HEAD = 'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: a\n';

/** Analyses hostile text: must not throw, must finish within 2 s, and every range must lie inside the text. */
function analyze(text: string): Diagnostic[] {
  const started = performance.now();
  const analysis = analyzeText('hostile.yaml', text);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
  const lines = text.split('\n');
  for (const d of analysis.diagnostics) {
    assert.ok(
      d.range.start.line >= 0 && d.range.end.line < lines.length,
      `range inside the text: ${JSON.stringify(d.range)}`,
    );
    const atFileStart = d.range.start.line === 0 && d.range.start.character === 0;
    const width =
      d.range.end.line === d.range.start.line ? d.range.end.character - d.range.start.character : Infinity;
    assert.ok(
      !(atFileStart && width <= 1),
      `no 1-character range at the start of the file: ${d.code} ${d.message}`,
    );
  }
  return analysis.diagnostics;
}

const at = (d: Diagnostic) =>
  `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`;

test('broken YAML: one syntax error where it is, no cascade', () => {
  const diagnostics = analyze(
    'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: a\nspec:\n  service: [api\n  budgetingMethod: Occurrences\n',
  );
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.code, 'SLO001');
  assert.equal(diagnostics[0]!.range.start.line, 6);
});

test('an unclosed quote points at the quote that opened', () => {
  const [d, ...rest] = analyze(
    'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: "a\nspec:\n  service: api\n',
  );
  assert.equal(rest.length, 0);
  assert.equal(d!.code, 'SLO001');
  assert.equal(at(d!), '4:9-4:11');
  assert.match(d!.message, /Missing closing "quote/);
});

test('tabs as indentation are named as such', () => {
  const [d, ...rest] = analyze('apiVersion: openslo/v1\nkind: Service\nmetadata:\n\tname: a\n');
  assert.equal(rest.length, 0);
  assert.equal(d!.code, 'SLO001');
  assert.equal(at(d!), '4:2-4:7');
  assert.match(d!.message, /indent with spaces/);
});

test('CRLF line endings give the same positions as LF', () => {
  const lf = analyze(`${HEAD.replace('name: a', 'name: My Service')}`);
  const crlf = analyze(`${HEAD.replace('name: a', 'name: My Service')}`.replace(/\n/g, '\r\n'));
  assert.equal(crlf.length, 1);
  assert.deepEqual(crlf.map(at), lf.map(at));
  assert.equal(at(crlf[0]!), '4:9-4:19');
});

test('a byte-order mark does not shift positions or hide the file', () => {
  const [d, ...rest] = analyze(`\uFEFF${HEAD.replace('name: a', 'name: My Service')}`);
  assert.equal(rest.length, 0);
  assert.equal(d!.code, 'SLO101');
  assert.equal(at(d!), '4:9-4:19');
});

test('a 10 MB file gets one clear diagnostic, fast', () => {
  let big = '';
  for (let i = 0; big.length < 10 * 1024 * 1024; i++) big += `---\n${HEAD.replace('name: a', `name: s${i}`)}`;
  const [d, ...rest] = analyze(big);
  assert.equal(rest.length, 0);
  assert.equal(d!.code, 'SLO006');
  assert.match(d!.message, /10\.0 MB, above the 2\.0 MB analysis limit/);
});

test('a 10 MB scalar gets one clear diagnostic, fast', () => {
  const [d] = analyze(`${HEAD}spec:\n  description: "${'x'.repeat(10 * 1024 * 1024)}"\n`);
  assert.equal(d!.code, 'SLO006');
});

test('an alias bomb is not expanded', () => {
  let bomb = `${HEAD.replace('name: a\n', 'name: a\n  annotations:\n')}    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n`;
  for (let i = 1; i < 12; i++)
    bomb += `    a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  bomb += 'spec:\n  description: *a11\n';
  const diagnostics = analyze(bomb);
  assert.ok(diagnostics.length > 0 && diagnostics.length < 100, `${diagnostics.length} diagnostics`);
  assert.ok(
    diagnostics.some(
      (d) => d.code === 'SLO013' && /“description” must be a string, but is a list/.test(d.message),
    ),
  );
});

for (const [name, nested] of [
  ['flow sequences', '['.repeat(10000) + ']'.repeat(10000)],
  ['flow mappings', '{a: '.repeat(10000) + '1' + '}'.repeat(10000)],
  ['block sequences', '\n    ' + '- '.repeat(10000) + 'x'],
] as const) {
  test(`10 000-deep nesting (${name}) is reported, not a crash`, () => {
    const [d, ...rest] = analyze(`${HEAD}spec:\n  description: ${nested}\n`);
    assert.equal(rest.length, 0);
    assert.equal(d!.code, 'SLO001');
    assert.match(d!.message, /nests too deeply/);
  });
}

test('binary bytes after a valid head: a syntax error, no exception', () => {
  const bytes = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
  const diagnostics = analyze(`${HEAD}${bytes}`);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.code, 'SLO001');
});

test('random bytes alone are not mistaken for an SLO file', () => {
  const bytes = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 104729) % 256)).toString('latin1');
  assert.deepEqual(analyze(bytes), []);
});

test('empty, whitespace-only and comment-only texts', () => {
  for (const text of ['', '   \n\n', '# just a comment\n', '---\n---\n', '~\n', '- 1\n- 2\n'])
    assert.deepEqual(analyze(text), []);
});
