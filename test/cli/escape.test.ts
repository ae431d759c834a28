// What the CLI prints of a file, a file name, a template or a Prometheus answer: control characters as
// escapes, so nothing drives the terminal (ESC, OSC links, clearing the screen) or forges a line of a CI log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
let dir: string;

/** The built CLI, run without blocking this process (a test's own Prometheus answers it meanwhile). */
function run(args: string[], cwd = dir): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A hyperlink (OSC 8), a clear screen, then a newline and a forged GitHub annotation. */
const HOSTILE =
  '\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07\x1b[2J\n::error file=a.yaml,line=1::forged';
/** The same as printed. */
const SHOWN =
  '\\u001b]8;;http://evil.example/\\u0007click\\u001b]8;;\\u0007\\u001b[2J\\n::error file=a.yaml,line=1::forged';

/** Nothing but printable text and the line breaks of the output itself. */
function assertInert(output: string): void {
  // eslint-disable-next-line no-control-regex -- looking for control characters
  assert.doesNotMatch(output, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  assert.doesNotMatch(output, /^::/m, 'no line is a workflow command but our own');
}

const yamlQuoted = (s: string) => JSON.stringify(s);

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'team-sre-escape-'));
  writeFileSync(
    path.join(dir, 'key.yaml'),
    `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout
spec:
  service: checkout
  indicatorRef: checkout-errors
  ${yamlQuoted(`bad${HOSTILE}`)}: 1
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - target: 0.999
`,
  );
  writeFileSync(
    path.join(dir, 'sloth.yaml'),
    `version: prometheus/v1
service: checkout
slos:
  - name: ${yamlQuoted(`avail${HOSTILE}`)}
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      page_alert:
        disable: true
      ticket_alert:
        disable: true
`,
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

const UNKNOWN_KEY = `Unknown key “bad${SHOWN}” in “spec”: OpenSLO rejects unknown keys. Known keys: “description”, “service”, “indicator”, “indicatorRef”, “budgetingMethod”, “timeWindow”, “objectives” or “alertPolicies”.`;

test('lint text: a key quoted in a message is printed with its controls escaped, on its line', async () => {
  const r = await run(['lint', 'key.yaml']);
  assert.equal(r.code, 1);
  // The file's other problem (its SLI is not in the files checked) on its own line, before.
  assert.deepEqual(r.stdout.split('\n').slice(1), [
    `key.yaml:8:3: error SLO011 ${UNKNOWN_KEY}`,
    '1 error, 1 warning in 1 file.',
    '',
  ]);
  assertInert(r.stdout);
});

test('lint --format github: the message cannot end its annotation or start another', async () => {
  const r = await run(['lint', '--format', 'github', 'key.yaml']);
  assert.equal(r.code, 1);
  const lines = r.stdout.split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^::warning file=key\.yaml,line=7,.*title=SLO704 /);
  assert.equal(
    lines[1],
    `::error file=key.yaml,line=8,col=3,endLine=8,endColumn=110,title=SLO011 Unknown key::${UNKNOWN_KEY}`,
  );
  assert.equal(lines[2], '');
});

test('lint --format json and sarif: the same text, parsed back exactly, C1 and bidi controls as \\u escapes', async () => {
  writeFileSync(
    path.join(dir, 'c1.yaml'),
    `apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: c1\nspec:\n  service: c1\n  indicatorRef: x\n  ${yamlQuoted('k\u009b2J\u202eevil')}: 1\n  budgetingMethod: Occurrences\n  timeWindow:\n    - duration: 28d\n      isRolling: true\n  objectives:\n    - target: 0.999\n`,
  );
  for (const format of ['json', 'sarif']) {
    const r = await run(['lint', '--format', format, 'c1.yaml']);
    assert.equal(r.code, 1);
    assert.ok(r.stdout.includes('Unknown key “k\\u009b2J\\u202eevil”'), r.stdout);
    assert.ok(r.stdout.includes('a.yaml') === false);
    assertInert(r.stdout);
    const parsed = JSON.stringify(JSON.parse(r.stdout));
    assert.ok(
      parsed.includes('Unknown key “k\u009b2J\u202eevil”'),
      'the JSON reads back the name as written',
    );
  }
  rmSync(path.join(dir, 'c1.yaml'));
});

test('a usage error names a hostile file name escaped, on one line of standard error', async () => {
  const r = await run(['budget', `x${HOSTILE}.yaml`]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `team-sre: cannot read 'x${SHOWN}.yaml': ENOENT\n`);
});

test('budget: an SLO name is printed escaped in the table', async () => {
  const r = await run(['budget', 'sloth.yaml', '--at', '2026-11-24T12:00:00Z']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.split('\n')[0], `checkout-avail${SHOWN} (Sloth (prometheus/v1))`);
  assertInert(r.stdout);
});

test('budget --prometheus: a Prometheus error body is printed escaped, on stdout and stderr', async () => {
  const prometheus = createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: `parse error${HOSTILE}` }));
  });
  await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(prometheus.address() as { port: number }).port}`;
  try {
    const r = await run(['budget', 'sloth.yaml', '--at', '2026-11-24T12:00:00Z', '--prometheus', url]);
    assert.equal(r.code, 1);
    const why = `Prometheus rejected the query: parse error${SHOWN}`;
    assert.equal(r.stderr, `team-sre: checkout-avail${SHOWN}: ${why}\n`);
    assert.ok(r.stdout.includes(`\n  ! live: ${why}\n`), r.stdout);
    assertInert(r.stdout);
    assertInert(r.stderr);
  } finally {
    prometheus.close();
  }
});

test('postmortem new: a template warning and the path written are printed escaped', async () => {
  const ws = path.join(dir, 'pm');
  const templates = path.join(ws, '.team-sre', 'templates');
  mkdirSync(templates, { recursive: true });
  const name = 'a\x1b[2J\n::error::x';
  writeFileSync(path.join(templates, `${name}.md`), '# {{title}}\n\nAsk {{nope}}.\n');
  const r = await run(
    ['postmortem', 'new', '--title', 'Queue full', '--start', '2026-11-20', '--dir', `out\x1b[2J`],
    ws,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stderr,
    'team-sre: warning: .team-sre/templates/a\\u001b[2J\\n::error::x.md: Unknown placeholder “{{nope}}” on line 3, left as it is.\n',
  );
  assert.equal(r.stdout, 'out\\u001b[2J/2026-11-20-queue-full.md\n');
});
