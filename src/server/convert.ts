import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  InsertTextMode,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol as LspSymbol,
} from 'vscode-languageserver';
import type { CompletionEntry, DocumentSymbol } from '../language/service.js';
import type { Diagnostic, Fix } from '../language/types.js';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

export const CODE_DOCS = 'https://github.com/team-sre/team-sre#';

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: `${CODE_DOCS}${d.code.toLowerCase()}` },
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
  };
}

export function toCodeAction(uri: string, fix: Fix, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [toLspDiagnostic(diagnostic)],
    isPreferred: fix.preferred ?? false,
    edit: { changes: { [uri]: fix.edits } },
  };
}

const COMPLETION_KIND = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  reference: CompletionItemKind.Reference,
  snippet: CompletionItemKind.Snippet,
} as const;

export function toCompletionItem(e: CompletionEntry): CompletionItem {
  return {
    label: e.label,
    kind: COMPLETION_KIND[e.kind],
    ...(e.detail ? { detail: e.detail } : {}),
    ...(e.documentation ? { documentation: { kind: 'markdown', value: e.documentation } } : {}),
    ...(e.sortText ? { sortText: e.sortText } : {}),
    textEdit: { range: e.range, newText: e.insertText },
    insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    insertTextMode: InsertTextMode.adjustIndentation,
  };
}

const SYMBOL_KIND = {
  object: SymbolKind.Object,
  slo: SymbolKind.Class,
  objective: SymbolKind.Field,
} as const;

export function toLspSymbol(s: DocumentSymbol): LspSymbol {
  return {
    name: s.name || '(unnamed)',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toLspSymbol),
  };
}
