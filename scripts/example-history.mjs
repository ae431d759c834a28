// 29 days of made-up metrics for the SLOs of examples/, one sample a minute, ending at a given time: what
// `npm start` and the end-to-end tests load into a local Prometheus so the preview has a live budget to show.
// Checkout fails at 0.05 %, with a 20-minute 10 % incident two days ago and a 3 % one that ended 20 minutes ago.
// After the history ends, an exporter serves the same counters going on with the same pattern (no incident), so
// a Prometheus scraping it keeps data as fresh as a real service's.
import { createServer } from 'node:http';

const DAYS = 29;

/** `a` modulo `n`, never negative: the pattern of minute m goes on for the minutes after the end (m < 0). */
const mod = (a, n) => ((a % n) + n) % n;

/**
 * Requests and errors in minute m (0 = the last minute of the history, negative after it), per service, and
 * the checkout latency buckets.
 */
export function exampleMinute(m) {
  const checkout = 3000 + 1000 * mod(m * 37, 7);
  let checkoutErrors = checkout * 0.0005;
  let slow = false;
  if (m >= 2 * 1440 && m < 2 * 1440 + 20) {
    checkoutErrors = checkout * 0.1;
    slow = true;
  } else if (m >= 20 && m < 35) {
    checkoutErrors = checkout * 0.03;
    slow = true;
  }
  const payments = 2000 + 500 * mod(m * 13, 3);
  const search = 1000 + 200 * mod(m * 7, 5);
  return {
    checkout,
    checkoutErrors,
    // Share of checkout requests under each latency bucket.
    checkoutBuckets: slow
      ? { 0.25: 0.3, 0.5: 0.6, 1: 0.9, 2.5: 1 }
      : { 0.25: 0.9, 0.5: 0.995, 1: 0.999, 2.5: 1 },
    payments,
    paymentsErrors: payments * (mod(m, 11) === 0 ? 0.002 : 0.0002),
    search,
    searchFast: search * (mod(m, 17) === 0 ? 0.9 : 0.97),
  };
}

/** What each counter (by series key) grows by in minute m. */
export function exampleIncrements(m) {
  const x = exampleMinute(m);
  const out = new Map();
  const bump = (key, by) => out.set(key, (out.get(key) ?? 0) + by);
  bump('http_requests_total{job="checkout",code="200"}', x.checkout - x.checkoutErrors);
  bump('http_requests_total{job="checkout",code="502"}', x.checkoutErrors);
  bump('http_requests_total{job="payments-api",code="200"}', x.payments - x.paymentsErrors);
  bump('http_requests_total{job="payments-api",code="500"}', x.paymentsErrors);
  for (const [le, share] of Object.entries(x.checkoutBuckets))
    bump(`http_request_duration_seconds_bucket{job="checkout",le="${le}"}`, x.checkout * share);
  bump('http_request_duration_seconds_bucket{job="checkout",le="+Inf"}', x.checkout);
  bump('http_request_duration_seconds_count{job="checkout"}', x.checkout);
  bump('http_request_duration_seconds_bucket{job="search",le="0.5"}', x.searchFast);
  bump('http_request_duration_seconds_bucket{job="search",le="+Inf"}', x.search);
  bump('http_request_duration_seconds_count{job="search"}', x.search);
  return out;
}

const rounded = (value) => Math.round(value * 1000) / 1000;

/** The history's last sample time for an end given in seconds: the whole minute at or before it. */
export const historyEnd = (endSeconds) => Math.floor(endSeconds / 60) * 60;

/**
 * The counters of the history ending at `endSeconds`, sample by sample: `each(t, totals)` is called for every
 * minute of the history, oldest first; returns the totals at the end.
 */
function walkHistory(endSeconds, each = () => {}) {
  const end = historyEnd(endSeconds);
  const totals = new Map();
  for (let m = DAYS * 1440; m >= 0; m--) {
    for (const [key, by] of exampleIncrements(m)) totals.set(key, (totals.get(key) ?? 0) + by);
    each(end - m * 60, totals);
  }
  return totals;
}

/** OpenMetrics text (for `promtool tsdb create-blocks-from openmetrics`), the last sample at `endSeconds`. */
export function exampleHistory(endSeconds) {
  const series = new Map();
  walkHistory(endSeconds, (t, totals) => {
    for (const [key, value] of totals) {
      if (!series.has(key)) series.set(key, []);
      series.get(key).push(`${key} ${rounded(value)} ${t}`);
    }
  });
  // One family per metric name, of type unknown: promtool then takes the samples as they are.
  const out = [];
  for (const name of new Set([...series.keys()].map((k) => k.slice(0, k.indexOf('{'))))) {
    out.push(`# TYPE ${name} unknown`);
    for (const [key, lines] of series) if (key.startsWith(`${name}{`)) out.push(...lines);
  }
  out.push('# EOF', '');
  return out.join('\n');
}

/**
 * The history's counters going on after `endSeconds`: `at(t)` gives each series' value at `t` (seconds), the
 * minutes after the end following the same pattern, linear within a minute, so the values continue the
 * history's last samples without a jump.
 */
export function exampleCounters(endSeconds) {
  const end = historyEnd(endSeconds);
  const totals = new Map(walkHistory(endSeconds));
  let minutesAfter = 0;
  return {
    end,
    keys: () => [...totals.keys()],
    at(t) {
      const elapsed = Math.max(0, (t - end) / 60);
      while (minutesAfter < Math.floor(elapsed)) {
        minutesAfter++;
        for (const [key, by] of exampleIncrements(-minutesAfter)) totals.set(key, totals.get(key) + by);
      }
      const part = elapsed - minutesAfter;
      const next = exampleIncrements(-(minutesAfter + 1));
      return new Map([...totals].map(([key, value]) => [key, value + part * next.get(key)]));
    },
  };
}

/**
 * Serves the example counters in Prometheus's text format on 127.0.0.1 (`/metrics`), going on from the history
 * that ends at `endSeconds`. Returns the `host:port` to scrape and a `stop()`.
 */
export async function startExampleExporter(endSeconds, clock = () => Date.now() / 1000) {
  const counters = exampleCounters(endSeconds);
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const lines = [...counters.at(clock())].map(([key, value]) => `${key} ${rounded(value)}`);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(lines.join('\n') + '\n');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    target: `127.0.0.1:${port}`,
    end: counters.end,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
