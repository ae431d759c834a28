/**
 * The Team SRE language server, built on a connection: nothing happens at import, so the stdio entry
 * (`main.ts`) and the tests (over in-memory streams) build it the same way.
 */
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerContext } from './context.js';
import type { Clock, ServerFileSystem } from './platform.js';
import { guardFor, type HandlerContext } from './guard.js';
import { registerBudgetHandlers } from './handlers/budget.js';
import { registerLanguageHandlers } from './handlers/language.js';
import { registerBacktestHandlers } from './handlers/backtest.js';
import { registerLiveHandlers } from './handlers/live.js';
import { registerNavigationHandlers } from './handlers/navigation.js';
import { registerNewSloHandlers } from './handlers/new-slo.js';
import { registerPostmortemHandlers } from './handlers/postmortems.js';
import { registerRulesHandlers } from './handlers/rules.js';
import { EditSync } from './sync.js';
import { WorkspaceFiles } from './workspace.js';

export interface TeamSreServer {
  /** Reports an error the handlers did not catch, in the client's log. */
  failure(what: string, err: unknown): void;
}

/** Registers every handler on the connection and starts listening on it. */
export function createServer(
  connection: Connection,
  fileSystem: ServerFileSystem,
  clock: Clock,
): TeamSreServer {
  const ctx = new ServerContext(connection, fileSystem, clock);
  const sync = new EditSync(ctx);
  const workspace = new WorkspaceFiles(ctx, sync);
  let canWatchFiles = false;

  connection.onInitialize((params: InitializeParams) => {
    const caps = params.capabilities;
    workspace.canConfigure = Boolean(caps.workspace?.configuration);
    workspace.canReportProgress = Boolean(caps.window?.workDoneProgress);
    canWatchFiles = Boolean(caps.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    ctx.canRefreshCodeLenses = Boolean(caps.workspace?.codeLens?.refreshSupport);
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    ctx.folders = uris.map((uri) => ctx.uriToPath(uri)).filter((p): p is string => p !== undefined);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ' ', '-'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'team-sre', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml,json,md}' }],
      });
    }
    await workspace.loadSettings();
    sync.settingsLoaded();
    await workspace.buildIndex();
  });

  connection.onDidChangeConfiguration(async () => {
    await workspace.loadSettings();
    await workspace.buildIndex();
    for (const doc of ctx.documents.all()) sync.schedule(doc.uri);
  });

  // Where reads are asynchronous (the browser), the files are fetched before the index reads them.
  const fetched = (uris: string[], then: () => void) => {
    if (!ctx.fileSystem.prefetch) return then();
    const paths = uris.map((uri) => ctx.uriToPath(uri)).filter((p): p is string => p !== undefined);
    void ctx.fileSystem.prefetch(paths, ctx.settings.maxFileSize).then(then);
  };
  connection.onDidChangeWatchedFiles(({ changes }) =>
    fetched(
      changes.filter((c) => c.type !== FileChangeType.Deleted).map((c) => c.uri),
      () => workspace.filesChanged(changes),
    ),
  );
  ctx.documents.onDidOpen(({ document }) => workspace.opened(document.uri));
  ctx.documents.onDidChangeContent(({ document }) => sync.schedule(document.uri));
  ctx.documents.onDidClose(({ document }) => fetched([document.uri], () => workspace.closed(document.uri)));

  const handlers: HandlerContext = { ctx, sync, guarded: guardFor(ctx, sync) };
  registerLanguageHandlers(handlers);
  registerNavigationHandlers(handlers);
  registerBudgetHandlers(handlers);
  registerLiveHandlers(handlers);
  registerBacktestHandlers(handlers);
  registerPostmortemHandlers(handlers);
  registerNewSloHandlers(handlers);
  registerRulesHandlers(handlers);

  ctx.documents.listen(countingDocumentMessages(connection, () => sync.documentMessage()));
  connection.listen();
  return { failure: (what, err) => ctx.failure(what, err) };
}

/** The connection as the document store listens to it, each document message counted before it is handled. */
type TextDocumentConnection = Parameters<TextDocuments<TextDocument>['listen']>[0];

function countingDocumentMessages(connection: Connection, count: () => void): TextDocumentConnection {
  const counted =
    <P, R>(handler: (params: P) => R) =>
    (params: P): R => {
      count();
      return handler(params);
    };
  return {
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(counted(handler)),
    onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument(counted(handler)),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(counted(handler)),
    onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(counted(handler)),
    onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil(handler),
    onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(counted(handler)),
  };
}
