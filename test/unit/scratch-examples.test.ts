import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

interface Scratch {
  SCRATCH_EXAMPLES: string;
  freshExamples: (dest?: string, source?: string) => string;
}
const load = async () => (await import(path.join(ROOT, 'scripts', 'scratch-examples.mjs'))) as Scratch;

/** Every file under `dir` with the hash of its bytes, by relative path. */
function tree(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) Object.assign(out, tree(p, base));
    else out[path.relative(base, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

test('npm start opens a scratch copy of examples/ under the ignored .cache/, not the repository’s examples/', async () => {
  const { SCRATCH_EXAMPLES } = await load();
  assert.equal(path.relative(ROOT, SCRATCH_EXAMPLES), path.join('.cache', 'editor', 'start', 'examples'));
  const start = readFileSync(path.join(ROOT, 'scripts', 'start.mjs'), 'utf8');
  // The only folder start.mjs opens is the one freshExamples() returns.
  assert.match(start, /const examples = freshExamples\(\);/);
  assert.doesNotMatch(start, /path\.join\(ROOT, 'examples'\)/);
  assert.match(readFileSync(path.join(ROOT, '.gitignore'), 'utf8'), /^\.cache\/$/m);
});

test('edits in the scratch copy leave examples/ untouched, and the next start begins from a fresh copy', async () => {
  const { freshExamples } = await load();
  const before = tree(EXAMPLES);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'team-sre-scratch-'));
  try {
    const dest = path.join(tmp, 'examples');
    assert.equal(freshExamples(dest), dest);
    assert.deepEqual(tree(dest), before);
    // What a quick fix, auto-save, New Postmortem and the index do to the workspace.
    appendFileSync(path.join(dest, 'mistakes.yaml'), '\n# edited\n');
    writeFileSync(path.join(dest, 'postmortems', '2026-12-03-new.md'), '# New\n');
    rmSync(path.join(dest, 'slos', 'alerting.yaml'));
    assert.deepEqual(tree(EXAMPLES), before);
    freshExamples(dest);
    assert.deepEqual(tree(dest), before);
    assert.equal(existsSync(path.join(dest, 'postmortems', '2026-12-03-new.md')), false);
    assert.throws(() => freshExamples(path.join(EXAMPLES, 'copy')), /must lie outside/);
    assert.throws(() => freshExamples(EXAMPLES), /must lie outside/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
