// The same live figures from Prometheus (Debian's 2.42) and VictoriaMetrics (Debian's 1.79), both loaded with the
// history of test/live/history.ts: budget left, SLI, burn rates, burn-downs, time slices, the report's figures and a
// postmortem's error rate agree within AGREEMENT; where the engines differ by design, each figure is that engine's
// documented answer, computed here from the history. Run by `npm run test:e2e`; installs both on first use as root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import type { Report, SloBudgetRow } from '../../src/team-report/index.js';
import { roundedBound } from '../../src/prometheus/values.js';
import { cli as run, historyPrometheus, historyVictoriaMetrics } from './harness.js';
import { AT, AT_MINUTE, errorRatio, events, T0 } from './history.js';

/**
 * How far apart, relatively, the two engines' figures may be when read at a whole minute (every read here but the
 * last test's). Prometheus extrapolates rate() from the first and last samples inside [t − w, t] to the window's
 * edges; VictoriaMetrics divides the increase since the last sample before (t − w, t] by the time between the two
 * samples, without extrapolating. The history has one sample a minute on whole minutes and every window is whole
 * minutes, so the first sample Prometheus sees sits on t − w and is the very sample VictoriaMetrics takes before its
 * window: the extrapolation stretches by w / w = 1 and both compute (v(t) − v(t − w)) / w. What is left is storage
 * and rounding: VictoriaMetrics keeps 12 significant digits of a value (5e-13 relative), a ratio of two of them is
 * off by 1e-12, and live figures are rounded to 10 significant digits (5e-11): 1e-9 holds that with room to spare.
 * Relative to the larger figure, or to 1 for figures below 1 in size (a budget left near 0 is compared absolutely).
 */
const AGREEMENT = 1e-9;

/**
 * Read between samples (30 s after a whole minute), the engines see different minutes. Prometheus 2 has the samples
 * of the last w − 1 minutes inside [t − w, t] and extrapolates their rate to w: the error ratio of w − 1 minutes.
 * VictoriaMetrics adds the increase from the sample before its window: the error ratio of w minutes. Their relative
 * difference is |r(w) / r(w − 1) − 1|, which the history fixes at AT for each window of the Sloth SLO below:
 * 5m 0.147 (the fifth minute back holds 5 extra errors), 30m 0.0135, 1h 0.0207, 2h 0.0088, 6h 0.0013,
 * 1d 3.6e-4, 3d 7.5e-5, 7d 1.1e-4. The largest of them bounds the whole read.
 */
const BETWEEN_SAMPLES = 0.148;

const cli = (args: string[]) => run(args, { TEAM_SRE_PROMETHEUS_TOKEN: '' });
const prom = historyPrometheus();
const vm = historyVictoriaMetrics();
const COMMON = ['--sloth-period', '7d', '--timeout', '120', '--json'];
const WEEK = 10080;

interface Live {
  at: string;
  queries: Array<{ purpose: string; query: string }>;
  source: string;
  sli: number;
  budgetRemaining: number;
  burnRates: Record<string, number | null>;
  slices?: { length: string; counted: number; bad: number; empty: number; inWindow: number };
  burnDown: { step: number; points: Array<[number, number | null]>; meaning: string };
  measured: { start: string; end: string; window: string };
  notes: string[];
}
interface Entry {
  name: string;
  objective?: string;
  live?: Live;
  liveError?: { kind: string; message: string; query?: string };
}

async function budget(url: string, file: string, extra: string[] = [], at = AT): Promise<Entry[]> {
  const r = await cli(['budget', file, '--prometheus', url, '--at', at.toISOString(), ...COMMON, ...extra]);
  return JSON.parse(r.stdout) as Entry[];
}

/** The largest relative difference seen between the engines' figures, for the diagnostics. */
let widest = 0;

const difference = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1);

function agree(p: number | null | undefined, v: number | null | undefined, what: string, within = AGREEMENT) {
  if (p === null || v === null || p === undefined || v === undefined) {
    assert.equal(v, p, what);
    return;
  }
  const d = difference(p, v);
  if (within === AGREEMENT) widest = Math.max(widest, d);
  assert.ok(d <= within, `${what}: Prometheus ${p}, VictoriaMetrics ${v} (${d.toExponential(2)} apart)`);
}

/** Two engines' reads of one objective: the same figures, within AGREEMENT, and the same words. */
function sameLive(p: Entry, v: Entry, what: string) {
  assert.equal(v.name, p.name, what);
  if (p.liveError || v.liveError) {
    assert.equal(
      v.liveError?.kind,
      p.liveError?.kind,
      `${what}: ${JSON.stringify([p.liveError, v.liveError])}`,
    );
    // The engines word a refused query each in their own way; every other failure is said by this project.
    if (p.liveError?.kind !== 'promql') assert.deepEqual(v.liveError, p.liveError, what);
    return;
  }
  const [a, b] = [p.live!, v.live!];
  assert.deepEqual(
    [b.at, b.source, b.measured, b.slices, b.notes, b.burnDown.step, b.burnDown.meaning],
    [a.at, a.source, a.measured, a.slices, a.notes, a.burnDown.step, a.burnDown.meaning],
    what,
  );
  agree(a.sli, b.sli, `${what} SLI`);
  agree(a.budgetRemaining, b.budgetRemaining, `${what} budget left`);
  assert.deepEqual(Object.keys(b.burnRates), Object.keys(a.burnRates), what);
  for (const w of Object.keys(a.burnRates)) agree(a.burnRates[w], b.burnRates[w], `${what} burn rate ${w}`);
  assert.deepEqual(
    b.burnDown.points.map(([t]) => t),
    a.burnDown.points.map(([t]) => t),
    `${what}: burn-down times`,
  );
  a.burnDown.points.forEach(([t, x], i) => agree(x, b.burnDown.points[i]![1], `${what} burn-down at ${t}`));
}

