// Real OpenSLO files (test/fixtures/real/SOURCES.tsv) whose references point at objects defined in no file of
// their repository, and objects committed twice, as YAML and as JSON: `team-sre lint` on them, as CI runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const REAL = path.join(__dirname, '..', 'fixtures', 'real');
const GO_SDK = 'OpenSLO+go-sdk/pkg/openslosdk/test_data';
const OSLO = 'OpenSLO+oslo/internal/files/testdata/format';

function lint(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...args], {
    cwd: REAL,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ELSEWHERE =
  'if it is defined elsewhere, add its folder to the workspace or pass it to “team-sre lint” too.';

test('a DataSource defined in no file of the repository: one warning for its two places, exit 0', () => {
  const file = `${GO_SDK}/inline/inputs/v1_slo.yaml`;
  const r = lint(file);
  assert.equal(
    r.stdout,
    [
      `${file}:13:30: warning SLO704 No DataSource named “my-prometheus” in the files checked (also referenced at 1 more place in this file): ${ELSEWHERE}`,
      '0 errors, 1 warning in 1 file.',
      '',
    ].join('\n'),
  );
  assert.equal(r.code, 0);
});

test('an SLI missing beside SLIs of the same file is a likely typo: an error with the close name, exit 1', () => {
  const file = `${GO_SDK}/inline/inputs/v1_slo_invalid_sli.yaml`;
  const r = lint(file);
  assert.equal(
    r.stdout,
    [
      `${file}:7:19: error SLO701 No SLI named “no-sli” in the workspace: did you mean “my-sli”?`,
      `${file}:28:26: warning SLO704 No DataSource named “my-prometheus” in the files checked: ${ELSEWHERE}`,
      '1 error, 1 warning in 1 file.',
      '',
    ].join('\n'),
  );
  assert.equal(r.code, 1);
});

test('alert conditions and notification targets kept in another repository: warnings, each name once', () => {
  const file = `${GO_SDK}/export/inputs/v1_alert_policies.yaml`;
  const r = lint(file);
  assert.equal(
    r.stdout,
    [
      `${file}:8:23: warning SLO704 No AlertCondition named “cpu-usage-breach” in the files checked: ${ELSEWHERE}`,
      `${file}:10:20: warning SLO704 No AlertNotificationTarget named “devs-email-notification” in the files checked (also referenced at 1 more place in this file): ${ELSEWHERE}`,
      '0 errors, 2 warnings in 1 file.',
      '',
    ].join('\n'),
  );
  assert.equal(r.code, 0);
});

test('the same Service as YAML and as JSON, referenced by nothing: a warning on each, linking the other', () => {
  for (const [folder, name, yamlAt, jsonAt, stem] of [
    [OSLO, 'my-rad-service', '4:9', '5:13', 'valid-service'],
    [`${GO_SDK}/decode`, 'users-auth', '4:9', '5:13', 'single_object'],
  ] as const) {
    const r = lint('--format', 'json', folder);
    assert.equal(r.code, 0, r.stdout);
    const also = (other: string) =>
      `Duplicate OpenSLO Service name “${name}”: also defined at ${other}; nothing in the files checked references it, but a tool reading both keeps one. Remove the copy or rename one of them.`;
    assert.deepEqual(
      JSON.parse(r.stdout).map(
        (d: {
          file: string;
          line: number;
          column: number;
          severity: string;
          code: string;
          message: string;
        }) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`,
      ),
      [
        `${folder}/${stem}.json:${jsonAt} warning SLO705 ${also(`${stem}.yaml:${yamlAt.split(':')[0]}`)}`,
        `${folder}/${stem}.yaml:${yamlAt} warning SLO705 ${also(`${stem}.json:${jsonAt.split(':')[0]}`)}`,
      ],
    );
  }
});

test('--strict-references: the same files fail, and SARIF says error', () => {
  const file = `${GO_SDK}/inline/inputs/v1_slo.yaml`;
  const plain = JSON.parse(lint('--format', 'sarif', file).stdout);
  assert.deepEqual(
    plain.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]),
    [['SLO704', 'warning']],
  );
  assert.equal(plain.runs[0].tool.driver.rules[0].defaultConfiguration.level, 'warning');

  const strict = lint('--format', 'sarif', '--strict-references', file);
  assert.equal(strict.code, 1);
  assert.deepEqual(
    JSON.parse(strict.stdout).runs[0].results.map((r: { ruleId: string; level: string }) => [
      r.ruleId,
      r.level,
    ]),
    [['SLO704', 'error']],
  );
  const github = lint('--format', 'github', '--strict-references', OSLO);
  assert.equal(github.code, 1);
  assert.deepEqual(
    github.stdout.split('\n').map((l) => l.split(' ')[0]),
    ['::error', '::error', ''],
  );
});

test('the whole go-sdk folder: names resolve across its files, and a name both define and one references is ambiguous', () => {
  const r = lint('--format', 'json', 'OpenSLO+go-sdk');
  assert.equal(r.code, 1);
  const brief = JSON.parse(r.stdout).map(
    (d: { file: string; line: number; column: number; severity: string; code: string }) =>
      `${path.basename(d.file)}:${d.line}:${d.column} ${d.severity} ${d.code}`,
  );
  assert.deepEqual(brief, [
    // Services exist now (users-auth), so `service: web` must resolve too; no Service is close to it.
    'v1_slo_invalid_sli.yaml:6:14 warning SLO704',
    'v1_slo_invalid_sli.yaml:7:19 error SLO701',
    'v1_slo_invalid_sli.yaml:24:11 error SLO702',
    'v1_slo_invalid_sli.yaml:28:26 warning SLO704',
    'v1_slo.yaml:6:14 warning SLO704',
    'v1_slo.yaml:13:30 warning SLO704',
    'v1_slo.yaml:89:11 error SLO702',
    'single_object.json:5:13 warning SLO705',
    'single_object.yaml:4:9 warning SLO705',
  ]);
});
