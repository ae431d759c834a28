import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Runs the built CLI (npm test builds first), exactly as CI and users run it.
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;

function run(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SLI = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: checkout-errors
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m]))
    total:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(http_requests_total{job="checkout"}[5m]))
`;

const SLO = (ref: string, target = '0.999') => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  indicatorRef: ${ref}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - target: ${target}
`;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'team-sre-cli-'));
  mkdirSync(path.join(dir, 'good', 'slos'), { recursive: true });
  writeFileSync(path.join(dir, 'good', 'slos', 'sli.yaml'), SLI);
  writeFileSync(path.join(dir, 'good', 'slos', 'slo.yaml'), `\uFEFF${SLO('checkout-errors')}`);
  writeFileSync(
    path.join(dir, 'good', 'deployment.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n',
  );
  mkdirSync(path.join(dir, 'bad'));
  writeFileSync(path.join(dir, 'bad', 'sli.yaml'), SLI);
  writeFileSync(path.join(dir, 'bad', 'slo.yaml'), SLO('checkout-error', '99.9'));
  mkdirSync(path.join(dir, 'bad', 'node_modules', 'x'), { recursive: true });
  writeFileSync(path.join(dir, 'bad', 'node_modules', 'x', 'slo.yaml'), SLO('nothing', '7'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('a clean folder: exit 0 and a summary', () => {
  const r = run(['lint', 'good']);
  assert.equal(r.stdout, 'No problems found.\n');
  assert.equal(r.code, 0);
});

test('Helm values, operator CRDs and other foreign YAML print nothing', () => {
  const fixtures = path.join(__dirname, '..', 'fixtures');
  const real = path.join(fixtures, 'real');
  const foreignRows = readFileSync(path.join(real, 'SOURCES.tsv'), 'utf8')
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((row) => row[4] === 'foreign')
    .map((row) => path.join(real, row[0]!));
  const r = run(['lint', '--format', 'json', path.join(fixtures, 'foreign'), ...foreignRows]);
  assert.deepEqual(JSON.parse(r.stdout), []);
  assert.equal(r.code, 0);
  assert.equal(run(['lint', path.join(fixtures, 'foreign')]).stdout, 'No problems found.\n');
});

test('the current folder is the default; node_modules is skipped', () => {
  const r = run(['lint'], path.join(dir, 'bad'));
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    [
      'slo.yaml:7:17: error SLO701 No SLI named “checkout-error” in the workspace: did you mean “checkout-errors”?',
      'slo.yaml:13:15: error SLO114 “target” must be a ratio in [0, 1), not 99.9: 99.9 % is “target: 0.999” (or “targetPercent: 99.9”).',
      '2 errors, 0 warnings in 1 file.',
      '',
    ].join('\n'),
  );
});

test('--format json: 1-based positions and the documented fields', () => {
  const r = run(['lint', '--format', 'json', 'bad']);
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.stdout), [
    {
      file: 'bad/slo.yaml',
      line: 7,
      column: 17,
      endLine: 7,
      endColumn: 31,
      severity: 'error',
      code: 'SLO701',
      message: 'No SLI named “checkout-error” in the workspace: did you mean “checkout-errors”?',
    },
    {
      file: 'bad/slo.yaml',
      line: 13,
      column: 15,
      endLine: 13,
      endColumn: 19,
      severity: 'error',
      code: 'SLO114',
      message:
        '“target” must be a ratio in [0, 1), not 99.9: 99.9 % is “target: 0.999” (or “targetPercent: 99.9”).',
    },
  ]);
});

test('--format sarif: SARIF 2.1.0 with rules and regions', () => {
  const r = run(['lint', '--format=sarif', 'bad']);
  assert.equal(r.code, 1);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  const runObj = sarif.runs[0];
  assert.equal(runObj.tool.driver.name, 'team-sre');
  assert.deepEqual(
    runObj.tool.driver.rules.map((x: { id: string }) => x.id),
    ['SLO114', 'SLO701'],
  );
  const result = runObj.results.find((x: { ruleId: string }) => x.ruleId === 'SLO114');
  assert.equal(result.level, 'error');
  assert.equal(runObj.tool.driver.rules[result.ruleIndex].id, 'SLO114');
  assert.deepEqual(result.locations[0].physicalLocation, {
    artifactLocation: { uri: 'bad/slo.yaml', uriBaseId: '%SRCROOT%' },
    region: { startLine: 13, startColumn: 15, endLine: 13, endColumn: 19 },
  });
});

