/**
 * What the CLI reads from disk is bounded: regular files only, never more than the size limit, folders that
 * stay inside the working folder; a file too large to check fails the check; file names and SARIF URIs hold
 * whatever characters the user's files have.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;

/** Writes the child's peak resident set size (KB, from getrusage) to `$TEAM_SRE_TEST_RSS` as it exits. */
const RSS_PRELOAD = `process.on('exit', () => require('node:fs').writeFileSync(process.env.TEAM_SRE_TEST_RSS, String(process.resourceUsage().maxRSS)));`;

function run(args: string[], cwd = dir, timeout = 60_000) {
  const rssFile = path.join(dir, `.rss-${process.hrtime.bigint()}`);
  // The timeout is a hang guard: a FIFO read without care blocks forever.
  const r = spawnSync(process.execPath, ['--require', path.join(dir, '.rss.js'), CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, NO_COLOR: '1', TEAM_SRE_TEST_RSS: rssFile },
  });
  const rssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
  rmSync(rssFile, { force: true });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, rssKb };
}

const SLO = (target: string) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  budgetingMethod: Occurrences
  indicator:
    metadata:
      name: checkout-errors
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total[5m]))
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - target: ${target}
`;

const BAD_TARGET =
  'slo.yaml:28:15: error SLO114 “target” must be a ratio in [0, 1), not 99.9: 99.9 % is “target: 0.999” (or “targetPercent: 99.9”).';

before(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'team-sre-files-')));
  writeFileSync(path.join(dir, '.rss.js'), RSS_PRELOAD);
  // A folder with an erroneous SLO, a FIFO, a link to /dev/zero and a 3 GB sparse file that starts as an SLO.
  mkdirSync(path.join(dir, 'repo'));
  writeFileSync(path.join(dir, 'repo', 'slo.yaml'), SLO('99.9'));
  execFileSync('mkfifo', [path.join(dir, 'repo', 'pipe.yaml')]);
  symlinkSync('/dev/zero', path.join(dir, 'repo', 'zero.yaml'));
  writeFileSync(path.join(dir, 'repo', 'big.yaml'), SLO('0.999'));
  execFileSync('truncate', ['-s', '3G', path.join(dir, 'repo', 'big.yaml')]);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('a FIFO or a link to /dev/zero named on the command line: exit 2 and one line, without reading it', () => {
  for (const [name, what] of [
    ['pipe.yaml', 'a named pipe (FIFO)'],
    ['zero.yaml', 'a character device'],
  ] as const) {
    for (const command of [['lint'], ['budget'], ['report']]) {
      const r = run([...command, name], path.join(dir, 'repo'), 20_000);
      assert.equal(r.code, 2, `${command[0]} ${name}: ${r.stderr}`);
      assert.equal(r.stderr, `team-sre: cannot read '${name}': it is ${what}, not a regular file\n`);
    }
  }
});

test('a folder with a FIFO, a link to /dev/zero and a 3 GB file: the others are checked, in little memory', () => {
  const r = run(['lint', '.'], path.join(dir, 'repo'));
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    [
      'big.yaml:1:1: error SLO006 This file has 3.0 GB, above the 2.0 MB analysis limit: split it into smaller files, or raise the limit with --max-file-size (in MB).',
      BAD_TARGET,
      '2 errors, 0 warnings in 2 files.',
      '',
    ].join('\n'),
  );
  assert.equal(r.stderr, '');
  // Peak RSS of the child as the kernel counts it: read whole, the 3 GB file alone would take 3 GB or more.
  assert.ok(r.rssKb > 0 && r.rssKb < 400 * 1024, `peak RSS ${r.rssKb} KB`);
});

test('an erroneous SLO padded past the limit is an error, not a pass; --max-file-size checks it', () => {
  const padded = path.join(dir, 'padded');
  mkdirSync(padded);
  // Padded after the SLO, and before it: neither hides the file from the check.
  writeFileSync(path.join(padded, 'slo.yaml'), `${SLO('99.9')}# ${'x'.repeat(3 * 1024 * 1024)}\n`);
  writeFileSync(path.join(padded, 'lead.yaml'), `# ${'x'.repeat(3 * 1024 * 1024)}\n${SLO('0.999')}`);
  const r = run(['lint', '--format', 'json', '.'], padded);
  assert.equal(r.code, 1);
  const items = JSON.parse(r.stdout) as Array<{
    file: string;
    code: string;
    severity: string;
    message: string;
  }>;
  assert.deepEqual(
    items.map((i) => [i.file, i.code, i.severity, i.message]),
    [
      [
        'lead.yaml',
        'SLO006',
        'error',
        'This file has 3.0 MB, above the 2.0 MB analysis limit: split it into smaller files, or raise the limit with --max-file-size (in MB).',
      ],
      [
        'slo.yaml',
        'SLO006',
        'error',
        'This file has 3.0 MB, above the 2.0 MB analysis limit: split it into smaller files, or raise the limit with --max-file-size (in MB).',
      ],
    ],
  );
  const raised = run(['lint', '--max-file-size', '4', 'slo.yaml'], padded);
  assert.equal(raised.code, 1);
  assert.equal(
    raised.stdout,
    [
      'slo.yaml:28:15: error SLO114 “target” must be a ratio in [0, 1), not 99.9: 99.9 % is “target: 0.999” (or “targetPercent: 99.9”).',
      '1 error, 0 warnings in 1 file.',
      '',
    ].join('\n'),
  );
  // SARIF carries the error level the CLI gives, the rule its catalogue default.
  const sarif = JSON.parse(run(['lint', '--format', 'sarif', 'lead.yaml'], padded).stdout);
  assert.equal(sarif.runs[0].results[0].level, 'error');
  assert.equal(sarif.runs[0].tool.driver.rules[0].defaultConfiguration.level, 'warning');
  const small = run(['lint', '--max-file-size=0.0001', 'slo.yaml'], path.join(dir, 'repo'));
  assert.equal(small.code, 1);
  const size = statSync(path.join(dir, 'repo', 'slo.yaml')).size;
  assert.equal(
    small.stdout,
    `slo.yaml:1:1: error SLO006 This file has ${size} bytes, above the 105 bytes analysis limit: split it into smaller files, or raise the limit with --max-file-size (in MB).\n1 error, 0 warnings in 1 file.\n`,
  );
});

