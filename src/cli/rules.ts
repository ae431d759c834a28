/**
 * `team-sre rules`: the Prometheus rules each SLO file deploys, as its own tool generates them — printed,
 * written next to the SLO files (`--out`), or compared with the committed ones (`--check`, the CI guard) — and
 * `promtool test rules` files for their alerts (`--tests`). A thin adapter: the formats generate
 * (`LanguageService.rules`), `src/rules/` prints, compares and writes the tests.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLanguageService } from '../language/service.js';
import { DEFAULT_SELECTION } from '../language/workspace/files.js';
import { expandPaths, UsageError, type FolderListings } from '../fs/walk.js';
import { readBounded } from '../fs/read.js';
import { DEFAULT_RULES_OPTIONS, type RulesDocument, type RulesOptions } from '../rules/types.js';
import { isGeneratedByUs, printedDocuments, rulesFileText } from '../rules/write.js';
import { expandOutput } from '../config/generated-rules.js';
import { compareRules } from '../rules/compare.js';
import { unitTests } from '../rules/unit-tests.js';
import { escapeControls } from '../text/escape.js';
import {
  MAX_FILE_SIZE_OPTION,
  parseCommandLine,
  parseMaxFileSize,
  parseSlothPeriod,
  SLOTH_PERIOD_OPTION,
  type CommandSpec,
  type OptionSpecs,
} from './args.js';
import { cliServiceOptions, readSourceFile } from './lint.js';
import { step } from './step.js';

export interface RulesIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

export const RULES_FORMATS = ['rules', 'prometheus-operator'] as const;

const RULES = {
  command: 'rules',
  options: {
    format: { type: 'string', choices: RULES_FORMATS },
    'extra-labels': {
      type: 'string',
      multiple: true,
      missing: 'needs a label, e.g. --extra-labels team=checkout',
    },
    'disable-alerts': { type: 'boolean' },
    'disable-recordings': { type: 'boolean' },
    'sloth-period': SLOTH_PERIOD_OPTION,
    'generic-rules': { type: 'boolean' },
    'external-url': { type: 'string', missing: 'needs a URL, e.g. --external-url https://pyrra.example.com' },
    'enable-prometheus-3-migration': { type: 'boolean', explicit: true },
    'config-map-mode': { type: 'boolean' },
    out: { type: 'string', missing: 'needs a FILE or a DIR, e.g. --out slos/_gen' },
    force: { type: 'boolean' },
    check: {
      type: 'string',
      missing: 'needs the FILE or DIR of the committed rules, e.g. --check slos/_gen',
    },
    tests: { type: 'string', missing: 'needs a DIR, e.g. --tests slos/_gen/tests' },
    'max-file-size': MAX_FILE_SIZE_OPTION,
  },
} as const satisfies CommandSpec<OptionSpecs>;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function extraLabels(given: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of given) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    if (eq < 0 || !LABEL_NAME.test(name))
      throw new UsageError(
        `--extra-labels must be NAME=VALUE with a Prometheus label name, e.g. team=checkout, not '${item}'`,
      );
    out[name] = item.slice(eq + 1);
  }
  return out;
}

function externalUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new UsageError(
      `--external-url must be an http(s) URL such as https://pyrra.example.com, not '${text}'`,
    );
  return text;
}

const posix = (p: string) => p.split(path.sep).join('/');

/** A path as messages show it: relative to the working folder when under it, with `/`. */
function shown(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return escapeControls(rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? posix(rel) : posix(file));
}

/** An input SLO file and the folder its relative output path is taken from. */
interface Input {
  file: string;
  base: string;
}

const GLOB_CHARS = /[*?[\]{}]/;

/** Each PATH walked as `lint` walks it, with the folder that maps its files to their output path. */
function inputsOf(paths: readonly string[], cwd: string): Input[] {
  const listings: FolderListings = new Map();
  const seen = new Set<string>();
  const out: Input[] = [];
  for (const arg of paths.length ? paths : ['.']) {
    const files = expandPaths([arg], DEFAULT_SELECTION, cwd, listings);
    let base: string;
    if (GLOB_CHARS.test(arg)) {
      const parts = posix(arg).split('/');
      const literal: string[] = [];
      while (parts.length && !GLOB_CHARS.test(parts[0]!)) literal.push(parts.shift()!);
      base = path.resolve(cwd, literal.join('/') || '.');
    } else {
      const abs = path.resolve(cwd, arg);
      base = statSync(abs).isDirectory() ? abs : path.dirname(abs);
    }
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      out.push({ file, base });
    }
  }
  return out;
}

/** The generated text of one SLO file, with where it goes. */
interface Output {
  input: string;
  documents: RulesDocument[];
  text: string;
  /** Absolute path of its rule file under `--out` or `--check`. */
  target?: string;
  /** Absolute path of its test file under `--tests`, and the text. */
  tests?: { file: string; text: string };
}

