// `team-sre lint` on the generated workspace against only parsing its files with `yaml`: whole-process
// wall time and peak RSS, the median of N runs each, run in turns so that load on the machine hits both.
// Alone: `node --import tsx bench/lint-vs-parse.ts [runs]` (after `npm run build`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { generateWorkspace } from './workspace.js';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Preloaded into both processes: writes the peak RSS (KiB) to the file `BENCH_PEAK_RSS` names, at exit. */
const PEAK_RSS_PRELOAD = `process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.BENCH_PEAK_RSS, String(process.resourceUsage().maxRSS));
});
`;

export interface ProcessRun {
  wallMs: number;
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
      resolve({ wallMs, peakMiB: Number(readFileSync(peakFile, 'utf8')) / 1024, stdout, code });
    });
  });
}

/** Runs both commands `runs` times in turns on `workspace`. */
export async function measureLintVsParse(workspace: string, runs: number): Promise<LintVsParse> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: npm run build');
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
    const preload = path.join(scratch, 'peak-rss.cjs');
    writeFileSync(preload, PEAK_RSS_PRELOAD);
    const peakFile = path.join(scratch, 'peak');
    const result: LintVsParse = { runs, files: 0, lint: [], parse: [], problems: 0 };
    for (let i = 0; i < runs; i++) {
      const parse = await runProcess([parseOnly, '.'], workspace, peakFile, preload);
      result.files = (JSON.parse(parse.stdout) as { files: number }).files;
      result.parse.push({ wallMs: parse.wallMs, peakMiB: parse.peakMiB });
      const lint = await runProcess([CLI, 'lint', '.', '--format', 'json'], workspace, peakFile, preload);
      result.problems = (JSON.parse(lint.stdout) as unknown[]).length;
      result.lint.push({ wallMs: lint.wallMs, peakMiB: lint.peakMiB });
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
  const lintWall = median(r.lint.map((x) => x.wallMs));
  const parseWall = median(r.parse.map((x) => x.wallMs));
  const lintPeak = median(r.lint.map((x) => x.peakMiB));
  const parsePeak = median(r.parse.map((x) => x.peakMiB));
  return [
    `| command (${r.files} files, median of ${r.runs} runs) | wall (s) | range (s) | peak RSS (MiB) |`,
    '|---|---:|---:|---:|',
    `| \`team-sre lint . --format json\` (${r.problems} problems) | ${(lintWall / 1000).toFixed(2)} | ${spread(r.lint.map((x) => x.wallMs))} | ${lintPeak.toFixed(0)} |`,
    `| read + \`yaml\` parseAllDocuments only | ${(parseWall / 1000).toFixed(2)} | ${spread(r.parse.map((x) => x.wallMs))} | ${parsePeak.toFixed(0)} |`,
    `| lint / parse-only | **${(lintWall / parseWall).toFixed(2)}×** | | ${(lintPeak / parsePeak).toFixed(2)}× |`,
  ];
}

if (require.main === module) {
  const runs = Math.max(1, Number(process.argv[2] ?? 5));
  const workspace = mkdtempSync(path.join(tmpdir(), 'team-sre-bench-ws-'));
  generateWorkspace(workspace);
  measureLintVsParse(workspace, runs)
    .then((r) => console.log(lintVsParseTable(r).join('\n')))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    })
    .finally(() => rmSync(workspace, { recursive: true, force: true }));
}
