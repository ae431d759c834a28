import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import {
  BacktestRequest,
  BudgetRequest,
  LiveBudgetRequest,
  RulesRequest,
  type DocumentBudget,
  type LiveBudgetParams,
  type LiveBudgetResult,
  type BacktestAnswer,
  type TextRange,
} from '../protocol/requests.js';
import {
  parseFromPreview,
  type LiveState,
  type ReplayData,
  type ReplayState,
  type ToPreview,
} from '../protocol/preview.js';
import type { PrometheusConfig } from '../prometheus/client.js';
import type { LiveEndpoints } from './live.js';
import { RULES_SCHEME } from './rules-view.js';

const VIEW_TYPE = 'teamSre.budgetPreview';
/** The replay looks back this many days, or over the window when it is shorter. */
const REPLAY_DAYS = 28;

/** What the timeline needs of a backtest: the alerts, the incidents, the error ratio over time. */
function replayData(r: Extract<BacktestAnswer, { result: unknown }>['result']): ReplayData {
  return {
    from: r.from,
    to: r.to,
    target: r.target,
    alerts: r.alerts,
    incidents: r.incidents.map((i) => ({
      title: i.title,
      file: i.file,
      start: i.start,
      end: i.end,
      detection: i.detection && {
        alert: i.detection.alert,
        ...(i.detection.severity !== undefined ? { severity: i.detection.severity } : {}),
        delayMinutes: i.detection.delayMinutes,
      },
    })),
    ...(r.series ? { series: r.series } : {}),
    notes: r.notes,
  };
}

/** The objective being replayed, and the Prometheus the extension lets it read. */
interface ReplayTarget {
  uri: vscode.Uri;
  index: number;
  key: string;
  prometheus: PrometheusConfig;
  days: number;
  fileTarget: number;
}

/** A YAML document the preview follows: not the read-only generated rules. */
const isSloEditor = (document: vscode.TextDocument) =>
  document.languageId === 'yaml' && document.uri.scheme !== RULES_SCHEME;

function nonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, '');
}

/** The page: the bundle only, under a strict Content-Security-Policy. */
function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview-style.css'));
  const n = nonce();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${n}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Error budget</title>
</head>
<body>
<main id="app" aria-live="polite"><p>Computing the error budget…</p></main>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}

