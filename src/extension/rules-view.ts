import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { RulesRequest, type GeneratedRules } from '../protocol/requests.js';

/** The scheme of the read-only generated-rules documents. */
export const RULES_SCHEME = 'team-sre-rules';

/** How long typing pauses before the view follows, as the budget preview waits. */
const DEBOUNCE_MS = 150;

const fileName = (uri: vscode.Uri) => uri.path.replace(/^.*\//, '');

/** The virtual document of an SLO file's rules: its tab reads `Rules: x.yaml`, the query holds the SLO file. */
export function rulesUri(source: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({
    scheme: RULES_SCHEME,
    path: `/Rules: ${fileName(source)}`,
    query: source.toString(),
  });
}

const sourceOf = (uri: vscode.Uri) => vscode.Uri.parse(uri.query);

/**
 * "Team SRE: Show Generated Rules": the Prometheus rules an SLO file deploys, as a read-only YAML document beside
 * it that follows the file as it is typed, like the Markdown preview.
 */
export class GeneratedRulesView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.disposables.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(RULES_SCHEME, this),
      vscode.workspace.onDidChangeTextDocument((e) => this.sourceChanged(e.document.uri)),
      // The server publishes diagnostics once it analyzed an edit: the rules are then up to date.
      vscode.languages.onDidChangeDiagnostics((e) => e.uris.forEach((uri) => this.sourceChanged(uri))),
    );
  }

  /** The views open on a source file, each told to read again once typing pauses. */
  private sourceChanged(source: vscode.Uri): void {
    if (source.scheme === RULES_SCHEME) return;
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== RULES_SCHEME || doc.uri.query !== source.toString()) continue;
      const key = doc.uri.toString();
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          this.changed.fire(doc.uri);
        }, DEBOUNCE_MS),
      );
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = sourceOf(uri);
    const client = this.client();
    if (!client) return '# The Team SRE language server is not running.\n';
    let rules: GeneratedRules | null;
    try {
      rules = await client.sendRequest(RulesRequest, { uri: source.toString() });
    } catch (err) {
      return `# The language server did not answer: ${(err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ')}\n`;
    }
    if (!rules) return `# ${fileName(source)} is not an SLO file: it generates no rules.\n`;
    return rules.text;
  }

  /** Opens (or reveals) the rules of an SLO file beside it, at a line of the rules when given. */
  async show(source?: vscode.Uri, line?: number): Promise<void> {
    const target = source ?? vscode.window.activeTextEditor?.document.uri;
    if (!target || target.scheme === RULES_SCHEME) {
      if (!target)
        void vscode.window.showInformationMessage('Open an SLO file to show the rules it generates.');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(rulesUri(target));
    if (doc.languageId !== 'yaml') await vscode.languages.setTextDocumentLanguage(doc, 'yaml');
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: false,
    });
    if (typeof line === 'number' && line >= 0 && line < doc.lineCount) {
      const at = new vscode.Range(line, 0, line, 0);
      editor.selection = new vscode.Selection(at.start, at.start);
      editor.revealRange(at, vscode.TextEditorRevealType.AtTop);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * "Team SRE: Rewrite Generated Rules": writes an SLO file's rules over its committed file, through an edit that
 * can be undone when the file is open; never over a file this project did not write.
 */
export async function rewriteGeneratedRules(
  client: LanguageClient | undefined,
  source?: vscode.Uri,
): Promise<void> {
  const target = source ?? vscode.window.activeTextEditor?.document.uri;
  if (!client || !target) return;
  const rules = await client.sendRequest(RulesRequest, { uri: target.toString() });
  const name = fileName(target);
  if (!rules) {
    void vscode.window.showWarningMessage(`${name} is not an SLO file: it generates no rules.`);
    return;
  }
  const committed = rules.committed;
  if (!committed) {
    void vscode.window.showWarningMessage(
      `${name} has no committed rules file: name one with the teamSre.generatedRules setting, or commit Sloth's _gen/${name} beside it.`,
    );
    return;
  }
  if (!committed.ours) {
    void vscode.window.showWarningMessage(
      `${committed.path} was not written by team-sre (it does not start with "# Code generated by team-sre"): it is left as it is.`,
    );
    return;
  }
  const uri = vscode.Uri.parse(committed.uri);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    const edit = new vscode.WorkspaceEdit();
    const last = open.lineAt(open.lineCount - 1);
    edit.replace(uri, new vscode.Range(new vscode.Position(0, 0), last.range.end), rules.text);
    if (!(await vscode.workspace.applyEdit(edit)) || !(await open.save())) {
      void vscode.window.showErrorMessage(`${committed.path} could not be rewritten.`);
      return;
    }
  } else {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(rules.text));
  }
  void vscode.window.showInformationMessage(`Rewrote ${committed.path}.`);
}
