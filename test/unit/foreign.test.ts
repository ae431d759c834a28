import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/language/analysis/analyze.js';

const DIR = path.join(__dirname, '..', 'fixtures', 'foreign');

for (const file of readdirSync(DIR)) {
  test(`foreign YAML gets no diagnostics: ${file}`, () => {
    const analysis = analyzeText(file, readFileSync(path.join(DIR, file), 'utf8'));
    assert.deepEqual(analysis.diagnostics, []);
    assert.equal(analysis.isSloFile, false);
    assert.deepEqual(analysis.objects, []);
  });
}

test('broken foreign YAML gets no diagnostics either', () => {
  const text = 'name: CI\non:\n  push: [main\njobs: {}\n';
  assert.deepEqual(analyzeText('ci.yml', text).diagnostics, []);
});

test('a Kubernetes object with an OpenSLO-like kind but a Kubernetes apiVersion is not ours', () => {
  const text = 'apiVersion: monitoring.example.com/v1beta1\nkind: SLO\nmetadata:\n  name: x\n';
  assert.deepEqual(analyzeText('x.yaml', text).diagnostics, []);
});
