// What differs between engines serving the Prometheus API, as the client meets it: range points moved off the
// steps asked for, and bounds a figure equal to them within rounding must meet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { PrometheusClient } from '../../src/prometheus/client.js';
import { roundedBound } from '../../src/prometheus/values.js';

async function server(answer: (form: URLSearchParams) => string) {
  const forms: URLSearchParams[] = [];
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      forms.push(form);
      res.end(answer(form));
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
  return { url, forms, close: () => s.close() };
}

const matrix = (times: number[]) =>
  `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[${times.map((t) => `[${t},"1"]`).join(',')}]}]}}`;

test('a range read asks for the steps it needs, and a point moved off them is an error, not a figure', async () => {
  // Points on the requested steps, then points moved onto multiples of the step, as a caching front end does.
  let moved = false;
  const s = await server((form) => {
    const start = Number(form.get('start'));
    const step = Number(form.get('step'));
    return matrix(moved ? [start - (start % step)] : [start, start + step]);
  });
  try {
    const client = new PrometheusClient({ url: s.url });
    const start = new Date(1_794_312_000_000 - 2520_000 * 2 + 60_000);
    const end = new Date(start.getTime() + 2520_000);
    assert.deepEqual(await client.range('a burn-down', 'up', start, end, 2520), [
      {
        metric: {},
        points: [
          [start.getTime() / 1000, 1],
          [start.getTime() / 1000 + 2520, 1],
        ],
      },
    ]);
    assert.equal(
      s.forms[0]!.get('nocache'),
      '1',
      'VictoriaMetrics keeps the points where they were asked for',
    );
    moved = true;
    await assert.rejects(client.range('a burn-down', 'up', start, end, 2520), {
      kind: 'garbage',
      message: `${s.url} answered a point at 1794305520, off the requested steps of 2520 s from 1794307020 (a front end aligning range queries to the step?): turn that alignment off to read this SLO`,
      query: 'up',
    });
  } finally {
    s.close();
  }
});

test('a bound is moved by its rounding room, so that a figure equal to it within rounding compares as equal', () => {
  assert.deepEqual(
    (['<', '>=', '>', '<='] as const).map((op) => roundedBound(0.999, op)),
    [0.998999999001, 0.998999999001, 0.999000000999, 0.999000000999],
  );
  // 0.3 + 0.15 in binary, 0.45 once stored with 12 digits: the same value on both sides of every bound.
  for (const v of [0.3 + 0.15, 0.45]) {
    assert.equal(v >= roundedBound(0.45, '>='), true, `${v} reaches 0.45`);
    assert.equal(v > roundedBound(0.45, '>'), false, `${v} is not above 0.45`);
  }
  assert.deepEqual(
    [roundedBound(0, '<'), roundedBound(-2, '<'), roundedBound(1e9, '>')],
    [0, -2.000000002, 1000000001],
  );
});
