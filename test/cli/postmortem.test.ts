import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { budgetReport, whatIf, type BudgetInput } from '../../src/budget/budget-report.js';

// Runs the built CLI (npm test builds first), exactly as CI and users run it.
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const EXAMPLE_POSTMORTEM = '2026-11-03-checkout-5xx-after-deploy.md';

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder `<tmp>/ws` (with a copy of the examples unless `examples` is false), removed after the test. */
function workspace(t: { after: (fn: () => void) => void }, examples = true): { root: string; ws: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'team-sre-postmortem-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const ws = path.join(root, 'ws');
  mkdirSync(ws);
  if (examples) cpSync(EXAMPLES, ws, { recursive: true });
  return { root, ws };
}

/** Every file below `dir`, relative to it, with `/`. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

function frontMatter(text: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(m, 'the postmortem starts with a front matter');
  return parse(m[1]!) as Record<string, unknown>;
}

const STARTED = '2026-11-03T14:12:00+01:00';
const RESOLVED = '2026-11-03T14:50:00+01:00';
const TITLE = 'Checkout returned 5xx after a deploy';
const SLUG_FILE = 'postmortems/2026-11-03-checkout-returned-5xx-after-a-deploy.md';

/** `postmortem new` with every answer given; `overrides` replace or add options. */
const full = (overrides: Record<string, string> = {}) => {
  const options: Record<string, string> = {
    '--title': TITLE,
    '--start': STARTED,
    '--end': RESOLVED,
    '--severity': 'SEV2',
    '--owner': 'amina',
    '--slo': 'slos/checkout-slos.yaml#checkout-availability',
    '--error-rate': '12%',
    ...overrides,
  };
  return ['postmortem', 'new', ...Object.entries(options).flatMap(([k, v]) => [k, v])];
};

