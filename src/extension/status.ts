import * as vscode from 'vscode';
import { State, type BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { DocumentInfoRequest, type DocumentInfo } from '../protocol/requests.js';

/** The status bar item: the SLO format of the current file and the server's state; hidden for other files. */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'teamSre.status',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly disposables: vscode.Disposable[] = [];
  private state: State = State.Starting;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.item.name = 'Team SRE';
    this.item.command = 'teamSre.showOutput';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const uri = vscode.window.activeTextEditor?.document.uri.toString();
        if (uri && e.uris.some((u) => u.toString() === uri)) this.refresh();
      }),
    );
  }

  setState(state: State): void {
    this.state = state;
    this.refresh();
  }

  refresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), 50);
  }

  private async update(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'yaml') {
      this.item.hide();
      return;
    }
    if (this.state !== State.Running) {
      this.item.text = this.state === State.Starting ? '$(sync~spin) Team SRE' : '$(error) Team SRE';
      this.item.tooltip =
        this.state === State.Starting
          ? 'Team SRE: the language server is starting'
          : 'Team SRE: the language server stopped. Click for its output, or run "Team SRE: Restart Language Server".';
      this.item.show();
      return;
    }
    let info: DocumentInfo | null;
    try {
      info =
        (await this.client()?.sendRequest(DocumentInfoRequest, { uri: editor.document.uri.toString() })) ??
        null;
    } catch {
      info = null;
    }
    if (!info || info.objects === 0) {
      this.item.hide();
      return;
    }
    const problems = info.errors + info.warnings;
    this.item.text = `${problems ? '$(warning)' : '$(pass)'} ${info.formats.join(' + ')}`;
    this.item.tooltip = `Team SRE: ${info.objects} object${info.objects === 1 ? '' : 's'} (${info.formats.join(', ')}); ${info.errors} error${info.errors === 1 ? '' : 's'}, ${info.warnings} warning${info.warnings === 1 ? '' : 's'}. Language server running.`;
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
