import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../language/types.js';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: `https://github.com/team-sre/team-sre#${d.code.toLowerCase()}` },
    source: 'team-sre',
    message: d.message,
    ...(d.related?.length
      ? {
          relatedInformation: d.related.map((r) => ({
            location: { uri: r.uri, range: r.range },
            message: r.message,
          })),
        }
      : {}),
    ...(d.fixes?.length ? { data: { fixes: d.fixes } } : {}),
  };
}
