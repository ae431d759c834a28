import path from 'node:path';
import { DEFAULT_SELECTION, type FileSelection } from '../language/workspace/files.js';
import {
  createLanguageService,
  type LanguageService,
  type LanguageServiceOptions,
} from '../language/service.js';
import { applyRuleSettings } from '../config/settings.js';
import { analyzeTooLarge } from '../language/analysis/too-large.js';
import { checkPostmortem } from '../postmortem/check.js';
import { isPostmortemPath, sloNames, sloResolver } from '../postmortem/workspace.js';
import { expandPaths, UsageError, type FolderListings } from '../fs/walk.js';
import { readBounded } from '../fs/read.js';
import { settingDefault } from '../config/schema.js';
import { DEFAULT_MAX_FILE_SIZE } from '../language/analysis/limits.js';
import { step } from './step.js';
import { formatGithub, formatJson, formatSarif, formatText, type FileDiagnostic } from './output.js';

export const LINT_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface LintOptions {
  format: LintFormat;
  paths: string[];
  cwd: string;
  color: boolean;
  version: string;
  selection?: FileSelection;
  /** The name (or relative path) of postmortem folders, whose Markdown files are checked too. */
  postmortemFolder?: string;
  /** `YYYY-MM-DD`, for overdue action items (default: today). */
  today?: string;
  /** References not in the files checked and unreferenced duplicate names are errors (`--strict-references`). */
  strictReferences?: boolean;
  /** Files above this many bytes are not read, and are an error (`--max-file-size`, default 2 MB). */
  maxFileSize?: number;
}

export interface LintResult {
  output: string;
  errors: number;
  warnings: number;
  files: number;
}

/** SLO006 as the CLI reports it: every file above the limit, an error, with the flag that raises the limit. */
export function cliServiceOptions(maxFileSize: number) {
  return {
    maxFileSize,
    raiseLimit: 'raise the limit with --max-file-size (in MB)',
    reportEveryLargeFile: true,
    // A file too large to check fails the check: CI must not pass what it did not read.
    rules: { SLO006: 'error' },
  } as const satisfies LanguageServiceOptions;
}

/**
 * Reads a file as an editor would (UTF-8, without a byte-order mark), if it is a regular file once links
 * are resolved, and never more than `limit` bytes of it: a larger file comes back as its size and first
 * bytes. Anything else is a usage error naming the file as `shownAs`.
 */
export function readSourceFile(
  file: string,
  shownAs: string,
  limit: number,
): { text: string } | { size: number; head: string } {
  const read = readBounded(file, limit);
  if (read.kind === 'text') return { text: read.text };
  if (read.kind === 'too-large') return { size: read.size, head: read.head };
  if (read.kind === 'not-a-file')
    throw new UsageError(`cannot read '${shownAs}': it is ${read.what}, not a regular file`);
  throw new UsageError(`cannot read '${shownAs}': ${read.code}`);
}

/** What `lintAnalysis` reads: the paths (relative to `cwd`), which files, where postmortems are, which day it is. */
export type AnalysisOptions = Pick<
  LintOptions,
  'paths' | 'cwd' | 'selection' | 'postmortemFolder' | 'today' | 'strictReferences' | 'maxFileSize'
> & {
  /** Sloth's SLO period, the window of Sloth SLOs in the service's models (default: Sloth's own). */
  slothPeriod?: string;
};

export interface LintAnalysis {
  /** The SLO files read (absolute paths as keys), analyzed together so that references between them resolve. */
  service: LanguageService;
  /** The postmortems found under the paths (absolute path) and their text. */
  postmortems: Array<{ file: string; text: string }>;
  /** Every problem, per file (relative to `cwd`, with `/`) in the order of the files, then of the text. */
  items: FileDiagnostic[];
}

/** The analysis `team-sre lint` reports: the SLO files and the postmortems under the paths, checked. */
export function lintAnalysis(
  options: AnalysisOptions,
  /** False when only the diagnostics are read: the SLO objects' YAML is then not kept (see WorkspaceIndex). */
  keepObjects = true,
): LintAnalysis {
  // Both walks below read the same folders: each is listed once.
  const listings: FolderListings = new Map();
  const files = expandPaths(options.paths, options.selection ?? DEFAULT_SELECTION, options.cwd, listings);
  // Postmortems under the paths, their SLO references resolved against the SLO files read.
  const relOf = (file: string) =>
    path.relative(options.cwd, file).split(path.sep).join('/') || path.basename(file);
  const folder = options.postmortemFolder ?? settingDefault('teamSre.postmortems.folder');
  const notes = expandPaths(
    options.paths,
    { include: [`**/${folder}/*.md`], exclude: (options.selection ?? DEFAULT_SELECTION).exclude },
    options.cwd,
    listings,
  ).filter((f) => isPostmortemPath(relOf(f), folder));
  const reading = cliServiceOptions(options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  // The SLO names postmortems refer to are read from the objects.
  const service = createLanguageService({
    ...reading,
    keepObjects: keepObjects || notes.length > 0,
    ...(options.slothPeriod ? { slothPeriod: options.slothPeriod } : {}),
    ...(options.strictReferences ? { strictReferences: true } : {}),
  });
  for (const file of files) {
    const read = readSourceFile(file, relOf(file), reading.maxFileSize);
    step(`analyzing ${relOf(file)}`, () =>
      'text' in read ? service.setFile(file, read.text) : service.setTooLargeFile(file, read.head, read.size),
    );
  }
  const all = step('checking the references between the files', () => service.allDiagnostics());
  // The SLO names are only needed to resolve postmortems' references.
  const slos = notes.length ? sloNames(service, relOf) : new Map<string, string[]>();
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const postmortems: LintAnalysis['postmortems'] = [];
  for (const file of notes) {
    const read = readSourceFile(file, relOf(file), reading.maxFileSize);
    if (!('text' in read)) {
      const { diagnostics } = analyzeTooLarge(file, read.head, read.size, reading);
      all.set(file, applyRuleSettings(diagnostics, reading.rules));
      continue;
    }
    all.set(
      file,
      step(`checking ${relOf(file)}`, () =>
        checkPostmortem(read.text, sloResolver(slos, relOf(file)), today),
      ),
    );
    postmortems.push({ file, text: read.text });
  }
  const items: FileDiagnostic[] = [];
  for (const file of [...files, ...notes]) {
    const rel = relOf(file);
    const diagnostics = [...(all.get(file) ?? [])].sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        a.code.localeCompare(b.code),
    );
    for (const diagnostic of diagnostics) items.push({ file: rel, diagnostic });
  }
  return { service, postmortems, items };
}

export function lint(options: LintOptions): LintResult {
  const { service, items } = lintAnalysis(options, false);
  const output = step(`writing the ${options.format} output`, () =>
    options.format === 'json'
      ? formatJson(items)
      : options.format === 'sarif'
        ? formatSarif(items, options.version)
        : options.format === 'github'
          ? formatGithub(items)
          : formatText(items, options.color),
  );
  return {
    output,
    errors: items.filter((i) => i.diagnostic.severity === 'error').length,
    warnings: items.filter((i) => i.diagnostic.severity === 'warning').length,
    files: service.uris().filter((u) => service.get(u)?.isSloFile).length,
  };
}
