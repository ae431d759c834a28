// The compact report `npm test` prints when its output is not a terminal (CI): failures in full, one summary line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const REPORTER = path.join(ROOT, 'scripts', 'test-reporter.mjs');

function runTests(files: Record<string, string>, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'team-sre-reporter-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const environment = { ...process.env, ...env };
    if (!('TEAM_SRE_TEST_VERBOSE' in env)) delete environment.TEAM_SRE_TEST_VERBOSE;
    // Set by the enclosing runner: a child runner seeing it runs no file.
    delete environment.NODE_TEST_CONTEXT;
    // Piped stdout: not a terminal, as in CI.
    return spawnSync(process.execPath, ['--test', `--test-reporter=${REPORTER}`, ...Object.keys(files)], {
      cwd: dir,
      encoding: 'utf8',
      env: environment,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PASSING = `import { test } from 'node:test';
test('adds two numbers', () => { console.log('chatter of a passing test'); });
`;
const FAILING = `import { test } from 'node:test';
import assert from 'node:assert/strict';
test('budget left', () => {
  assert.deepEqual({ minutes: 43.2 }, { minutes: 43.8 });
});
test.skip('not yet', () => {});
`;

test('not on a terminal: each failure in full and one summary line, nothing about passing tests', () => {
  const r = runTests({ 'a.test.mjs': PASSING, 'b.test.mjs': FAILING });
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  // The failing assertion's line, from the error's stack.
  assert.match(lines[1]!, /^ {2}b\.test\.mjs:4:\d+$/);
  assert.deepEqual(
    [lines[0], ...lines.slice(2, 9)],
    [
      '✖ budget left',
      '    AssertionError [ERR_ASSERTION]: Expected values to be strictly deep-equal:',
      '    + actual - expected',
      '',
      '      {',
      '    +   minutes: 43.2',
      '    -   minutes: 43.8',
      '      }',
    ],
  );
  assert.match(
    lines.at(-1)!,
    /^✖ 3 tests: 1 passed, 1 failed, 1 skipped in \d+\.\d s \(TEAM_SRE_TEST_VERBOSE=1 lists every test\)$/,
  );
  assert.doesNotMatch(r.stdout, /adds two numbers|chatter of a passing test|not yet/);
});

test('all passing: the summary line alone, and exit code 0', () => {
  const r = runTests({ 'a.test.mjs': PASSING });
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /^✔ 1 tests: 1 passed, 0 failed, 0 skipped in \d+\.\d s \(TEAM_SRE_TEST_VERBOSE=1 lists every test\)\n$/,
  );
});

test('a file that fails outside its tests shows the end of its stderr', () => {
  const r = runTests({ 'c.test.mjs': `import './missing.mjs';\n` });
  assert.equal(r.status, 1);
  assert.match(
    r.stdout,
    /^✖ c\.test\.mjs \(the file failed outside its tests\)\n {2}c\.test\.mjs:1:1\n {2}stderr \(last lines\):\n/,
  );
  assert.match(r.stdout, /Cannot find module '.*missing\.mjs' imported from/);
});

test('TEAM_SRE_TEST_VERBOSE=1 keeps the spec report, test by test', () => {
  const r = runTests({ 'a.test.mjs': PASSING, 'b.test.mjs': FAILING }, { TEAM_SRE_TEST_VERBOSE: '1' });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^✔ adds two numbers \(/m);
  assert.match(r.stdout, /^✖ budget left \(/m);
  assert.match(r.stdout, /^ℹ pass 1$/m);
});

test('npm test and npm run test:e2e use this reporter', () => {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  for (const name of ['test', 'test:e2e'])
    assert.match(scripts[name]!, / --test --test-reporter=\.\/scripts\/test-reporter\.mjs /, name);
});