/** True when the documents hold anything to write (a file that generates only notes writes nothing). */
const hasRules = (docs: readonly RulesDocument[]) =>
  docs.some((d) => d.groups.length > 0 || d.container.kind !== 'rule-file');

/** `a.yaml` → `a.test.yaml`: a test file's name next to its rule file's. */
const testName = (name: string) => `${name.replace(/\.(ya?ml|json)$/i, '')}.test.yaml`;

/** Writes through a temporary file in the same folder, renamed over the target: never half a file. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${Date.now()}.tmp`);
  writeFileSync(temp, text, { flag: 'wx' });
  try {
    renameSync(temp, file);
  } catch (err) {
    unlinkSync(temp);
    throw err;
  }
}

/** What is at `file` now: nothing, a text (its head when above the limit), or something else. */
function existing(
  file: string,
  limit: number,
):
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'large'; head: string }
  | { kind: 'other'; what: string } {
  const read = readBounded(file, limit);
  if (read.kind === 'text') return read;
  if (read.kind === 'error' && read.code === 'ENOENT') return { kind: 'none' };
  if (read.kind === 'too-large') return { kind: 'large', head: read.head };
  if (read.kind === 'not-a-file') return { kind: 'other', what: read.what };
  return { kind: 'other', what: `unreadable (${read.code})` };
}

export function runRules(args: string[], io: RulesIo, help: string): number {
  const { values, positionals, given, help: wantsHelp } = parseCommandLine(args, RULES);
  if (wantsHelp) {
    io.stdout(help);
    return 0;
  }
  if (values.out !== undefined && values.check !== undefined)
    throw new UsageError('--out writes the rules and --check compares them: give one of them');
  if (values.force && values.out === undefined) throw new UsageError('--force only applies with --out');
  if (values.tests !== undefined && values.out === undefined && values.check === undefined)
    throw new UsageError('--tests needs --out (or --check): the tests name the rule file they test');
  const options: RulesOptions = {
    ...DEFAULT_RULES_OPTIONS,
    ...(values.format ? { format: values.format } : {}),
    extraLabels: extraLabels(values['extra-labels']),
    disableAlerts: values['disable-alerts'],
    disableRecordings: values['disable-recordings'],
    genericRules: values['generic-rules'],
    ...(values['external-url'] !== undefined ? { externalUrl: externalUrl(values['external-url']) } : {}),
    prometheus3Migration: given.has('enable-prometheus-3-migration')
      ? values['enable-prometheus-3-migration']
      : DEFAULT_RULES_OPTIONS.prometheus3Migration,
    configMapMode: values['config-map-mode'],
  };
  const slothPeriod = parseSlothPeriod(values['sloth-period']);
  const maxFileSize = parseMaxFileSize(values['max-file-size']);
  const destination = values.out ?? values.check;
  const inputs = inputsOf(positionals, io.cwd);
  // One analysis of every file: an OpenSLO SLO's SLI or alert policy may live in another file.
  const reading = cliServiceOptions(maxFileSize);
  const service = createLanguageService({ ...reading, slothPeriod });
  for (const { file } of inputs) {
    const read = readSourceFile(file, shown(io.cwd, file), maxFileSize);
    step(`analyzing ${shown(io.cwd, file)}`, () =>
      'text' in read ? service.setFile(file, read.text) : service.setTooLargeFile(file, read.head, read.size),
    );
  }
  const diagnostics = step('checking the references between the files', () => service.allDiagnostics());
  let failed = false;
  // SLO files not generated because of their errors: their committed files are not orphans.
  const skipped = new Set<string>();
  const outputs: Array<Output & Input> = [];
  for (const input of inputs) {
    const rel = shown(io.cwd, input.file);
    if (!service.get(input.file)?.isSloFile) continue;
    const errors = (diagnostics.get(input.file) ?? []).filter((d) => d.severity === 'error').length;
    if (errors > 0) {
      io.stderr(
        `team-sre: ${rel}: not generated: ${errors} error${errors === 1 ? '' : 's'} in the file; run 'team-sre lint ${rel}'`,
      );
      failed = true;
      skipped.add(input.file);
      continue;
    }
    const documents = step(
      `generating the rules of ${rel}`,
      () => service.rules(input.file, options)?.documents ?? [],
    );
    for (const d of documents)
      for (const note of d.notes) io.stderr(`team-sre: ${rel}: ${note.slo}: ${note.message}`);
    if (!hasRules(documents)) continue;
    outputs.push({
      ...input,
      input: rel,
      documents,
      text: step(`printing the rules of ${rel}`, () => rulesFileText(documents, rel)),
    });
  }
  // A guard that compares nothing says so: the paths may be wrong.
  if (outputs.length === 0 && !failed) io.stderr('team-sre: no rules generated from the paths given');
  if (destination === undefined) {
    io.stdout(outputs.map((o) => o.text).join('---\n'));
    return failed ? 1 : 0;
  }
  const folders = placeOutputs(outputs, destination, positionals, values.tests, io);
  const considered = new Set(inputs.map((i) => i.file));
  const code =
    values.check !== undefined
      ? check(outputs, io, maxFileSize, orphans(folders, outputs, considered, skipped, io, maxFileSize))
      : write(outputs, io, values.force, maxFileSize);
  return failed ? 1 : code;
}

