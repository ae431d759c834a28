/**
 * `team-sre report`: gathers the SLOs, their budgets (and what Prometheus says is left), the lint problems and
 * the postmortems of one or several repositories, and renders the report (src/team-report) as Markdown, HTML or JSON.
 */
import { statSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../fs/walk.js';
import { hasBudget, type WorkspaceSloEntry } from '../language/service.js';
import { parsePostmortem } from '../postmortem/frontmatter.js';
import { summarise } from '../postmortem/index.js';
import { parseIsoTime } from '../postmortem/model.js';
import type { PrometheusConfig } from '../prometheus/client.js';
import { PROMETHEUS_OPTIONS, prometheusOptions } from './prometheus-options.js';
import {
  MAX_FILE_SIZE_OPTION,
  parseCommandLine,
  parseMaxFileSize,
  parseSlothPeriod,
  SLOTH_PERIOD_OPTION,
  type CommandSpec,
  type OptionSpecs,
} from './args.js';
import {
  buildReport,
  NO_SERVICE,
  renderReport,
  REPORT_FORMATS,
  type GatheredSlo,
  type GatheredSource,
  type ReportFormat,
} from '../team-report/index.js';
import { parseAt, readLive } from './budget.js';
import { lintAnalysis } from './lint.js';
import { step } from './step.js';
import { escapeControls } from '../text/escape.js';
import { servicesOfLines } from '../team-report/documents.js';

export interface ReportIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

/** Days of postmortems a report lists when `--since` is not given. */
export const DEFAULT_SINCE_DAYS = 90;

/** Live budgets read at the same time (each SLO has a client of its own). */
const LIVE_CONCURRENCY = 4;

const REPORT = {
  command: 'report',
  options: {
    format: { type: 'string', choices: REPORT_FORMATS },
    out: { type: 'string' },
    since: { type: 'string' },
    at: { type: 'string' },
    'sloth-period': SLOTH_PERIOD_OPTION,
    'max-file-size': MAX_FILE_SIZE_OPTION,
    ...PROMETHEUS_OPTIONS,
  },
  repeated: 'more than once',
} as const satisfies CommandSpec<OptionSpecs>;

/** `YYYY-MM-DD` of a `--since` date (or the UTC day of a time with its zone). */
export function parseSince(text: string): string {
  const t = parseIsoTime(text);
  if (!t || (t.hasTime && !t.hasZone))
    throw new UsageError(
      `--since must be a date such as 2026-01-01 (or a time with its zone such as 2026-01-01T00:00:00Z), not '${text}'`,
    );
  return t.hasTime ? t.date.toISOString().slice(0, 10) : text.trim();
}

/** The format an `--out` file's extension asks for; Markdown otherwise. */
function formatOf(out: string | undefined): ReportFormat {
  const ext = out ? path.extname(out).toLowerCase() : '';
  return ext === '.html' || ext === '.htm' ? 'html' : ext === '.json' ? 'json' : 'md';
}

const posix = (p: string) => p.split(path.sep).join('/');

/** A path for messages and output: relative to the working folder when below it, with `/`. */
function shown(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? posix(rel) : posix(file);
}

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/** Runs `work` over `items`, at most `limit` at a time, keeping their order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

interface GatherOptions {
  cwd: string;
  at: Date;
  today: string;
  slothPeriod: string;
  maxFileSize: number;
  prometheus?: PrometheusConfig;
}

/** Whether a path given on the command line is a folder; a usage error when it cannot be read. */
function isFolder(arg: string, abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch (err) {
    const code = errorCode(err);
    throw new UsageError(
      `cannot read '${arg}': ${code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : String(code)}`,
    );
  }
}

interface Source {
  /** As given. */
  arg: string;
  abs: string;
  folder: boolean;
}

/** The SLOs, postmortems and lint problems of one path (a folder, or a single file read in its folder). */
async function gather({ arg, abs, folder }: Source, options: GatherOptions): Promise<GatheredSource> {
  const root = folder ? abs : path.dirname(abs);
  const analysis = lintAnalysis({
    paths: [folder ? '.' : path.basename(abs)],
    cwd: root,
    today: options.today,
    slothPeriod: options.slothPeriod,
    maxFileSize: options.maxFileSize,
  });
  const rel = (file: string) => posix(path.relative(root, file)) || path.basename(file);
  const entries: WorkspaceSloEntry[] = step(`computing the budgets of ${arg}`, () =>
    analysis.service.workspaceSlos(options.at),
  );
  const config = options.prometheus;
  const slos = await pool(entries, LIVE_CONCURRENCY, async (e): Promise<GatheredSlo> => {
    const place = { file: rel(e.uri), service: e.service === NO_SERVICE ? null : e.service };
    if (!hasBudget(e)) return { ...place, name: e.name, format: e.format, error: e.error };
    return { ...place, report: e.report, ...(config ? await readLive(e, config, options.at) : {}) };
  });
  // Each problem of an SLO file counts under the service of its own document.
  const services: Array<string | null | undefined> = analysis.items.map(() => undefined);
  const byFile = new Map<string, number[]>();
  analysis.items.forEach((i, k) => byFile.set(i.file, [...(byFile.get(i.file) ?? []), k]));
  for (const [file, indexes] of byFile) {
    const fileSlos = entries.flatMap((e, k) => (slos[k]!.file === file ? [{ e, slo: slos[k]! }] : []));
    const text = fileSlos.length ? analysis.service.get(fileSlos[0]!.e.uri)?.text : undefined;
    if (text === undefined) continue;
    const found = servicesOfLines(
      text,
      fileSlos.map(({ e, slo }) => ({ line: e.range.start.line, service: slo.service })),
      indexes.map((k) => analysis.items[k]!.diagnostic.range.start.line),
    );
    indexes.forEach((k, n) => (services[k] = found[n]));
  }
  return {
    path: arg,
    label: abs === path.resolve(options.cwd) ? path.basename(abs) || abs : posix(arg),
    slos,
    postmortems: analysis.postmortems.map(({ file, text }) => ({
      summary: summarise(rel(file), text),
      services: parsePostmortem(text).fields.services ?? [],
    })),
    diagnostics: analysis.items.map((i, k) => ({
      file: i.file,
      code: i.diagnostic.code,
      severity: i.diagnostic.severity,
      ...(services[k] !== undefined ? { service: services[k] } : {}),
    })),
  };
}

/** Writes `text` to `file` atomically: a temporary file next to it, then renamed over it. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${Date.now()}.tmp`);
  await writeFile(temp, text, { flag: 'wx' });
  try {
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** `team-sre report …`; returns the exit code. */
export async function runReport(args: string[], io: ReportIo, help: string): Promise<number> {
  const { values, positionals, help: asked } = parseCommandLine(args, REPORT);
  if (asked) {
    io.stdout(help);
    return 0;
  }
  const at = values.at === undefined ? new Date() : parseAt(values.at);
  const slothPeriod = parseSlothPeriod(values['sloth-period']);
  const maxFileSize = parseMaxFileSize(values['max-file-size']);
  const since =
    values.since === undefined
      ? new Date(at.getTime() - DEFAULT_SINCE_DAYS * 86_400_000).toISOString().slice(0, 10)
      : parseSince(values.since);
  const live = prometheusOptions(values);
  const prometheus = live?.config;
  const prometheusShown = live?.shown;
  const today = at.toISOString().slice(0, 10);
  const paths = positionals.length ? positionals : ['.'];
  // Every path is checked before the (possibly slow) gathering; a path given twice is read once.
  const sources: Source[] = [];
  for (const arg of paths) {
    const abs = path.resolve(io.cwd, arg);
    const folder = isFolder(arg, abs);
    if (!sources.some((s) => s.abs === abs)) sources.push({ arg, abs, folder });
  }
  const gathered: GatheredSource[] = [];
  for (const source of sources)
    gathered.push(
      await gather(source, {
        cwd: io.cwd,
        at,
        today,
        slothPeriod,
        maxFileSize,
        ...(prometheus ? { prometheus } : {}),
      }),
    );
  const report = step('building the report', () =>
    buildReport({
      at,
      since,
      today,
      ...(prometheusShown ? { prometheus: prometheusShown } : {}),
      sources: gathered,
    }),
  );
  const format = values.format ?? formatOf(values.out);
  const text = step(`rendering the ${format} report`, () => renderReport(report, format));
  if (!values.out) {
    io.stdout(text);
    return 0;
  }
  const target = path.resolve(io.cwd, values.out);
  try {
    await writeAtomically(target, text);
  } catch (err) {
    throw new UsageError(`cannot write '${values.out}': ${errorCode(err) ?? String(err)}`);
  }
  io.stdout(`${escapeControls(shown(io.cwd, target))}\n`);
  return 0;
}
