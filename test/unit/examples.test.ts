import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { WorkspaceIndex } from '../../src/language/workspace/workspace-index.js';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(name) ? [p] : [];
  });
}

test('the example workspace: clean files, and the deliberate mistakes reported', () => {
  const index = new WorkspaceIndex();
  const files = yamlFiles(EXAMPLES);
  for (const f of files) index.set(f, readFileSync(f, 'utf8'));
  const all = index.allDiagnostics();
  for (const f of files) {
    if (f.endsWith('mistakes.yaml')) continue;
    assert.deepEqual(all.get(f), [], path.relative(EXAMPLES, f));
    assert.ok(index.get(f)?.isSloFile, `${f} is recognised`);
  }
  const mistakes = all.get(path.join(EXAMPLES, 'mistakes.yaml'))!;
  assert.deepEqual(mistakes.map((d) => `${d.range.start.line + 1}:${d.code}`).sort(), [
    '11:SLO601',
    '14:SLO111',
    '15:SLO112',
    '17:SLO114',
    '19:SLO603',
    '24:SLO306',
    '25:SLO602',
    '28:SLO305',
    '29:SLO501',
    '30:SLO012',
    '38:SLO401',
    '39:SLO107',
    '43:SLO406',
    '5:SLO101',
    '8:SLO701',
    '9:SLO014',
  ]);
});
