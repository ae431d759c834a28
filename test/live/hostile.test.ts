// Answers no real Prometheus sends, from a small HTTP server on 127.0.0.1: a slow endless body, a matrix of ten
// million points, too many series or points, JSON nested millions deep, +Inf, -Inf and ratios outside 0–1. Each is
// a one-line error of its own kind, in bounded time and memory: the CLI's peak RSS is measured (a preload writes
// `process.resourceUsage().maxRSS` at exit) and asserted with a wide margin against a regression of gigabytes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AT } from './history.js';
import { FIXTURES, ROOT } from './harness.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'team-sre-hostile-'));
after(() => rmSync(TMP, { recursive: true, force: true }));
const PRELOAD = path.join(TMP, 'peak-rss.cjs');
writeFileSync(
  PRELOAD,
  "process.on('exit', () => require('fs').writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  peakMB: number;
}

/** `team-sre budget sloth.yaml --slo availability` against `url`, timed, with its peak RSS. */
function budget(url: string, extra: string[] = []): Promise<Run> {
  const rssFile = path.join(TMP, `rss-${Math.random()}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        PRELOAD,
        path.join(ROOT, 'dist', 'cli.js'),
        'budget',
        'sloth.yaml',
        '--slo',
        'availability',
        '--sloth-period',
        '7d',
        '--prometheus',
        url,
        '--at',
        AT.toISOString(),
        ...extra,
      ],
      { cwd: FIXTURES, env: { ...process.env, PEAK_RSS_FILE: rssFile } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) =>
      resolve({
        status,
        stdout,
        stderr,
        seconds: (Date.now() - started) / 1000,
        peakMB: Number(readFileSync(rssFile, 'utf8')) / 1024,
      }),
    );
  });
}

type Answer = (endpoint: string, query: string, res: ServerResponse) => void;

/** A server answering the Prometheus API as `answer` says; the recording-rule probe gets an empty vector. */
async function fake(answer: Answer): Promise<{ url: string; close: () => void }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const query = new URLSearchParams(body).get('query') ?? '';
      const endpoint = (req.url ?? '').replace(/^.*\/api\/v1\//, '');
      if (query.startsWith('{__name__'))
        return res.end('{"status":"success","data":{"resultType":"vector","result":[]}}');
      answer(endpoint, query, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const vector = (value: string) =>
  `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[${AT.getTime() / 1000},"${value}"]}]}}`;

/** Writes `chunk` `times` times, waiting for the socket to drain, stopping when the client goes. */
async function stream(res: ServerResponse, head: string, chunk: string, times: number, pause = 0) {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write(head);
  for (let i = 0; i < times && !res.destroyed; i++) {
    if (!res.write(chunk)) await new Promise((r) => res.once('drain', r).once('close', r));
    if (pause) await new Promise((r) => setTimeout(r, pause));
  }
  res.end();
}

/** The JSON error of one run, checked against its text on standard error. */
function liveError(r: Run) {
  assert.equal(r.status, 1, r.stderr);
  const json = JSON.parse(r.stdout) as Array<{
    liveError: { kind: string; message: string; query?: string };
  }>;
  assert.equal(r.stderr, `team-sre: checkout-availability: ${json[0]!.liveError.message}\n`);
  return json[0]!.liveError;
}

const ERRORS_7D = 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[7d]))';
const TOTAL_7D = 'sum(rate(http_requests_total{job="checkout"}[7d]))';

test('a 500 MB body sent slowly is cut by --timeout 2: the timer holds for the whole body', async (t) => {
  const server = await fake((_, __, res) => {
    // 64 KB every 20 ms: 500 MB would take more than two minutes; 2 s bring a few MB, under the size bound.
    void stream(
      res,
      '{"status":"success","data":{"resultType":"vector","result":[',
      'x'.repeat(65_536),
      8000,
      20,
    );
  });
  try {
    const r = await budget(server.url, ['--timeout', '2', '--json']);
    assert.deepEqual(liveError(r), {
      kind: 'timeout',
      message: `${server.url} did not answer within 2 s`,
      query: ERRORS_7D,
    });
    // Before the timer was held, this took 51 s and 1.6 GB.
    t.diagnostic(`${r.seconds} s, peak RSS ${Math.round(r.peakMB)} MB`);
    assert.ok(r.seconds < 20, `${r.seconds} s`);
    assert.ok(r.peakMB < 400, `peak RSS ${r.peakMB} MB`);
  } finally {
    server.close();
  }
});

test('a matrix of ten million points is refused at 16 MB, in bounded memory', async (t) => {
  const server = await fake((_, __, res) => {
    const point = `[${AT.getTime() / 1000},"1"],`;
    // 10 000 000 points, 1 000 per write: about 180 MB if it were read to the end.
    void stream(
      res,
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[',
      point.repeat(1000),
      10_000,
    );
  });
  try {
    const r = await budget(server.url, ['--json']);
    assert.deepEqual(liveError(r), {
      kind: 'too-large',
      message: `${server.url} sent an answer larger than 16 MB, the bound on one answer: narrow or aggregate the query`,
      query: ERRORS_7D,
    });
    assert.ok(r.seconds < 30, `${r.seconds} s`);
    // It was accepted at 4.3 GB.
    t.diagnostic(`${r.seconds} s, peak RSS ${Math.round(r.peakMB)} MB`);
    assert.ok(r.peakMB < 400, `peak RSS ${r.peakMB} MB`);
  } finally {
    server.close();
  }
});

test('too many series or points in an answer are refused, naming the bound', async () => {
  const t = AT.getTime() / 1000;
  const series = Array.from({ length: 10_001 }, (_, i) => `{"metric":{"i":"${i}"},"value":[${t},"1"]}`);
  const many = await fake((_, __, res) =>
    res.end(`{"status":"success","data":{"resultType":"vector","result":[${series.join(',')}]}}`),
  );
  const points = await fake((endpoint, _, res) =>
    endpoint === 'query'
      ? res.end(vector('1'))
      : res.end(
          `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[${`[${t},"1"],`.repeat(250_000)}[${t},"1"]]}]}}`,
        ),
  );
  try {
    assert.deepEqual(liveError(await budget(many.url, ['--json'])), {
      kind: 'too-large',
      message: `${many.url} answered with 10001 series, above the bound of 10000 series per answer: aggregate the query (sum by …)`,
      query: ERRORS_7D,
    });
    const tooMany = liveError(await budget(points.url, ['--json']));
    assert.equal(tooMany.kind, 'too-large');
    assert.equal(
      tooMany.message,
      `${points.url} answered with more than 250000 points, the bound on one answer: aggregate the query (sum by …)`,
    );
  } finally {
    many.close();
    points.close();
  }
});

test('JSON nested five million deep is garbage, not "no traffic"', async () => {
  const deep = `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,${'['.repeat(5_000_000)}${']'.repeat(5_000_000)}]}]}}`;
  const server = await fake((_, __, res) => res.end(deep));
  const numeric = await fake((_, __, res) =>
    res.end('{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,5]}]}}'),
  );
  try {
    assert.deepEqual(liveError(await budget(server.url, ['--json'])), {
      kind: 'garbage',
      message: `${server.url} did not answer like Prometheus (JSON nested deeper than 32 levels)`,
      query: ERRORS_7D,
    });
    assert.deepEqual(liveError(await budget(numeric.url, ['--json'])), {
      kind: 'garbage',
      message: `${numeric.url} did not answer like Prometheus (a sample value that is not a number: [1,5])`,
      query: ERRORS_7D,
    });
  } finally {
    server.close();
    numeric.close();
  }
});

test('+Inf, -Inf and an SLI above 100 % or below 0 % are errors of their own kinds, with the query', async () => {
  const cases: Array<[string, string, { kind: string; message: string; query: string }]> = [
    [
      '+Inf',
      '100',
      {
        kind: 'positive-infinity',
        message:
          'For the SLI over 7d (bad events), Prometheus returned +Inf: a division by zero (errors counted while the total is 0?), not a figure the budget can use.',
        query: ERRORS_7D,
      },
    ],
    [
      '-Inf',
      '100',
      {
        kind: 'negative-infinity',
        message:
          'For the SLI over 7d (bad events), Prometheus returned -Inf: not a figure the budget can use.',
        query: ERRORS_7D,
      },
    ],
    [
      '-50',
      '100',
      {
        kind: 'above-one',
        message:
          'For the SLI over 7d, the SLI comes out at 150 %, above 100 %: the good events outnumber the total (do the queries count the same requests?).',
        query: `${ERRORS_7D} / ${TOTAL_7D}`,
      },
    ],
    [
      '150',
      '100',
      {
        kind: 'below-zero',
        message:
          'For the SLI over 7d, the SLI comes out at -50 %, below 0 %: the bad events outnumber the total (do the queries count the same requests?).',
        query: `${ERRORS_7D} / ${TOTAL_7D}`,
      },
    ],
  ];
  for (const [errors, total, expected] of cases) {
    const server = await fake((_, query, res) => res.end(vector(query.includes('5..') ? errors : total)));
    try {
      assert.deepEqual(liveError(await budget(server.url, ['--json'])), expected, `errors ${errors}`);
      const text = await budget(server.url);
      assert.equal(text.status, 1);
      assert.ok(
        text.stdout.includes(`  ! live: ${expected.message}\n    query: ${expected.query}\n`),
        text.stdout,
      );
      assert.ok(!/Infinity|NaN/.test(text.stdout), text.stdout);
    } finally {
      server.close();
    }
  }
});
