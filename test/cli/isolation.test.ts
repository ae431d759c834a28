// One SLO that cannot be computed never takes the others down, and the CLI never prints a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report, SloRow } from '../../src/team-report/index.js';
import { internalErrorLine, StepError } from '../../src/cli/step.js';
import packageJson from '../../package.json';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const AT = '2026-11-24T12:00:00Z';
const CEST =
  '“CEST” is not an IANA time zone name: use a name such as “UTC”, “Europe/Paris” or “America/New_York” (abbreviations like CEST and offsets like +01:00 are not accepted).';
/** A message as Markdown shows it literally: its backticks, parentheses and underscores escaped. */
const MD_CEST = CEST.replace(/[`_()]/g, '\\$&');
const TOO_LONG =
  'The window (99999999999 days, rolling) is too long to place in time: shorten it, e.g. to “28d” or “1M”.';
const HUGE = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-forever
spec:
  service: search
  indicatorRef: checkout-availability
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 99999999999d
      isRolling: true
  objectives:
    - target: 0.99
`;

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the examples, and the same with `checkout-latency` in `CEST` and an SLO whose window is too long. */
function workspaces(t: { after: (fn: () => void) => void }): { good: string; broken: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'team-sre-isolation-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const good = path.join(root, 'good');
  const broken = path.join(root, 'broken');
  cpSync(EXAMPLES, good, { recursive: true });
  cpSync(EXAMPLES, broken, { recursive: true });
  const file = path.join(broken, 'slos', 'checkout-slos.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('timeZone: Europe/Paris', 'timeZone: CEST'));
  writeFileSync(path.join(broken, 'slos', 'search-forever.yaml'), HUGE);
  return { good, broken };
}

const rows = (report: Report): Array<SloRow & { service: string | null }> =>
  report.services.flatMap((s) => s.slos.map((slo) => ({ ...slo, service: s.service })));

test('report: the SLO with a bad time zone and the one too long to place are error rows, every other SLO keeps its figures', (t) => {
  const { good, broken } = workspaces(t);
  const before = run(['report', '--format', 'json', '--at', AT], good);
  const after = run(['report', '--format', 'json', '--at', AT], broken);
  assert.equal(after.stderr, '');
  assert.equal(after.code, 0);
  const expected = rows(JSON.parse(before.stdout) as Report).filter((r) => r.name !== 'checkout-latency');
  const got = rows(JSON.parse(after.stdout) as Report);
  assert.deepEqual(
    got.filter((r) => 'error' in r),
    [
      {
        name: 'checkout-latency',
        format: 'OpenSLO v1',
        file: 'slos/checkout-slos.yaml',
        error: CEST,
        service: 'checkout',
      },
      {
        name: 'search-forever',
        format: 'OpenSLO v1',
        file: 'slos/search-forever.yaml',
        error: TOO_LONG,
        service: 'search',
      },
    ],
  );
  assert.equal(expected.length, 4);
  assert.deepEqual(
    got.filter((r) => !('error' in r)),
    expected,
  );
  const report = JSON.parse(after.stdout) as Report;
  assert.deepEqual(report.summary.sloErrors, [
    {
      source: '.',
      service: 'checkout',
      name: 'checkout-latency',
      file: 'slos/checkout-slos.yaml',
      message: CEST,
    },
    {
      source: '.',
      service: 'search',
      name: 'search-forever',
      file: 'slos/search-forever.yaml',
      message: TOO_LONG,
    },
  ]);
  assert.equal(report.summary.slos, 6);

  const md = run(['report', '--at', AT], broken);
  assert.equal(md.code, 0, md.stderr);
  assert.ok(
    md.stdout.includes(
      `| checkout-latency |  | OpenSLO v1 | — | — | **budget not computed**: ${MD_CEST} | \`slos/checkout-slos.yaml\` |`,
    ),
    md.stdout,
  );
  assert.ok(
    md.stdout.includes(
      '| checkout-availability | Available | OpenSLO v1 | 99.9 % | 28 days, rolling | 40 min 19 s | `slos/checkout-slos.yaml` |',
    ),
  );
  assert.ok(
    md.stdout.includes(
      `- **Budget not computed** (2):\n  - checkout-latency (checkout, slos/checkout-slos.yaml): ${MD_CEST}\n`,
    ),
  );

  const html = run(['report', '--format', 'html', '--at', AT], broken);
  assert.equal(html.code, 0, html.stderr);
  assert.ok(
    html.stdout.includes(
      '<tr class="slo slo-error"><td>search-forever</td><td>OpenSLO v1</td><td colspan="3" class="bad">budget not computed: The window (99999999999 days, rolling) is too long to place in time: shorten it, e.g. to “28d” or “1M”.</td><td><code class="path"><span>slos/</span><wbr><span>search-forever.yaml</span></code></td></tr>',
    ),
    html.stdout,
  );
  assert.ok(
    html.stdout.includes(
      '<td>checkout-availability</td><td>Available</td><td>OpenSLO v1</td><td class="num">99.9 %</td>',
    ),
  );
});

test('budget: the SLO with a bad time zone is said with its error, the other keeps its figures, exit code 1', (t) => {
  const { good, broken } = workspaces(t);
  const args = ['budget', 'slos/checkout-slos.yaml', '--at', AT, '--json'];
  const [availability] = JSON.parse(run(args, good).stdout) as unknown[];
  const r = run(args, broken);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `team-sre: checkout-latency: ${CEST}\n`);
  assert.deepEqual(JSON.parse(r.stdout), [
    availability,
    { name: 'checkout-latency', format: 'OpenSLO v1', error: CEST },
  ]);
  const text = run(['budget', 'slos/checkout-slos.yaml', '--at', AT], broken);
  assert.equal(text.code, 1);
  assert.ok(
    text.stdout.startsWith('checkout-availability · Available (OpenSLO v1)\n  target 99.9 % · Occurrences'),
  );
  assert.ok(text.stdout.endsWith(`\ncheckout-latency (OpenSLO v1)\n  error: ${CEST}\n`), text.stdout);
  // Only the SLO asked for: the other one computes, exit code 0.
  const one = run(
    ['budget', 'slos/checkout-slos.yaml', '--slo', 'checkout-availability', '--at', AT, '--json'],
    broken,
  );
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual(JSON.parse(one.stdout), [availability]);
});

test('postmortem new: an SLO whose budget cannot be computed is listed without figures, with a warning', (t) => {
  const { broken } = workspaces(t);
  const r = run(
    [
      'postmortem',
      'new',
      '--title',
      'Checkout slow',
      '--start',
      '2026-11-03T14:12:00+01:00',
      '--end',
      '2026-11-03T14:50:00+01:00',
      '--slo',
      'slos/checkout-slos.yaml#checkout-latency',
      '--slo',
      'slos/checkout-slos.yaml#checkout-availability',
      '--error-rate',
      '10%',
      '--template',
      'lightweight',
    ],
    broken,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stderr,
    // checkout-latency is a threshold SLI: how it would be weighed is said first, then why it is not.
    'team-sre: checkout-latency: a threshold SLI; the budget counts the whole incident over the threshold (--minutes-over-threshold to say less).\n' +
      'team-sre: warning: checkout-latency: the budget it lost is not computed: The calendar window cannot be placed in the time zone “CEST”: use an IANA name such as “UTC” or “Europe/Paris”.\n',
  );
  const text = readFileSync(path.join(broken, r.stdout.trim()), 'utf8');
  assert.ok(
    text.includes(
      '  - file: slos/checkout-slos.yaml\n    name: checkout-latency\n  - file: slos/checkout-slos.yaml\n    name: checkout-availability\n',
    ),
    text,
  );
});

test('the output to a reader that stops early: no stack trace, the exit code of the command', async (t) => {
  const { broken } = workspaces(t);
  const child = spawn(process.execPath, [CLI, 'report', '--format', 'html', '--at', AT], {
    cwd: broken,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Closed before the command starts writing, as `team-sre report | head -c 0` would.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});

test('an internal error is one line: the step, the file, the version', () => {
  const err = new StepError(
    'analyzing slos/checkout-slos.yaml',
    new RangeError('Invalid time value\n    at x (cli.js:1:1)'),
  );
  assert.equal(
    internalErrorLine(err, 'team-sre report', packageJson.version),
    `team-sre: internal error while analyzing slos/checkout-slos.yaml: RangeError: Invalid time value (team-sre ${packageJson.version}); please report it with this line.\n`,
  );
  assert.equal(
    internalErrorLine(new TypeError('x is undefined'), 'team-sre lint', '1.2.3'),
    'team-sre: internal error while running team-sre lint: TypeError: x is undefined (team-sre 1.2.3); please report it with this line.\n',
  );
});
