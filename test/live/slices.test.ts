// Time slices counted inside Prometheus (one subquery per figure), against a real Prometheus with the known history:
// the figures equal a slice-by-slice reading of the same SLI (range queries, each slice judged here), and a window
// of far more slices than one read counts is refused before any query is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { AT } from './history.js';
import { roundedBound } from '../../src/prometheus/values.js';
import { cli, historyPrometheus } from './harness.js';

const prom = historyPrometheus();

interface Live {
  sli: number;
  budgetRemaining: number;
  slices: { length: string; counted: number; bad: number; empty: number; inWindow: number };
  burnDown: { step: number; points: Array<[number, number | null]> };
  notes: string[];
  queries: Array<{ purpose: string; query: string; type: string }>;
}
interface Report {
  name: string;
  live?: Live;
  liveError?: { kind: string; message: string; query?: string };
}

async function budget(
  file: string,
  slo: string,
  url = prom.url,
): Promise<{ status: number | null; report: Report }> {
  const r = await cli([
    'budget',
    file,
    '--slo',
    slo,
    '--prometheus',
    url,
    '--at',
    AT.toISOString(),
    '--timeout',
    '120',
    '--json',
  ]);
  return { status: r.status, report: (JSON.parse(r.stdout) as Report[])[0]! };
}

/** The sum of a query's series at each step, read as the slice-by-slice reading did: range queries of ≤ 11 000 points. */
async function perStep(
  query: string,
  first: number,
  last: number,
  step: number,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let s = first; s <= last; s += step * 11_000) {
    const e = Math.min(last, s + step * 10_999);
    const body = new URLSearchParams({ query, start: String(s), end: String(e), step: String(step) });
    const r = (await (await fetch(`${prom.url}/api/v1/query_range`, { method: 'POST', body })).json()) as {
      data: { result: Array<{ values: Array<[number, string]> }> };
    };
    for (const series of r.data.result)
      for (const [t, v] of series.values) out.set(t, (out.get(t) ?? 0) + Number(v));
  }
  return out;
}

/** Each slice ending at `first`, `first + step`, … `last`: its good ratio, NaN without data. */
async function sliceRatios(
  read: (first: number, last: number) => Promise<Map<number, number>>,
  first: number,
  last: number,
  step: number,
): Promise<number[]> {
  const values = await read(first, last);
  const out: number[] = [];
  for (let t = first; t <= last; t += step) out.push(values.get(t) ?? Number.NaN);
  return out;
}

/** What the slice-by-slice reading made of the slices: bad ones, empty ones, the mean good ratio. */
function judge(good: number[], isBad: (g: number) => boolean) {
  const withData = good.filter((g) => !Number.isNaN(g));
  return {
    counted: good.length,
    bad: withData.filter(isBad).length,
    empty: good.length - withData.length,
    mean: withData.reduce((a, b) => a + b, 0) / withData.length,
  };
}

const at = AT.getTime() / 1000;
const q = {
  bad: (w: string) => `sum(rate(http_requests_total{job="checkout",code=~"5.."}[${w}]))`,
  good: (w: string) => `sum(rate(http_requests_total{job="checkout",code!~"5.."}[${w}]))`,
  total: (w: string) => `sum(rate(http_requests_total{job="checkout"}[${w}]))`,
};

