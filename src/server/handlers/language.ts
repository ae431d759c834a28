/** Completion, hover, symbols, folding and code actions: one document's analysis, read where the cursor is. */
import { applyRuleSettings } from '../../config/settings.js';
import { complete } from '../../language/features/completion.js';
import { hover } from '../../language/features/hover.js';
import { documentSymbols, foldingRanges } from '../../language/features/symbols.js';
import type { Diagnostic } from '../../language/types.js';
import { toCodeAction, toCompletionItem, toLspSymbol } from '../convert.js';
import type { HandlerContext } from '../guard.js';

export function registerLanguageHandlers({ ctx, guarded }: HandlerContext): void {
  const { connection, index } = ctx;
  const offsetOf = (uri: string, position: { line: number; character: number }) =>
    index.get(uri)?.positions.offset(position);

  connection.onCompletion(
    guarded('Completion', [], ({ textDocument, position }) => {
      const analysis = index.get(textDocument.uri);
      const offset = offsetOf(textDocument.uri, position);
      if (!analysis || offset === undefined) return [];
      return complete(analysis, offset, { names: (kind) => index.referableNames(kind) }).map(
        toCompletionItem,
      );
    }),
  );

  connection.onHover(
    guarded('Hover', null, ({ textDocument, position }) => {
      const analysis = index.get(textDocument.uri);
      const offset = offsetOf(textDocument.uri, position);
      if (!analysis || offset === undefined) return null;
      const result = hover(analysis, offset, { slothPeriod: ctx.settings.sloth.defaultPeriod });
      return result ? { contents: { kind: 'markdown', value: result.markdown }, range: result.range } : null;
    }),
  );

  connection.onDocumentSymbol(
    guarded('Document symbols', [], ({ textDocument }) => {
      const analysis = index.get(textDocument.uri);
      return analysis
        ? documentSymbols(analysis, { slothPeriod: ctx.settings.sloth.defaultPeriod }).map(toLspSymbol)
        : [];
    }),
  );

  connection.onFoldingRanges(
    guarded('Folding', [], ({ textDocument }) => {
      const analysis = index.get(textDocument.uri);
      return analysis ? foldingRanges(analysis) : [];
    }),
  );

  connection.onCodeAction(
    guarded('Code actions', [], ({ textDocument, range }) => {
      const overlaps = (d: Diagnostic) =>
        !(d.range.end.line < range.start.line || d.range.start.line > range.end.line) &&
        !(d.range.end.line === range.start.line && d.range.end.character < range.start.character) &&
        !(d.range.start.line === range.end.line && d.range.start.character > range.end.character);
      return diagnosticsFor(ctx, textDocument.uri)
        .filter(overlaps)
        .flatMap((d) => (d.fixes ?? []).map((fix) => toCodeAction(textDocument.uri, fix, d)));
    }),
  );
}

/** A file's diagnostics as published: its own and the cross-file ones, under the rule settings. */
export function diagnosticsFor(ctx: HandlerContext['ctx'], uri: string): Diagnostic[] {
  return applyRuleSettings(ctx.index.diagnostics(uri), ctx.settings.rules);
}
