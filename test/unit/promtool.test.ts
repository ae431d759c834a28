// Differential test of PromQL checking against the real Prometheus parser: `promtool check rules` on a rule
// file of good and bad expressions must reject exactly the ones we report, at the column we report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promqlProblem } from '../../src/language/syntax/promql.js';

const version = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const missing = version.error
  ? 'promtool is not installed: `apt-get install prometheus` provides it (.ci/run installs it)'
  : false;

/** Expressions whose verdict is the same for Prometheus 2.42 (Debian 12's promtool) and today's parser. */
const EXPRESSIONS = [
  // rejected
  'sum_over_time(probe_success{job="x"} == 0[5m])',
  '(foo)[5m]',
  'foo offset 1m [5m]',
  'foo @ 100 [5m]',
  'foo[0s]',
  '1[5m:]',
  'label_replace(foo, "a", "b", "c")',
  'round(foo, 1, 2)',
  'time(foo)',
  'rate(foo)',
  'absent(foo[5m])',
  'vector(foo)',
  'scalar(foo[5m])',
  'clamp(foo, 1)',
  'rate(sum(foo[5m]))',
  '1 == 1',
  'a + bool b',
  '"a" + 1',
  'a == b[5m]',
  'a * b[5m:]',
  'a and 1',
  'a unless ignoring(x) group_right b',
  'a - on(x) 1',
  'a and on(x) group_left(x) b',
  '-foo[5m]',
  'a + -b[5m]',
  '-"a"',
  'topk("a", foo)',
  'quantile(foo, bar)',
  'count_values(1, foo)',
  'topk(foo)',
  'sum(a, b)',
  'sum(rate(a[5m])) - sum(rate(a[5m])) offset 1d',
  'sum(x) @ 100',
  'rate(foo[5m]) offset 1m offset 1m',
  'foo offset 1m offset 2m',
  'foo @ 1 @ 2',
  'foo @ 1e30',
  'a + b offset 5m [10m]',
  '{job=""}',
  '{job=~".*"}',
  '{job!~".+"}',
  'foo{__name__="bar"}',
  'mad_over_time(foo[5m])',
  'limitk(1, foo)',
  'foo[5m+1m]',
  // accepted
  'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))',
  'a - b offset 1d',
  '-a offset 5m',
  'a + b @ 1609746000',
  'rate(x[5m]) / rate(x[5m] offset 1d)',
  'foo[5m] offset 1m',
  'foo offset 5m @ 100',
  'sum_over_time((count(up < 0.75))[1h:]) OR on() vector(0)',
  'avg_over_time((a == 1)[5m:1m])',
  '(sum(rate(x[5m])) > 0)[1h:5m]',
  '1 > bool 2',
  'a > bool on(x) group_left(y) b',
  'sum by (job) (rate(a[5m])) / on(job) group_left sum by (job) (rate(b[5m]))',
  'histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))',
  'quantile(0.9, foo)',
  'count_values("v", foo)',
  '{__name__="a",__name__="b"}',
  '{job=~".+"}',
  'label_replace(up, "a", "$1", "b", "(.*)")',
  'round(foo, 0.5)',
  'a or on() b',
  'sum(foo)[5m:1m]',
];

test('promtool rejects exactly the expressions we report, at the same column', { skip: missing }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-promtool-'));
  try {
    const file = path.join(dir, 'rules.yml');
    const rules = EXPRESSIONS.map((q, i) => `      - record: r:${i}\n        expr: ${JSON.stringify(q)}\n`);
    writeFileSync(file, `groups:\n  - name: g\n    rules:\n${rules.join('')}`);
    const run = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    const theirs = new Map<number, { column: number; message: string }>();
    for (const line of `${run.stdout}\n${run.stderr}`.split('\n')) {
      const m = /rule (\d+), "r:\d+": could not parse expression: 1:(\d+): parse error: (.*)$/.exec(line);
      if (m) theirs.set(Number(m[1]) - 1, { column: Number(m[2]), message: m[3]! });
    }
    assert.ok(theirs.size > 0, `promtool reported nothing:\n${run.stdout}${run.stderr}`);
    const disagreements: string[] = [];
    EXPRESSIONS.forEach((q, i) => {
      const ours = promqlProblem(q);
      const prom = theirs.get(i);
      if (!ours !== !prom)
        disagreements.push(`${q}: ours ${ours?.message ?? 'ok'}, promtool ${prom?.message ?? 'ok'}`);
      else if (ours && prom && ours.message === prom.message && ours.from + 1 !== prom.column)
        disagreements.push(`${q}: ours at column ${ours.from + 1}, promtool at ${prom.column}`);
    });
    assert.deepEqual(disagreements, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
