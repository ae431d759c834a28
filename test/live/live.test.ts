// Live budgets against a real Prometheus (Debian's package) loaded with history whose truth is known
// (test/live/history.ts). Run by `npm run test:e2e`; installs Prometheus on first use when run as root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import path from 'node:path';
import {
  AT,
  AT_MINUTE,
  errorRatio,
  minute,
  slothPeriodRatio,
  PYRRA_RECORDED,
  SLOTH_RECORDED_ID,
} from './history.js';
import { cli, FIXTURES, historyPrometheus } from './harness.js';

const AT_ISO = AT.toISOString();

const prom = historyPrometheus();

interface LiveJson {
  name: string;
  live?: {
    source: string;
    sli: number;
    budgetRemaining: number;
    burnRates: Record<string, number | null>;
    slices?: { counted: number; bad: number; empty: number; inWindow: number };
    burnDown: { step: number; points: Array<[number, number | null]>; meaning: string };
    queries: Array<{ purpose: string; query: string; type: string }>;
    measured: { start: string; end: string; window: string };
    notes: string[];
  };
  liveError?: { kind: string; message: string; query?: string };
}

async function live(file: string, url = prom.url, extra: string[] = []): Promise<LiveJson[]> {
  const r = await cli([
    'budget',
    file,
    '--prometheus',
    url,
    '--at',
    AT_ISO,
    '--sloth-period',
    '7d',
    '--json',
    ...extra,
  ]);
  return JSON.parse(r.stdout) as LiveJson[];
}

/** Equal to 4 significant digits. */
function close(actual: number | null | undefined, expected: number, what: string) {
  assert.equal(typeof actual, 'number', `${what}: no value`);
  assert.equal(actual!.toPrecision(4), expected.toPrecision(4), `${what}: ${actual} vs ${expected}`);
}

const WEEK = 10080;
const SLOTH_WINDOWS: Record<string, number> = {
  '5m': 5,
  '30m': 30,
  '1h': 60,
  '2h': 120,
  '6h': 360,
  '1d': 1440,
  '3d': 4320,
};
const PYRRA_WINDOWS: Record<string, number> = {
  '1m': 1,
  '8m': 8,
  '15m': 15,
  '30m': 30,
  '1h30m': 90,
  '6h': 360,
  '1d': 1440,
};

function assertOccurrences(
  got: LiveJson,
  budget: number,
  ratio: number,
  windows: Record<string, number>,
  source = 'queries',
) {
  assert.equal(got.liveError, undefined, JSON.stringify(got.liveError));
  const l = got.live!;
  assert.equal(l.source, source);
  close(l.sli, 1 - ratio, `${got.name} SLI`);
  close(l.budgetRemaining, 1 - ratio / budget, `${got.name} budget remaining`);
  assert.deepEqual(Object.keys(l.burnRates), Object.keys(windows));
  for (const [w, minutes] of Object.entries(windows))
    close(l.burnRates[w], errorRatio(AT_MINUTE, minutes) / budget, `${got.name} burn rate ${w}`);
}

test('OpenSLO over a rolling week: SLI, budget left and burn rates equal the history', async () => {
  const [rolling] = await live('openslo.yaml', prom.url, ['--slo', 'checkout-availability']);
  const ratio = errorRatio(AT_MINUTE, WEEK);
  assertOccurrences(rolling!, 0.001, ratio, SLOTH_WINDOWS);
  assert.ok(rolling!.live!.budgetRemaining < 0, 'the outage overspent the budget: shown negative');
  // The rate() ranges of the SLI's queries are stretched over the window.
  assert.deepEqual(rolling!.live!.queries.slice(0, 2), [
    {
      purpose: 'the SLI over 7d (good)',
      query: 'sum(rate(http_requests_total{job="checkout",code!~"5.."}[7d]))',
      type: 'instant',
      time: AT_ISO,
    },
    {
      purpose: 'the SLI over 7d (total)',
      query: 'sum(rate(http_requests_total{job="checkout"}[7d]))',
      type: 'instant',
      time: AT_ISO,
    },
  ]);
  // Burn-down: each point is the week ending there; the last is now.
  const points = rolling!.live!.burnDown.points;
  assert.match(rolling!.live!.burnDown.meaning, /window ending at that time/);
  assert.ok(points.length <= 11_000 && points.length >= 200, `${points.length} points`);
  assert.equal(points.at(-1)![0], AT.getTime() / 1000);
  close(points.at(-1)![1], 1 - ratio / 0.001, 'last burn-down point');
  for (const [t, value] of [points[160]!, points[200]!, points[230]!]) {
    const m = AT_MINUTE - (AT.getTime() / 1000 - t) / 60;
    close(value, 1 - errorRatio(m, WEEK) / 0.001, `burn-down at ${new Date(t * 1000).toISOString()}`);
  }
  assert.equal(points[0]![0], AT.getTime() / 1000 - WEEK * 60);
});