test('every SLO of the live fixtures: the same budget left, SLI, burn rates, burn-down and slices from both engines', async (t) => {
  const reads: Array<[string, string[]]> = [
    ['openslo.yaml', []],
    ['sloth.yaml', []],
    ['pyrra.yaml', []],
    ['failures.yaml', []],
    ...[
      'two-weeks-ratio-slices',
      'two-weeks-raw-slices',
      'latency-ratio-slices',
      'no-such-metric-slices',
    ].map((slo): [string, string[]] => ['../live-slices/slices.yaml', ['--slo', slo]]),
    ['../live-slices/century.yaml', ['--slo', 'inverted-ratio']],
  ];
  let read = 0;
  let sliced = 0;
  for (const [file, extra] of reads) {
    const [p, v] = await Promise.all([budget(prom.url, file, extra), budget(vm.url, file, extra)]);
    assert.equal(v.length, p.length, file);
    p.forEach((entry, i) => sameLive(entry, v[i]!, `${file} ${entry.name}`));
    read += p.filter((e) => e.live).length;
    sliced += p.filter((e) => e.live?.slices).length;
  }
  assert.deepEqual([read, sliced], [10, 4], 'objectives read live, of them by time slices');

  // And the figures are the history's, not only the same twice: the rolling week of the Sloth SLO.
  const [availability] = await budget(vm.url, 'sloth.yaml', ['--slo', 'availability']);
  const ratio = errorRatio(AT_MINUTE, WEEK);
  assert.equal(availability!.live!.sli.toPrecision(9), (1 - ratio).toPrecision(9));
  assert.equal(availability!.live!.budgetRemaining.toPrecision(9), (1 - ratio / 0.001).toPrecision(9));
  t.diagnostic(`widest relative difference between the engines: ${widest.toExponential(1)}`);
});

test('876 000 slices in VictoriaMetrics: counted in parts after one refusal, its refused burn-down said in a note', async () => {
  const [century] = await budget(vm.url, '../live-slices/century.yaml', ['--slo', 'century-hours']);
  const l = century!.live!;
  // The figures Prometheus gives in one subquery each (test/live/slices.test.ts).
  assert.deepEqual(l.slices, {
    length: '1h',
    counted: 876_000,
    bad: 1,
    empty: 876_000 - 228,
    inWindow: 876_000,
  });
  // The first figure is refused as one subquery over every slice and read again in parts; the others go in parts.
  const highest = l.queries.filter((q) => q.purpose === 'the highest 1h slice SLI');
  assert.deepEqual(
    highest.map((q) => q.query.startsWith('max_over_time(')),
    [true, false],
  );
  const bad = l.queries.filter((q) => q.purpose === 'bad 1h slices');
  assert.equal(bad.length, 1);
  assert.equal(bad[0]!.query.match(/label_replace\(count_over_time/g)?.length, Math.ceil(876_000 / 20_000));
  assert.deepEqual(l.notes, [
    `${vm.url} refused the burn-down over 876000 slices of 1h (498423; cannot exceed -search.maxPointsPerTimeseries=30000): only the last point is shown.`,
    '875772 of 876000 slices had no data: they count as good (nothing failed in them).',
  ]);
  assert.deepEqual(l.burnDown.points, [[AT.getTime() / 1000, l.budgetRemaining]]);
});

test('1-minute slices of rate(…[1m]) over 1-minute samples: each engine answers as it documents', async (t) => {
  // Prometheus 2 finds the two samples on the window's edges and reads that minute. VictoriaMetrics before 1.85.3
  // widens a rate() window shorter than 1.125 scrape intervals to hold two samples, then adds the one before:
  // its 1-minute slice ending at minute m is the error ratio of minutes m − 1 and m.
  const first = (Date.UTC(2026, 10, 1, 0, 1) / 1000 - T0) / 60;
  const bad = (minutes: (m: number) => number) => {
    let n = 0;
    for (let m = first; m <= AT_MINUTE; m++) {
      const e = events(m, minutes(m));
      if (1 - e.errors / e.total < roundedBound(0.999, '<')) n++;
    }
    return n;
  };
  const month = ['--slo', 'month-of-minutes'];
  const [[p], [v]] = await Promise.all([
    budget(prom.url, '../live-slices/slices.yaml', month),
    budget(vm.url, '../live-slices/slices.yaml', month),
  ]);
  assert.deepEqual([p!.live!.slices!.bad, v!.live!.slices!.bad], [bad(() => 1), bad((m) => Math.min(2, m))]);
  assert.deepEqual([p!.live!.slices!.bad, v!.live!.slices!.bad], [1135, 2182]);
  assert.equal(v!.live!.slices!.counted, p!.live!.slices!.counted);
  t.diagnostic('bad slices: 1135 in Prometheus, 2182 in VictoriaMetrics 1.79, each as the history says');
});

test('report --prometheus: the same live figures from both engines', async () => {
  const report = async (url: string) => {
    const r = await cli([
      ...['report', '--format', 'json', '--prometheus', url],
      ...['--at', AT.toISOString(), '--sloth-period', '7d'],
    ]);
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as Report).services.flatMap((s) =>
      s.slos.map((slo) => ({ ...slo, service: s.service })),
    );
  };
  const [p, v] = await Promise.all([report(prom.url), report(vm.url)]);
  assert.equal(v.length, p.length);
  let compared = 0;
  p.forEach((row, i) => {
    const other = v[i]!;
    assert.equal('error' in other, 'error' in row);
    if ('error' in row || 'error' in other) return;
    const [a, b] = [row as SloBudgetRow, other as SloBudgetRow];
    const what = `${a.file} ${a.name}`;
    assert.deepEqual([b.file, b.name, b.objective], [a.file, a.name, a.objective], what);
    assert.equal(b.liveError?.kind, a.liveError?.kind, what);
    if (!a.live || !b.live) return;
    compared++;
    agree(a.live.sli, b.live.sli, `${what} SLI`);
    agree(a.live.budgetRemaining, b.live.budgetRemaining, `${what} budget left`);
    for (const w of Object.keys(a.live.burnRates))
      agree(a.live.burnRates[w], b.live.burnRates[w], `${what} burn rate ${w}`);
    assert.deepEqual(b.live.firing, a.live.firing, what);
  });
  assert.ok(compared >= 6, `${compared} SLOs read live`);
});

