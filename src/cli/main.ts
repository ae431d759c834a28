import {
  budgetReports,
  formatBudgetText,
  liveBudgets,
  parseAt,
  parseTraffic,
  type FailedReport,
  type LiveReport,
} from './budget.js';
import { lint, LINT_FORMATS } from './lint.js';
import { runPostmortem } from './postmortem.js';
import { runReport } from './report.js';
import { runRules } from './rules.js';
import { backtestFile, backtestJson, backtestText } from './backtest.js';
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
import { UsageError } from '../fs/walk.js';
import { internalErrorLine, StepError } from './step.js';
import { fileSelection } from '../config/settings.js';
import { escapeControls, safeJson } from '../text/escape.js';
import packageJson from '../../package.json';

const VERSION: string = packageJson.version;

const HELP = `team-sre ${VERSION}: SLO files (OpenSLO, Sloth, Pyrra) checked as in the editor.

Usage:
  team-sre lint [--format text|json|sarif|github] [--include GLOB] [--exclude GLOB] [--strict-references]
                [--max-file-size MB] [PATH|GLOB ...]
      Checks every SLO file under the paths (default: the current folder).
      --include/--exclude (repeatable) replace/extend which files a folder walk reads
      (default include: **/*.yaml, **/*.yml, **/*.json; node_modules, .git, dist, vendor… excluded).
      --strict-references: a reference to an object not in the files checked (SLO704) and a duplicate
      name nothing references (SLO705) are errors, not warnings.
      --max-file-size: files above this many megabytes (default 2, at most 256) are not read, and
      are an error (SLO006).
      Exit code: 0 no errors (warnings do not fail), 1 errors found, 2 usage error or unreadable path.
  team-sre budget FILE [--slo NAME] [--at ISO-8601] [--traffic N/s] [--sloth-period 30d] [--json]
                  [--max-file-size MB] [--prometheus URL [--header 'Name: value' ...] [--timeout SECONDS]]
      The error budget of each SLO objective in FILE: the window with its dates, the budget in
      minutes (and events with a traffic figure), the burn-rate alerts it implies.
      With --prometheus: the budget actually left at --at (default now), the SLI, the burn rate over
      every alert window and a burn-down, read from that Prometheus (a bearer token may be given in
      TEAM_SRE_PROMETHEUS_TOKEN). Exit code 1 when an SLO's budget cannot be computed (its error is
      printed in its place) or Prometheus could not answer for it.
  team-sre postmortem new --title TITLE [--start ISO-8601] [--end ISO-8601] [--severity SEV2] [--owner NAME]
                  [--slo FILE#NAME ...] [--error-rate 12%] [--minutes-over-threshold N] [--template NAME]
                  [--dir DIR] [--sloth-period 30d] [--max-file-size MB]
                  [--prometheus URL [--header 'Name: value' ...] [--timeout SECONDS]]
      Writes a new postmortem YYYY-MM-DD-title.md into DIR (default: ./postmortems), never over an
      existing file, and prints its path. --start/--end: dates (default today) or times with their
      zone, e.g. 2026-11-03T14:12:00+01:00; with times, the budget each --slo lost at --error-rate
      (default 100 %) is written in the front matter; a threshold SLI is weighed by its
      --minutes-over-threshold (default the whole incident), Timeslices by the slices made bad. With
      --prometheus, each SLO's error rate between --start and --end is measured there instead (a
      failure is a warning, and --error-rate is used).
      --template: one of .team-sre/templates/*.md (the first is the default) or google, pagerduty,
      lightweight.
  team-sre postmortem index [DIR]
      Writes the index of the postmortems in DIR (default: ./postmortems): README.md, or INDEX.md when
      a README.md was written by hand. Prints its path.
  team-sre report [--format md|html|json] [--out FILE] [--since DATE] [--at ISO-8601] [--sloth-period 30d]
                  [--max-file-size MB] [--prometheus URL [--header 'Name: value' ...] [--timeout SECONDS]] [PATH ...]
      One report over the repositories or folders (default: the current folder): per service, its SLOs
      with their budget, the lint problems of its files and its postmortems since --since (default: 90
      days before --at, default now), with a summary of what needs attention. With --prometheus: the
      budget left and the burn rates of each SLO (a failure is shown on its SLO). --format: md (default),
      html (one self-contained page) or json; --out writes FILE (format from its extension unless given)
      and prints its path. Exit code: 0 written, 2 usage error or unreadable path.
  team-sre rules [--format rules|prometheus-operator] [--extra-labels NAME=VALUE ...] [--disable-alerts]
                 [--disable-recordings] [--sloth-period 30d] [--generic-rules] [--external-url URL]
                 [--enable-prometheus-3-migration[=false]] [--config-map-mode] [--max-file-size MB]
                 [--out FILE|DIR|TEMPLATE [--force] | --check FILE|DIR|TEMPLATE] [--tests DIR]
                 [PATH|GLOB ...]
      The Prometheus rules each SLO file under the paths deploys, as its own tool generates them
      (Sloth, Pyrra; OpenSLO v1 in Sloth's conventions), each under a '# Code generated by team-sre'
      header; without --out, printed one after the other, separated by '---'. --out DIR writes each
      to DIR/<its path under the PATH it was found in> (--out slos/_gen slos/: slos/a.yaml →
      slos/_gen/a.yaml); --out FILE.yaml for one SLO file; --out '\${dir}/_gen/\${basename}' beside
      each SLO file (also \${name}, \${ext}). A file without the header is never
      overwritten without --force: nothing is written, exit code 1. --check FILE|DIR compares the
      committed files (same paths) rule by rule: exit 1 with the differences when one is stale or
      missing, or when a generated file under DIR belongs to an SLO file deleted or generating
      nothing. --tests DIR writes (or checks) promtool test files, DIR/<same path>.test.yaml.
      Sloth's options: --extra-labels, --disable-alerts, --disable-recordings; Pyrra's:
      --generic-rules, --external-url, --enable-prometheus-3-migration (default true),
      --config-map-mode. The generators' notes are said on standard error, a line each.
      Exit code: 0 done or up to date, 1 stale, refused or an SLO file with errors, 2 usage error.
  team-sre backtest FILE [--slo NAME] --prometheus URL [--from ISO-8601] [--to ISO-8601]
                    [--postmortems DIR] [--sloth-period 30d] [--json] [--header 'Name: value' ...]
      Each SLO objective of FILE replayed over --from..--to (default: the 28 days before now): the
      alerts its generated rules would have sent (firing intervals, notifications), the SLI and the
      budget over the range, the target met in each past window, and the postmortems in DIR (default
      ./postmortems) that name the SLO: the alert that caught each incident and after how long, and
      its cost as stated and as measured. Exit code 1 when an objective's SLI could not be read.
  team-sre --version
  team-sre --help

An internal error prints one line (the step, the file, the version) and exits with 2.
`;

