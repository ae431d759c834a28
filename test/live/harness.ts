// Shared by the live suites: a real Prometheus, or VictoriaMetrics, loaded with the known history, and the CLI run
// as a user runs it.
import { after, before } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openMetrics, type HistoryOptions } from './history.js';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'live');

/** A Sloth SLO on the history's checkout requests, with a page and a ticket alert. */
export const SLOTH_SLO = `version: prometheus/v1
service: checkout
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
    alerting:
      name: CheckoutAvailability
      page_alert:
        labels: { severity: page }
      ticket_alert:
        labels: { severity: ticket }
`;

export interface Prom {
  url: string;
  stop: () => Promise<void>;
}

/** What a Prometheus of the history is started with: which part of the history, and rule files to evaluate. */
export interface HistoryPrometheusOptions {
  /** Asked when Prometheus starts, so that a history can end at that moment. */
  history?: () => HistoryOptions;
  /** Rule files (YAML texts) under `rule_files:`. */
  rules?: string[];
  evaluationInterval?: string;
}

/** Starts Prometheus with the history before the file's tests and stops it after; the value is set in `before`. */
export function historyPrometheus(options: HistoryPrometheusOptions = {}): { readonly url: string } {
  let prom: Prom | undefined;
  let dir: string | undefined;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'team-sre-prom-'));
    const { startPrometheus } = (await import(path.join(ROOT, 'scripts', 'prometheus.mjs'))) as {
      startPrometheus: (
        dir: string,
        om: string,
        config?: { rules?: string[]; evaluationInterval?: string },
      ) => Promise<Prom>;
    };
    prom = await startPrometheus(dir, openMetrics(options.history?.()), {
      ...(options.rules ? { rules: options.rules } : {}),
      ...(options.evaluationInterval ? { evaluationInterval: options.evaluationInterval } : {}),
    });
  });
  after(async () => {
    await prom?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get url() {
      if (!prom) throw new Error('Prometheus is not started yet');
      return prom.url;
    },
  };
}

/**
 * Starts VictoriaMetrics with the same history before the file's tests and stops it after; the value is set in
 * `before`.
 */
export function historyVictoriaMetrics(): { readonly url: string } {
  let vm: Prom | undefined;
  let dir: string | undefined;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'team-sre-vm-'));
    const { startVictoriaMetrics } = (await import(path.join(ROOT, 'scripts', 'prometheus.mjs'))) as {
      startVictoriaMetrics: (dir: string, om: string) => Promise<Prom>;
    };
    vm = await startVictoriaMetrics(dir, openMetrics());
  });
  after(async () => {
    await vm?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get url() {
      if (!vm) throw new Error('VictoriaMetrics is not started yet');
      return vm.url;
    },
  };
}

export interface Cli {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI in the fixtures folder (or `cwd`), asynchronously, so in-process test servers keep answering. */
export function cli(args: string[], env: Record<string, string> = {}, cwd = FIXTURES): Promise<Cli> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], {
      cwd,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
