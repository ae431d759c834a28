// `team-sre backtest` as a user runs it, on a real Prometheus loaded with the known history: a Sloth file and
// the postmortem of the outage three days before AT, in a scratch folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AT, AT_MINUTE, OUTAGE, T0 } from './history.js';
import { historyPrometheus, ROOT, SLOTH_SLO as SLO } from './harness.js';

const prom = historyPrometheus();

const at = (minute: number) => new Date((T0 + minute * 60) * 1000).toISOString();

const POSTMORTEM = `---
title: Checkout down for an hour
started: ${at(OUTAGE[0])}
resolved: ${at(OUTAGE[1])}
status: final
slos:
  - file: slos/checkout.yaml
    name: checkout-availability
    errorRate: 1
    budgetConsumed: 1.4
---

# Checkout down for an hour
`;

function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('team-sre backtest: the pages, the week, the window and the outage caught in a minute, as text and JSON', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'team-sre-backtest-'));
  try {
    mkdirSync(path.join(dir, 'slos'));
    mkdirSync(path.join(dir, 'postmortems'));
    writeFileSync(path.join(dir, 'slos', 'checkout.yaml'), SLO);
    writeFileSync(path.join(dir, 'postmortems', '2026-11-07-checkout-down.md'), POSTMORTEM);
    const args = [
      'backtest',
      'slos/checkout.yaml',
      '--prometheus',
      prom.url,
      '--from',
      at(AT_MINUTE - 7 * 1440),
      '--to',
      AT.toISOString(),
    ];
    const json = await run([...args, '--json'], dir);
    assert.equal(json.stderr, '');
    assert.equal(json.code, 0);
    const [result] = JSON.parse(json.stdout) as Array<{
      slo: string;
      alerts: Array<{
        name: string;
        severity: string;
        notifications: number;
        firing: Array<{ start: string; end: string | null }>;
      }>;
      windows: Array<{ met: boolean }>;
      incidents: Array<{
        file: string;
        detection: { alert: string; severity: string; at: string; delayMinutes: number };
        budget: { stated: number; measured: number };
      }>;
    }>;
    assert.equal(result!.slo, 'checkout-availability');
    assert.deepEqual(
      result!.alerts.map((a) => [a.severity, a.notifications]),
      [
        ['page', 2],
        ['ticket', 0],
      ],
    );
    assert.equal(result!.alerts[0]!.firing[0]!.start, at(OUTAGE[0] + 1));
    assert.deepEqual(result!.incidents[0]!.detection, {
      alert: 'CheckoutAvailability',
      severity: 'page',
      at: at(OUTAGE[0] + 1),
      delayMinutes: 1,
    });
    assert.equal(result!.incidents[0]!.file, 'postmortems/2026-11-07-checkout-down.md');
    assert.equal(result!.incidents[0]!.budget.stated, 1.4);

    const text = await run(args, dir);
    assert.equal(text.code, 0);
    const lines = text.stdout.split('\n');
    assert.equal(
      lines[0],
      `checkout-availability: target 99.9 %, ${at(AT_MINUTE - 7 * 1440).replace(':00.000Z', 'Z')} → ${AT.toISOString().replace(':00.000Z', 'Z')}`,
    );
    assert.match(
      lines[2]!,
      /^ {2}CheckoutAvailability \(page\): 2 notifications; firing 2026-11-07T11:01Z–2026-11-07T\d\d:\d\dZ, 2026-11-10T\d\d:\d\dZ–/,
    );
    assert.match(
      text.stdout,
      /\n {2}incident Checkout down for an hour \(postmortems\/2026-11-07-checkout-down\.md\): CheckoutAvailability \(page\) after 1 min; budget 140 % stated, 13\d\.\d+ % measured\n/,
    );

    const usage = await run(['backtest', 'slos/checkout.yaml'], dir);
    assert.deepEqual(usage, {
      code: 2,
      stdout: '',
      stderr:
        'team-sre: backtest reads history: give --prometheus URL (Prometheus, VictoriaMetrics, Thanos, Mimir)\n',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
