import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Runs the built CLI (npm test builds first) on the large YAML a repository holds besides its SLO files.
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;

/**
 * A hang guard, not a timing: the folder below lints in about 0.5 s here (the README's robustness section
 * says how it was measured); a pass that composes or walks such files quadratically took over a minute.
 */
const GUARD_MS = 20_000;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: GUARD_MS,
  });
  assert.equal(r.signal, null, `stopped after ${GUARD_MS} ms`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SLO = `apiVersion: openslo/v1
kind: Service
metadata:
  name: checkout
spec:
  descripton: Checkout
`;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'team-sre-sizes-'));
  mkdirSync(path.join(dir, 'data'));
  // 1.8 MB of JSON, 120 000 keys: a data file, not an SLO file.
  // A `version` of its own at its top, as package metadata has: read from its tokens, then skipped.
  const data = {
    version: '2.3.1',
    ...Object.fromEntries(Array.from({ length: 120_000 }, (_, i) => [`k${i}`, i])),
  };
  writeFileSync(path.join(dir, 'data', 'data.json'), JSON.stringify(data));
  // 2 MB of flow sequences 499 deep, and a Kubernetes manifest of 2 000 objects.
  const deep = `${'['.repeat(499)}${']'.repeat(499)}`;
  writeFileSync(path.join(dir, 'data', 'deep.yaml'), `- ${deep}\n`.repeat(1_990));
  const configMap = (i: number) =>
    `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  kind: ServiceLevelObjective\n  version: "1"\n`;
  writeFileSync(
    path.join(dir, 'data', 'manifests.yaml'),
    Array.from({ length: 2_000 }, (_, i) => configMap(i)).join(''),
  );
  writeFileSync(path.join(dir, 'service.yaml'), SLO);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('lint: a 1.8 MB JSON file of 120 000 keys, 2 MB of 499-deep flow sequences and a large manifest are skipped, the SLO file beside them checked', () => {
  const r = run(['lint', '.']);
  assert.equal(r.stderr, '');
  assert.equal(
    r.stdout,
    'service.yaml:6:3: error SLO011 Unknown key “descripton” in “spec”: OpenSLO rejects unknown keys. Did you mean “description”?\n' +
      '1 error, 0 warnings in 1 file.\n',
  );
  assert.equal(r.code, 1);
});