test('--max-file-size must be a number of megabytes in (0, 256]', () => {
  for (const value of ['0', '-1', 'abc', '1e3', 'Infinity', 'NaN', '257', '0x10', ' ', '1,5']) {
    for (const command of ['lint', 'report']) {
      const r = run([command, `--max-file-size=${value}`, '.'], path.join(dir, 'repo'));
      assert.equal(r.code, 2, `${command} --max-file-size=${value}`);
      assert.equal(
        r.stderr,
        `team-sre: --max-file-size must be a number of megabytes above 0 and at most 256, such as 10 or 0.5, not '${value}'\n`,
      );
    }
  }
  const missing = run(['lint', '--max-file-size'], path.join(dir, 'repo'));
  assert.equal(missing.code, 2);
  assert.equal(
    missing.stderr,
    'team-sre: --max-file-size needs a number of megabytes, e.g. --max-file-size 10\n',
  );
});

test('budget of a file above the limit: exit 2 naming the flag; raised, its budget', () => {
  const r = run(['budget', 'big.yaml'], path.join(dir, 'repo'));
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    "team-sre: 'big.yaml' has 3.0 GB, above the 2.0 MB limit of the files read: raise the limit with --max-file-size (in MB)\n",
  );
  const small = path.join(dir, 'budget');
  mkdirSync(small);
  writeFileSync(path.join(small, 'slo.yaml'), `${SLO('0.999')}# ${'x'.repeat(3 * 1024 * 1024)}\n`);
  assert.equal(run(['budget', 'slo.yaml'], small).code, 2);
  const raised = run(['budget', '--max-file-size', '4', '--at', '2026-11-24T12:00:00Z', 'slo.yaml'], small);
  assert.equal(raised.code, 0, raised.stderr);
  assert.match(raised.stdout, /checkout-availability/);
});

