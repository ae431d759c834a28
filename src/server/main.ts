import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete } from '../language/features/completion.js';
import { DEFAULT_SELECTION, selectionMatcher } from '../language/workspace/files.js';
import { hover } from '../language/features/hover.js';
import { definition, prepareRename, references, rename } from '../language/features/navigation.js';
import {
  applyRuleSettings,
  DEFAULT_SETTINGS,
  readSettings,
  type LanguageSettings,
} from '../config/settings.js';
import { documentSymbols, foldingRanges } from '../language/features/symbols.js';
import { FORMAT_LABELS, type Diagnostic } from '../language/types.js';
import {
  BudgetRequest,
  DocumentInfoRequest,
  LiveBudgetRequest,
  IndexedNotification,
  IncidentErrorRateRequest,
  type IncidentErrorRateParams,
  type IncidentErrorRateResult,
  WorkspaceSlosRequest,
  type WorkspaceSlo,
  type LiveBudgetParams,
  type LiveBudgetResult,
  type BudgetParams,
  type DocumentBudget,
  type DocumentInfo,
  type DocumentInfoParams,
} from '../protocol/requests.js';
import { promDuration } from '../budget/format.js';
import type { SloLiveSpec } from '../language/model/live-spec.js';
import { sloCatalogue } from '../language/features/workspace-slos.js';
import { Postmortems } from './postmortems.js';
import { FramingGuard, InitializeGate } from './transport.js';
import { isPostmortemPath, sloNames } from '../postmortem/workspace.js';
import { PrometheusClient, PrometheusError } from '../prometheus/client.js';
import { liveBudget, measureErrorRatio } from '../prometheus/live.js';
import { WorkspaceIndex } from '../language/workspace/workspace-index.js';
import { workspaceFiles } from '../fs/walk.js';
import { toCodeAction, toCompletionItem, toLspDiagnostic, toLspSymbol } from './convert.js';

// The server lives for hours beside the editor, answering keystrokes. Left to its own heuristics, V8 lets
// the heap grow to several times what is live between full collections when the process allocates fast
// (the soak run: 295 → 616 MB); growing it by half each time keeps memory flat at the same speed.
setFlagsFromString('--heap-growing-percent=50');

/** Coalesces a burst of keystrokes into one analysis; far below a human's notice. */
const CHANGE_DELAY_MS = 5;

/**
 * Over stdio, with the framing checked and the reader's errors seen: a header that cannot be read leaves the
 * byte stream out of step with the framing, and every later message would be lost. The server then exits
 * (the editor restarts it) instead of staying deaf. A well-framed body that is not JSON is only dropped.
 */
function brokenFraming(reason: string): never {
  process.stderr.write(`team-sre: unreadable message framing from the client (${reason}): exiting\n`);
  process.exit(1);
}
const writer = new StreamMessageWriter(process.stdout);
const streamReader = new StreamMessageReader(process.stdin.pipe(new FramingGuard(brokenFraming)));
streamReader.onError((err) => {
  if (!(err instanceof SyntaxError)) brokenFraming(err.message);
});
const connection: Connection = createConnection(
  ProposedFeatures.all,
  new InitializeGate(streamReader, writer),
  writer,
);
// What the library does for `--stdio` by itself: exit when the client goes away, and keep stdout for LSP.
let shutdownReceived = false;
connection.onShutdown(() => {
  shutdownReceived = true;
});
for (const event of ['end', 'close']) process.stdin.on(event, () => process.exit(shutdownReceived ? 0 : 1));
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
console.debug = console.log;
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex({ maxFileSize: DEFAULT_SETTINGS.maxFileSize });
let settings: LanguageSettings = DEFAULT_SETTINGS;
const postmortems = new Postmortems();
let folders: string[] = [];
let canConfigure = false;
let canWatchFiles = false;
let canReportProgress = false;

/** Diagnostics last sent per file, to send only what changed. */
const published = new Map<string, string>();
/** Files changed in the editor and not analyzed yet. */
const pending = new Set<string>();
let timer: NodeJS.Timeout | undefined;

function log(message: string): void {
  connection.console.log(message);
}