test('postmortem new --prometheus: the same error rate over the incident from both engines', async (t) => {
  const iso = (m: number) => new Date((T0 + m * 60) * 1000).toISOString();
  const rate = async (url: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-pm-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const r = await cli([
      ...['postmortem', 'new', '--title', 'Checkout errors', '--start', iso(AT_MINUTE - 40)],
      ...['--end', iso(AT_MINUTE - 10), '--slo', 'openslo.yaml#checkout-availability'],
      ...['--prometheus', url, '--dir', dir],
    ]);
    assert.equal(r.status, 0, r.stderr);
    const written = path.join(dir, path.basename(r.stdout.trim()));
    const front = parse(readFileSync(written, 'utf8').split(/^---$/m)[1]!) as {
      slos: Array<{ errorRate?: number }>;
    };
    return front.slos[0]!.errorRate;
  };
  const [p, v] = await Promise.all([rate(prom.url), rate(vm.url)]);
  assert.equal(p, Number(errorRatio(AT_MINUTE - 10, 30).toPrecision(4)));
  assert.equal(v, p);
});

test('read between samples: each engine as it documents, apart by no more than BETWEEN_SAMPLES', async (t) => {
  const between = new Date(AT.getTime() + 30_000);
  const [[p], [v]] = await Promise.all([
    budget(prom.url, 'sloth.yaml', ['--slo', 'availability'], between),
    budget(vm.url, 'sloth.yaml', ['--slo', 'availability'], between),
  ]);
  const windows: Record<string, number> = {
    '5m': 5,
    '30m': 30,
    '1h': 60,
    '2h': 120,
    '6h': 360,
    '1d': 1440,
    '3d': 4320,
  };
  // Prometheus: the w − 1 minutes inside its window; VictoriaMetrics: w minutes from the sample before its window.
  agree(p!.live!.sli, 1 - errorRatio(AT_MINUTE, WEEK - 1), 'Prometheus SLI');
  agree(v!.live!.sli, 1 - errorRatio(AT_MINUTE, WEEK), 'VictoriaMetrics SLI');
  let apart = Math.abs(v!.live!.budgetRemaining / p!.live!.budgetRemaining - 1);
  for (const [w, minutes] of Object.entries(windows)) {
    agree(p!.live!.burnRates[w], errorRatio(AT_MINUTE, minutes - 1) / 0.001, `Prometheus burn rate ${w}`);
    agree(v!.live!.burnRates[w], errorRatio(AT_MINUTE, minutes) / 0.001, `VictoriaMetrics burn rate ${w}`);
    const d = Math.abs(v!.live!.burnRates[w]! / p!.live!.burnRates[w]! - 1);
    const explained = Math.abs(errorRatio(AT_MINUTE, minutes) / errorRatio(AT_MINUTE, minutes - 1) - 1);
    assert.ok(Math.abs(d - explained) <= AGREEMENT * 10, `${w}: ${d} apart, ${explained} explained`);
    apart = Math.max(apart, d);
  }
  assert.ok(apart <= BETWEEN_SAMPLES, `${apart} apart`);
  t.diagnostic(`between samples the engines are at most ${apart.toPrecision(3)} apart (the 5m burn rate)`);
});
