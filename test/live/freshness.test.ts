// How old the data is, against a real Prometheus: data that stopped arriving is said once with its age and gets
// no burn rate; series that are fresh but count nothing are "no traffic"; no series at all is "no data".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AT, AT_MINUTE, MINUTES, T0, openMetrics } from './history.js';
import { cli, ROOT, type Prom } from './harness.js';

interface LiveJson {
  name: string;
  live?: {
    burnRates: Record<string, number | null>;
    alertsNow: Array<{ fires: boolean | null; text: string }>;
    freshness?: { newestSample: string; ageSeconds: number; stale: boolean };
    notes: string[];
    queries: Array<{ purpose: string; query: string }>;
  };
  liveError?: { kind: string; message: string };
}

const SLOTH_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
/** The history's last sample: minute MINUTES, 2026-11-11T00:00:00Z. */
const HISTORY_END = T0 + MINUTES * 60;
/** `idle` counts requests until 90 minutes before AT, then nothing: its series stay, with fresh samples. */
const IDLE_FROM = AT_MINUTE - 90;

function idleSeries(): string {
  const out = ['# TYPE idle_requests counter'];
  for (const code of ['200', '500']) {
    let c = 0;
    for (let m = 0; m <= MINUTES; m++) {
      if (m > 0 && m <= IDLE_FROM) c += code === '500' ? 1 : 999;
      out.push(`idle_requests_total{job="idle",code="${code}"} ${c} ${T0 + m * 60}`);
    }
  }
  return out.join('\n');
}

const slo = (name: string, metric: string, job: string) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: ${job}
  indicator:
    metadata:
      name: ${name}-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(${metric}{job="${job}",code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(${metric}{job="${job}"}[5m]))
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 7d
      isRolling: true
  objectives:
    - target: 0.999
`;

let dir: string;
let prom: Prom | undefined;
let sloFile: string;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'team-sre-fresh-'));
  const { startPrometheus } = (await import(path.join(ROOT, 'scripts', 'prometheus.mjs'))) as {
    startPrometheus: (dir: string, om: string) => Promise<Prom>;
  };
  const history = openMetrics().replace(/# EOF\n?$/, `${idleSeries()}\n# EOF\n`);
  prom = await startPrometheus(path.join(dir, 'prometheus'), history);
  mkdirSync(path.join(dir, 'ws'));
  sloFile = path.join(dir, 'ws', 'slos.yaml');
  writeFileSync(
    sloFile,
    [
      slo('checkout', 'http_requests_total', 'checkout'),
      slo('idle', 'idle_requests_total', 'idle'),
      slo('ghost', 'ghost_requests_total', 'ghost'),
    ].join('---\n'),
  );
});

after(async () => {
  await prom?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function live(name: string, at: Date, json = true) {
  const r = await cli([
    'budget',
    sloFile,
    '--slo',
    name,
    '--prometheus',
    prom!.url,
    '--at',
    at.toISOString(),
    ...(json ? ['--json'] : []),
  ]);
  return { ...r, entries: json ? (JSON.parse(r.stdout) as LiveJson[]) : [] };
}

const STALE_AT = new Date((HISTORY_END + (3 * 60 + 12) * 60) * 1000); // 2026-11-11T03:12:00Z
const STALE_NOTE =
  'Data is 3 h 12 min old (newest sample 2026-11-11 00:00 UTC): burn rates over the last 5m, 30m, 1h, 2h, 6h, 1d and 3d are not computed.';

test('data 3 h 12 min old: said once with its age, no burn rate, neither "no data" nor "no traffic"', async () => {
  const { entries } = await live('checkout', STALE_AT);
  const l = entries[0]!.live!;
  assert.equal(entries[0]!.liveError, undefined);
  assert.deepEqual(l.notes, [STALE_NOTE]);
  assert.deepEqual(l.burnRates, Object.fromEntries(SLOTH_WINDOWS.map((w) => [w, null])));
  // Whether an alert would fire is not guessed from stale data either.
  assert.deepEqual(
    [...new Set(l.alertsNow.map((a) => `${a.fires} ${a.text}`))],
    ['null Unknown — data 3 h 12 min old'],
  );
  assert.deepEqual(l.freshness, { newestSample: '2026-11-11T00:00:00.000Z', ageSeconds: 11520, stale: true });
  // One query learns it, and no burn rate is asked for.
  const newest = l.queries.filter((q) => q.purpose === 'the newest sample of the SLI');
  assert.equal(newest.length, 1);
  assert.equal(l.queries.filter((q) => q.purpose.startsWith('the burn rate')).length, 0);

  const text = await live('checkout', STALE_AT, false);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^ {4}burn rate: 5m - · 30m - · 1h - · 2h - · 6h - · 1d - · 3d -$/m);
  assert.ok(text.stdout.includes(`\n    ${STALE_NOTE}\n`), text.stdout);
  assert.doesNotMatch(text.stdout, /No traffic|No data/);
});

test('fresh data: its age is known, the burn rates are computed, no note', async () => {
  const { entries } = await live('checkout', AT);
  const l = entries[0]!.live!;
  assert.deepEqual(l.freshness, { newestSample: AT.toISOString(), ageSeconds: 0, stale: false });
  assert.deepEqual(l.notes, []);
  for (const w of SLOTH_WINDOWS) assert.equal(typeof l.burnRates[w], 'number', w);
});

test('fresh series counting nothing: "no traffic" once per window without traffic, never "stale" or "no data"', async () => {
  const { entries } = await live('idle', AT);
  const l = entries[0]!.live!;
  assert.equal(l.freshness?.stale, false);
  assert.deepEqual(l.notes, [
    'No traffic over the last 5m: no burn rate.',
    'No traffic over the last 30m: no burn rate.',
    'No traffic over the last 1h: no burn rate.',
  ]);
  assert.deepEqual(
    SLOTH_WINDOWS.filter((w) => l.burnRates[w] === null),
    ['5m', '30m', '1h'],
  );
});

test('no series at all: "no data", not "stale" and not "no traffic"', async () => {
  const { entries } = await live('ghost', AT);
  assert.equal(entries[0]!.live, undefined);
  assert.equal(entries[0]!.liveError?.kind, 'no-data');
  assert.match(
    entries[0]!.liveError!.message,
    /^No data for the SLI over 7d \(good events\): the query returned no series\./,
  );
});

test('the report says the data is stale in place of the burn rates', async () => {
  const args = ['report', '--prometheus', prom!.url, '--at', STALE_AT.toISOString(), path.join(dir, 'ws')];
  const json = await cli([...args, '--format', 'json']);
  assert.equal(json.status, 0, json.stderr);
  const report = JSON.parse(json.stdout) as {
    services: Array<{ slos: Array<{ name: string; live?: { stale?: string; burnRates: object } }> }>;
  };
  const rows = report.services.flatMap((s) => s.slos);
  assert.equal(rows.find((r) => r.name === 'checkout')!.live!.stale, STALE_NOTE);
  const md = await cli([...args, '--format', 'md']);
  // In the checkout row's Burn rates cell, Markdown-escaped.
  assert.ok(md.stdout.includes(`(over budget) | ${STALE_NOTE.replace(/[()]/g, '\\$&')} |\n`), md.stdout);
  assert.doesNotMatch(md.stdout, /5m – · 30m –|No traffic/);
});