test('Timeslices counted in Prometheus equal the slice-by-slice reading: a calendar month of 1-minute slices', async () => {
  const first = Date.UTC(2026, 10, 1, 0, 1) / 1000;
  const good = await sliceRatios(
    async (f, l) => {
      const [bad, total] = [await perStep(q.bad('1m'), f, l, 60), await perStep(q.total('1m'), f, l, 60)];
      return new Map([...bad].map(([t, b]) => [t, total.get(t)! > 0 ? 1 - b / total.get(t)! : Number.NaN]));
    },
    first,
    at,
    60,
  );
  const truth = judge(good, (g) => g < roundedBound(0.999, '<'));
  const { status, report } = await budget('../live-slices/slices.yaml', 'month-of-minutes');
  assert.equal(status, 0, JSON.stringify(report.liveError));
  const l = report.live!;
  assert.deepEqual(l.slices, {
    length: '1m',
    counted: truth.counted,
    bad: truth.bad,
    empty: 0,
    inWindow: 43_200,
  });
  assert.deepEqual([truth.counted, truth.bad], [13_680, 1135]);
  assert.equal(l.sli, Number(((truth.counted - truth.bad) / truth.counted).toPrecision(10)));
  assert.equal(l.budgetRemaining, Number((1 - truth.bad / (0.01 * 43_200)).toPrecision(10)));
  // Answers of one number each: no query sends a point per slice.
  assert.ok(l.queries.length <= 20, `${l.queries.length} queries`);
  assert.equal(l.queries.filter((x) => x.type === 'range').length, 1, 'one range query: the burn-down');
  assert.equal(
    l.queries.find((x) => x.purpose === 'bad 1m slices')!.query,
    'count_over_time(((1 - (sum(sum(rate(http_requests_total{job="checkout",code=~"5.."}[1m]))) or vector(0)) / (sum(sum(rate(http_requests_total{job="checkout"}[1m]))) > 0)) < 0.998999999001)[9d11h59m59s:1m])',
  );
  // The burn-down: after every 23 slices (13 680 / 600, rounded up), then after the last one.
  assert.equal(l.burnDown.step, 23 * 60);
  assert.deepEqual(l.burnDown.points.at(-1), [at, l.budgetRemaining]);
  let bad = 0;
  good.forEach((g, i) => {
    if (g < roundedBound(0.999, '<')) bad++;
    if (i % 23 === 22)
      assert.deepEqual(l.burnDown.points[(i - 22) / 23], [
        first + i * 60,
        Number((1 - bad / 432).toPrecision(10)),
      ]);
  });
});

test('RatioTimeslices and slices without traffic: left out of the mean, as the slice-by-slice reading did', async () => {
  const first = at - 14 * 86_400 + 300;
  const good = await sliceRatios(
    async (f, l) => {
      const [ok, total] = [await perStep(q.good('5m'), f, l, 300), await perStep(q.total('5m'), f, l, 300)];
      return new Map(
        [...ok].map(([t, g]) => [
          t,
          total.get(t)! > 0 ? 1 - (total.get(t)! - g) / total.get(t)! : Number.NaN,
        ]),
      );
    },
    first,
    at,
    300,
  );
  const truth = judge(good, (g) => g < roundedBound(0.999, '<'));
  assert.deepEqual([truth.counted, truth.bad, truth.empty], [4032, 1063, 1296]);
  const { report } = await budget('../live-slices/slices.yaml', 'two-weeks-ratio-slices');
  const l = report.live!;
  assert.deepEqual(l.slices, { length: '5m', counted: 4032, bad: 1063, empty: 1296, inWindow: 4032 });
  assert.equal(l.sli, Number(truth.mean.toPrecision(10)));
  assert.equal(l.budgetRemaining, Number((1 - (1 - truth.mean) / 0.001).toPrecision(10)));
  assert.deepEqual(l.notes, ['1296 of 4032 slices had no traffic: they are left out of the mean.']);
});

