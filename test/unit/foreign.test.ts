import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/language/analysis/analyze.js';

const DIR = path.join(__dirname, '..', 'fixtures', 'foreign');

/** Real files of public repositories (provenance in SOURCES.tsv) that no SLO tool of ours reads. */
const REAL = path.join(__dirname, '..', 'fixtures', 'real');
const REAL_FOREIGN = readFileSync(path.join(REAL, 'SOURCES.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .filter((row) => row[4] === 'foreign')
  .map((row) => path.join(REAL, row[0]!));

function assertForeign(file: string): void {
  const analysis = analyzeText(file, readFileSync(file, 'utf8'));
  assert.deepEqual(analysis.diagnostics, []);
  assert.equal(analysis.isSloFile, false);
  assert.deepEqual(analysis.objects, []);
}

for (const file of readdirSync(DIR)) {
  test(`foreign YAML gets no diagnostics: ${file}`, () => assertForeign(path.join(DIR, file)));
}

test('the real foreign files are listed in SOURCES.tsv', () => {
  assert.ok(REAL_FOREIGN.length >= 4, REAL_FOREIGN.join(', '));
});

for (const file of REAL_FOREIGN) {
  test(`foreign YAML of a public repository gets no diagnostics: ${path.relative(REAL, file)}`, () =>
    assertForeign(file));
}

test('broken foreign YAML gets no diagnostics either', () => {
  const text = 'name: CI\non:\n  push: [main\njobs: {}\n';
  assert.deepEqual(analyzeText('ci.yml', text).diagnostics, []);
});

test('a Kubernetes object with an OpenSLO-like kind but a Kubernetes apiVersion is not ours', () => {
  const text = 'apiVersion: monitoring.example.com/v1beta1\nkind: SLO\nmetadata:\n  name: x\n';
  assert.deepEqual(analyzeText('x.yaml', text).diagnostics, []);
});
