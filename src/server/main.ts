import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceIndex } from '../language/workspace.js';
import { toLspDiagnostic } from './convert.js';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex();

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
  serverInfo: { name: 'team-sre' },
}));

/** Publishes the diagnostics of every open document: a change can resolve or break references elsewhere. */
function publishAll(): void {
  const all = index.allDiagnostics();
  for (const doc of documents.all()) {
    void connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: (all.get(doc.uri) ?? []).map(toLspDiagnostic),
    });
  }
}

documents.onDidChangeContent(({ document }) => {
  try {
    index.set(document.uri, document.getText());
  } catch (err) {
    connection.console.error(
      `Analysis of ${document.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    return;
  }
  publishAll();
});

documents.onDidClose(({ document }) => {
  index.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  publishAll();
});

documents.listen(connection);
connection.listen();