test('Timeslices of a threshold and of a raw ratio: empty slices count as good, as the slice-by-slice reading did', async () => {
  const first = at - 14 * 86_400 + 600;
  const raw = `${q.bad('10m')} / ${q.total('10m')}`;
  const good = await sliceRatios(
    async (f, l) => new Map([...(await perStep(raw, f, l, 600))].map(([t, r]) => [t, 1 - r])),
    first,
    at,
    600,
  );
  const truth = judge(good, (g) => g < roundedBound(0.998, '<'));
  const { report } = await budget('../live-slices/slices.yaml', 'two-weeks-raw-slices');
  assert.deepEqual(report.live!.slices, {
    length: '10m',
    counted: truth.counted,
    bad: truth.bad,
    empty: truth.empty,
    inWindow: 2016,
  });
  assert.deepEqual([truth.bad, truth.empty], [9, 648]);
  assert.equal(report.live!.sli, Number(((2016 - truth.bad) / 2016).toPrecision(10)));

  const latency = await sliceRatios(
    async (f, l) =>
      new Map(
        [...(await perStep('max(checkout_p99_seconds{job="checkout"})', f, l, 60))].map(([t, v]) => [
          t,
          v < roundedBound(0.45, '<') ? 1 : 0,
        ]),
      ),
    at - 14 * 86_400 + 60,
    at,
    60,
  );
  const threshold = judge(latency, (g) => g < 1);
  const ratio = await budget('../live-slices/slices.yaml', 'latency-ratio-slices');
  assert.deepEqual(ratio.report.live!.slices, {
    length: '1m',
    counted: threshold.counted,
    bad: threshold.bad,
    empty: threshold.empty,
    inWindow: 20_160,
  });
  assert.equal(ratio.report.live!.sli, Number(threshold.mean.toPrecision(10)));
});

test('a slice SLI outside 0–100 % is an error of its own, with the query that found it', async () => {
  const { status, report } = await budget('../live-slices/century.yaml', 'inverted-ratio');
  assert.equal(status, 1);
  assert.equal(report.liveError!.kind, 'below-zero');
  assert.equal(
    report.liveError!.message,
    'For a 10m slice, the SLI comes out at -1900 %, below 0 %: the bad events outnumber the total (do the queries count the same requests?).',
  );
  assert.match(report.liveError!.query!, /^max_over_time\(\(\(1 - sum\(.*\)\) >= -Inf\)\[23h59m59s:10m\]\)$/);
});

test('Timeslices whose queries match nothing are no data, not a window of good slices', async () => {
  const { status, report } = await budget('../live-slices/slices.yaml', 'no-such-metric-slices');
  assert.equal(status, 1);
  assert.equal(report.liveError!.kind, 'no-data');
  assert.equal(
    report.liveError!.message,
    'No data for any 5m slice of the window: the queries returned no traffic. Check the metric name and labels, and that Prometheus has data at that time.',
  );
  assert.match(
    report.liveError!.query!,
    /^count_over_time\(\(\(1 - .*http_request_total.* >= -Inf\)\[23h59m59s:5m\]\)$/,
  );
});

/** A proxy in front of Prometheus that counts the requests it forwards. */
async function countingProxy(): Promise<{ url: string; count: () => number; close: () => void }> {
  let count = 0;
  const target = new URL(prom.url);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    count++;
    const forward = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    count: () => count,
    close: () => server.close(),
  };
}

test('100 years of slices: 1-minute slices refused before any query, 1-hour slices answered with a few queries', async () => {
  const proxy = await countingProxy();
  try {
    for (const [slo, slices] of [
      ['century-rolling', 52_560_000],
      ['century-calendar', 14_127_120],
    ] as const) {
      const { status, report } = await budget('../live-slices/century.yaml', slo, proxy.url);
      assert.equal(status, 1);
      assert.deepEqual(report.liveError, {
        kind: 'limit',
        message: `The window holds ${slices} slices of 1m to count, above the bound of 1100000 slices per read: choose a longer timeSliceWindow or a shorter window.`,
      });
    }
    assert.equal(proxy.count(), 0, 'nothing was sent');

    const { status, report } = await budget('../live-slices/century.yaml', 'century-hours', proxy.url);
    assert.equal(status, 0, JSON.stringify(report.liveError));
    // 876 000 one-hour slices: the outage hour is the one bad slice, the hours before the history are empty.
    assert.deepEqual(report.live!.slices, {
      length: '1h',
      counted: 876_000,
      bad: 1,
      empty: 876_000 - 228,
      inWindow: 876_000,
    });
    assert.equal(proxy.count(), report.live!.queries.length);
    assert.ok(proxy.count() <= 30, `${proxy.count()} queries`);
  } finally {
    proxy.close();
  }
});