test('SARIF locations with # ? % and spaces in file names resolve to those files', () => {
  const names = ['a#b.yaml', 'what?.yaml', '100%.yaml', 'with space.yaml', 'é.yaml'];
  const folder = path.join(dir, 'names', 'sub#dir');
  mkdirSync(folder, { recursive: true });
  for (const name of names) writeFileSync(path.join(folder, name), SLO('99.9'));
  const cwd = path.join(dir, 'names');
  const r = run(['lint', '--format', 'sarif', '.'], cwd);
  assert.equal(r.code, 1);
  const sarif = JSON.parse(r.stdout);
  const base: string = sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri;
  const locations = sarif.runs[0].results.map(
    (x: {
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }>;
    }) => x.locations[0]!.physicalLocation.artifactLocation,
  );
  assert.deepEqual(
    [...new Set(locations.map((l: { uri: string }) => l.uri))],
    [
      'sub%23dir/100%25.yaml',
      'sub%23dir/a%23b.yaml',
      'sub%23dir/%C3%A9.yaml',
      'sub%23dir/what%3F.yaml',
      'sub%23dir/with%20space.yaml',
    ],
  );
  for (const l of locations as Array<{ uri: string; uriBaseId: string }>) {
    assert.equal(l.uriBaseId, '%SRCROOT%');
    const file = fileURLToPath(new URL(l.uri, base));
    assert.ok(existsSync(file), `${l.uri} resolves to ${file}`);
  }
  assert.equal(base, pathToFileURL(cwd + path.sep).href);
});

test('postmortem new: a postmortems folder or templates folder linked outside is refused', () => {
  const ws = path.join(dir, 'linked', 'ws');
  const outside = path.join(dir, 'linked', 'outside');
  mkdirSync(path.join(outside, 'templates'), { recursive: true });
  mkdirSync(ws, { recursive: true });
  writeFileSync(path.join(outside, 'templates', 'ours.md'), '# {{title}}\n');
  symlinkSync(outside, path.join(ws, 'postmortems'));
  const r = run(['postmortem', 'new', '--title', 'Checkout down'], ws);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    `team-sre: 'postmortems' leads outside the working folder, to ${outside}, through a symbolic link: postmortems are read and written only inside it\n`,
  );
  const index = run(['postmortem', 'index'], ws);
  assert.equal(index.code, 2);
  assert.equal(index.stderr, r.stderr);
  const given = run(['postmortem', 'new', '--title', 'Checkout down', '--dir', 'postmortems/'], ws);
  assert.equal(given.code, 2);
  assert.match(given.stderr, /^team-sre: 'postmortems\/' leads outside the working folder/);
  assert.deepEqual(readdirSync(outside), ['templates']);

  rmSync(path.join(ws, 'postmortems'));
  mkdirSync(path.join(ws, '.team-sre'));
  symlinkSync(path.join(outside, 'templates'), path.join(ws, '.team-sre', 'templates'));
  const templates = run(['postmortem', 'new', '--title', 'Checkout down'], ws);
  assert.equal(templates.code, 2);
  assert.equal(
    templates.stderr,
    `team-sre: '.team-sre/templates' leads outside the working folder, to ${path.join(outside, 'templates')}, through a symbolic link: its templates are not read\n`,
  );
  assert.equal(existsSync(path.join(ws, 'postmortems')), false);

  // A folder outside the working folder given on purpose is the user's choice.
  rmSync(path.join(ws, '.team-sre'), { recursive: true });
  const chosen = run(['postmortem', 'new', '--title', 'Checkout down', '--dir', '../elsewhere'], ws);
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.deepEqual(readdirSync(path.join(dir, 'linked', 'elsewhere')).length, 1);
});

test('postmortem new: a title of 61 supplementary-plane characters, written twice, fits the file system', () => {
  const ws = path.join(dir, 'long');
  mkdirSync(ws);
  const title = '\u{20000}'.repeat(61);
  const first = run(['postmortem', 'new', '--title', title, '--start', '2026-11-03'], ws);
  const second = run(['postmortem', 'new', '--title', title, '--start', '2026-11-03'], ws);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(first.stdout, `postmortems/2026-11-03-${'\u{20000}'.repeat(60)}.md\n`);
  assert.equal(second.stdout, `postmortems/2026-11-03-${'\u{20000}'.repeat(59)}-2.md\n`);
  for (const name of readdirSync(path.join(ws, 'postmortems')))
    assert.ok(Buffer.byteLength(name) <= 255, `${Buffer.byteLength(name)} bytes`);
});
