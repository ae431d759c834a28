import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { parse } from 'yaml';
import { budgetReport, type BudgetInput } from '../../src/budget/budget-report.js';
import {
  buildReport,
  firingAlerts,
  renderHtml,
  renderMarkdown,
  type GatheredSource,
  type Report,
  type SloBudgetRow,
} from '../../src/team-report/index.js';

// Runs the built CLI (npm test builds first), exactly as CI and users run it.
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const HOSTILE = path.join(__dirname, '..', 'fixtures', 'report', 'hostile');
const AT = '2026-11-24T12:00:00Z';
const SCRIPT = '<script>alert(1)</script>';
const QUOTES = `"&'<>`;
const ACTION = '<iframe src="https://example.com/"></iframe> [click](javascript:alert(4)) &amp; | pipe';

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TEAM_SRE_PROMETHEUS_TOKEN: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder with a copy of the examples (and the hostile files over it), removed after the test. */
function workspace(t: { after: (fn: () => void) => void }, hostile = false, name = 'ws'): string {
  const root = mkdtempSync(path.join(tmpdir(), 'team-sre-report-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const ws = path.join(root, name);
  mkdirSync(ws);
  cpSync(EXAMPLES, ws, { recursive: true });
  if (hostile) cpSync(HOSTILE, ws, { recursive: true });
  return ws;
}

function frontMatter(text: string): Record<string, unknown> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(m, 'the postmortem starts with a front matter');
  return parse(m[1]!) as Record<string, unknown>;
}

const json = (args: string[], cwd: string): Report => {
  const r = run(['report', '--format', 'json', '--at', AT, ...args], cwd);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  return JSON.parse(r.stdout) as Report;
};

/** The SLO rows with their figures (rows in error are asserted apart). */
const allSlos = (report: Report) =>
  report.services.flatMap((s) =>
    s.slos
      .filter((slo): slo is SloBudgetRow => !('error' in slo))
      .map((slo) => ({ ...slo, service: s.service, source: s.source })),
  );

test('report --format json: every SLO of the examples with the budget `team-sre budget` computes', (t) => {
  const ws = workspace(t);
  const report = json(['--since', '2026-01-01'], ws);
  assert.equal(report.version, 1);
  assert.equal(report.at, '2026-11-24T12:00:00.000Z');
  assert.equal(report.today, '2026-11-24');
  assert.equal(report.since, '2026-01-01');
  assert.equal(report.prometheus, undefined);
  assert.deepEqual(report.sources, [{ path: '.', label: 'ws' }]);

  // What `team-sre budget --json` says of every file that holds SLOs.
  const expected: Array<{ file: string; name: string; target: number; minutes: number; window: string }> = [];
  const files = readdirSync(ws, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.relative(ws, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  for (const file of files) {
    const r = run(['budget', file, '--at', AT, '--json'], ws);
    if (r.code === 2 && /holds no SLO/.test(r.stderr)) continue;
    assert.equal(r.code, 0, `${file}: ${r.stderr}`);
    const budgets = JSON.parse(r.stdout) as Array<{
      name: string;
      target: number;
      budget: { allowedBadMinutes: number };
      window: { label: string };
    }>;
    for (const b of budgets)
      expected.push({
        file,
        name: b.name,
        target: b.target,
        minutes: b.budget.allowedBadMinutes,
        window: b.window.label,
      });
  }
  const key = (x: { file: string; name: string }) => `${x.file} ${x.name}`;
  const got = allSlos(report).map((s) => ({
    file: s.file,
    name: s.name,
    target: s.target,
    minutes: s.budget.allowedBadMinutes,
    window: s.window.label,
  }));
  assert.ok(expected.length >= 5, 'the examples hold SLOs in several formats');
  assert.deepEqual(
    got.sort((a, b) => key(a).localeCompare(key(b))),
    expected.sort((a, b) => key(a).localeCompare(key(b))),
  );
  assert.equal(report.summary.slos, expected.length);

  // Services from the SLOs: OpenSLO spec.service, Sloth service, Pyrra namespace.
  assert.deepEqual(
    report.services.map((s) => [s.service, s.slos.map((x) => x.name)]),
    [
      ['checkout', ['checkout-availability', 'checkout-latency']],
      ['payments-api', ['payments-api-latency', 'payments-api-requests-availability']],
      ['search', ['search-latency']],
    ],
  );
  assert.equal(report.summary.services, 3);

  // The example postmortem, under the service it names, with what its front matter says.
  const name = '2026-11-03-checkout-5xx-after-deploy.md';
  const fields = frontMatter(readFileSync(path.join(ws, 'postmortems', name), 'utf8'));
  const checkout = report.services.find((s) => s.service === 'checkout')!;
  assert.equal(checkout.postmortems.length, 1);
  const pm = checkout.postmortems[0]!;
  assert.equal(pm.file, `postmortems/${name}`);
  assert.equal(pm.title, fields.title);
  assert.equal(pm.date, fields.date);
  assert.equal(pm.severity, fields.severity);
  assert.equal(pm.status, fields.status);
  assert.equal(pm.owner, fields.owner);
  assert.deepEqual(pm.services, fields.services);
  const slos = fields.slos as Array<{ file: string; name: string; budgetConsumed: number }>;
  assert.deepEqual(
    pm.slos.map((s) => [s.file, s.name, s.budgetConsumed, s.service]),
    slos.map((s) => [s.file, s.name, s.budgetConsumed, 'checkout']),
  );
  assert.equal(pm.actionItems, (fields.action_items as unknown[]).length);
  assert.deepEqual(pm.openActionItems, []);
  assert.equal(report.summary.postmortems, 1);

  // Lint status: the same problems `team-sre lint` reports.
  const lint = JSON.parse(run(['lint', '--format', 'json'], ws).stdout) as Array<{
    file: string;
    severity: string;
    code: string;
  }>;
  const errors = lint.filter((d) => d.severity === 'error');
  assert.equal(report.summary.errors, errors.length);
  assert.equal(report.summary.warnings, lint.filter((d) => d.severity === 'warning').length);
  assert.deepEqual(
    report.summary.filesWithErrors.map((f) => [f.file, f.errors]),
    [...new Set(errors.map((d) => d.file))].map((f) => [f, errors.filter((d) => d.file === f).length]),
  );
  const payments = report.services.find((s) => s.service === 'payments-api')!;
  assert.equal(payments.lint.errors, errors.filter((d) => d.file === 'mistakes.yaml').length);
  assert.deepEqual(
    payments.lint.codes.find((c) => c.code === 'SLO101'),
    { code: 'SLO101', severity: 'error', count: 1 },
  );
  assert.deepEqual(checkout.lint, { files: 2, errors: 0, warnings: 0, codes: [], problemFiles: [] });
});

test('report: postmortems since --since (default 90 days before --at), by service or cited SLO', (t) => {
  const ws = workspace(t, true);
  const report = json(['--since', '2026-01-01'], ws);
  const titles = (service: string | null) =>
    report.services.find((s) => s.service === service)?.postmortems.map((p) => p.title);
  assert.deepEqual(titles('checkout'), ['Checkout returned 5xx for 38 minutes after a deploy']);
  // Attached through the SLO it cites only.
  assert.deepEqual(titles('search'), ['Search answered slowly during a reindex']);
  // A service without SLOs: under no service.
  assert.deepEqual(titles(null), ['Billing exports failed']);
  assert.deepEqual(titles(QUOTES), [SCRIPT]);
  assert.equal(report.summary.postmortems, 4);
  assert.deepEqual(
    report.summary.postmortemsWithoutOwner.map((p) => p.file),
    ['postmortems/2026-11-22-search-slow.md'],
  );
  // Past due: due before the day of --at and still open.
  assert.deepEqual(
    report.summary.pastDueActionItems.map((a) => [a.title, a.owner, a.due]),
    [
      [ACTION, QUOTES, '2026-11-21'],
      ['Throttle the reindex job', 'lea.martin', '2026-11-23'],
    ],
  );
  const hostile = report.services.find((s) => s.service === QUOTES)!.postmortems[0]!;
  assert.deepEqual(
    hostile.openActionItems.map((i) => [i.title, i.pastDue]),
    [
      [ACTION, true],
      ['Nobody owns this one', false],
    ],
  );
  assert.equal(report.summary.openActionItems, 3);

  // The old postmortem counts again with an earlier --since; none with a later one.
  assert.equal(json(['--since', '2025-01-01'], ws).summary.postmortems, 5);
  assert.equal(json(['--since', '2026-11-24'], ws).summary.postmortems, 0);
  // By default: 90 days before --at.
  const byDefault = json([], ws);
  assert.equal(byDefault.since, '2026-08-26');
  assert.equal(byDefault.summary.postmortems, 4);
  // A time with its zone is read as its UTC day.
  assert.equal(json(['--since', '2026-11-22T23:30:00-02:00'], ws).since, '2026-11-23');
});

/** The cells of a Markdown table row: split on `|` not escaped. */
const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

/** Markdown text back to what it shows: backslash escapes removed. */
const unescape = (md: string) => md.replace(/\\([\\`*_{}[\]()#+\-.!|<>&"'~])/g, '$1');

test('report --format md: strings from the files stay text (no HTML, no link, no entity, no table break)', (t) => {
  const ws = workspace(t, true);
  const r = run(['report', '--at', AT, '--since', '2026-01-01'], ws);
  assert.equal(r.code, 0, r.stderr);
  const md = r.stdout;
  assert.match(md, /^# SLOs and postmortems\n/);
  assert.doesNotMatch(md, /(?<!\\)[<>]/, 'every < and > is escaped');
  assert.doesNotMatch(md, /(?<!\\)\[click/, 'no link');
  assert.doesNotMatch(md, /(?<!\\)&amp;/, 'no entity');
  // The hostile service's heading and rows read back as the original strings.
  assert.ok(md.includes(`\n## ${QUOTES.replace(/[<>]/g, '\\$&')}\n`));
  const lines = md.split('\n');
  const header = lines.find((l) => l.startsWith('| Action item |'))!;
  const row = lines.find((l) => l.startsWith('| \\<iframe'))!;
  assert.equal(cells(row).length, cells(header).length, 'the | in the title does not add a cell');
  assert.deepEqual(cells(row).map(unescape), [
    ACTION,
    QUOTES,
    '2026-11-21 **(past due)**',
    '<b>T-1</b>',
    SCRIPT,
  ]);
  const pmRow = lines.find((l) => l.startsWith('| 2026-11-20 |'))!;
  assert.deepEqual(cells(pmRow).slice(1, 5).map(unescape), [
    SCRIPT,
    '<img src=x onerror=alert(3)>',
    'draft',
    QUOTES,
  ]);
  const sloRow = lines.find((l) => l.startsWith('| hostile-latency |'))!;
  assert.equal(unescape(cells(sloRow)[1]!), SCRIPT);
  // Summary on top (the hostile SLO's Service, defined in no file read, is a warning).
  assert.match(md, /\| 4 \| 7 \| 4 \| 3 \| 13 \| 10 \|/);
  assert.match(md, /- \*\*Postmortems without an owner\*\* \(1\):\n {2}- 2026-11-22 Search answered slowly/);
  assert.match(
    md,
    /- \*\*Files with errors\*\* \(2\):\n {2}- `mistakes\.yaml` \(ws\): 11 errors, 5 warnings\n/,
  );
});

test('report --format md rendered by a CommonMark renderer with raw HTML on: only its own elements, the strings as text', (t) => {
  const ws = workspace(t, true);
  const r = run(['report', '--at', AT, '--since', '2026-01-01'], ws);
  assert.equal(r.code, 0, r.stderr);
  const html = new MarkdownIt({ html: true }).render(r.stdout);
  const elements = new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/g)].map((m) => m[1]));
  assert.deepEqual([...elements].sort(), [
    'code',
    'h1',
    'h2',
    'h3',
    'li',
    'p',
    'strong',
    'table',
    'tbody',
    'td',
    'th',
    'thead',
    'tr',
    'ul',
  ]);
  assert.doesNotMatch(html, /href=|src=".*"/);
  // The hostile action item's row: the title, its owner and ticket as written.
  const row = html.split('<tr>').find((tr) => tr.startsWith('\n<td>&lt;iframe'))!;
  assert.deepEqual(
    [...row.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]),
    [
      '&lt;iframe src=&quot;https://example.com/&quot;&gt;&lt;/iframe&gt; [click](javascript:alert(4)) &amp;amp; | pipe',
      "&quot;&amp;'&lt;&gt;",
      '2026-11-21 <strong>(past due)</strong>',
      '&lt;b&gt;T-1&lt;/b&gt;',
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    ],
  );
});