/**
 * Where each output goes: `--out FILE` (a `.yaml`/`.yml` name or an existing file) for one SLO file given by
 * name, otherwise `DIR/<path of the SLO file
 * relative to the PATH it was found under>` (`team-sre rules --out slos/_gen slos/` writes `slos/a.yaml` to
 * `slos/_gen/a.yaml`); the tests go to `TESTS/<same path, .test.yaml>`.
 */
function placeOutputs(
  outputs: Array<Output & Input>,
  destination: string,
  positionals: readonly string[],
  tests: string | undefined,
  io: RulesIo,
): string[] {
  const target = path.resolve(io.cwd, destination);
  // A FILE is named as one (`.yaml`, `.yml`) or already is one, for a single SLO file given by name.
  let isDir = true;
  if (positionals.length === 1 && !GLOB_CHARS.test(positionals[0]!)) {
    const single = statSync(path.resolve(io.cwd, positionals[0]!)).isFile();
    let now: 'file' | 'folder' | 'none';
    try {
      now = statSync(target).isDirectory() ? 'folder' : 'file';
    } catch {
      now = 'none';
    }
    isDir = !single || now === 'folder' || (now === 'none' && !/\.ya?ml$/i.test(destination));
  }
  const inputs = new Set(outputs.map((o) => o.file));
  const taken = new Map<string, string>();
  const claim = (file: string, by: string) => {
    if (inputs.has(file))
      throw new UsageError(
        `'${shown(io.cwd, file)}' would be written over its own SLO file: choose another --out`,
      );
    const other = taken.get(file);
    if (other !== undefined)
      throw new UsageError(
        `${other} and ${by} would both be written to '${shown(io.cwd, file)}': give them separately or use folders`,
      );
    taken.set(file, by);
  };
  // A template (`${dir}/_gen/${basename}`, as `teamSre.generatedRules` writes them) places each file by its own path.
  const template = destination.includes('${');
  if (template) isDir = false;
  for (const o of outputs) {
    const rel = path.relative(o.base, o.file);
    if (template) {
      const own = path.relative(io.cwd, o.file).split(path.sep).join('/');
      const placed = expandOutput(destination, own);
      if (placed === undefined)
        throw new UsageError(
          `'${destination}' does not place ${o.input} in a YAML file under the working folder: use \${dir}, \${name}, \${basename} or \${ext}`,
        );
      o.target = path.resolve(io.cwd, placed);
    } else o.target = isDir ? path.join(target, rel) : target;
    claim(o.target, o.input);
    if (tests === undefined) continue;
    const testFile = path.join(
      path.resolve(io.cwd, tests),
      isDir || template ? path.dirname(rel) : '',
      testName(path.basename(o.target)),
    );
    const kinds = printedDocuments(o.documents);
    if (kinds.some((d) => d.container.kind !== 'rule-file')) {
      io.stderr(
        `team-sre: ${o.input}: no tests: promtool reads plain rule files, and its rules are a Kubernetes object (use --format rules)`,
      );
      continue;
    }
    if (kinds.length === 0) continue;
    const made = unitTests({
      ruleFile: posix(path.relative(path.dirname(testFile), o.target)),
      source: o.input,
      groups: kinds[0]!.groups,
    });
    if (made.text === undefined) continue;
    claim(testFile, `the tests of ${o.input}`);
    o.tests = { file: testFile, text: made.text };
  }
  return isDir ? [target, ...(tests !== undefined ? [path.resolve(io.cwd, tests)] : [])] : [];
}