interface Io {
  stdout: (s: string) => void;
  /** One line a call. */
  stderr: (s: string) => void;
  cwd: string;
  color: boolean;
}

/** Runs the command line and returns its exit code. */
export async function run(argv: string[], given: Io): Promise<number> {
  // Each line on standard error stays one line: what it quotes of a file, a template or a server (a newline,
  // ESC, OSC) is printed as escapes, so it can neither drive the terminal nor forge a CI log line.
  const io: Io = {
    ...given,
    stderr: (s) => given.stderr(`${escapeControls(s.replace(/\n$/, ''))}\n`),
  };
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  try {
    if (command === 'lint') return runLint(rest, io);
    if (command === 'budget') return await runBudget(rest, io);
    if (command === 'postmortem') return await runPostmortem(rest, io, HELP);
    if (command === 'report') return await runReport(rest, io, HELP);
    if (command === 'rules') return runRules(rest, io, HELP);
    if (command === 'backtest') return await runBacktest(rest, io);
    throw new UsageError(`unknown command '${command}'. Run 'team-sre --help'.`);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`team-sre: ${err.message}\n`);
      return 2;
    }
    // Never a stack trace for a user's file: one line with the step, the file and the version.
    io.stderr(internalErrorLine(err, `team-sre ${command}`, VERSION));
    return 2;
  }
}

const LINT = {
  command: 'lint',
  options: {
    format: {
      type: 'string',
      short: 'f',
      default: 'text',
      choices: LINT_FORMATS,
      missing: `must be one of ${LINT_FORMATS.join(', ')}`,
    },
    include: { type: 'string', multiple: true, missing: "needs a glob, e.g. --include '**/slos/*.yaml'" },
    exclude: { type: 'string', multiple: true, missing: "needs a glob, e.g. --exclude '**/slos/*.yaml'" },
    'strict-references': { type: 'boolean' },
    'max-file-size': MAX_FILE_SIZE_OPTION,
  },
} as const satisfies CommandSpec<OptionSpecs>;

function runLint(args: string[], io: Io): number {
  const { values, positionals: paths, help } = parseCommandLine(args, LINT);
  if (help) {
    io.stdout(HELP);
    return 0;
  }
  const selection = fileSelection(values.include.length ? values.include : undefined, values.exclude);
  const maxFileSize = parseMaxFileSize(values['max-file-size']);
  const result = lint({
    format: values.format,
    paths,
    cwd: io.cwd,
    color: io.color,
    version: VERSION,
    selection,
    strictReferences: values['strict-references'],
    maxFileSize,
  });
  io.stdout(result.output);
  return result.errors > 0 ? 1 : 0;
}

