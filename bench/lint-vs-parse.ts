// `team-sre lint` on the generated workspace against only parsing its files with `yaml`: whole-process
// wall time and peak RSS, the median of N runs each, run in turns so that load on the machine hits both.
// Alone: `node --import tsx bench/lint-vs-parse.ts [runs] [cli.js]` (after `npm run build`; another
// build of the CLI, e.g. of an earlier commit, can be given to compare).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { generateWorkspace } from './workspace.js';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/**
 * Preloaded into both processes: writes the peak RSS (KiB) and the CPU time (µs) to the file
 * `BENCH_PEAK_RSS` names, at exit. CPU time shows the work done even when other processes share the cores.
 */
const PEAK_RSS_PRELOAD = `process.on('exit', () => {
  const u = process.resourceUsage();
  require('node:fs').writeFileSync(
    process.env.BENCH_PEAK_RSS,
    JSON.stringify({ maxRSS: u.maxRSS, cpu: u.userCPUTime + u.systemCPUTime }),
  );
});
`;

export interface ProcessRun {
  wallMs: number;
  cpuMs: number;
  peakMiB: number;
}

export interface LintVsParse {
  runs: number;
  files: number;
  lint: ProcessRun[];
  parse: ProcessRun[];
  /** The lint's problem count, from its JSON output: shows it did the work. */
  problems: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function runProcess(args: string[], cwd: string, peakFile: string, preload: string) {
  return new Promise<ProcessRun & { stdout: string; code: number | null }>((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--require', preload, ...args], {
      cwd,
      env: { ...process.env, BENCH_PEAK_RSS: peakFile, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      // lint exits 1 when it found errors; anything else is a failed run.
      if (code !== 0 && code !== 1)
        return reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
      const usage = JSON.parse(readFileSync(peakFile, 'utf8')) as { maxRSS: number; cpu: number };
      resolve({ wallMs, cpuMs: usage.cpu / 1000, peakMiB: usage.maxRSS / 1024, stdout, code });
    });
  });
}

/** Runs both commands `runs` times in turns on `workspace`. */
export async function measureLintVsParse(workspace: string, runs: number, cli = CLI): Promise<LintVsParse> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: npm run build`);
  const scratch = mkdtempSync(path.join(tmpdir(), 'team-sre-bench-parse-'));
  try {
    const parseOnly = path.join(scratch, 'parse-only.js');
    // Bundled as dist/cli.js is, so that neither pays for loading TypeScript.
    await esbuild.build({
      entryPoints: [path.join(__dirname, 'parse-only.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: parseOnly,
      logLevel: 'error',
    });
    // esbuild's service process and its keep-alive timer would otherwise keep the bench running once done.
    await esbuild.stop();
    const preload = path.join(scratch, 'peak-rss.cjs');
    writeFileSync(preload, PEAK_RSS_PRELOAD);
    const peakFile = path.join(scratch, 'peak');
    const result: LintVsParse = { runs, files: 0, lint: [], parse: [], problems: 0 };
    for (let i = 0; i < runs; i++) {
      const parse = await runProcess([parseOnly, '.'], workspace, peakFile, preload);
      result.files = (JSON.parse(parse.stdout) as { files: number }).files;
      result.parse.push({ wallMs: parse.wallMs, cpuMs: parse.cpuMs, peakMiB: parse.peakMiB });
      const lint = await runProcess([cli, 'lint', '.', '--format', 'json'], workspace, peakFile, preload);
      result.problems = (JSON.parse(lint.stdout) as unknown[]).length;
      result.lint.push({ wallMs: lint.wallMs, cpuMs: lint.cpuMs, peakMiB: lint.peakMiB });
    }
    return result;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const spread = (values: number[]) =>
  `${(Math.min(...values) / 1000).toFixed(2)}–${(Math.max(...values) / 1000).toFixed(2)}`;

/** The table row pair and the ratio, as Markdown. */
export function lintVsParseTable(r: LintVsParse): string[] {
  const stat = (runs: ProcessRun[], key: keyof ProcessRun) => median(runs.map((x) => x[key]));
  const s = (v: number) => (v / 1000).toFixed(2);
  const row = (label: string, runs: ProcessRun[]) =>
    `| ${label} | ${s(stat(runs, 'wallMs'))} | ${spread(runs.map((x) => x.wallMs))} | ${s(stat(runs, 'cpuMs'))} | ${stat(runs, 'peakMiB').toFixed(0)} |`;
  const ratio = (key: keyof ProcessRun) => `${(stat(r.lint, key) / stat(r.parse, key)).toFixed(2)}×`;
  return [
    `| command (${r.files} files, median of ${r.runs} runs) | wall (s) | range (s) | CPU user + system (s) | peak RSS (MiB) |`,
    '|---|---:|---:|---:|---:|',
    row(`\`team-sre lint . --format json\` (${r.problems} problems)`, r.lint),
    row('read + `yaml` parseAllDocuments only', r.parse),
    `| lint / parse-only | **${ratio('wallMs')}** | | ${ratio('cpuMs')} | ${ratio('peakMiB')} |`,
  ];
}

if (require.main === module) {
  const runs = Math.max(1, Number(process.argv[2] ?? 5));
  const workspace = mkdtempSync(path.join(tmpdir(), 'team-sre-bench-ws-'));
  generateWorkspace(workspace);
  measureLintVsParse(workspace, runs, process.argv[3] ? path.resolve(process.argv[3]) : CLI)
    .then((r) => console.log(lintVsParseTable(r).join('\n')))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    })
    .finally(() => rmSync(workspace, { recursive: true, force: true }));
}
