/** Go to definition, find references and rename across the files of the workspace. */
import { ErrorCodes, ResponseError, type Position, type RenameParams } from 'vscode-languageserver';
import { cancelled, type HandlerContext } from '../guard.js';

export function registerNavigationHandlers({ ctx, sync, guarded }: HandlerContext): void {
  const { connection, service } = ctx;

  connection.onDefinition(
    guarded('Go to definition', [], ({ textDocument, position }) =>
      service.definition(textDocument.uri, position),
    ),
  );

  /** The SLO files (relative to their workspace folder) that define the SLO named at a position, and its name. */
  const sloAt = (uri: string, position: Position) => {
    const target = service.nameAt(uri, position);
    // Postmortems cite SLOs only: an SLI of the same name is not one of them.
    if (target?.kind !== 'SLO') return undefined;
    const rels = target.definedIn
      .filter((u) => service.sloNames(u)?.includes(target.name))
      .flatMap((u) => ctx.relativeUri(u) ?? []);
    return rels.length ? { name: target.name, rels } : undefined;
  };

  connection.onReferences(
    guarded('Find references', [], ({ textDocument, position, context }) => {
      const found = service.references(textDocument.uri, position, context.includeDeclaration);
      // The postmortems that cite an SLO refer to it too.
      const slo = sloAt(textDocument.uri, position);
      return slo ? [...found, ...ctx.postmortems.sloNames(slo.rels, slo.name)] : found;
    }),
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
    const invalid = invalidRename(params);
    if (invalid) return new ResponseError(ErrorCodes.InvalidParams, invalid);
    sync.flush();
    if (token.isCancellationRequested) return cancelled();
    const result = service.rename(params.textDocument.uri, params.position, params.newName);
    if ('error' in result) return new ResponseError(-32803, result.error);
    // A renamed SLO is renamed in the front matter of the postmortems that cite it.
    const slo = sloAt(params.textDocument.uri, params.position);
    const cited = slo ? ctx.postmortems.renameSlo(slo.rels, slo.name, params.newName) : new Map();
    return { changes: Object.fromEntries([...result.edits, ...cited]) };
  });
}

const isIndex = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;

/** What is wrong with a rename request's params as a client sent them, if anything. */
function invalidRename(params: unknown): string | undefined {
  const p = (params ?? {}) as Partial<Record<keyof RenameParams, unknown>>;
  const doc = p.textDocument as { uri?: unknown } | undefined;
  const at = p.position as { line?: unknown; character?: unknown } | undefined;
  if (typeof doc?.uri !== 'string') return 'Rename needs textDocument.uri, the URI of the file, as a string.';
  if (!isIndex(at?.line) || !isIndex(at?.character))
    return 'Rename needs position.line and position.character as whole numbers from 0.';
  if (typeof p.newName !== 'string')
    return `Rename needs newName, the new name, as a string (got ${p.newName === null ? 'null' : typeof p.newName}).`;
  return undefined;
}