test('postmortem new: the file, its front matter and the budget the engine computes', (t) => {
  const { ws } = workspace(t);
  const r = run(full({ '--template': 'lightweight' }), ws);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${SLUG_FILE}\n`);
  const text = readFileSync(path.join(ws, SLUG_FILE), 'utf8');
  // checkout-availability: 99.9 % over 28 days rolling, so 40.32 min of budget; 12 % for 38 min.
  const input: BudgetInput = {
    name: 'checkout-availability',
    format: 'OpenSLO v1',
    target: 0.999,
    method: 'Occurrences',
    window: { kind: 'rolling', minutes: 28 * 24 * 60, label: '28 days, rolling' },
    alerting: { style: 'conditions', conditions: [] },
  };
  const report = budgetReport(input, new Date(RESOLVED));
  assert.equal(report.budget.allowedBadMinutes, 40.32);
  const consumed = Number(whatIf(report, 0.12, 38).consumed.toPrecision(4));
  assert.equal(consumed, 0.1131);
  const fields = frontMatter(text);
  assert.deepEqual(fields.slos, [
    {
      file: 'slos/checkout-slos.yaml',
      name: 'checkout-availability',
      objective: 'Available',
      window: '28 days, rolling',
      errorRate: 0.12,
      errorRateSource: 'typed',
      badMinutes: 4.56,
      budgetConsumed: consumed,
    },
  ]);
  assert.equal(fields.title, TITLE);
  assert.equal(fields.date, '2026-11-03');
  assert.equal(fields.started, STARTED);
  assert.equal(fields.resolved, RESOLVED);
  assert.equal(fields.status, 'draft');
  assert.equal(fields.severity, 'SEV2');
  assert.equal(fields.owner, 'amina');
  assert.deepEqual(fields.authors, ['amina']);
  assert.deepEqual(fields.services, ['checkout']);
  assert.deepEqual(fields.action_items, []);
  assert.match(text, /\n# Checkout returned 5xx after a deploy\n/);
  assert.match(text, /\n- \*\*Date:\*\* 2026-11-03\n- \*\*Duration:\*\* 38 min\n- \*\*Owner:\*\* amina\n/);
});

test('postmortem new: a threshold SLI with Timeslices costs its bad slices over the 432 a 30-day month allows', (t) => {
  const { ws } = workspace(t);
  const latency = { '--slo': 'slos/checkout-slos.yaml#checkout-latency', '--template': 'lightweight' };
  // checkout-latency: p99 under 800 ms in 99 % of the one-minute slices of November in Paris (43 200 slices).
  const part = run(full({ ...latency, '--minutes-over-threshold': '12' }), ws);
  assert.equal(part.code, 0, part.stderr);
  assert.equal(
    part.stderr,
    'team-sre: checkout-latency: a threshold SLI; the budget counts 12 min over the threshold.\n',
  );
  const text = readFileSync(path.join(ws, part.stdout.trim()), 'utf8');
  assert.deepEqual(frontMatter(text).slos, [
    {
      file: 'slos/checkout-slos.yaml',
      name: 'checkout-latency',
      objective: 'Fast',
      window: 'calendar month',
      minutesOverThreshold: 12,
      badSlices: 12,
      allowedBadSlices: 432,
      budgetConsumed: Number((12 / 432).toPrecision(4)),
    },
  ]);
  assert.match(
    text,
    /\n- `checkout-latency`, Fast in slos\/checkout-slos\.yaml: 12 min over the threshold, 12 bad time slices of 432 allowed, 2\.778 % of the error budget \(calendar month\)\.\n/,
  );
  // Without the option: the whole incident, 38 one-minute slices; --error-rate does not apply.
  const whole = run(full({ ...latency, '--title': 'Checkout slow' }), ws);
  assert.equal(
    whole.stderr,
    'team-sre: checkout-latency: a threshold SLI; the budget counts the whole incident over the threshold (--minutes-over-threshold to say less).\n',
  );
  const slos = frontMatter(readFileSync(path.join(ws, whole.stdout.trim()), 'utf8')).slos as Array<
    Record<string, unknown>
  >;
  assert.deepEqual(
    slos.map((s) => [s.minutesOverThreshold, s.badSlices, s.budgetConsumed, s.errorRate]),
    [[38, 38, 0.08796, undefined]],
  );
  const tooLong = run(full({ ...latency, '--minutes-over-threshold': '40' }), ws);
  assert.equal(tooLong.code, 2);
  assert.equal(
    tooLong.stderr,
    "team-sre: --minutes-over-threshold must be the minutes a threshold SLI spent over its threshold, from 0 to the incident's 38, not '40'\n",
  );
});

test('postmortem new: a Sloth SLO by its own name or its id, one entry per SLO', (t) => {
  const { ws } = workspace(t);
  const r = run(
    [
      ...full(),
      '--slo',
      'sloth/payments-api.yaml#requests-availability',
      '--slo=sloth/payments-api.yaml#payments-api-requests-availability',
    ],
    ws,
  );
  assert.equal(r.code, 0, r.stderr);
  const slos = frontMatter(readFileSync(path.join(ws, r.stdout.trim()), 'utf8')).slos as Array<
    Record<string, unknown>
  >;
  assert.deepEqual(
    slos.map((s) => [s.file, s.name, s.window, s.budgetConsumed]),
    [
      ['slos/checkout-slos.yaml', 'checkout-availability', '28 days, rolling', 0.1131],
      // 99.95 % over Sloth's default 30 days: 21.6 min of budget.
      [
        'sloth/payments-api.yaml',
        'payments-api-requests-availability',
        "30 days, rolling (Sloth's SLO period)",
        Number((4.56 / 21.6).toPrecision(4)),
      ],
    ],
  );
});

test('postmortem new: --sloth-period sets the window of Sloth SLOs', (t) => {
  const { ws } = workspace(t);
  const r = run(
    full({ '--slo': 'sloth/payments-api.yaml#requests-availability', '--sloth-period': '28d' }),
    ws,
  );
  assert.equal(r.code, 0, r.stderr);
  const [slo] = frontMatter(readFileSync(path.join(ws, r.stdout.trim()), 'utf8')).slos as Array<
    Record<string, unknown>
  >;
  assert.equal(slo!.window, "28 days, rolling (Sloth's SLO period)");
  // 99.95 % over 28 days: 20.16 min of budget.
  assert.equal(slo!.budgetConsumed, Number((4.56 / 20.16).toPrecision(4)));
});

test('postmortem new: never overwrites, the next file gets -2, then -3', (t) => {
  const { ws } = workspace(t);
  assert.equal(run(full(), ws).stdout, `${SLUG_FILE}\n`);
  const first = readFileSync(path.join(ws, SLUG_FILE));
  const second = run(full({ '--severity': 'SEV1' }), ws);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, 'postmortems/2026-11-03-checkout-returned-5xx-after-a-deploy-2.md\n');
  assert.deepEqual(readFileSync(path.join(ws, SLUG_FILE)), first);
  assert.equal(run(full(), ws).stdout, 'postmortems/2026-11-03-checkout-returned-5xx-after-a-deploy-3.md\n');
  assert.deepEqual(readFileSync(path.join(ws, SLUG_FILE)), first);
  assert.match(
    readFileSync(path.join(ws, second.stdout.trim()), 'utf8'),
    /\nseverity: SEV1\n/,
    'the second file holds the second answers',
  );
});

test('postmortem new: a hostile title gives a readable file inside the postmortem folder', (t) => {
  const { root, ws } = workspace(t, false);
  const title = '../../etc/passwd <script>alert(1)</script>';
  const r = run(['postmortem', 'new', '--title', title, '--start', '2026-11-03', '--end', '2026-11-03'], ws);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'postmortems/2026-11-03-etc-passwd-script-alert-1-script.md\n');
  assert.deepEqual(filesBelow(root), ['ws/postmortems/2026-11-03-etc-passwd-script-alert-1-script.md']);
  const text = readFileSync(path.join(ws, r.stdout.trim()), 'utf8');
  assert.equal(frontMatter(text).title, title);
  assert.match(text, /\n# \.\.\/\.\.\/etc\/passwd \\<script\\>alert\(1\)\\<\/script\\>\n/);
  // --dir is a folder like any other: the name cannot leave it either.
  const d = run(['postmortem', 'new', '--title', title, '--dir', 'docs/incidents'], ws);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, /^docs\/incidents\/\d{4}-\d{2}-\d{2}-etc-passwd-script-alert-1-script\.md\n$/);
  assert.equal(filesBelow(root).length, 2);
});

test('postmortem new: dates only (default today) list the SLOs without figures, with a warning', (t) => {
  const { ws } = workspace(t);
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  const today = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
  const r = run(
    ['postmortem', 'new', '--title', 'Slow', '--slo', 'slos/checkout-slos.yaml#checkout-availability'],
    ws,
  );
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `postmortems/${today}-slow.md\n`);
  assert.equal(
    r.stderr,
    'team-sre: warning: The budget each SLO lost needs the start and end times of the incident (e.g. 2026-11-03T14:12:00+01:00): the SLOs are listed without figures.\n',
  );
  const fields = frontMatter(readFileSync(path.join(ws, r.stdout.trim()), 'utf8'));
  assert.equal(fields.started, today);
  assert.equal(fields.resolved, today);
  assert.deepEqual(fields.slos, [{ file: 'slos/checkout-slos.yaml', name: 'checkout-availability' }]);
});

test('postmortem new: team templates win over built-ins, the first is the default', (t) => {
  const { ws } = workspace(t);
  const templates = path.join(ws, '.team-sre', 'templates');
  mkdirSync(templates, { recursive: true });
  writeFileSync(path.join(templates, 'lightweight.md'), '# {{title}}\n\nOUR-LIGHTWEIGHT\n');
  const own = run(full({ '--template': 'lightweight' }), ws);
  assert.equal(own.code, 0, own.stderr);
  assert.equal(own.stderr, '');
  const text = readFileSync(path.join(ws, own.stdout.trim()), 'utf8');
  assert.match(text, /\n# Checkout returned 5xx after a deploy\n\nOUR-LIGHTWEIGHT\n$/);
  assert.equal(frontMatter(text).status, 'draft', 'a template without front matter gets the standard one');
  assert.doesNotMatch(text, /## Cause/);

  writeFileSync(path.join(templates, 'incident.md'), '# Incident: {{title}}\n\nOUR-INCIDENT\n');
  const byDefault = run(['postmortem', 'new', '--title', 'Queue full'], ws);
  assert.equal(byDefault.code, 0, byDefault.stderr);
  assert.match(
    readFileSync(path.join(ws, byDefault.stdout.trim()), 'utf8'),
    /\n# Incident: Queue full\n\nOUR-INCIDENT\n$/,
  );

  writeFileSync(
    path.join(templates, 'sketch.md'),
    '---\ntitle: {{title}}\nstatus: {{status}}\n---\n\n# {{title}}\n\nAsk {{nope}}.\n',
  );
  const unknown = run(['postmortem', 'new', '--title', 'Odd', '--template', 'sketch'], ws);
  assert.equal(unknown.code, 0);
  assert.equal(
    unknown.stderr,
    'team-sre: warning: .team-sre/templates/sketch.md: Unknown placeholder “{{nope}}” on line 8, left as it is.\n',
  );
  // Without front matter, the line is still the one in the team's file.
  writeFileSync(path.join(templates, 'bare.md'), '# {{title}}\n\nAsk {{nope}}.\n');
  const bare = run(['postmortem', 'new', '--title', 'Bare', '--template', 'bare'], ws);
  assert.equal(
    bare.stderr,
    'team-sre: warning: .team-sre/templates/bare.md: Unknown placeholder “{{nope}}” on line 3, left as it is.\n',
  );
  rmSync(path.join(templates, 'bare.md'));
  assert.match(
    readFileSync(path.join(ws, unknown.stdout.trim()), 'utf8'),
    /\n# Odd\n\nAsk \{\{nope\}\}\.\n$/,
  );

  const names = run(['postmortem', 'new', '--title', 'x', '--template', 'nope'], ws);
  assert.equal(names.code, 2);
  assert.equal(
    names.stderr,
    "team-sre: unknown template 'nope'; the templates: incident, lightweight, sketch, google, pagerduty\n",
  );
});

test('postmortem new: every built-in template renders with every field filled', (t) => {
  const { ws } = workspace(t);
  for (const template of ['google', 'pagerduty', 'lightweight']) {
    const r = run(full({ '--template': template, '--dir': template }), ws);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', template);
    assert.equal(r.stdout, `${template}/2026-11-03-checkout-returned-5xx-after-a-deploy.md\n`);
    const text = readFileSync(path.join(ws, r.stdout.trim()), 'utf8');
    assert.doesNotMatch(text, /\{\{/, template);
    assert.equal(frontMatter(text).severity, 'SEV2', template);
    assert.match(text, /\n# Checkout returned 5xx after a deploy\n/, template);
    assert.match(text, /11\.31 % of the error budget/, template);
  }
});

test('postmortem index: every postmortem, newest first; INDEX.md next to a hand-written README', (t) => {
  const { ws } = workspace(t);
  const dates = (day: string) => ['--start', day, '--end', day];
  assert.equal(run(['postmortem', 'new', '--title', 'Later', ...dates('2026-11-10')], ws).code, 0);
  assert.equal(run(['postmortem', 'new', '--title', 'Earlier', ...dates('2026-10-01')], ws).code, 0);
  const r = run(['postmortem', 'index'], ws);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.equal(r.stdout, 'postmortems/README.md\n');
  const readme = readFileSync(path.join(ws, 'postmortems', 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.deepEqual(links, ['2026-11-10-later.md', EXAMPLE_POSTMORTEM, '2026-10-01-earlier.md']);
  assert.match(readme, /^3 postmortems, /m);

  const again = run(['postmortem', 'index', 'postmortems'], ws);
  assert.equal(again.stdout, 'postmortems/README.md\n', 'the generated README is replaced');

  const own = '# Our postmortems\n\nWritten by hand.\n';
  writeFileSync(path.join(ws, 'postmortems', 'README.md'), own);
  const beside = run(['postmortem', 'index'], ws);
  assert.equal(beside.code, 0, beside.stderr);
  assert.equal(beside.stdout, 'postmortems/INDEX.md\n');
  assert.equal(readFileSync(path.join(ws, 'postmortems', 'README.md'), 'utf8'), own);
  assert.match(readFileSync(path.join(ws, 'postmortems', 'INDEX.md'), 'utf8'), /\(2026-10-01-earlier\.md\)/);
});

test('postmortem index: a missing folder is a usage error', (t) => {
  const { ws } = workspace(t, false);
  const none = run(['postmortem', 'index'], ws);
  assert.equal(none.code, 2);
  assert.equal(
    none.stderr,
    "team-sre: no postmortem folder 'postmortems': write one with 'team-sre postmortem new' or give the folder: team-sre postmortem index DIR\n",
  );
  const named = run(['postmortem', 'index', 'docs/postmortems'], ws);
  assert.equal(named.code, 2);
  assert.equal(named.stderr, "team-sre: no postmortem folder 'docs/postmortems'\n");
  assert.equal(named.stdout, '');
  assert.deepEqual(filesBelow(ws), []);
});

test('postmortem: usage errors exit 2 with a clear message and write nothing', (t) => {
  const { ws } = workspace(t);
  const before = filesBelow(ws);
  const cases: Array<[string[], string]> = [
    [['postmortem'], "postmortem needs a subcommand: new or index. Run 'team-sre --help'."],
    [['postmortem', 'close'], "unknown postmortem subcommand 'close': new or index. Run 'team-sre --help'."],
    [
      ['postmortem', 'new'],
      "postmortem new needs a --title: team-sre postmortem new --title 'Checkout returned 5xx after a deploy'",
    ],
    [
      ['postmortem', 'new', '--title', '  '],
      "postmortem new needs a --title: team-sre postmortem new --title 'Checkout returned 5xx after a deploy'",
    ],
    [['postmortem', 'new', '--title'], '--title needs a value'],
    [
      ['postmortem', 'new', 'Checkout down'],
      "unexpected argument 'Checkout down' for postmortem new (the title goes in --title). Run 'team-sre --help'.",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--force'],
      "unknown option '--force' for postmortem new. Run 'team-sre --help'.",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--slo', 'slos/checkout-slos.yaml#nope'],
      "no SLO named 'nope' in 'slos/checkout-slos.yaml'; its SLOs: checkout-availability, checkout-latency",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--slo', 'slos/checkout-slos.yaml'],
      "--slo must be FILE#NAME, such as slos/checkout-slos.yaml#checkout-availability, not 'slos/checkout-slos.yaml'",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--slo', 'slos/nope.yaml#checkout-availability'],
      "no file 'slos/nope.yaml' for --slo; the files with SLOs: mistakes.yaml, pyrra/search-latency.yaml, slos/checkout-slos.yaml, sloth/payments-api.yaml",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--slo', 'slos/service.yaml#checkout'],
      "'slos/service.yaml' holds no SLO (an OpenSLO SLO, a Sloth file or a Pyrra ServiceLevelObjective)",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--start', 'yesterday'],
      "--start must be a date such as 2026-11-03 or an ISO 8601 time with its zone such as 2026-11-03T14:12:00+01:00 or 2026-11-03T13:12:00Z, not 'yesterday'",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--start', '2026-02-30'],
      "--start must be a date such as 2026-11-03 or an ISO 8601 time with its zone such as 2026-11-03T14:12:00+01:00 or 2026-11-03T13:12:00Z, not '2026-02-30'",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--start', '2026-11-03T14:12:00', '--end', RESOLVED],
      "--start '2026-11-03T14:12:00' has no time zone: add Z for UTC or the offset, e.g. 2026-11-03T14:12:00Z or 2026-11-03T14:12:00+01:00",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--start', RESOLVED, '--end', STARTED],
      '--end (2026-11-03T14:12:00+01:00) must be after --start (2026-11-03T14:50:00+01:00)',
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--start', '2026-11-04', '--end', '2026-11-03'],
      '--end (2026-11-03) must be on or after --start (2026-11-04)',
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--template', 'five-whys'],
      "unknown template 'five-whys'; the templates: google, pagerduty, lightweight",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--error-rate', '120%'],
      "--error-rate must be the share of requests that failed, a ratio between 0 and 1 (0.12) or a percentage (12%), not '120%'",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--error-rate', 'some'],
      "--error-rate must be the share of requests that failed, a ratio between 0 and 1 (0.12) or a percentage (12%), not 'some'",
    ],
    [['postmortem', 'new', '--title', 'x', '--title', 'y'], '--title is given 2 times; give it once'],
    [['postmortem', 'new', '--title', 'x', '--dir', 'mistakes.yaml'], "'mistakes.yaml' is not a folder"],
    [['postmortem', 'index', 'a', 'b'], "postmortem index takes one DIR, got 'a' and 'b'"],
    [
      ['postmortem', 'new', '--title', 'x', '--header', 'Authorization: Bearer t'],
      '--header and --timeout go with --prometheus URL',
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--prometheus', 'http://127.0.0.1:9090', '--timeout', '0'],
      "--timeout must be a number of seconds from 0.1 to 3600, not '0'",
    ],
    [
      ['postmortem', 'new', '--title', 'x', '--prometheus', 'http://127.0.0.1:9090', '--header', 'nocolon'],
      "--header must look like 'Name: value', not 'nocolon'",
    ],
  ];
  for (const [args, message] of cases) {
    const r = run(args, ws);
    assert.deepEqual(
      { code: r.code, stdout: r.stdout, stderr: r.stderr },
      { code: 2, stdout: '', stderr: `team-sre: ${message}\n` },
      args.join(' '),
    );
  }
  assert.deepEqual(filesBelow(ws), before);
});

test('postmortem: --error-rate takes a ratio or a percentage; --help prints the usage', (t) => {
  const { ws } = workspace(t);
  const rate = (value: string, dir: string) => {
    const r = run(full({ '--error-rate': value, '--dir': dir }), ws);
    assert.equal(r.code, 0, r.stderr);
    const slos = frontMatter(readFileSync(path.join(ws, r.stdout.trim()), 'utf8')).slos as Array<
      Record<string, unknown>
    >;
    return slos[0]!.errorRate;
  };
  assert.equal(rate('0.12', 'a'), 0.12);
  assert.equal(rate('12 %', 'b'), 0.12);
  assert.equal(rate('100%', 'c'), 1);
  assert.equal(rate('0', 'd'), 0);
  const alone = run(['postmortem', 'new', '--title', 'No SLO', '--error-rate', '5%'], ws);
  assert.equal(alone.code, 0);
  assert.equal(
    alone.stderr,
    'team-sre: warning: --error-rate is used for the budget of the SLOs given with --slo: none is given.\n',
  );
  const help = run(['postmortem', '--help'], ws);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /\n {2}team-sre postmortem new --title TITLE /);
  assert.match(help.stdout, /\n {2}team-sre postmortem index \[DIR\]\n/);
  assert.equal(run(['postmortem', 'new', '--help'], ws).stdout, help.stdout);
});

test('the example postmortem: its budget figures are what New Postmortem computes, and its alert is the one the SLO fires', (t) => {
  const { root } = workspace(t, false);
  const text = readFileSync(path.join(EXAMPLES, 'postmortems', EXAMPLE_POSTMORTEM), 'utf8');
  const fm = frontMatter(text) as {
    started: string;
    detected: string;
    resolved: string;
    slos: Array<{ file: string; name: string; errorRate: number }>;
  };
  const [slo] = fm.slos;
  // The same incident written by `postmortem new`: the budget engine's figures for that error rate and duration.
  const made = run(
    [
      'postmortem',
      'new',
      '--title',
      'same incident',
      '--start',
      fm.started,
      '--end',
      fm.resolved,
      '--slo',
      `${slo!.file}#${slo!.name}`,
      '--error-rate',
      String(slo!.errorRate),
      '--dir',
      path.join(root, 'out'),
    ],
    EXAMPLES,
  );
  assert.equal(made.code, 0, made.stderr);
  // The path it prints is relative to where it ran.
  const written = frontMatter(readFileSync(path.resolve(EXAMPLES, made.stdout.trim()), 'utf8')) as {
    slos: unknown[];
  };
  assert.deepEqual(fm.slos, written.slos);
  assert.deepEqual(slo, {
    file: 'slos/checkout-slos.yaml',
    name: 'checkout-availability',
    objective: 'Available',
    window: '28 days, rolling',
    errorRate: 0.12,
    errorRateSource: 'typed',
    badMinutes: 4.56,
    budgetConsumed: 0.1131,
  });

  // The SLO's alerts at the time: one page on the 1-hour burn rate, held for 5 minutes; no ticket.
  const budget = run(['budget', slo!.file, '--slo', slo!.name, '--json', '--at', fm.resolved], EXAMPLES);
  assert.equal(budget.code, 0, budget.stderr);
  const [report] = JSON.parse(budget.stdout) as Array<{
    budget: { allowedBadMinutes: number };
    alerts: Array<{ severity: string; longWindow: string; threshold: number; alertAfterMinutes: number }>;
  }>;
  assert.deepEqual(
    report!.alerts.map((a) => `${a.severity} ${a.longWindow} ${a.threshold} ${a.alertAfterMinutes}`),
    ['page 1h 0.0144 5'],
  );
  const page = report!.alerts[0]!;
  // At this error rate the 1-hour ratio crosses the threshold after threshold × 60 / errorRate minutes.
  assert.ok(slo!.errorRate > page.threshold, 'the incident burns fast enough to page');
  const firesAfter = (page.threshold * 60) / slo!.errorRate + page.alertAfterMinutes;
  const detectedAfter = (Date.parse(fm.detected) - Date.parse(fm.started)) / 60_000;
  assert.equal(Math.round(firesAfter), 12);
  assert.equal(detectedAfter, 12);

  // The story says so in words, with the engine's numbers.
  const body = text.slice(text.indexOf('\n---\n') + 5);
  const section = (title: string) => body.split(`## ${title}\n`)[1]!.split('\n## ')[0]!.trim();
  assert.match(
    section('Impact'),
    /12 % of checkout requests failed between 14:12 and 14:50 CET: about 4 min 34 s of full-outage equivalent, 11 % of\nthe 28-day error budget of `checkout-availability` \(99\.9 %, 40 min 19 s\)\./,
  );
  assert.equal(report!.budget.allowedBadMinutes, 40.32);
  assert.match(
    section('Detection'),
    /^The page `FastBurn` of `checkout-availability` .* fired at\n14:24, 12 minutes in\./,
  );
  assert.match(section('Timeline (CET)'), /\| 14:24 \| Page `FastBurn` \(checkout-availability\)/);
  assert.doesNotMatch(section('Timeline (CET)'), /[Tt]icket/);
});