test('OpenSLO calendar week: counters get increase() over the elapsed part of the period', async () => {
  const [week] = await live('openslo.yaml', prom.url, ['--slo', 'checkout-availability-week']);
  const elapsed = AT_MINUTE - 8 * 1440; // since Monday 2026-11-09 00:00 UTC
  assertOccurrences(week!, 0.005, errorRatio(AT_MINUTE, elapsed), SLOTH_WINDOWS);
  assert.equal(week!.live!.measured.window, '1d12h');
  assert.equal(
    week!.live!.queries[0]!.query,
    'increase(http_requests_total{job="checkout",code=~"5.."}[1d12h])',
  );
  const points = week!.live!.burnDown.points;
  assert.deepEqual(points[0], [Date.UTC(2026, 10, 9) / 1000, 1]);
  close(points.at(-1)![1], 1 - errorRatio(AT_MINUTE, elapsed) / 0.005, 'burn-down so far');
});

test('OpenSLO Timeslices with a threshold: bad 5-minute slices counted against the budget', async () => {
  const [latency] = await live('openslo.yaml', prom.url, ['--slo', 'checkout-latency']);
  assert.equal(latency!.liveError, undefined, JSON.stringify(latency!.liveError));
  let bad = 0;
  for (let end = AT_MINUTE - WEEK + 5; end <= AT_MINUTE; end += 5) if (minute(end).p99 > 0.8) bad++;
  const l = latency!.live!;
  assert.deepEqual(
    l.slices && { counted: l.slices.counted, bad: l.slices.bad, inWindow: l.slices.inWindow },
    {
      counted: 2016,
      bad,
      inWindow: 2016,
    },
  );
  close(l.sli, (2016 - bad) / 2016, 'slice SLI');
  close(l.budgetRemaining, 1 - bad / (0.01 * 2016), 'slice budget remaining');
  // The last 30 minutes hold 20 minutes of the incident: 4 of 6 slices bad.
  close(l.burnRates['30m'], 4 / 6 / 0.01, 'slice burn rate over 30m');
});

test('Sloth: {{.window}} rendered per window; recorded series used when Sloth rules are deployed', async () => {
  const [plain, recorded] = await live('sloth.yaml');
  assertOccurrences(plain!, 0.001, errorRatio(AT_MINUTE, WEEK), SLOTH_WINDOWS);
  assert.equal(
    plain!.live!.queries.find((q) => q.purpose === 'the burn rate over 5m (bad)')!.query,
    'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))',
  );
  assert.equal(recorded!.name, SLOTH_RECORDED_ID);
  assertOccurrences(
    recorded!,
    0.001,
    slothPeriodRatio(AT_MINUTE, WEEK),
    SLOTH_WINDOWS,
    'sloth-recording-rules',
  );
  assert.ok(
    recorded!.live!.queries.some(
      (q) => q.query === `slo:sli_error:ratio_rate1w{sloth_id="${SLOTH_RECORDED_ID}"}`,
    ),
  );
  assert.match(recorded!.live!.notes.join('\n'), /mean of its 5-minute ratios/);
});

test('Pyrra: selectors wrapped as Pyrra does; its :burnrate and :increase series when deployed', async () => {
  const [plain, recorded] = await live('pyrra.yaml');
  assertOccurrences(plain!, 0.001, errorRatio(AT_MINUTE, WEEK), PYRRA_WINDOWS);
  assert.deepEqual(
    plain!.live!.queries.slice(0, 2).map((q) => q.query),
    [
      '{__name__=~"http_requests:burnrate.+",slo="checkout-pyrra"}',
      'sum(rate(http_requests_total{job="checkout",code=~"5.."}[7d]))',
    ],
    'looks for the recording rules first, then reads the raw counters',
  );
  assert.equal(recorded!.name, PYRRA_RECORDED);
  assertOccurrences(recorded!, 0.001, errorRatio(AT_MINUTE, WEEK), PYRRA_WINDOWS, 'pyrra-recording-rules');
  const sent = recorded!.live!.queries.map((q) => q.query);
  assert.ok(
    sent.includes(`sum(http_requests:increase1w{job="checkout",slo="${PYRRA_RECORDED}"})`),
    sent.join('\n'),
  );
  assert.ok(sent.includes(`http_requests:burnrate1h30m{slo="${PYRRA_RECORDED}"}`), sent.join('\n'));
});

