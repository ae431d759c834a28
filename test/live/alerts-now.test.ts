// "Fires now?" per alert of the example SLOs (examples/slos/checkout-slos.yaml), against a real Prometheus loaded
// with the examples' history (scripts/example-history.mjs): the texts the preview's alert table shows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, ROOT, type Prom } from './harness.js';

/** The history's last minute. */
const END = Date.UTC(2026, 10, 20, 12) / 1000;
let prom: Prom | undefined;
let dir: string | undefined;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'team-sre-alerts-now-'));
  const { exampleHistory } = (await import(path.join(ROOT, 'scripts', 'example-history.mjs'))) as {
    exampleHistory: (endSeconds: number) => string;
  };
  const { startPrometheus } = (await import(path.join(ROOT, 'scripts', 'prometheus.mjs'))) as {
    startPrometheus: (dir: string, om: string) => Promise<Prom>;
  };
  prom = await startPrometheus(dir, exampleHistory(END));
});

after(async () => {
  await prom?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Per SLO of the example file: the "Fires now?" cell of each alert row, read at `at`. */
async function firesNow(at: number): Promise<Record<string, string[]>> {
  // In the examples' folder, whose other files hold the SLIs the SLOs reference.
  const r = await cli(
    [
      'budget',
      'slos/checkout-slos.yaml',
      '--prometheus',
      prom!.url,
      '--at',
      new Date(at * 1000).toISOString(),
      '--json',
    ],
    {},
    path.join(ROOT, 'examples'),
  );
  const slos = JSON.parse(r.stdout) as Array<{ name: string; live?: { alertsNow: Array<{ text: string }> } }>;
  return Object.fromEntries(slos.map((s) => [s.name, s.live?.alertsNow.map((a) => a.text) ?? []]));
}

test('now: the 3 % incident of 20 minutes ago keeps the hour burning at 8, under the page threshold', async () => {
  assert.deepEqual(await firesNow(END), {
    // 15 minutes at 3 % errors in the last hour, the rest at 0.05 %: a burn rate of 8.04 against 14.4.
    'checkout-availability': ['No — 1h burn 8.04 < 14.4'],
    // Latency slices: the last 30 minutes and hour hold the slow incident, the last 5 minutes no longer do.
    'checkout-latency': [
      'No — 5m burn 0 < 14.4',
      'No — 6h burn 5.28 < 6',
      'No — 1d burn 1.32 < 3',
      'No — 3d burn 0.995 < 1',
    ],
  });
});

test('two days ago, at the end of the 20-minute 10 % incident: the page alerts fire', async () => {
  assert.deepEqual(await firesNow(END - 2 * 86400), {
    // 20 of the last 60 minutes at 10 % errors: a burn rate of 33.1 over the hour, above 14.4; it fires once
    // the condition has held its alertAfter.
    'checkout-availability': ['Fires now (once held 5m)'],
    // Every slice of the last 5 minutes is slow (burn 100), a third of the hour's (33.3): the page fires.
    'checkout-latency': [
      'Fires now',
      'No — 6h burn 5.56 < 6',
      'No — 1d burn 1.39 < 3',
      'No — 3d burn 0.463 < 1',
    ],
  });
});