test('--format github: workflow annotations', () => {
  const r = run(['lint', '--format', 'github', 'bad']);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.equal(
    lines[1],
    '::error file=bad/slo.yaml,line=13,col=15,endLine=13,endColumn=19,title=SLO114 Target out of range::“target” must be a ratio in [0, 1), not 99.9: 99.9 %25 is “target: 0.999” (or “targetPercent: 99.9”).',
  );
});

test('globs are expanded from their literal base folder', () => {
  const r = run(['lint', '--format', 'json', 'good/**/*.yaml']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), []);
  // A glob alone misses the SLI the SLO refers to: a warning, which does not fail the run.
  const only = run(['lint', '--format', 'json', 'good/slos/slo.*']);
  assert.equal(only.code, 0);
  assert.deepEqual(
    JSON.parse(only.stdout).map((d: { code: string; severity: string }) => [d.code, d.severity]),
    [['SLO704', 'warning']],
  );
  // Strict: every reference must resolve in the files given.
  const strict = run(['lint', '--format', 'json', '--strict-references', 'good/slos/slo.*']);
  assert.equal(strict.code, 1);
  assert.deepEqual(
    JSON.parse(strict.stdout).map((d: { code: string; severity: string }) => [d.code, d.severity]),
    [['SLO704', 'error']],
  );
  assert.equal(run(['lint', '--strict-references=yes', 'good']).code, 2);
});

test('--include and --exclude choose which files a folder walk reads', () => {
  const excluded = run(['lint', '--format', 'json', '--exclude', '**/slo.yaml', 'bad']);
  assert.equal(excluded.code, 0);
  assert.deepEqual(JSON.parse(excluded.stdout), []);
  const included = run(['lint', '--format=json', '--include=**/sli.yaml', 'bad']);
  assert.equal(included.code, 0);
  const both = run(['lint', '--format', 'json', '--include', '**/*.yaml', 'bad']);
  assert.equal(JSON.parse(both.stdout).length, 2);
  assert.equal(run(['lint', '--exclude']).code, 2);
});

test('usage errors exit 2 with a clear message', () => {
  const missing = run(['lint', 'nope']);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, "team-sre: cannot read 'nope': no such file or folder\n");
  const format = run(['lint', '--format', 'xml']);
  assert.equal(format.code, 2);
  assert.equal(format.stderr, "team-sre: --format must be one of text, json, sarif, github, not 'xml'\n");
  const option = run(['lint', '--fix']);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /unknown option '--fix'/);
  const command = run(['frobnicate']);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /unknown command 'frobnicate'/);
  const glob = run(['lint', 'good/**/*.toml']);
  assert.equal(glob.code, 2);
  assert.equal(glob.stderr, "team-sre: no file matches 'good/**/*.toml'\n");
});

test('an unreadable path (a symlink loop) is a usage error, not a crash', () => {
  symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
  symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
  const r = run(['lint', 'loop-a.yaml']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "team-sre: cannot read 'loop-a.yaml': too many symbolic links (a loop)\n");
});

test('--help and --version', () => {
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(
    help.stdout,
    /team-sre lint \[--format text\|json\|sarif\|github\] \[--include GLOB\] \[--exclude GLOB\] \[--strict-references\]\n +\[--max-file-size MB\] \[PATH\|GLOB \.\.\.\]/,
  );
  assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
});

test('a PromQL type error in a Sloth query, at the column Prometheus reports, from the bundled linter', () => {
  mkdirSync(path.join(dir, 'sloth'));
  writeFileSync(
    path.join(dir, 'sloth', 'probes.yaml'),
    [
      'version: prometheus/v1',
      'service: probes',
      'slos:',
      '  - name: up',
      '    objective: 99',
      '    sli:',
      '      events:',
      '        error_query: sum_over_time(probe_success{job="x"} == 0[{{.window}}])',
      '        total_query: sum_over_time(probe_success{job="x"}[{{.window}}])',
      '    alerting:',
      '      page_alert: {disable: true}',
      '      ticket_alert: {disable: true}',
      '',
    ].join('\n'),
  );
  const r = run(['lint', 'sloth']);
  assert.equal(
    r.stdout,
    [
      'sloth/probes.yaml:8:63: error SLO502 PromQL type error: ranges only allowed for vector selectors; put the range on a metric selector, or make the expression a subquery: “(…)[5m:]”.',
      '1 error, 0 warnings in 1 file.',
      '',
    ].join('\n'),
  );
  assert.equal(r.code, 1);
});