test('report: several PATHs, each with its services; a path given twice is read once', (t) => {
  const one = workspace(t, false, 'one');
  const two = workspace(t, true, 'two');
  const cwd = path.dirname(one);
  cpSync(two, path.join(cwd, 'two'), { recursive: true });
  const report = json(['--since', '2026-01-01', 'one', 'two', './one'], cwd);
  assert.deepEqual(report.sources, [
    { path: 'one', label: 'one' },
    { path: 'two', label: 'two' },
  ]);
  assert.deepEqual(
    report.services.map((s) => `${s.source}:${s.service}`),
    [
      'one:checkout',
      'one:payments-api',
      'one:search',
      `two:${QUOTES}`,
      'two:checkout',
      'two:payments-api',
      'two:search',
      'two:null',
    ],
  );
  assert.equal(report.summary.slos, 5 + 7);
  assert.equal(report.summary.services, 7);
  assert.equal(report.summary.postmortems, 1 + 4);
  // Files are relative to their source; references resolve within it.
  assert.ok(
    report.services.every((s) =>
      s.slos.every((x) => !x.file.startsWith('one/') && !x.file.startsWith('two/')),
    ),
  );
  assert.deepEqual(
    report.summary.filesWithErrors.map((f) => `${f.source}:${f.file}`),
    ['one:mistakes.yaml', 'two:mistakes.yaml', 'two:slos/hostile.yaml'],
  );
  const md = run(['report', '--at', AT, 'one', 'two'], cwd).stdout;
  assert.match(md, /· 2 sources: one, two\n/);
  assert.match(md, /\n## checkout \(one\)\n/);
  assert.match(md, /\n## checkout \(two\)\n/);
  // A single SLO file as PATH: its SLOs only.
  const file = json(['one/sloth/payments-api.yaml'], cwd);
  assert.deepEqual(
    allSlos(file).map((s) => [s.source, s.file, s.name]),
    [['one/sloth/payments-api.yaml', 'payments-api.yaml', 'payments-api-requests-availability']],
  );
});

test('report: usage errors exit 2 with a clear message and print nothing', (t) => {
  const ws = workspace(t);
  const cases: Array<[string[], string]> = [
    [['--format', 'xml'], "--format must be one of md, html, json, not 'xml'"],
    [['--format'], '--format needs a value'],
    [
      ['--since', 'last week'],
      "--since must be a date such as 2026-01-01 (or a time with its zone such as 2026-01-01T00:00:00Z), not 'last week'",
    ],
    [
      ['--since', '2026-02-30'],
      "--since must be a date such as 2026-01-01 (or a time with its zone such as 2026-01-01T00:00:00Z), not '2026-02-30'",
    ],
    [['--at', 'soon'], "--at must be an ISO-8601 date and time such as 2026-11-24T12:00:00Z, not 'soon'"],
    [['nope'], "cannot read 'nope': no such file or folder"],
    [['slos', 'nope/deeper'], "cannot read 'nope/deeper': no such file or folder"],
    [['--bogus'], "unknown option '--bogus' for report. Run 'team-sre --help'."],
    [['--out'], '--out needs a value'],
    [['--at', AT, '--at', AT], '--at is given more than once; give it once'],
    [['--prometheus', 'ftp://prom:9090'], "--prometheus: 'ftp://prom:9090' is not an http or https address"],
    [
      ['--timeout', '0', '--prometheus', 'http://127.0.0.1:9'],
      "--timeout must be a number of seconds from 0.1 to 3600, not '0'",
    ],
    [
      ['--header', 'nocolon', '--prometheus', 'http://127.0.0.1:9'],
      "--header must look like 'Name: value', not 'nocolon'",
    ],
    [['--sloth-period', 'month'], "--sloth-period must be a duration such as 30d or 28d, not 'month'"],
  ];
  for (const [args, message] of cases) {
    const r = run(['report', ...args], ws);
    assert.deepEqual([r.code, r.stderr, r.stdout], [2, `team-sre: ${message}\n`, ''], args.join(' '));
  }
  const help = run(['report', '--help'], ws);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /team-sre report \[--format md\|html\|json\] \[--out FILE\]/);
});

test('report --out: written atomically, its path printed; the format follows the extension unless given', (t) => {
  const ws = workspace(t);
  const html = run(['report', '--at', AT, '--out', 'reports/slo.html'], ws);
  assert.deepEqual([html.code, html.stdout, html.stderr], [0, 'reports/slo.html\n', '']);
  assert.match(
    readFileSync(path.join(ws, 'reports', 'slo.html'), 'utf8'),
    /^<!DOCTYPE html>\n<html lang="en">/,
  );
  // Again, over the file: replaced, and no temporary file is left behind.
  writeFileSync(path.join(ws, 'reports', 'slo.html'), 'old');
  assert.equal(run(['report', '--at', AT, '--out', 'reports/slo.html'], ws).code, 0);
  assert.match(readFileSync(path.join(ws, 'reports', 'slo.html'), 'utf8'), /^<!DOCTYPE html>/);
  assert.deepEqual(readdirSync(path.join(ws, 'reports')), ['slo.html']);

  const out = run(['report', '--at', AT, '--out', 'r.json'], ws);
  assert.equal(out.stdout, 'r.json\n');
  assert.equal((JSON.parse(readFileSync(path.join(ws, 'r.json'), 'utf8')) as Report).version, 1);
  assert.equal(run(['report', '--at', AT, '--format', 'md', '--out', 'r.html'], ws).code, 0);
  assert.match(readFileSync(path.join(ws, 'r.html'), 'utf8'), /^# SLOs and postmortems\n/);
  const abs = path.join(path.dirname(ws), 'elsewhere.md');
  assert.equal(run(['report', '--at', AT, '--out', abs], ws).stdout, `${abs.split(path.sep).join('/')}\n`);

  const blocked = run(['report', '--at', AT, '--out', 'r.json/x.md'], ws);
  assert.equal(blocked.code, 2);
  assert.match(blocked.stderr, /^team-sre: cannot write 'r\.json\/x\.md': E[A-Z]+\n$/);
});

test('report --prometheus: a Prometheus that cannot be reached is shown per SLO, and the report is written', (t) => {
  const ws = workspace(t);
  const report = json(['--prometheus', 'http://127.0.0.1:9/', '--timeout', '2'], ws);
  assert.equal(report.prometheus, 'http://127.0.0.1:9');
  const slos = allSlos(report);
  assert.ok(slos.length >= 5);
  for (const s of slos) {
    assert.equal(s.live, undefined);
    assert.ok(s.liveError, s.name);
  }
  assert.ok(slos.some((s) => s.liveError!.kind === 'unreachable'));
  assert.equal(report.summary.liveFailures.length, slos.length);
  const md = run(['report', '--at', AT, '--prometheus', 'http://127.0.0.1:9'], ws);
  assert.equal(md.code, 0);
  assert.match(
    md.stdout,
    /\| SLO \| Objective \| Format \| Target \| Window \| Budget \| File \| Budget left \| Burn rates \|/,
  );
  assert.match(md.stdout, /not read: cannot reach http:\/\/127\.0\.0\.1:9/);
});

const input = (over: Partial<BudgetInput> = {}): BudgetInput => ({
  name: 'checkout-availability',
  format: 'OpenSLO v1',
  objective: 'Available',
  target: 0.999,
  method: 'Occurrences',
  window: { kind: 'rolling', minutes: 28 * 1440, label: '28 days, rolling' },
  alerting: { style: 'burn-rate-table', table: 'workbook-multiwindow', source: "Sloth's alert windows" },
  ...over,
});

test('firingAlerts: an alert fires when its long and short windows both burn above its factor, as its rule compares', () => {
  const report = budgetReport(input(), new Date(AT));
  const page = report.alerts[0]!;
  assert.deepEqual([page.longWindow, page.shortWindow, page.factor], ['1h', '5m', 13.44]);
  assert.deepEqual(firingAlerts(report.alerts, { '1h': 20, '5m': 13 }), []);
  assert.deepEqual(firingAlerts(report.alerts, { '1h': 13.45, '5m': null }), []);
  // The generated rules compare with `>`: exactly at the factor does not fire.
  assert.deepEqual(firingAlerts([page], { '1h': 13.44, '5m': 30 }), []);
  assert.deepEqual(firingAlerts([page], { '1h': 13.45, '5m': 30 }), [
    {
      severity: 'page',
      longWindow: '1h',
      shortWindow: '5m',
      factor: 13.44,
      longBurnRate: 13.45,
      shortBurnRate: 30,
    },
  ]);
  // Without a short window, the long one decides.
  const single = { ...page, shortWindow: '' };
  assert.equal(firingAlerts([single], { '1h': 13.45 }).length, 1);
  assert.equal(firingAlerts([single], { '1h': 13.44 }).length, 0);
  // A disabled alert does not fire, whatever the burn rates.
  assert.deepEqual(firingAlerts([{ ...page, disabled: true }], { '1h': 13.45, '5m': 30 }), []);
});

test('buildReport: live figures, over budget and burning fast in the summary and the renderings', () => {
  const at = new Date(AT);
  const report = budgetReport(input(), at);
  const source: GatheredSource = {
    path: '.',
    label: 'payments',
    slos: [
      {
        file: 'slos/a.yaml',
        service: 'checkout',
        report,
        live: {
          at: AT,
          source: 'queries',
          sourceNote: '',
          method: 'Occurrences',
          measured: { start: report.window.start, end: report.window.end, window: '4w' },
          sli: 0.9975,
          budgetRemaining: -1.5,
          burnRates: { '5m': 20, '30m': 8, '1h': 14, '2h': 9, '6h': 6, '1d': 2, '3d': 0.5 },
          alertsNow: [],
          burnDown: { step: 60, meaning: '', points: [] },
          notes: [],
          queries: [],
        },
      },
      {
        file: 'slos/b.yaml',
        service: null,
        report: budgetReport(input({ name: SCRIPT, objective: QUOTES }), at),
        liveError: { kind: 'no-data', message: `No data for ${SCRIPT}` },
      },
    ],
    postmortems: [],
    diagnostics: [],
  };
  const built = buildReport({ at, since: '2026-10-01', prometheus: 'http://prom:9090', sources: [source] });
  assert.deepEqual(
    built.summary.overBudget.map((o) => [o.name, o.budgetRemaining]),
    [['checkout-availability', -1.5]],
  );
  assert.deepEqual(
    built.summary.burningFast.map((o) =>
      o.firing.map((a) => `${a.severity} ${a.longWindow}/${a.shortWindow}`),
    ),
    [['page 1h/5m', 'page 6h/30m']],
  );
  assert.deepEqual(
    built.summary.liveFailures.map((o) => [o.name, o.message]),
    [[SCRIPT, `No data for ${SCRIPT}`]],
  );
  assert.equal(built.summary.services, 1);
  const md = renderMarkdown(built);
  assert.match(
    md,
    /- \*\*Over budget\*\* \(1\):\n {2}- checkout-availability · Available \(checkout, slos\/a\.yaml\): −150 % left/,
  );
  assert.match(
    md,
    /\| \*\*−150 %\*\* \(over budget\) \| 5m 20 · 30m 8 · 1h 14 · 2h 9 · 6h 6 · 1d 2 · 3d 0.5; \*\*firing\*\*: page 1h\/5m, page 6h\/30m \|/,
  );
  assert.doesNotMatch(md, /(?<!\\)</);
  const html = renderHtml(built);
  assert.ok(!html.includes(SCRIPT) && html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('&quot;&amp;&#39;&lt;&gt;'));
  assert.match(html, /<svg role="img" aria-labelledby="budget-chart"/);
  assert.doesNotMatch(html, /<script|https?:\/\/(?!prom:9090|www\.w3\.org\/2000\/svg)/);
});

test('report: each problem of a file of two services counts under the service of its own document', (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'team-sre-report-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // Two Sloth documents: payments with one unknown key, search with two.
  writeFileSync(
    path.join(root, 'two-services.yaml'),
    [
      'version: prometheus/v1',
      'service: payments',
      'slos:',
      '  - name: requests-availability',
      '    objective: 99.9',
      '    sli:',
      '      events:',
      '        error_query: sum(rate(http_requests_total{job="payments",code=~"5.."}[{{.window}}]))',
      '        total_query: sum(rate(http_requests_total{job="payments"}[{{.window}}]))',
      '    alerting:',
      '      name: PaymentsErrors',
      '      colour: red',
      '---',
      'version: prometheus/v1',
      'service: search',
      'slos:',
      '  - name: requests-availability',
      '    objective: 99.5',
      '    sli:',
      '      events:',
      '        error_query: sum(rate(http_requests_total{job="search",code=~"5.."}[{{.window}}]))',
      '        total_query: sum(rate(http_requests_total{job="search"}[{{.window}}]))',
      '    alerting:',
      '      name: SearchErrors',
      '      colour: red',
      '    sound: loud',
      '',
    ].join('\n'),
  );
  const lint = run(['lint', '.'], root);
  assert.deepEqual(
    lint.stdout
      .split('\n')
      .filter((l) => l.startsWith('two-services.yaml:'))
      .map((l) => l.split(' ')[0]),
    ['two-services.yaml:12:7:', 'two-services.yaml:25:7:', 'two-services.yaml:26:5:'],
  );
  const report = json(['.'], root);
  const counts = report.services.map((s) => ({
    service: s.service,
    errors: s.lint.errors,
    warnings: s.lint.warnings,
    codes: s.lint.codes.map((c) => `${c.code}×${c.count}`),
    files: s.lint.problemFiles.map((f) => f.file),
  }));
  assert.deepEqual(counts, [
    { service: 'payments', errors: 0, warnings: 1, codes: ['SLO012×1'], files: ['two-services.yaml'] },
    { service: 'search', errors: 0, warnings: 2, codes: ['SLO012×2'], files: ['two-services.yaml'] },
  ]);
  assert.deepEqual([report.summary.errors, report.summary.warnings], [0, 3]);
});

test('report --format html: the budget cell and its title say the same duration, in prose', (t) => {
  const ws = workspace(t);
  const r = run(['report', '--at', AT, '--since', '2026-01-01', '--format', 'html'], ws);
  assert.equal(r.code, 0, r.stderr);
  const row = r.stdout
    .split('<tr class="slo">')
    .find((tr) => tr.startsWith('<td>checkout-availability</td>'))!;
  assert.match(
    row,
    /<td class="num" title="40 min 19 s of full outage over the window \(28 days, rolling\)">40 min 19 s<\/td>/,
  );
});