test('text output: the budget left, overspent shown negative, and the burn rates', async () => {
  const r = await cli([
    'budget',
    'sloth.yaml',
    '--slo',
    'availability',
    '--prometheus',
    prom.url,
    '--at',
    AT_ISO,
    '--sloth-period',
    '7d',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const ratio = errorRatio(AT_MINUTE, WEEK);
  assert.match(
    r.stdout,
    new RegExp(
      `live at 2026-11-10 12:00 UTC, from the SLO's error and total queries, over each window:\\n    SLI ${Number(((1 - ratio) * 100).toPrecision(6))} % over 7d · budget left ${Number(((1 - ratio / 0.001) * 100).toPrecision(6))} %`.replace(
        /[.()]/g,
        (c) => `\\${c}`,
      ),
    ),
  );
  assert.match(r.stdout, /burn rate: 5m [\d.]+ · 30m [\d.]+ · 1h/);
});

/** A TCP server that accepts connections and never answers. */
async function silentServer(): Promise<{ url: string; close: () => void }> {
  const sockets: Array<import('node:net').Socket> = [];
  const server: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

test('failures are explained: unreachable, timeout, HTTP error, garbage, PromQL error, no data, NaN', async () => {
  const one = async (file: string, slo: string, url: string, extra: string[] = []) => {
    const r = await cli([
      'budget',
      file,
      '--slo',
      slo,
      '--prometheus',
      url,
      '--at',
      AT_ISO,
      '--sloth-period',
      '7d',
      '--json',
      ...extra,
    ]);
    assert.equal(r.status, 1, `exit code for ${slo} at ${url}`);
    const [report] = JSON.parse(r.stdout) as LiveJson[];
    assert.ok(r.stderr.includes(report!.liveError!.message), r.stderr);
    return report!.liveError!;
  };
  const closedPort = await (async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const { port } = s.address() as { port: number };
    await new Promise((r) => s.close(r));
    return port;
  })();
  const unreachable = await one('sloth.yaml', 'availability', `http://127.0.0.1:${closedPort}`);
  assert.equal(unreachable.kind, 'unreachable');
  assert.equal(unreachable.message, `cannot reach http://127.0.0.1:${closedPort} (ECONNREFUSED)`);

  const silent = await silentServer();
  try {
    const timeout = await one('sloth.yaml', 'availability', silent.url, ['--timeout', '0.5']);
    assert.deepEqual(
      { kind: timeout.kind, message: timeout.message },
      { kind: 'timeout', message: `${silent.url} did not answer within 0.5 s` },
    );
  } finally {
    silent.close();
  }

  const http = await one('sloth.yaml', 'availability', `${prom.url}/no-such-prefix`);
  assert.equal(http.kind, 'http');
  assert.equal(http.message, `${prom.url} answered HTTP 404 Not Found: 404 page not found`);

  const html = createHttpServer((_, res) => res.end('<html>Welcome to nginx</html>'));
  await new Promise<void>((r) => html.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(html.address() as { port: number }).port}`;
    const garbage = await one('sloth.yaml', 'availability', url);
    assert.deepEqual(
      { kind: garbage.kind, message: garbage.message },
      {
        kind: 'garbage',
        message: `${url} did not answer like Prometheus (not JSON: "<html>Welcome to nginx</html>")`,
      },
    );
  } finally {
    html.close();
  }

  const promql = await one('failures.yaml', 'bad-regex', prom.url);
  assert.equal(promql.kind, 'promql');
  assert.match(promql.message, /^Prometheus rejected the query: .*error parsing regexp: missing closing \)/);
  assert.equal(promql.query, 'sum(rate(http_requests_total{job=~"("}[7d]))');

  const noData = await one('failures.yaml', 'no-data', prom.url);
  assert.deepEqual(noData, {
    kind: 'no-data',
    message:
      'No data for the SLI over 7d (bad events): the query returned no series. Check the metric name and labels, and that Prometheus has data at that time.',
    query: 'sum(rate(no_such_metric_total{job="checkout"}[7d]))',
  });

  const nan = await one('failures.yaml', 'no-traffic', prom.url);
  assert.deepEqual(nan, {
    kind: 'nan',
    message:
      'The SLI over 7d is NaN: the total was 0 (no traffic in the window), so the budget cannot be measured.',
  });

  const usage = await cli(['budget', 'sloth.yaml', '--prometheus', 'ftp://example.com']);
  assert.equal(usage.status, 2);
  assert.equal(usage.stderr, "team-sre: --prometheus: 'ftp://example.com' is not an http or https address\n");
});

test('a bearer token from TEAM_SRE_PROMETHEUS_TOKEN is sent, and never printed', async () => {
  let seen = '';
  const server = createHttpServer((req, res) => {
    seen = req.headers.authorization ?? '';
    res.statusCode = 401;
    res.end('Unauthorized');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const r = await cli(
      ['budget', 'sloth.yaml', '--slo', 'availability', '--prometheus', url, '--at', AT_ISO, '--json'],
      { TEAM_SRE_PROMETHEUS_TOKEN: 's3cret-token' },
    );
    assert.equal(seen, 'Bearer s3cret-token');
    assert.ok(!r.stdout.includes('s3cret') && !r.stderr.includes('s3cret'));
    assert.equal(
      (JSON.parse(r.stdout) as LiveJson[])[0]!.liveError!.message,
      `${url} answered HTTP 401 Unauthorized: Unauthorized (the bearer token is missing or refused)`,
    );
  } finally {
    server.close();
  }
});

test('the language server reads the live budget over stdio, and a cancelled read stops at once', async () => {
  const { startServer } = await import('../server/client.js');
  const { readFileSync } = await import('node:fs');
  const server = await startServer({ workspaceFolder: FIXTURES, transport: 'stdio' });
  try {
    const uri = `file://${path.join(FIXTURES, 'openslo.yaml')}`;
    const diagnostics = server.diagnostics(uri);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'yaml',
        version: 1,
        text: readFileSync(path.join(FIXTURES, 'openslo.yaml'), 'utf8'),
      },
    });
    await diagnostics;
    const budget = (await server.connection.sendRequest('teamSre/budget', { uri, at: AT_ISO })) as {
      reports: Array<{ name: string; live: unknown }>;
    };
    assert.deepEqual(budget.reports[0]!.live, {
      dataSource: { name: 'prometheus', type: 'Prometheus', url: 'http://127.0.0.1:1' },
    });
    const result = (await server.connection.sendRequest('teamSre/liveBudget', {
      uri,
      index: 0,
      prometheus: { url: prom.url },
      at: AT_ISO,
    })) as { live: LiveJson['live'] };
    close(result.live!.sli, 1 - errorRatio(AT_MINUTE, WEEK), 'SLI from the server');
    close(
      result.live!.budgetRemaining,
      1 - errorRatio(AT_MINUTE, WEEK) / 0.001,
      'budget left from the server',
    );

    const failed = (await server.connection.sendRequest('teamSre/liveBudget', {
      uri,
      index: 0,
      prometheus: { url: `${prom.url}/no-such-prefix` },
      at: AT_ISO,
    })) as { error: { kind: string; message: string } };
    assert.equal(failed.error.kind, 'http');
    assert.equal(failed.error.message, `${prom.url} answered HTTP 404 Not Found: 404 page not found`);

    const silent = await silentServer();
    try {
      const { CancellationTokenSource } = await import('vscode-languageserver-protocol/node');
      const cts = new CancellationTokenSource();
      const started = Date.now();
      const pending = server.connection.sendRequest(
        'teamSre/liveBudget',
        { uri, index: 0, prometheus: { url: silent.url, timeoutMs: 60_000 }, at: AT_ISO },
        cts.token,
      );
      setTimeout(() => cts.cancel(), 300);
      await pending.then(
        (r) =>
          assert.deepEqual(r, {
            error: {
              kind: 'cancelled',
              message: 'cancelled',
              query: (r as { error: { query: string } }).error.query,
            },
          }),
        (err: { code?: number }) => assert.equal(err.code, -32800),
      );
      assert.ok(Date.now() - started < 5000, `answered ${Date.now() - started} ms after the request`);
      // and it keeps serving
      const again = (await server.connection.sendRequest('teamSre/budget', { uri, at: AT_ISO })) as {
        reports: unknown[];
      };
      assert.equal(again.reports.length, 3);
    } finally {
      silent.close();
    }
  } finally {
    await server.close();
  }
});