function failure(what: string, err: unknown): void {
  connection.console.error(
    `${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
}

/** The answer to a request cancelled before it ran, as the protocol advises. */
function cancelled(): ResponseError {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/** Runs a request handler; an exception is logged and the request answered with a fallback, never a crash. */
function guarded<P, R>(what: string, fallback: R, handler: (params: P, token: CancellationToken) => R) {
  return (params: P, token: CancellationToken): R | ResponseError => {
    try {
      flush();
      if (token.isCancellationRequested) return cancelled();
      return handler(params, token);
    } catch (err) {
      failure(what, err);
      return fallback;
    }
  };
}

function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** The path relative to the workspace folder holding it, with `/` (as the file globs expect). */
function relativeToFolder(path: string): string | undefined {
  for (const folder of folders) {
    // Not a string prefix: a folder URI may end with `/`, and Windows paths use `\`.
    const rel = relative(folder, path);
    if (rel && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
      return rel.split(sep).join('/');
  }
  return undefined;
}

/** The path of a postmortem relative to its workspace folder, when the file is one. */
function postmortemRel(uri: string): string | undefined {
  const path = uriToPath(uri);
  const rel = path && relativeToFolder(path);
  return rel !== undefined && isPostmortemPath(rel, settings.postmortems.folder) ? rel : undefined;
}

const isMarkdown = (uri: string) => /\.(md|markdown)$/i.test(uri);

/** Whether a file on disk belongs to the index (open editors always do). */
function selected(uri: string): boolean {
  const path = uriToPath(uri);
  const rel = path && relativeToFolder(path);
  return rel !== undefined && selectionMatcher(settings.files)(rel);
}

function diagnosticsFor(uri: string): Diagnostic[] {
  return applyRuleSettings(index.diagnostics(uri), settings.rules);
}

/** The index's diagnostics each file was last published from, and under which settings. */
const publishedFrom = new Map<string, { source: Diagnostic[]; settings: LanguageSettings }>();

/** Forgets what was published for a file; the next diagnostics sent for it are sent whatever they are. */
function unpublished(uri: string): boolean {
  publishedFrom.delete(uri);
  return published.delete(uri);
}

/** Publishes the files whose diagnostics changed: the edited ones, and those whose references they affect. */
function publish(): void {
  const send = (uri: string, diagnostics: Diagnostic[]) => {
    const key = JSON.stringify(diagnostics);
    const doc = documents.get(uri);
    if (published.get(uri) === key && !pendingVersion.has(uri)) return;
    published.set(uri, key);
    void connection.sendDiagnostics({
      uri,
      ...(doc ? { version: doc.version } : {}),
      diagnostics: diagnostics.map(toLspDiagnostic),
    });
  };
  // A file whose diagnostics are the same array as last time, under the same settings, is skipped
  // without comparing: after an edit only the files it touched are looked at.
  for (const [uri, source] of index.allDiagnostics()) {
    const last = publishedFrom.get(uri);
    if (last?.source === source && last.settings === settings && !pendingVersion.has(uri)) continue;
    publishedFrom.set(uri, { source, settings });
    send(uri, applyRuleSettings(source, settings.rules));
  }
  // The SLO names of every file, for the postmortems' references: only when there are postmortems.
  const postmortemUris = postmortems.uris();
  if (postmortemUris.length) {
    const sloFiles = sloNames(index, (uri) => {
      const path = uriToPath(uri);
      return path && relativeToFolder(path);
    });
    for (const uri of postmortemUris)
      send(uri, applyRuleSettings(postmortems.diagnostics(uri, sloFiles), settings.rules));
  }
  pendingVersion.clear();
}

/** Documents whose new version must be published even when their diagnostics did not change. */
const pendingVersion = new Set<string>();

/** Analyses every pending editor change now (requests call it first, so they never see stale text). */
function flush(): void {
  if (timer) {
    clearTimeout(timer);
    timer = undefined;
  }
  if (!pending.size) return;
  for (const uri of pending) {
    const doc = documents.get(uri);
    if (!doc) continue;
    const rel = postmortemRel(uri);
    if (rel !== undefined) {
      postmortems.set(uri, rel, doc.getText());
      pendingVersion.add(uri);
      continue;
    }
    if (isMarkdown(uri)) continue;
    try {
      index.set(uri, doc.getText());
      pendingVersion.add(uri);
    } catch (err) {
      failure(`Analysis of ${uri}`, err);
    }
  }
  pending.clear();
  publish();
}

function schedule(uri: string): void {
  pending.add(uri);
  timer ??= setTimeout(flush, CHANGE_DELAY_MS);
}

/**
 * The URI under which an editor holds a file open, if it does. Editors may spell a path differently from
 * Node's `pathToFileURL` (VS Code writes `(` as `%28`), so files are compared by path.
 */
function openUri(uri: string): string | undefined {
  if (documents.get(uri)) return uri;
  const path = uriToPath(uri);
  return path === undefined ? undefined : documents.all().find((d) => uriToPath(d.uri) === path)?.uri;
}

/** Reads a postmortem from disk (or forgets it when it is gone), unless an editor holds it. */
function postmortemFromDisk(uri: string): void {
  const rel = postmortemRel(uri);
  const path = uriToPath(uri);
  if (openUri(uri) || !rel || !path) return;
  try {
    postmortems.set(uri, rel, readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    forget(uri);
  }
}

/** Reads a file of the workspace into the index, unless an editor holds a newer text. */
function indexFromDisk(uri: string): void {
  if (openUri(uri)) return;
  if (isMarkdown(uri)) return postmortemFromDisk(uri);
  const path = uriToPath(uri);
  if (!path) return;
  try {
    let text = readFileSync(path, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    index.set(uri, text);
  } catch {
    index.delete(uri);
  }
}

async function buildIndex(): Promise<void> {
  const files = folders.flatMap((f) => workspaceFiles(f, settings.files));
  const progress = canReportProgress ? await connection.window.createWorkDoneProgress() : undefined;
  progress?.begin('Team SRE: indexing SLO files', 0, `${files.length} files`, false);
  const started = Date.now();
  for (let i = 0; i < files.length; i++) {
    indexFromDisk(pathToFileURL(files[i]!).href);
    if (i % 50 === 49) {
      progress?.report(Math.round((100 * (i + 1)) / files.length), `${i + 1} of ${files.length} files`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  // Only SLO files stay, and only those still selected (the settings may have changed what is).
  const onDisk = new Set(files.map((f) => pathToFileURL(f).href));
  for (const uri of index.uris())
    if (!documents.get(uri) && (!onDisk.has(uri) || !index.get(uri)?.isSloFile)) forget(uri);
  for (const uri of postmortems.uris()) if (!documents.get(uri)) forget(uri);
  const notes = folders.flatMap((f) =>
    workspaceFiles(f, {
      include: [`**/${settings.postmortems.folder}/*.md`],
      exclude: DEFAULT_SELECTION.exclude,
    }),
  );
  for (const file of notes) postmortemFromDisk(pathToFileURL(file).href);
  progress?.done();
  void connection.sendNotification(IndexedNotification, {
    sloFiles: index.uris().length,
    postmortems: postmortems.uris().length,
  });
  log(
    `Indexed ${index.uris().length} SLO files of ${files.length} and ${postmortems.uris().length} postmortems in ${Date.now() - started} ms.`,
  );
  publish();
}

async function loadSettings(): Promise<void> {
  if (!canConfigure) return;
  try {
    const raw: unknown = await connection.workspace.getConfiguration('teamSre');
    settings = readSettings(raw);
    index.configure({ maxFileSize: settings.maxFileSize });
  } catch (err) {
    failure('Reading the settings', err);
  }
}

connection.onInitialize((params: InitializeParams) => {
  const caps = params.capabilities;
  canConfigure = Boolean(caps.workspace?.configuration);
  canWatchFiles = Boolean(caps.workspace?.didChangeWatchedFiles?.dynamicRegistration);
  canReportProgress = Boolean(caps.window?.workDoneProgress);
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  folders = uris.map(uriToPath).filter((p): p is string => p !== undefined);
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
  await loadSettings();
  await buildIndex();
});

connection.onDidChangeConfiguration(async () => {
  await loadSettings();
  await buildIndex();
  for (const doc of documents.all()) schedule(doc.uri);
});

/** Drops a file from the index, clearing the diagnostics it had. */
function forget(uri: string): void {
  index.delete(uri);
  postmortems.delete(uri);
  if (unpublished(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
}

connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const change of changes) {
    if (openUri(change.uri)) continue;
    if (change.type === FileChangeType.Deleted) {
      forget(change.uri);
    } else if (isMarkdown(change.uri)) {
      postmortemFromDisk(change.uri);
    } else if (selected(change.uri)) {
      indexFromDisk(change.uri);
      // As when indexing at start: only SLO files stay (any YAML of the repository is watched).
      if (!index.get(change.uri)?.isSloFile) forget(change.uri);
    }
  }
  publish();
});

documents.onDidOpen(({ document }) => {
  // The file may be in the index from disk under another spelling of its URI: the editor's text replaces it.
  const path = uriToPath(document.uri);
  if (path !== undefined) {
    for (const uri of index.uris())
      if (uri !== document.uri && !documents.get(uri) && uriToPath(uri) === path) forget(uri);
  }
  schedule(document.uri);
});
documents.onDidChangeContent(({ document }) => schedule(document.uri));
documents.onDidClose(({ document }) => {
  pending.delete(document.uri);
  // Back to the file on disk when it belongs to the workspace, out of the index otherwise.
  if (postmortemRel(document.uri)) {
    postmortemFromDisk(document.uri);
    publish();
    return;
  }
  if (selected(document.uri)) indexFromDisk(document.uri);
  else index.delete(document.uri);
  if (!index.get(document.uri)?.isSloFile) {
    index.delete(document.uri);
    unpublished(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  }
  publish();
});

function offsetOf(uri: string, position: { line: number; character: number }): number | undefined {
  return index.get(uri)?.positions.offset(position);
}

connection.onCompletion(
  guarded('Completion', [], ({ textDocument, position }) => {
    const analysis = index.get(textDocument.uri);
    const offset = offsetOf(textDocument.uri, position);
    if (!analysis || offset === undefined) return [];
    return complete(analysis, offset, { names: (kind) => index.referableNames(kind) }).map(toCompletionItem);
  }),
);

connection.onHover(
  guarded('Hover', null, ({ textDocument, position }) => {
    const analysis = index.get(textDocument.uri);
    const offset = offsetOf(textDocument.uri, position);
    if (!analysis || offset === undefined) return null;
    const result = hover(analysis, offset, { slothPeriod: settings.sloth.defaultPeriod });
    return result ? { contents: { kind: 'markdown', value: result.markdown }, range: result.range } : null;
  }),
);

connection.onDefinition(
  guarded('Go to definition', [], ({ textDocument, position }) =>
    definition(index, textDocument.uri, position),
  ),
);

connection.onReferences(
  guarded('Find references', [], ({ textDocument, position, context }) =>
    references(index, textDocument.uri, position, context.includeDeclaration),
  ),
);

connection.onPrepareRename(
  guarded(
    'Rename',
    null,
    ({ textDocument, position }) => prepareRename(index, textDocument.uri, position) ?? null,
  ),
);

connection.onRenameRequest((params, token) => {
  flush();
  if (token.isCancellationRequested) return cancelled();
  const result = rename(index, params.textDocument.uri, params.position, params.newName);
  if ('error' in result) return new ResponseError(-32803, result.error);
  return { changes: Object.fromEntries(result.edits) };
});

connection.onDocumentSymbol(
  guarded('Document symbols', [], ({ textDocument }) => {
    const analysis = index.get(textDocument.uri);
    return analysis
      ? documentSymbols(analysis, { slothPeriod: settings.sloth.defaultPeriod }).map(toLspSymbol)
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
    return diagnosticsFor(textDocument.uri)
      .filter(overlaps)
      .flatMap((d) => (d.fixes ?? []).map((fix) => toCodeAction(textDocument.uri, fix, d)));
  }),
);

connection.onRequest(
  DocumentInfoRequest,
  guarded('Document info', null as DocumentInfo | null, ({ uri }: DocumentInfoParams) => {
    const analysis = index.get(uri);
    if (!analysis) return null;
    const diagnostics = diagnosticsFor(uri);
    return {
      formats: [...new Set(analysis.objects.map((o) => FORMAT_LABELS[o.format]))],
      objects: analysis.objects.length,
      errors: diagnostics.filter((d) => d.severity === 'error').length,
      warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    };
  }),
);

function liveHint(spec: SloLiveSpec): DocumentBudget['reports'][number]['live'] {
  return {
    ...(spec.dataSource ? { dataSource: spec.dataSource } : {}),
    ...(spec.sli.kind === 'unsupported' && !spec.recorded ? { unsupported: spec.sli.reason } : {}),
  };
}

/** Budget reports of every SLO objective of a document, each with the range of its objective. */
function documentBudget(uri: string, at: Date): DocumentBudget['reports'] {
  return documentObjectives(uri, at).map(({ report, spec, range }) => ({
    ...report,
    range,
    live: liveHint(spec),
  }));
}

const documentObjectives = (uri: string, at = new Date()) =>
  index.get(uri) ? sloCatalogue(index, { slothPeriod: settings.sloth.defaultPeriod }, at, [uri]) : [];

/** Reads one objective's budget from Prometheus; cancelled with the request. */
async function documentLive(
  { uri, index: which, prometheus, at }: LiveBudgetParams,
  token: CancellationToken,
): Promise<LiveBudgetResult> {
  flush();
  const when = at ? new Date(at) : new Date();
  const time = Number.isNaN(when.getTime()) ? new Date() : when;
  const objective = documentObjectives(uri, time)[which];
  if (!objective) return { error: { kind: 'unsupported', message: 'No SLO objective there any more.' } };
  const { input, spec, report } = objective;
  const abort = new AbortController();
  const listener = token.onCancellationRequested(() => abort.abort());
  try {
    const client = new PrometheusClient(prometheus, abort.signal);
    return { live: await liveBudget({ report, input, spec, client, at: time }) };
  } catch (err) {
    if (err instanceof PrometheusError) return { error: err.describe() };
    failure('Live budget', err);
    return { error: { kind: 'garbage', message: `Reading the live budget failed: ${String(err)}` } };
  } finally {
    listener.dispose();
  }
}

connection.onRequest(LiveBudgetRequest, documentLive);

/** The error ratio an SLO's SLI had during an incident, from Prometheus (for a postmortem's budget figures). */
connection.onRequest(
  IncidentErrorRateRequest,
  async (
    { uri, index: which, started, resolved, prometheus }: IncidentErrorRateParams,
    token: CancellationToken,
  ): Promise<IncidentErrorRateResult> => {
    flush();
    const objective = documentObjectives(uri)[which];
    if (!objective) return { error: { kind: 'unsupported', message: 'No SLO objective there any more.' } };
    const abort = new AbortController();
    const listener = token.onCancellationRequested(() => abort.abort());
    try {
      const client = new PrometheusClient(prometheus, abort.signal);
      const errorRate = await measureErrorRatio(
        objective.spec,
        client,
        new Date(started),
        new Date(resolved),
      );
      return { errorRate, queries: client.sent };
    } catch (err) {
      if (err instanceof PrometheusError) return { error: err.describe() };
      failure('Incident error rate', err);
      return { error: { kind: 'garbage', message: String(err) } };
    } finally {
      listener.dispose();
    }
  },
);

connection.onRequest(
  WorkspaceSlosRequest,
  guarded('Workspace SLOs', [] as WorkspaceSlo[], () =>
    sloCatalogue(index, { slothPeriod: settings.sloth.defaultPeriod }, new Date()).map((e): WorkspaceSlo => ({
      uri: e.uri,
      service: e.service,
      name: e.name,
      ...(e.report.objective ? { objective: e.report.objective } : {}),
      format: e.report.format,
      target: e.report.target,
      method: e.report.method,
      window: e.report.window.label,
      allowedBadMinutes: e.report.budget.allowedBadMinutes,
      index: e.index,
      range: e.range,
      errors: e.errors,
      warnings: e.warnings,
      live: liveHint(e.spec),
      input: e.input,
    })),
  ),
);

connection.onRequest(
  BudgetRequest,
  guarded('Budget', { reports: [] } as DocumentBudget, ({ uri, at }: BudgetParams) => {
    const when = at ? new Date(at) : new Date();
    return { reports: documentBudget(uri, Number.isNaN(when.getTime()) ? new Date() : when) };
  }),
);

connection.onCodeLens(
  guarded('Code lenses', [], ({ textDocument }) => {
    const objectives = documentObjectives(textDocument.uri);
    const budget = objectives.map(({ report, range }, i) => ({
      range: { start: range.start, end: range.start },
      command: {
        title: `Budget: ${promDuration(report.budget.allowedBadMinutes, true)} / ${report.window.label} · preview`,
        command: 'teamSre.previewBudget',
        arguments: [textDocument.uri, i],
      },
    }));
    // Above each SLO's first objective: the postmortems that name it.
    const path = uriToPath(textDocument.uri);
    const rel = path && relativeToFolder(path);
    const seen = new Set<string>();
    const cited = objectives.flatMap(({ name, range }) => {
      if (rel === undefined || seen.has(name)) return [];
      seen.add(name);
      const found = postmortems.citing(rel, name);
      if (!found.length) return [];
      return [
        {
          range: { start: range.start, end: range.start },
          command: {
            title: found.length === 1 ? '1 postmortem' : `${found.length} postmortems`,
            command: 'teamSre.showPostmortems',
            arguments: [
              found.map((p) => ({
                uri: postmortems.uriOf(p.path),
                title: p.title,
                date: p.date,
                status: p.status,
              })),
            ],
          },
        },
      ];
    });
    return [...budget, ...cited];
  }),
);

process.on('uncaughtException', (err) => failure('The server', err));

documents.listen(connection);
connection.listen();
