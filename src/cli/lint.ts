import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SELECTION, type FileSelection } from '../language/files.js';
import { WorkspaceIndex } from '../language/workspace.js';
import { expandPaths, UsageError } from '../fs/walk.js';
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
}

export interface LintResult {
  output: string;
  errors: number;
  warnings: number;
  files: number;
}

/** Reads a file as an editor would: UTF-8, without a byte-order mark. */
export function readSourceFile(file: string): string {
  const text = readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function lint(options: LintOptions): LintResult {
  const files = expandPaths(options.paths, options.selection ?? DEFAULT_SELECTION, options.cwd);
  const index = new WorkspaceIndex();
  for (const file of files) {
    let text: string;
    try {
      text = readSourceFile(file);
    } catch (err) {
      const rel = path.relative(options.cwd, file) || file;
      throw new UsageError(`cannot read '${rel}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    index.set(file, text);
  }
  const all = index.allDiagnostics();
  const items: FileDiagnostic[] = [];
  for (const file of files) {
    const rel = path.relative(options.cwd, file).split(path.sep).join('/') || path.basename(file);
    const diagnostics = [...(all.get(file) ?? [])].sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        a.code.localeCompare(b.code),
    );
    for (const diagnostic of diagnostics) items.push({ file: rel, diagnostic });
  }
  const output =
    options.format === 'json'
      ? formatJson(items)
      : options.format === 'sarif'
        ? formatSarif(items, options.version)
        : options.format === 'github'
          ? formatGithub(items)
          : formatText(items, options.color);
  return {
    output,
    errors: items.filter((i) => i.diagnostic.severity === 'error').length,
    warnings: items.filter((i) => i.diagnostic.severity === 'warning').length,
    files: [...index.uris()].filter((u) => index.get(u)?.isSloFile).length,
  };
}