const BUDGET = {
  command: 'budget',
  options: {
    slo: { type: 'string' },
    at: { type: 'string' },
    traffic: { type: 'string' },
    'sloth-period': SLOTH_PERIOD_OPTION,
    json: { type: 'boolean' },
    'max-file-size': MAX_FILE_SIZE_OPTION,
    ...PROMETHEUS_OPTIONS,
  },
} as const satisfies CommandSpec<OptionSpecs>;

const BACKTEST = {
  command: 'backtest',
  options: {
    slo: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    postmortems: { type: 'string', default: 'postmortems' },
    'sloth-period': SLOTH_PERIOD_OPTION,
    json: { type: 'boolean' },
    'max-file-size': MAX_FILE_SIZE_OPTION,
    ...PROMETHEUS_OPTIONS,
  },
} as const satisfies CommandSpec<OptionSpecs>;

async function runBacktest(args: string[], io: Io): Promise<number> {
  const { values, positionals, help } = parseCommandLine(args, BACKTEST);
  if (help) {
    io.stdout(HELP);
    return 0;
  }
  const [file, second] = positionals;
  if (second !== undefined) throw new UsageError(`backtest takes one FILE, got '${file}' and '${second}'`);
  if (!file)
    throw new UsageError('backtest needs a FILE: team-sre backtest slos/checkout.yaml --prometheus URL');
  const prometheus = prometheusOptions(values);
  if (!prometheus)
    throw new UsageError(
      'backtest reads history: give --prometheus URL (Prometheus, VictoriaMetrics, Thanos, Mimir)',
    );
  const results = await backtestFile({
    file,
    ...(values.slo !== undefined ? { slo: values.slo } : {}),
    ...(values.from !== undefined ? { from: values.from } : {}),
    ...(values.to !== undefined ? { to: values.to } : {}),
    postmortems: values.postmortems,
    slothPeriod: parseSlothPeriod(values['sloth-period']),
    maxFileSize: parseMaxFileSize(values['max-file-size']),
    cwd: io.cwd,
    prometheus: prometheus.config,
  });
  io.stdout(values.json ? backtestJson(results) : backtestText(results));
  // An objective whose SLI could not be read at all is said on standard error and in the exit code.
  let failed = 0;
  for (const r of results)
    if (r.sli === null) {
      failed++;
      io.stderr(`team-sre: ${r.slo}: ${r.notes[0] ?? 'its SLI could not be read'}\n`);
    }
  return failed > 0 ? 1 : 0;
}

async function runBudget(args: string[], io: Io): Promise<number> {
  const { values, positionals, help } = parseCommandLine(args, BUDGET);
  if (help) {
    io.stdout(HELP);
    return 0;
  }
  const [file, second] = positionals;
  if (second !== undefined) throw new UsageError(`budget takes one FILE, got '${file}' and '${second}'`);
  const at = values.at === undefined ? new Date() : parseAt(values.at);
  const traffic = values.traffic === undefined ? undefined : parseTraffic(values.traffic);
  const slothPeriod = parseSlothPeriod(values['sloth-period']);
  const maxFileSize = parseMaxFileSize(values['max-file-size']);
  const prometheus = prometheusOptions(values);
  const { slo, json } = values;
  if (!file) throw new UsageError('budget needs a FILE: team-sre budget slos/checkout.yaml');
  const options = { file, slo, at, trafficPerSecond: traffic, slothPeriod, cwd: io.cwd, maxFileSize };
  const reports: Array<LiveReport | FailedReport> = prometheus
    ? await liveBudgets(options, prometheus.config)
    : budgetReports(options);
  io.stdout(json ? safeJson(reports) : formatBudgetText(reports, traffic));
  // An SLO without a budget, or without what Prometheus says is left, is said on standard error and in the code.
  let failed = 0;
  for (const r of reports) {
    const why = 'error' in r ? r.error : r.liveError?.message;
    if (why === undefined) continue;
    failed++;
    io.stderr(`team-sre: ${r.name}: ${why}\n`);
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  // A reader that stops early (`team-sre lint | head`) closes the pipe: the rest of the output is dropped.
  const closed = new Set<NodeJS.WriteStream>();
  const write = (stream: NodeJS.WriteStream) => (s: string) => {
    if (!closed.has(stream)) stream.write(s);
  };
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      closed.add(stream);
      if (err.code === 'EPIPE') return;
      if (stream !== process.stderr)
        write(process.stderr)(
          internalErrorLine(new StepError('writing the output', err), 'team-sre', VERSION),
        );
      process.exitCode = 2;
    });
  void run(process.argv.slice(2), {
    stdout: write(process.stdout),
    stderr: write(process.stderr),
    cwd: process.cwd(),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  }).then((code) => {
    // An output that could not be written keeps its code.
    if (!process.exitCode) process.exitCode = code;
  });
}