test('the burn-down starts once its window holds a full step of data: no first-point spike', async () => {
  // A 30-day Sloth period over the 10 days of history, read at 12:02: the 3-hour points fall at 00:02, 03:02…
  // The window ending at 00:02 on the first day holds two minutes of data (0.1 % errors, budget left 0 %), far from
  // the 3 hours of the next (−5.5 %, with the extra errors every 13 minutes): it is left out.
  const r = await cli([
    'budget',
    'sloth.yaml',
    '--prometheus',
    prom.url,
    '--at',
    '2026-11-10T12:02:00.000Z',
    '--sloth-period',
    '30d',
    '--json',
  ]);
  const [slo] = JSON.parse(r.stdout) as LiveJson[];
  const points = slo!.live!.burnDown.points.filter((p): p is [number, number] => p[1] !== null);
  assert.equal(new Date(points[0]![0] * 1000).toISOString(), '2026-11-01T03:02:00.000Z');
  // The history is steady: the first point is within half a percent of the budget of the second.
  const [first, second] = [points[0]![1], points[1]![1]];
  assert.ok(Math.abs(first - second) < 0.005, `first ${first}, second ${second}`);
  assert.ok(
    slo!.live!.notes.includes(
      'The burn-down starts once its window holds a full 3h of data: a point whose window held less is left out.',
    ),
  );
});
