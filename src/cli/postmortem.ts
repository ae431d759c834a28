import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../fs/walk.js';
import { budgetInputs } from '../language/model/budget-input.js';
import { serviceOf } from '../language/features/workspace-slos.js';
import { parseIsoTime } from '../postmortem/model.js';
import { composePostmortem, recordedAddress, type AffectedSlo } from '../postmortem/new.js';
import { loadWorkspaceTemplates, type PostmortemTemplate } from '../postmortem/templates.js';
import {
  findPostmortemDir,
  realPathOutside,
  updateIndex,
  writeNewPostmortem,
} from '../postmortem/node/write.js';
import { readTemplateFiles } from '../postmortem/node/template-files.js';
import { indexWorkingFolder, loadSlos } from './budget.js';
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
import { settingDefault } from '../config/schema.js';
import { formatPercent } from '../budget/format.js';
import { liveSpec, type SloLiveSpec } from '../language/model/live-spec.js';
import { PrometheusClient } from '../prometheus/client.js';
import { measureErrorRatio } from '../prometheus/incident.js';
import { step } from './step.js';
import { escapeControls } from '../text/escape.js';

export interface PostmortemIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

/** Where postmortems go when no folder is given: the `teamSre.postmortems.folder` setting's default. */
const POSTMORTEM_FOLDER = settingDefault('teamSre.postmortems.folder');

const SUBCOMMANDS = "new or index. Run 'team-sre --help'.";

/** `team-sre postmortem new|index …`; returns the exit code. */
export async function runPostmortem(args: string[], io: PostmortemIo, help: string): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    io.stdout(help);
    return 0;
  }
  if (sub === undefined) throw new UsageError(`postmortem needs a subcommand: ${SUBCOMMANDS}`);
  if (sub === 'new') return runNew(rest, io, help);
  if (sub === 'index') return runIndex(rest, io, help);
  throw new UsageError(`unknown postmortem subcommand '${sub}': ${SUBCOMMANDS}`);
}

/** A path for messages and output: relative to the working folder, with `/`. */
function shown(cwd: string, file: string): string {
  return (path.relative(cwd, file) || '.').split(path.sep).join('/');
}