/** "Team SRE: Preview Error Budget": one panel beside the editor that follows the cursor, like the Markdown preview. */
export class BudgetPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private pinnedIndex: number | undefined;
  /** The SLO last shown: kept while the active editor holds none (an SLI's file after Go to Definition). */
  private shown: { document: vscode.TextDocument; index: number } | undefined;
  /** Set by Pin: the preview stays on this SLO whatever the cursor does, and follows its file's edits. */
  private pin: { document: vscode.TextDocument; index: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last message sent, so a live result can be added to it. */
  private lastMessage: ToPreview | undefined;
  /** Which objective the live state is for: document, index, and what defines its budget. */
  private liveKey = '';
  private live: LiveState | undefined;
  private liveRequest: vscode.CancellationTokenSource | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** The objective replayed, its replay, and the edit writing the last target replayed. */
  private replayFor: ReplayTarget | undefined;
  private replay: ReplayState | undefined;
  private replayRequest: vscode.CancellationTokenSource | undefined;
  private replayEdit: { target: number; range: TextRange; newText: string } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient | undefined,
    private readonly endpoints: LiveEndpoints,
    /** Where a message the preview should not have sent is logged. */
    private readonly warn: (line: string) => void = () => undefined,
    /** Opens the generated rules of a file at a line (an alert row's rule). */
    private readonly showRule: (uri: vscode.Uri, line: number) => void = () => undefined,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && isSloEditor(e.document)) {
          this.document = e.document;
          if (this.pin) return;
          this.pinnedIndex = undefined;
          this.schedule();
        }
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document === this.document && !this.pin) {
          this.pinnedIndex = undefined;
          this.schedule();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document || e.document === this.shown?.document) this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('teamSre.prometheus')) this.refreshLive();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshLive()),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => this.adopt(panel),
      }),
    );
  }

  /** Opens (or reveals) the preview for a document, optionally on one objective (from a CodeLens). */
  show(uri?: vscode.Uri | string, index?: number): void {
    const editor = vscode.window.activeTextEditor;
    const target = uri
      ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
      : editor?.document;
    this.document = target ?? editor?.document;
    this.pinnedIndex = typeof index === 'number' ? index : undefined;
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        'Error budget',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {
          enableScripts: true,
          localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
        },
      );
      this.adopt(panel);
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    void this.update();
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    void vscode.commands.executeCommand('setContext', 'teamSre.previewOpen', true);
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
    panel.webview.html = html(panel.webview, this.extensionUri);
    panel.onDidChangeViewState(() => {
      if (panel.visible && !this.liveKey) void this.update();
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.pin = undefined;
      void vscode.commands.executeCommand('setContext', 'teamSre.previewOpen', false);
      void vscode.commands.executeCommand('setContext', 'teamSre.previewPinned', false);
      this.stopLive();
      this.liveKey = '';
    });
    panel.webview.onDidReceiveMessage(async (raw: unknown) => {
      const message = parseFromPreview(raw, (why) =>
        this.warn(`Budget preview: a malformed message was dropped (${why}).`),
      );
      if (message?.type === 'ready') void this.update();
      if (message?.type === 'select') {
        this.pinnedIndex = message.index;
        void this.update();
      }
      if (message?.type === 'refresh') this.refreshLive();
      if (message?.type === 'replayTarget') void this.loadReplay(message.target);
      if (message?.type === 'applyTarget') await this.applyTarget(message.target);
      if (message?.type === 'showRule' && this.shown) this.showRule(this.shown.document.uri, message.line);
      if (message?.type === 'pin') this.setPinned(message.pinned);
      if (message?.type === 'configure')
        void vscode.commands.executeCommand('workbench.action.openSettings', 'teamSre.prometheus');
      if (
        message?.type === 'allowDataSource' &&
        this.live?.state === 'confirm' &&
        this.live.url === message.url
      ) {
        await this.endpoints.allow(message.url);
        this.refreshLive();
      }
    });
    if (
      !this.document &&
      vscode.window.activeTextEditor &&
      isSloEditor(vscode.window.activeTextEditor.document)
    )
      this.document = vscode.window.activeTextEditor.document;
  }

  private schedule(): void {
    if (!this.panel) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), 150);
  }

  /** Pins the preview to the SLO it shows, or lets it follow the cursor again. */
  setPinned(pinned: boolean): void {
    this.pin = pinned && this.shown ? { ...this.shown } : undefined;
    void vscode.commands.executeCommand('setContext', 'teamSre.previewPinned', this.pin !== undefined);
    if (!this.pin) {
      // Follow the cursor again at once: the active editor's, or (the preview having the focus) the visible one.
      const active = vscode.window.activeTextEditor?.document;
      const visible = vscode.window.visibleTextEditors.map((e) => e.document).filter(isSloEditor);
      const editor =
        active && isSloEditor(active)
          ? active
          : (visible.find((d) => d === this.document) ?? visible[0] ?? this.document);
      this.document = editor;
      this.pinnedIndex = undefined;
    }
    void this.update();
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    let document = this.pin?.document ?? this.document;
    const client = this.client();
    if (!panel || !document || !client) return;
    let budget: DocumentBudget;
    /** The file in the active editor, when it holds no SLO and the last SLO shown is kept. */
    let kept: string | undefined;
    try {
      budget = await client.sendRequest(BudgetRequest, { uri: document.uri.toString() });
      const last = this.shown;
      if (
        !budget.reports.length &&
        !budget.failed.length &&
        last &&
        last.document !== document &&
        !last.document.isClosed
      ) {
        kept = vscode.workspace.asRelativePath(document.uri);
        document = last.document;
        budget = await client.sendRequest(BudgetRequest, { uri: document.uri.toString() });
      }
    } catch (err) {
      void panel.webview.postMessage({
        type: 'update',
        file: document.uri.fsPath,
        reports: [],
        selected: 0,
        error: `The language server did not answer: ${err instanceof Error ? err.message : String(err)}`,
      } satisfies ToPreview);
      return;
    }
    // Where each alert row's rule is printed in the generated rules; none when the server cannot say.
    const ruleLines = await client.sendRequest(RulesRequest, { uri: document.uri.toString() }).then(
      (rules) => rules?.alertLines,
      () => undefined,
    );
    const broken = vscode.languages
      .getDiagnostics(document.uri)
      .find(
        (d) =>
          d.source === 'team-sre' && String(typeof d.code === 'object' ? d.code.value : d.code) === 'SLO001',
      );
    // An SLO whose budget cannot be computed: said on top, the others' reports below.
    const [failed] = budget.failed;
    const reports = budget.reports;
    const selected =
      this.pin?.index ??
      (kept ? this.shown!.index : (this.pinnedIndex ?? this.objectiveAtCursor(reports, document)));
    const chosen = reports[selected];
    if (chosen) this.shown = { document, index: selected };
    const key = chosen
      ? JSON.stringify([
          document.uri.toString(),
          selected,
          chosen.name,
          chosen.target,
          chosen.window.label,
          chosen.method,
          chosen.live,
        ])
      : '';
    if (key !== this.liveKey) {
      this.liveKey = key;
      this.stopLive();
      this.live = undefined;
      this.replayFor = undefined;
      this.replay = undefined;
      this.replayEdit = undefined;
      if (chosen) void this.loadLive(document.uri, selected, chosen, key);
    }
    const message: ToPreview = {
      type: 'update',
      file: vscode.workspace.asRelativePath(document.uri),
      reports: reports.map(({ range: _range, live: _live, ...r }) => r),
      selected,
      ...(broken
        ? { error: `Line ${broken.range.start.line + 1}: ${broken.message}` }
        : failed
          ? { error: `Line ${failed.range.start.line + 1}: ${failed.name}: ${failed.error}` }
          : {}),
      ...(this.live ? { live: this.live } : {}),
      ...(ruleLines ? { ruleLines } : {}),
      ...(this.replay ? { replay: this.replay } : {}),
      ...(this.pin ? { pinned: true } : {}),
      ...(kept ? { kept } : {}),
    };
    panel.title = chosen ? `Error budget: ${chosen.name}` : 'Error budget';
    this.lastMessage = message;
    void panel.webview.postMessage(message);
  }

  /** Reads the live budget of the objective shown, then again every refresh interval while it stays shown. */
  private async loadLive(
    uri: vscode.Uri,
    index: number,
    report: DocumentBudget['reports'][number],
    key: string,
  ): Promise<void> {
    const client = this.client();
    if (!client) return;
    const endpoint = await this.endpoints.resolve(uri, report.live);
    if (key !== this.liveKey) return;
    if ('state' in endpoint) return this.showLive(endpoint);
    this.showLive({ state: 'loading', url: endpoint.url });
    if (this.replayFor?.key !== key) {
      this.replayFor = {
        uri,
        index,
        key,
        prometheus: endpoint.config,
        days: Math.min(REPLAY_DAYS, report.window.days),
        fileTarget: report.target,
      };
      void this.loadReplay(undefined);
    }
    const cts = new vscode.CancellationTokenSource();
    this.liveRequest = cts;
    let result: LiveBudgetResult;
    try {
      result = await client.sendRequest(
        LiveBudgetRequest,
        { uri: uri.toString(), index, prometheus: endpoint.config } satisfies LiveBudgetParams,
        cts.token,
      );
    } catch (err) {
      if (cts.token.isCancellationRequested) return;
      result = { error: { kind: 'garbage', message: `The language server did not answer: ${String(err)}` } };
    } finally {
      cts.dispose();
      if (this.liveRequest === cts) this.liveRequest = undefined;
    }
    if (key !== this.liveKey) return;
    this.showLive(
      'live' in result
        ? {
            state: 'ok',
            url: endpoint.url,
            data: result.live,
            fetched: new Date().toISOString(),
            refreshSeconds: endpoint.refreshSeconds,
          }
        : { state: 'error', url: endpoint.url, ...this.endpoints.explain(result.error) },
    );
    if (endpoint.refreshSeconds > 0) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => {
        if (key === this.liveKey && this.panel?.visible) void this.loadLive(uri, index, report, key);
        else if (key === this.liveKey) this.liveKey = ''; // read again when shown
      }, endpoint.refreshSeconds * 1000);
    }
  }

  /** Replays the objective shown over the last days, under its own target or `target` (the file untouched). */
  private async loadReplay(target: number | undefined): Promise<void> {
    const client = this.client();
    const on = this.replayFor;
    if (!client || !on) return;
    this.replayRequest?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.replayRequest = cts;
    const shown = target ?? on.fileTarget;
    this.showReplay({ state: 'loading', target: shown, fileTarget: on.fileTarget });
    const to = new Date();
    const from = new Date(to.getTime() - on.days * 86_400_000);
    let answer: BacktestAnswer;
    try {
      answer = await client.sendRequest(
        BacktestRequest,
        {
          uri: on.uri.toString(),
          index: on.index,
          prometheus: on.prometheus,
          from: from.toISOString(),
          to: to.toISOString(),
          ...(target !== undefined ? { target } : {}),
        },
        cts.token,
      );
    } catch (err) {
      if (cts.token.isCancellationRequested) return;
      answer = { error: { kind: 'garbage', message: `The language server did not answer: ${String(err)}` } };
    } finally {
      cts.dispose();
      if (this.replayRequest === cts) this.replayRequest = undefined;
    }
    if (cts.token.isCancellationRequested || this.replayFor !== on) return;
    if ('result' in answer) {
      this.replayEdit = answer.edit && target !== undefined ? { target, ...answer.edit } : undefined;
      this.showReplay({
        state: 'ok',
        target: shown,
        fileTarget: on.fileTarget,
        data: replayData(answer.result),
      });
    } else
      this.showReplay({
        state: 'error',
        target: shown,
        fileTarget: on.fileTarget,
        message: this.endpoints.explain(answer.error).message,
      });
  }

  /** Writes the target replayed into the file, where its target is written and as it is written (undoable). */
  private async applyTarget(target: number): Promise<void> {
    const on = this.replayFor;
    if (!on) return;
    if (this.replayEdit?.target !== target) await this.loadReplay(target);
    const edit = this.replayEdit;
    if (edit?.target !== target || this.replayFor !== on) return;
    const { start, end } = edit.range;
    const workspaceEdit = new vscode.WorkspaceEdit();
    workspaceEdit.replace(
      on.uri,
      new vscode.Range(start.line, start.character, end.line, end.character),
      edit.newText,
    );
    await vscode.workspace.applyEdit(workspaceEdit);
  }

  private showReplay(state: ReplayState): void {
    this.replay = state;
    if (this.panel && this.lastMessage) {
      this.lastMessage = { ...this.lastMessage, replay: state };
      void this.panel.webview.postMessage(this.lastMessage);
    }
  }

  private showLive(state: LiveState): void {
    this.live = state;
    if (this.panel && this.lastMessage) {
      this.lastMessage = { ...this.lastMessage, live: state };
      void this.panel.webview.postMessage(this.lastMessage);
    }
  }

  private stopLive(): void {
    clearTimeout(this.refreshTimer);
    this.liveRequest?.cancel();
    this.liveRequest = undefined;
    this.replayRequest?.cancel();
    this.replayRequest = undefined;
  }

  /** Reads the live budget again now (the Refresh button, a settings change, trust granted). */
  private refreshLive(): void {
    this.liveKey = '';
    this.stopLive();
    void this.update();
  }

  /**
   * The objective under the cursor: in the YAML document (`---`) the cursor is in, the one whose target is nearest
   * above it, else that document's first; in a document without one, the nearest above (or the first one).
   */
  private objectiveAtCursor(reports: DocumentBudget['reports'], document: vscode.TextDocument): number {
    const line = this.editorOf(document)?.selection.active.line ?? 0;
    let start = 0;
    let end = document.lineCount;
    for (let l = 0; l < document.lineCount; l++)
      if (/^---(\s|$)/.test(document.lineAt(l).text)) {
        if (l <= line) start = l;
        else {
          end = l;
          break;
        }
      }
    const inDocument = reports
      .map((r, i) => ({ line: r.range.start.line, i }))
      .filter((r) => r.line >= start && r.line < end);
    if (inDocument.length) return (inDocument.filter((r) => r.line <= line).at(-1) ?? inDocument[0]!).i;
    let best = 0;
    reports.forEach((r, i) => {
      if (r.range.start.line <= line) best = i;
    });
    return best;
  }

  /** The editor showing a document: the active one, else a visible one (the preview itself may have the focus). */
  private editorOf(document: vscode.TextDocument): vscode.TextEditor | undefined {
    const uri = document.uri.toString();
    const active = vscode.window.activeTextEditor;
    return active?.document.uri.toString() === uri
      ? active
      : vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.stopLive();
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
