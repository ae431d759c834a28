// `npm start`'s demo Prometheus: a month of history ending at start, then the example exporter scraped, so every
// series the examples query keeps getting samples newer than the history, continuing its counters.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, type Prom } from './harness.js';

interface Exporter {
  target: string;
  end: number;
  stop: () => Promise<void>;
}
interface ExampleHistory {
  exampleHistory: (endSeconds: number) => string;
  exampleCounters: (endSeconds: number) => { end: number; keys: () => string[] };
  exampleIncrements: (m: number) => Map<string, number>;
  startExampleExporter: (endSeconds: number) => Promise<Exporter>;
}
type StartPrometheus = (
  dir: string,
  om: string,
  options?: { scrape?: { targets: string[]; interval: string } },
) => Promise<Prom>;

let dir: string;
let prom: Prom | undefined;
let exporter: Exporter | undefined;
let history: ExampleHistory;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'team-sre-demo-'));
  history = (await import(path.join(ROOT, 'scripts', 'example-history.mjs'))) as ExampleHistory;
  const { startPrometheus } = (await import(path.join(ROOT, 'scripts', 'prometheus.mjs'))) as {
    startPrometheus: StartPrometheus;
  };
  const now = Date.now() / 1000;
  exporter = await history.startExampleExporter(now);
  // A short interval: the test waits for one scrape, not for npm start's 15 s.
  prom = await startPrometheus(dir, history.exampleHistory(now), {
    scrape: { targets: [exporter.target], interval: '1s' },
  });
});

after(async () => {
  await prom?.stop();
  await exporter?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function instant(
  query: string,
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const r = await fetch(`${prom!.url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await r.json()) as { status: string; data: { result: [] }; error?: string };
  assert.equal(body.status, 'success', body.error);
  return body.data.result;
}

/** Polls until `check` holds (a scrape has landed); gives up after a minute. */
async function until(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not so after a minute: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('every series of the examples gets samples newer than the history, continuing its counters', async () => {
  const end = exporter!.end;
  const keys = history.exampleCounters(end).keys();
  assert.equal(keys.length, 13);
  await until('a scrape newer than the history for every series', async () => {
    const fresh = await instant(`count(timestamp({__name__=~"http_request.*"}) > ${end})`);
    return Number(fresh[0]?.value[1] ?? 0) === keys.length;
  });
  // Most traffic a series gets in one minute of the pattern: the bound of a continuing counter's step.
  const perMinute = new Map(keys.map((k) => [k, 0]));
  for (let m = -1; m >= -60; m--)
    for (const [k, v] of history.exampleIncrements(m)) perMinute.set(k, Math.max(perMinute.get(k)!, v));
  for (const key of keys) {
    const [newest] = await instant(`timestamp(${key})`);
    const [last] = await instant(`${key}`);
    const [atEnd] = await instant(`last_over_time(${key}[1m] @ ${end})`);
    assert.ok(newest && last && atEnd, `${key} is there`);
    // The same series, without an `instance` label: the scraped samples continue the backfilled ones.
    assert.deepEqual(Object.keys(last.metric).sort(), Object.keys(atEnd.metric).sort(), key);
    assert.ok(Number(newest.value[1]) > end, `${key}: a sample after the history's end`);
    const grew = Number(last.value[1]) - Number(atEnd.value[1]);
    const minutes = Math.ceil((Number(newest.value[1]) - end) / 60) + 1;
    assert.ok(grew > 0 && grew <= perMinute.get(key)! * minutes, `${key} grew by ${grew} after the history`);
  }
});
