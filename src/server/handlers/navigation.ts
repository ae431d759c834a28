/** Go to definition, find references and rename across the files of the workspace. */
import { ResponseError } from 'vscode-languageserver';
import { cancelled, type HandlerContext } from '../guard.js';

export function registerNavigationHandlers({ ctx, sync, guarded }: HandlerContext): void {
  const { connection, service } = ctx;

  connection.onDefinition(
    guarded('Go to definition', [], ({ textDocument, position }) =>
      service.definition(textDocument.uri, position),
    ),
  );

  connection.onReferences(
    guarded('Find references', [], ({ textDocument, position, context }) =>
      service.references(textDocument.uri, position, context.includeDeclaration),
    ),
  );

  connection.onPrepareRename(
    guarded(
      'Rename',
      null,
      ({ textDocument, position }) => service.prepareRename(textDocument.uri, position) ?? null,
    ),
  );

  // Not guarded: a rename that cannot be made is answered with its reason, not an empty edit.
  connection.onRenameRequest((params, token) => {
    sync.flush();
    if (token.isCancellationRequested) return cancelled();
    const result = service.rename(params.textDocument.uri, params.position, params.newName);
    if ('error' in result) return new ResponseError(-32803, result.error);
    return { changes: Object.fromEntries(result.edits) };
  });
}
