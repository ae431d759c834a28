import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryOverWindow } from '../../src/language/model/live-spec.js';
import { canonicalDuration, renderWindow, windowText } from '../../src/prometheus/live.js';
import {
  boundedTimeoutMs,
  PrometheusClient,
  nestsDeeperThan,
  parsePrometheusUrl,
  parseValue,
} from '../../src/prometheus/client.js';

test('OpenSLO queries are stretched over the window, or refused with the reason', () => {
  const t = (q: string) => queryOverWindow(q);
  assert.deepEqual(t('sum(rate(http_requests_total{job="a"}[5m]))'), {
    template: 'sum(rate(http_requests_total{job="a"}[{{.window}}]))',
  });
  assert.deepEqual(t('sum(increase(a[1m] offset 1h)) - sum(rate(b[2m]))'), {
    template: 'sum(increase(a[{{.window}}] offset 1h)) - sum(rate(b[{{.window}}]))',
  });
  assert.deepEqual(t('http_requests_total{code!~"5.."}'), {
    template: 'increase(http_requests_total{code!~"5.."}[{{.window}}])',
  });
  assert.deepEqual(t('sum(a offset 1h)'), { template: 'sum(increase(a[{{.window}}] offset 1h))' });
  assert.deepEqual(t('sum by (x) (a) + b'), {
    template: 'sum by (x) (increase(a[{{.window}}])) + increase(b[{{.window}}])',
  });
  assert.deepEqual(t('sum(rate(a[{{ .window }}]))'), { template: 'sum(rate(a[{{ .window }}]))' });
  assert.deepEqual(t('avg_over_time(up[5m])'), {
    reason: '`up[5m]` is not inside rate() or increase(), so it cannot be measured over the window',
  });
  assert.deepEqual(t('rate(a[5m:1m])'), {
    reason: 'the query uses a subquery (a[5m:1m]), which cannot be stretched over the window',
  });
  assert.deepEqual(t('sum(rate(a[5m]'), { reason: 'the query does not parse as PromQL: sum(rate(a[5m]' });
  assert.deepEqual(t('1 + 2'), { reason: 'the query selects no metric: 1 + 2' });
});

test('windows are written as Prometheus writes them', () => {
  assert.equal(
    renderWindow('rate(a[{{.window}}]) / rate(b[{{ .window }}])', '5m'),
    'rate(a[5m]) / rate(b[5m])',
  );
  assert.equal(windowText(129_600), '1d12h');
  assert.equal(windowText(90), '90s');
  assert.deepEqual([604_800, 2_419_200, 2_592_000, 5400, 0, 0.5].map(canonicalDuration), [
    '1w',
    '4w',
    // Weeks only when exact, as model.Duration prints them: Sloth records 30 days as `ratio_rate30d`.
    '30d',
    '1h30m',
    '0s',
    '500ms',
  ]);
});

test('API values and addresses are parsed strictly', () => {
  assert.deepEqual(['1.5', 'NaN', '+Inf', '-Inf', '1e-3', '', 3, 'abc', '0x10', null].map(parseValue), [
    1.5,
    NaN,
    Infinity,
    -Infinity,
    0.001,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
  assert.equal(parsePrometheusUrl('http://127.0.0.1:9090/prom').pathname, '/prom');
  assert.throws(() => parsePrometheusUrl('localhost:9090'), /not an http or https address/);
  assert.throws(() => parsePrometheusUrl('prometheus'), /is not a URL/);
  assert.throws(() => parsePrometheusUrl('https://u:p@example.com'), /credentials in the URL/);
});

test('a timeout from any client is kept within 0.1 s to 1 h; JSON depth is read without parsing', () => {
  assert.deepEqual(
    [1e12, Number.POSITIVE_INFINITY, 0.0001, -5, Number.NaN, '5', undefined, 2500].map(boundedTimeoutMs),
    [3_600_000, 10_000, 100, 100, 10_000, 10_000, 10_000, 2500],
  );
  assert.equal(nestsDeeperThan('{"a":[[1]]}', 3), false);
  assert.equal(nestsDeeperThan('{"a":[[[1]]]}', 3), true);
  assert.equal(nestsDeeperThan('{"a":"[[[[\\"[["}', 1), false, 'brackets inside strings do not count');
});

test('one read sends at most 200 queries; an answer announced above 16 MB is refused before its body', async () => {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    if (req.url?.endsWith('/query_range')) {
      // Announces 500 MB and sends nothing: only the header can be read.
      res.writeHead(200, { 'Content-Length': String(500 * 1024 * 1024) });
      res.flushHeaders();
      return;
    }
    res.end('{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0.5"]}]}}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const client = new PrometheusClient({ url, timeoutMs: 60_000 });
    for (let i = 0; i < 200; i++)
      assert.equal((await client.instant('a probe', 'up', new Date(0)))[0]!.value, 0.5);
    await assert.rejects(client.instant('one more', 'up', new Date(0)), {
      kind: 'limit',
      message: 'This read needs more than 200 queries, the bound on one read',
      query: 'up',
    });
    assert.equal(client.sent.length, 200);
    // Well before the 60 s timeout: the announced size is enough.
    await assert.rejects(
      new PrometheusClient({ url, timeoutMs: 60_000 }).range(
        'a range',
        'up',
        new Date(0),
        new Date(60_000),
        60,
      ),
      {
        kind: 'too-large',
        message: `${url} sent an answer larger than 16 MB, the bound on one answer: narrow or aggregate the query`,
      },
    );
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