/** `--out`: refuses every file not written by team-sre (without `--force`) before writing any. */
function write(outputs: readonly Output[], io: RulesIo, force: boolean, maxFileSize: number): number {
  const files = outputs.flatMap((o) => [{ file: o.target!, text: o.text }, ...(o.tests ? [o.tests] : [])]);
  const refused: string[] = [];
  const unchanged = new Set<string>();
  for (const { file, text } of files) {
    const now = existing(file, maxFileSize);
    if (now.kind === 'other')
      throw new UsageError(`cannot write '${shown(io.cwd, file)}': it is ${now.what}, not a regular file`);
    if (now.kind === 'none') continue;
    if (now.kind === 'text' && now.text === text) unchanged.add(file);
    else if (!isGeneratedByUs(now.kind === 'text' ? now.text : now.head) && !force) refused.push(file);
  }
  if (refused.length > 0) {
    for (const file of refused)
      io.stderr(
        `team-sre: refusing to overwrite ${shown(io.cwd, file)}: it was not generated by team-sre (no '# Code generated by team-sre' first line); --force overwrites it`,
      );
    io.stderr(`team-sre: nothing written`);
    return 1;
  }
  for (const { file, text } of files) {
    if (unchanged.has(file)) {
      io.stdout(`unchanged ${shown(io.cwd, file)}\n`);
      continue;
    }
    try {
      writeAtomically(file, text);
    } catch (err) {
      throw new UsageError(
        `cannot write '${shown(io.cwd, file)}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      );
    }
    io.stdout(`wrote ${shown(io.cwd, file)}\n`);
  }
  return 0;
}

/** Why a committed file cannot be compared, in a message's words. */
const unreadable = (now: { kind: 'none' } | { kind: 'large' } | { kind: 'other'; what: string }) =>
  now.kind === 'none'
    ? 'missing'
    : now.kind === 'large'
      ? 'larger than the size limit (raise it with --max-file-size)'
      : now.what;

/** The SLO file a generated file's header names, relative to the working folder as it was written. */
const SOURCE =
  /^# Code generated by team-sre from (.*?)(?:, as .* generates it\.|: promtool test rules for its generated alerts\.|\.)$/m;

/**
 * Files under the output folders that team-sre generated from an SLO file read now (or one that no longer exists)
 * and that nothing generates any more: a deleted SLO's rules would stay deployed. Files generated from SLO files
 * not read this time are someone else's.
 */
function orphans(
  folders: readonly string[],
  outputs: readonly Output[],
  considered: ReadonlySet<string>,
  skipped: ReadonlySet<string>,
  io: RulesIo,
  maxFileSize: number,
): string[] {
  const expected = new Set(outputs.flatMap((o) => [o.target!, ...(o.tests ? [o.tests.file] : [])]));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(folder, name);
      if (!/\.ya?ml$/i.test(name) || expected.has(file) || seen.has(file)) continue;
      seen.add(file);
      const now = existing(file, maxFileSize);
      const text = now.kind === 'text' ? now.text : now.kind === 'large' ? now.head : '';
      if (!isGeneratedByUs(text)) continue;
      const source = SOURCE.exec(text)?.[1];
      if (source === undefined) continue;
      const from = path.resolve(io.cwd, source);
      if (skipped.has(from) || (!considered.has(from) && existsSync(from))) continue;
      const why = existsSync(from) ? 'which no longer generates it' : 'which no longer exists';
      out.push(`${shown(io.cwd, file)}: generated from ${source}, ${why}: delete it`);
    }
  }
  return out;
}

/** `--check`: each committed rule file compared rule by rule, each test file as text. */
function check(
  outputs: readonly Output[],
  io: RulesIo,
  maxFileSize: number,
  orphaned: readonly string[],
): number {
  let files = orphaned.length;
  let stale = orphaned.length;
  const lines: string[] = [];
  for (const o of outputs) {
    files++;
    const target = shown(io.cwd, o.target!);
    const now = existing(o.target!, maxFileSize);
    if (now.kind !== 'text') {
      stale++;
      lines.push(`${target}: ${unreadable(now)} (generated from ${o.input})`);
    } else {
      const result = compareRules(now.text, o.documents);
      if ('error' in result) {
        stale++;
        lines.push(`${target}: ${escapeControls(result.error)} (generated from ${o.input})`);
      } else if (result.stale) {
        stale++;
        lines.push(
          `${target}: stale (generated from ${o.input}):`,
          ...result.differences.map((d) => `  ${escapeControls(d)}`),
        );
      }
    }
    if (!o.tests) continue;
    files++;
    const tests = shown(io.cwd, o.tests.file);
    const committed = existing(o.tests.file, maxFileSize);
    if (committed.kind !== 'text') {
      stale++;
      lines.push(`${tests}: ${unreadable(committed)} (the tests of ${o.input})`);
    } else if (committed.text !== o.tests.text) {
      stale++;
      lines.push(`${tests}: stale (the tests of ${o.input})`);
    }
  }
  lines.push(...orphaned);
  const count = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  if (stale === 0) {
    io.stdout(`${count(files)} up to date.\n`);
    return 0;
  }
  io.stdout(
    `${lines.join('\n')}\n${stale} of ${count(files)} stale or missing: run the same command with --out instead of --check.\n`,
  );
  return 1;
}
