// 29 days of made-up metrics for the SLOs of examples/, one sample a minute, ending at a given time: what
// `npm start` and the end-to-end tests load into a local Prometheus so the preview has a live budget to show.
// Checkout fails at 0.05 %, with a 20-minute 10 % incident two days ago and a 3 % one that ended 20 minutes ago.

const DAYS = 29;

/** Requests and errors in minute m (0 = the last minute), per service, and the checkout latency buckets. */
export function exampleMinute(m) {
  const checkout = 3000 + 1000 * ((m * 37) % 7);
  let checkoutErrors = checkout * 0.0005;
  let slow = false;
  if (m >= 2 * 1440 && m < 2 * 1440 + 20) {
    checkoutErrors = checkout * 0.1;
    slow = true;
  } else if (m >= 20 && m < 35) {
    checkoutErrors = checkout * 0.03;
    slow = true;
  }
  const payments = 2000 + 500 * ((m * 13) % 3);
  const search = 1000 + 200 * ((m * 7) % 5);
  return {
    checkout,
    checkoutErrors,
    // Share of checkout requests under each latency bucket.
    checkoutBuckets: slow
      ? { 0.25: 0.3, 0.5: 0.6, 1: 0.9, 2.5: 1 }
      : { 0.25: 0.9, 0.5: 0.995, 1: 0.999, 2.5: 1 },
    payments,
    paymentsErrors: payments * (m % 11 === 0 ? 0.002 : 0.0002),
    search,
    searchFast: search * (m % 17 === 0 ? 0.9 : 0.97),
  };
}

/** OpenMetrics text (for `promtool tsdb create-blocks-from openmetrics`), the last sample at `endSeconds`. */
export function exampleHistory(endSeconds) {
  const minutes = DAYS * 1440;
  const end = Math.floor(endSeconds / 60) * 60;
  const series = new Map();
  const add = (key, t, value) => {
    if (!series.has(key)) series.set(key, []);
    series.get(key).push(`${key} ${Math.round(value * 1000) / 1000} ${t}`);
  };
  const totals = new Map();
  const bump = (key, by) => totals.set(key, (totals.get(key) ?? 0) + by);
  for (let m = minutes; m >= 0; m--) {
    const t = end - m * 60;
    const x = exampleMinute(m);
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
    for (const [key, value] of totals) add(key, t, value);
  }
  // One family per metric name, of type unknown: promtool then takes the samples as they are.
  const out = [];
  for (const name of new Set([...series.keys()].map((k) => k.slice(0, k.indexOf('{'))))) {
    out.push(`# TYPE ${name} unknown`);
    for (const [key, lines] of series) if (key.startsWith(`${name}{`)) out.push(...lines);
  }
  out.push('# EOF', '');
  return out.join('\n');
}
