import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BudgetRequest, type DocumentBudget } from '../protocol.js';
import { parseFromPreview, type ToPreview } from '../preview-protocol.js';

const VIEW_TYPE = 'teamSre.budgetPreview';

function nonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[+/=]/g, '');
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
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient | undefined,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e?.document.languageId === 'yaml') {
          this.document = e.document;
          this.pinnedIndex = undefined;
          this.schedule();
        }
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document === this.document) {
          this.pinnedIndex = undefined;
          this.schedule();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document) this.schedule();
      }),
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
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
    panel.webview.html = html(panel.webview, this.extensionUri);
    panel.onDidDispose(() => (this.panel = undefined));
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseFromPreview(raw);
      if (message?.type === 'ready') void this.update();
      if (message?.type === 'select') {
        this.pinnedIndex = message.index;
        void this.update();
      }
    });
    if (!this.document && vscode.window.activeTextEditor?.document.languageId === 'yaml')
      this.document = vscode.window.activeTextEditor.document;
  }

  private schedule(): void {
    if (!this.panel) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), 150);
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    const document = this.document;
    const client = this.client();
    if (!panel || !document || !client) return;
    let budget: DocumentBudget;
    try {
      budget = await client.sendRequest(BudgetRequest, { uri: document.uri.toString() });
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
    const broken = vscode.languages
      .getDiagnostics(document.uri)
      .find(
        (d) =>
          d.source === 'team-sre' && String(typeof d.code === 'object' ? d.code.value : d.code) === 'SLO001',
      );
    const reports = budget.reports;
    const selected = this.pinnedIndex ?? this.objectiveAtCursor(reports, document);
    const message: ToPreview = {
      type: 'update',
      file: vscode.workspace.asRelativePath(document.uri),
      reports: reports.map(({ range: _range, ...r }) => r),
      selected,
      ...(broken ? { error: `Line ${broken.range.start.line + 1}: ${broken.message}` } : {}),
    };
    panel.title = reports[selected] ? `Error budget: ${reports[selected].name}` : 'Error budget';
    void panel.webview.postMessage(message);
  }

  /** The objective whose target is nearest above the cursor (or the first one). */
  private objectiveAtCursor(reports: DocumentBudget['reports'], document: vscode.TextDocument): number {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const line = editor?.selection.active.line ?? 0;
    let best = 0;
    reports.forEach((r, i) => {
      if (r.range.start.line <= line) best = i;
    });
    return best;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
