/** Completion, hover, symbols, folding and code actions: one document's analysis, read where the cursor is. */
import { toCodeAction, toCompletionItem, toLspSymbol } from '../convert.js';
import type { HandlerContext } from '../guard.js';

export function registerLanguageHandlers({ ctx, guarded }: HandlerContext): void {
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
    guarded('Code actions', [], ({ textDocument, range }) =>
      service
        .codeActions(textDocument.uri, range)
        .map(({ diagnostic, fix }) => toCodeAction(textDocument.uri, fix, diagnostic)),
    ),
  );
}
