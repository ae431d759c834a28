/** Completion, hover, symbols, folding and code actions: one document's analysis, read where the cursor is. */
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { toCodeAction, toCompletionItem, toLspDiagnostic, toLspSymbol } from '../convert.js';
import type { HandlerContext } from '../guard.js';
import { REWRITE_RULES_COMMAND } from './rules.js';

const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);

export function registerLanguageHandlers({ ctx, sync, guarded }: HandlerContext): void {
  const { connection, service } = ctx;

  connection.onCompletion(
    guarded('Completion', [], ({ textDocument, position }) =>
      service.complete(textDocument.uri, position).map(toCompletionItem),
    ),
  );

  connection.onHover(
    guarded('Hover', null, ({ textDocument, position }) => {
      const result = service.hover(textDocument.uri, position);
      return result ? { contents: { kind: 'markdown', value: result.markdown }, range: result.range } : null;
    }),
  );

  connection.onDocumentSymbol(
    guarded('Document symbols', [], ({ textDocument }) => service.symbols(textDocument.uri).map(toLspSymbol)),
  );

  connection.onFoldingRanges(guarded('Folding', [], ({ textDocument }) => service.folding(textDocument.uri)));

  connection.onCodeAction(
    guarded('Code actions', [], ({ textDocument, range }) => {
      const { uri } = textDocument;
      // A postmortem's fixes come with its checks, which the server runs beside the language service.
      const fixes = ctx.postmortems.has(uri)
        ? ctx.postmortems.codeActions(sync.postmortemDiagnosticsNow(uri), range)
        : service.codeActions(uri, range);
      // A stale committed rules file is rewritten by the extension, which can undo it or ask before it writes.
      const target = ctx.generatedRules.targetOf(uri);
      const rewrite: CodeAction[] = target
        ? service
            .diagnostics(uri)
            .filter(
              (d) =>
                d.code === 'SLO706' && before(d.range.start, range.end) && before(range.start, d.range.end),
            )
            .map((d) => ({
              title: `Rewrite ${target.path}`,
              kind: CodeActionKind.QuickFix,
              diagnostics: [toLspDiagnostic(d)],
              isPreferred: true,
              command: { title: `Rewrite ${target.path}`, command: REWRITE_RULES_COMMAND, arguments: [uri] },
            }))
        : [];
      return [...fixes.map(({ diagnostic, fix }) => toCodeAction(uri, fix, diagnostic)), ...rewrite];
    }),
  );
}
