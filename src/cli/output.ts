import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_CODES } from '../language/diagnostics/codes.js';
import type { Diagnostic, Severity } from '../language/types.js';
import { escapeControls, safeJson } from '../text/escape.js';

export interface FileDiagnostic {
  /** Path relative to the working folder, forward slashes. */
  file: string;
  diagnostic: Diagnostic;
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export function toJson({ file, diagnostic: d }: FileDiagnostic): JsonDiagnostic {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

export function formatText(items: FileDiagnostic[], color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const sev: Record<Severity, string> = {
    error: paint('31', 'error'),
    warning: paint('33', 'warning'),
    info: paint('36', 'info'),
  };
  const lines = items.map((i) => {
    const j = toJson(i);
    // File names and messages quote the files: their control characters are printed as escapes.
    return `${escapeControls(j.file)}:${j.line}:${j.column}: ${sev[j.severity]} ${j.code} ${escapeControls(j.message)}`;
  });
  const count = (s: Severity) => items.filter((i) => i.diagnostic.severity === s).length;
  const errors = count('error');
  const warnings = count('warning');
  const files = new Set(items.map((i) => i.file)).size;
  const summary =
    items.length === 0
      ? 'No problems found.'
      : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.`;
  return [...lines, summary].join('\n') + '\n';
}

export function formatJson(items: FileDiagnostic[]): string {
  return safeJson(items.map(toJson));
}

/**
 * A SARIF artifact's location: a relative path (with `/`) percent-encoded segment by segment against
 * `%SRCROOT%`, so `#`, `?`, `%` and spaces in names stay part of the name; an absolute path as a `file:` URL.
 */
export function sarifArtifact(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(items: FileDiagnostic[], version: string): string {
  const used = [...new Set(items.map((i) => i.diagnostic.code))].sort();
  const rules = [...ALL_CODES.values()]
    .filter((c) => used.includes(c.code))
    .map((c) => ({
      id: c.code,
      name: c.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) =>
        ch ? ch.toUpperCase() : '',
      ),
      shortDescription: { text: c.title },
      fullDescription: { text: c.explanation },
      defaultConfiguration: { level: SARIF_LEVEL[c.severity] },
      helpUri: `https://github.com/team-sre/team-sre#${c.code.toLowerCase()}`,
      help: { text: `${c.explanation}\n\nExample:\n${c.example}` },
    }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'team-sre',
            version,
            informationUri: 'https://github.com/team-sre/team-sre',
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(process.cwd() + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: items.map(({ file, diagnostic: d }) => ({
          ruleId: d.code,
          ruleIndex: rules.findIndex((r) => r.id === d.code),
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: sarifArtifact(file),
                region: {
                  startLine: d.range.start.line + 1,
                  startColumn: d.range.start.character + 1,
                  endLine: d.range.end.line + 1,
                  endColumn: d.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return safeJson(sarif);
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions workflow commands: annotations on the pull request's lines. A control character from a file is
 * written as its escape first, so a message or a file name can neither end its command nor start another.
 */
export function formatGithub(items: FileDiagnostic[]): string {
  const kind: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
  return items
    .map((i) => {
      const j = toJson(i);
      const props = [
        `file=${escapeProperty(escapeControls(j.file))}`,
        `line=${j.line}`,
        `col=${j.column}`,
        `endLine=${j.endLine}`,
        `endColumn=${j.endColumn}`,
        `title=${escapeProperty(`${j.code} ${ALL_CODES.get(j.code)?.title ?? ''}`.trim())}`,
      ];
      return `::${kind[j.severity]} ${props.join(',')}::${escapeData(escapeControls(j.message))}\n`;
    })
    .join('');
}