/** Whether a path is a folder; undefined when there is nothing there (or it cannot be seen). */
const isFolder = (p: string) =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => undefined,
  );

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/** Today in the local time zone, `YYYY-MM-DD`. */
function today(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** A date, or a date and time with its zone, as written in the front matter (`T` and `Z` upper-case). */
export function parseIncidentTime(flag: string, text: string): { iso: string; date: Date; hasTime: boolean } {
  const parsed = parseIsoTime(text);
  if (!parsed)
    throw new UsageError(
      `${flag} must be a date such as 2026-11-03 or an ISO 8601 time with its zone such as 2026-11-03T14:12:00+01:00 or 2026-11-03T13:12:00Z, not '${text}'`,
    );
  if (parsed.hasTime && !parsed.hasZone)
    throw new UsageError(
      `${flag} '${text}' has no time zone: add Z for UTC or the offset, e.g. ${text.trim()}Z or ${text.trim()}+01:00`,
    );
  const iso = parsed.hasTime ? text.trim().toUpperCase() : text.trim();
  return { iso, date: parsed.date, hasTime: parsed.hasTime };
}

/** `0.12`, `12%` or `12 %`: a share of requests between 0 and 1. */
export function parseErrorRate(text: string): number {
  const m = /^((?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)[ \t]*(%)?$/i.exec(text.trim());
  const rate = m ? Number(m[2] ? `${m[1]}e-2` : m[1]) : NaN;
  if (!(rate >= 0 && rate <= 1))
    throw new UsageError(
      `--error-rate must be the share of requests that failed, a ratio between 0 and 1 (0.12) or a percentage (12%), not '${text}'`,
    );
  return rate;
}

/** `--minutes-over-threshold`: minutes, from 0 to the incident's length. */
export function parseMinutesOverThreshold(text: string, incidentMinutes: number | undefined): number {
  const minutes = /^\d+(?:\.\d+)?$/.test(text.trim()) ? Number(text) : NaN;
  if (!(minutes >= 0) || (incidentMinutes !== undefined && minutes > incidentMinutes))
    throw new UsageError(
      `--minutes-over-threshold must be the minutes a threshold SLI spent over its threshold, from 0 to the incident's ${incidentMinutes === undefined ? 'length' : Number(incidentMinutes.toPrecision(6))}, not '${text}'`,
    );
  return minutes;
}

/** The templates of the working folder's `.team-sre/templates/*.md`, then the built-in ones. */
async function templates(cwd: string, maxFileSize: number): Promise<PostmortemTemplate[]> {
  const { files, problems } = await readTemplateFiles(cwd, maxFileSize, 'working folder');
  if (problems.length) throw new UsageError(problems[0]!);
  return loadWorkspaceTemplates(files);
}

/**
 * The postmortem folder: `--dir` as given, or the nearest `postmortems` folder. One inside the working
 * folder whose real path (links resolved) leaves it is refused, so a link in a repository cannot send a
 * postmortem elsewhere; a `--dir` outside the working folder is the user's choice.
 */
async function postmortemDir(cwd: string, dir: string | undefined): Promise<string> {
  const abs = dir === undefined ? path.join(cwd, POSTMORTEM_FOLDER) : path.resolve(cwd, dir);
  const inside = !path.relative(cwd, abs).startsWith('..') && !path.isAbsolute(path.relative(cwd, abs));
  const outside = inside ? await realPathOutside(abs, cwd) : undefined;
  if (outside !== undefined)
    throw new UsageError(
      `'${dir ?? shown(cwd, abs)}' leads outside the working folder, to ${outside}, through a symbolic link: postmortems are read and written only inside it`,
    );
  if (dir !== undefined) return abs;
  try {
    return await findPostmortemDir(undefined, cwd, POSTMORTEM_FOLDER);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function chooseTemplate(all: PostmortemTemplate[], name: string | undefined): PostmortemTemplate {
  if (name === undefined) return all[0]!;
  const found =
    all.find((t) => t.name === name) ?? all.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (!found)
    throw new UsageError(`unknown template '${name}'; the templates: ${all.map((t) => t.name).join(', ')}`);
  return found;
}

/** The SLO objectives `--slo FILE#NAME` names, each with its budget input. */
function affectedSlos(
  specs: string[],
  cwd: string,
  slothPeriod: string,
  maxFileSize: number,
): Array<AffectedSlo & { spec?: SloLiveSpec }> {
  if (!specs.length) return [];
  const index = indexWorkingFolder(cwd, undefined, slothPeriod, maxFileSize);
  const out: Array<AffectedSlo & { spec?: SloLiveSpec }> = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const hash = spec.lastIndexOf('#');
    const file = spec.slice(0, hash).trim();
    const name = spec.slice(hash + 1).trim();
    if (hash < 0 || !file || !name)
      throw new UsageError(
        `--slo must be FILE#NAME, such as slos/checkout-slos.yaml#checkout-availability, not '${spec}'`,
      );
    if (!existsSync(path.resolve(cwd, file))) {
      const known = index
        .uris()
        .filter((u) => index.slos(u).length)
        .map((u) => shown(cwd, u))
        .sort();
      const list = `${known.slice(0, 10).join(', ')}${known.length > 10 ? '…' : ''}`;
      throw new UsageError(
        `no file '${file}' for --slo${known.length ? `; the files with SLOs: ${list}` : ''}`,
      );
    }
    const { slos, resolve } = loadSlos({ file, slo: name, slothPeriod, cwd, maxFileSize }, index);
    const relative = shown(cwd, path.resolve(cwd, file));
    for (const slo of slos) {
      const key = `${relative}#${slo.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const service = serviceOf(slo) || undefined;
      const base = { file: relative, name: slo.name, ...(service ? { service } : {}) };
      const inputs = budgetInputs(slo, resolve);
      if (!inputs.length) out.push(base);
      for (const { input, objective } of inputs)
        out.push({ ...base, input, spec: liveSpec(slo, objective, resolve) });
    }
  }
  return out;
}

const NEW = {
  command: 'postmortem new',
  options: {
    title: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    severity: { type: 'string' },
    owner: { type: 'string' },
    slo: { type: 'string', multiple: true },
    template: { type: 'string' },
    dir: { type: 'string' },
    'error-rate': { type: 'string' },
    'minutes-over-threshold': { type: 'string' },
    'sloth-period': SLOTH_PERIOD_OPTION,
    'max-file-size': MAX_FILE_SIZE_OPTION,
    ...PROMETHEUS_OPTIONS,
  },
} as const satisfies CommandSpec<OptionSpecs>;

async function runNew(args: string[], io: PostmortemIo, help: string): Promise<number> {
  const { values, given, positionals, help: asked } = parseCommandLine(args, NEW);
  if (asked) {
    io.stdout(help);
    return 0;
  }
  if (positionals.length)
    throw new UsageError(
      `unexpected argument '${positionals[0]}' for postmortem new (the title goes in --title). Run 'team-sre --help'.`,
    );
  const title = values.title?.trim();
  if (!title)
    throw new UsageError(
      "postmortem new needs a --title: team-sre postmortem new --title 'Checkout returned 5xx after a deploy'",
    );
  const start = parseIncidentTime('--start', values.start ?? today());
  const end = parseIncidentTime('--end', values.end ?? today());
  const endsBefore =
    start.hasTime && end.hasTime
      ? end.date.getTime() <= start.date.getTime()
      : end.iso.slice(0, 10) < start.iso.slice(0, 10);
  if (endsBefore)
    throw new UsageError(
      `--end (${end.iso}) must be ${start.hasTime && end.hasTime ? 'after' : 'on or after'} --start (${start.iso})`,
    );
  const rate = values['error-rate'];
  const errorRate = rate === undefined ? undefined : parseErrorRate(rate);
  const overText = values['minutes-over-threshold'];
  const timed = start.hasTime && end.hasTime;
  const minutesOverThreshold =
    overText === undefined
      ? undefined
      : parseMinutesOverThreshold(
          overText,
          timed ? (end.date.getTime() - start.date.getTime()) / 60_000 : undefined,
        );
  const slothPeriod = parseSlothPeriod(values['sloth-period']);
  const maxFileSize = parseMaxFileSize(values['max-file-size']);
  const template = chooseTemplate(await templates(io.cwd, maxFileSize), values.template);
  if (values.prometheus === undefined && (given.has('header') || given.has('timeout')))
    throw new UsageError('--header and --timeout go with --prometheus URL');
  const prometheus = prometheusOptions(values)?.config;
  const slos = step('reading the SLOs given with --slo', () =>
    affectedSlos(values.slo, io.cwd, slothPeriod, maxFileSize),
  );
  /** What stderr says about the error rates: a warning, or where a figure came from. */
  const notes: string[] = [];
  // A threshold SLI has no share of failing requests: it is weighed by its minutes over the threshold.
  const threshold = slos.filter((s) => s.input?.sli === 'threshold');
  for (const slo of threshold) {
    if (minutesOverThreshold !== undefined) slo.minutesOverThreshold = minutesOverThreshold;
    if (timed)
      notes.push(
        `${slo.name}: a threshold SLI; the budget counts ${minutesOverThreshold === undefined ? 'the whole incident' : `${minutesOverThreshold} min`} over the threshold${minutesOverThreshold === undefined ? ' (--minutes-over-threshold to say less)' : ''}.`,
      );
  }
  if (minutesOverThreshold !== undefined && !threshold.length)
    notes.push('warning: --minutes-over-threshold is for threshold SLIs: no --slo has one.');
  if (prometheus && slos.length) {
    if (!start.hasTime || !end.hasTime)
      notes.push(
        'warning: --prometheus measures the error rate between --start and --end: give them as times.',
      );
    else
      for (const slo of slos) {
        if (!slo.spec || !slo.input || slo.input.sli === 'threshold') continue;
        const fallback =
          errorRate === undefined ? 'a full outage' : `--error-rate ${formatPercent(errorRate)}`;
        try {
          const client = new PrometheusClient(prometheus);
          const rate = await measureErrorRatio(slo.spec, client, start.date, end.date);
          const sent = client.sent.at(-1);
          slo.errorRate = rate;
          slo.errorRateSource = {
            measured: {
              query: sent?.query ?? '',
              ...(sent?.time ? { time: sent.time } : {}),
              prometheus: recordedAddress(prometheus.url),
              at: new Date().toISOString(),
            },
          };
          notes.push(
            `${slo.name}: ${formatPercent(rate)} of requests failed between --start and --end, measured in Prometheus.`,
          );
        } catch (err) {
          // Any failure is this SLO's: the others are still measured.
          const why = err instanceof Error ? err.message : String(err);
          notes.push(
            `warning: ${slo.name}: the error rate could not be read from Prometheus (${why}); the budget assumes ${fallback}.`,
          );
        }
      }
  }
  const dir = await postmortemDir(io.cwd, values.dir);
  const severity = values.severity?.trim();
  const owner = values.owner?.trim();
  const composed = step('composing the postmortem', () =>
    composePostmortem(
      {
        title,
        started: start.iso,
        resolved: end.iso,
        ...(severity ? { severity } : {}),
        ...(owner ? { owner } : {}),
        slos,
        ...(errorRate === undefined ? {} : { errorRate, errorRateSource: 'typed' as const }),
      },
      template,
    ),
  );
  if ((await isFolder(dir)) === false) throw new UsageError(`'${shown(io.cwd, dir)}' is not a folder`);
  let written: string;
  try {
    written = await writeNewPostmortem(dir, composed.date, title, composed.text);
  } catch (err) {
    const code = errorCode(err);
    if (!code) throw err;
    throw new UsageError(`cannot write the postmortem into '${shown(io.cwd, dir)}': ${code}`);
  }
  if (errorRate !== undefined && !slos.length)
    io.stderr(
      'team-sre: warning: --error-rate is used for the budget of the SLOs given with --slo: none is given.\n',
    );
  for (const n of notes) io.stderr(`team-sre: ${n}\n`);
  for (const w of composed.warnings) io.stderr(`team-sre: warning: ${w.message}\n`);
  io.stdout(`${escapeControls(shown(io.cwd, written))}\n`);
  return 0;
}

const INDEX = { command: 'postmortem index', options: {} } as const satisfies CommandSpec<OptionSpecs>;

async function runIndex(args: string[], io: PostmortemIo, help: string): Promise<number> {
  const { positionals: positional, help: asked } = parseCommandLine(args, INDEX);
  if (asked) {
    io.stdout(help);
    return 0;
  }
  if (positional.length > 1)
    throw new UsageError(`postmortem index takes one DIR, got '${positional[0]}' and '${positional[1]}'`);
  const dir = await postmortemDir(io.cwd, positional[0]);
  const shownDir = positional[0] ?? shown(io.cwd, dir);
  const isDirectory = await isFolder(dir);
  if (isDirectory === undefined)
    throw new UsageError(
      `no postmortem folder '${shownDir}'${positional[0] === undefined ? ": write one with 'team-sre postmortem new' or give the folder: team-sre postmortem index DIR" : ''}`,
    );
  if (!isDirectory) throw new UsageError(`'${shownDir}' is not a folder`);
  let written: string;
  try {
    written = await updateIndex(dir);
  } catch (err) {
    const code = errorCode(err);
    if (code) throw new UsageError(`cannot write the index of '${shownDir}': ${code}`);
    // A README.md and an INDEX.md both written by hand: the index replaces neither.
    if (err instanceof Error) throw new UsageError(err.message);
    throw err;
  }
  io.stdout(`${escapeControls(shown(io.cwd, written))}\n`);
  return 0;
}
