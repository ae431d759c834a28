/** Completion, hover, symbols, folding and code actions: one document's analysis, read where the cursor is. */
import { toCodeAction, toCompletionItem, toLspSymbol } from '../convert.js';
import type { HandlerContext } from '../guard.js';

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
      return fixes.map(({ diagnostic, fix }) => toCodeAction(uri, fix, diagnostic));
    }),
  );
}
