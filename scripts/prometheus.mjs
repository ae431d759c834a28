// A real Prometheus for the live-budget tests and `npm start`: Debian's package (installed when missing, as
// root), loaded with OpenMetrics history through `promtool tsdb create-blocks-from openmetrics`, started on
// 127.0.0.1 with a throw-away storage folder, and stopped by its process id. VictoriaMetrics the same way, for the
// live tests that read the same history from both engines.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';

/** Installs a Debian package (as root) unless every one of its `binaries` is there. */
function ensureDebianPackage(name, binaries) {
  if (binaries.every((b) => existsSync(b))) return;
  if (process.getuid?.() !== 0)
    throw new Error(`Install ${name} first (as root): apt-get install -y ${name}`);
  console.log(`▶ Installing Debian package: ${name}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', name],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status})`);
  }
}

/** Installs Debian's prometheus package (with promtool) unless it is there. */
export function ensurePrometheus() {
  ensureDebianPackage('prometheus', [PROMETHEUS, PROMTOOL]);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Backfills `openMetrics` (text ending in `# EOF`) into `dir/tsdb` and starts Prometheus on it, with the rule
 * files `rules` (YAML texts) under `rule_files:`, evaluated every `evaluationInterval`. With `scrape`
 * (`{ targets: ['host:port'], interval: '15s' }`), it also scrapes those targets' `/metrics`, keeping the labels
 * they expose (their `job` included) and adding no `instance`, so what they serve continues the backfilled
 * series of the same labels.
 * Returns its URL and a `stop()` that kills it.
 */
export async function startPrometheus(
  dir,
  openMetrics,
  { rules = [], evaluationInterval = '1m', scrape } = {},
) {
  ensurePrometheus();
  mkdirSync(dir, { recursive: true });
  const data = path.join(dir, 'history.om');
  const tsdb = path.join(dir, 'tsdb');
  writeFileSync(data, openMetrics);
  // Month-long blocks: the default two-hour ones make a month of history take minutes instead of a second.
  const backfill = spawnSync(
    PROMTOOL,
    ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=744h', data, tsdb],
    {
      encoding: 'utf8',
    },
  );
  if (backfill.status !== 0) throw new Error(`promtool failed: ${backfill.stderr || backfill.stdout}`);
  const config = path.join(dir, 'prometheus.yml');
  const ruleFiles = rules.map((text, i) => {
    const file = path.join(dir, `rules-${i + 1}.yaml`);
    writeFileSync(file, text);
    return file;
  });
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1m',
      `  evaluation_interval: ${evaluationInterval}`,
      ...(ruleFiles.length ? ['rule_files:', ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)] : []),
      ...(scrape ? scrapeConfig(scrape) : []),
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${tsdb}`,
      '--storage.tsdb.retention.time=3650d',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log}`);
    try {
      const r = await globalThis.fetch(`${url}/-/ready`);
      if (r.ok) return { url, port, stop, pid: child.pid };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`prometheus did not become ready within 60 s: ${log}`);
}

/** The `scrape_configs:` lines of `startPrometheus`'s `scrape` option. */
function scrapeConfig({ targets, interval = '15s' }) {
  const seconds = Number(/^(\d+)s$/.exec(interval)?.[1] ?? 60);
  return [
    'scrape_configs:',
    '  - job_name: exporter',
    '    honor_labels: true',
    `    scrape_interval: ${interval}`,
    // The timeout may not exceed the interval (10 s by default).
    `    scrape_timeout: ${seconds < 10 ? interval : '10s'}`,
    '    static_configs:',
    `      - targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    '    metric_relabel_configs:',
    '      - action: labeldrop',
    '        regex: instance',
  ];
}

const VICTORIA_METRICS = '/usr/bin/victoria-metrics';

/** Installs Debian's victoria-metrics package (the single-node server) unless it is there. */
export function ensureVictoriaMetrics() {
  ensureDebianPackage('victoria-metrics', [VICTORIA_METRICS]);
}

/**
 * OpenMetrics text (timestamps in seconds, `# EOF`) as the Prometheus text format VictoriaMetrics imports:
 * the same samples with timestamps in milliseconds.
 */
export function toPrometheusText(openMetrics) {
  const out = [];
  for (const line of openMetrics.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    const ms = Math.round(Number(line.slice(cut + 1)) * 1000);
    if (!Number.isFinite(ms)) throw new Error(`not a sample with a timestamp: ${line}`);
    out.push(`${line.slice(0, cut)} ${ms}`);
  }
  return out.join('\n') + '\n';
}

/**
 * Starts VictoriaMetrics on `dir/vm-data` and imports `history` (OpenMetrics text, the history given to
 * `startPrometheus`). Returns its URL and a `stop()` that kills it.
 */
export async function startVictoriaMetrics(dir, history) {
  ensureVictoriaMetrics();
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    VICTORIA_METRICS,
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${path.join(dir, 'vm-data')}`,
      // Samples older than the retention are dropped on import: keep any history a test loads.
      '-retentionPeriod=100y',
      // Otherwise its search flags are left as users run them: the history lies days behind
      // -search.latencyOffset, no scrape interval is deduplicated, and range reads ask nocache=1 themselves.
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const fail = async (message) => {
    await stop();
    throw new Error(`${message}: ${log}`);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`victoria-metrics exited (${child.exitCode}): ${log}`);
    if (Date.now() > deadline) return fail('victoria-metrics did not become healthy within 60 s');
    try {
      const r = await globalThis.fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const imported = await globalThis.fetch(`${url}/api/v1/import/prometheus`, {
    method: 'POST',
    body: toPrometheusText(history),
  });
  if (!imported.ok) return fail(`import failed: HTTP ${imported.status} ${await imported.text()}`);
  // Imported rows are searchable once flushed from memory; the server does it every second, this at once.
  const flushed = await globalThis.fetch(`${url}/internal/force_flush`);
  if (!flushed.ok) return fail(`force_flush failed: HTTP ${flushed.status}`);
  return { url, port, stop, pid: child.pid };
}
