// Inside the extension host, through the vscode API: what a user gets on the example workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

async function until<T>(
  what: string,
  get: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function addTests(): void {
  describe('Team SRE in VS Code', () => {
    it('reports the mistakes of examples/mistakes.yaml, with codes and ranges', async () => {
      const uri = vscode.Uri.joinPath(folder(), 'mistakes.yaml');
      await vscode.window.showTextDocument(uri);
      const diagnostics = await until('16 diagnostics', () => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'team-sre');
        return d.length === 16 ? d : undefined;
      });
      const target = diagnostics.find(
        (d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'SLO114',
      )!;
      assert.equal(target.severity, vscode.DiagnosticSeverity.Error);
      assert.deepEqual(
        [target.range.start.line, target.range.start.character, target.range.end.character],
        [16, 14, 18],
      );
    });

    it('answers completion and hover', async () => {
      const uri = vscode.Uri.joinPath(folder(), 'slos', 'checkout-slos.yaml');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const hovers = await until('a hover with the budget', async () => {
        const h = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          uri,
          new vscode.Position(17, 16),
        );
        const text = h
          .flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value)))
          .join('\n');
        return text.includes('40 min 19 s') ? text : undefined;
      });
      assert.match(hovers, /\*\*99\.9 %\*\* over \*\*28 days, rolling\*\*/);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        new vscode.Position(10, 16),
      );
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(
        labels.includes('checkout-availability') && labels.includes('checkout-latency'),
        labels.join(', '),
      );
    });

    it('runs its commands', async () => {
      await vscode.commands.executeCommand('teamSre.openExample');
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.isUntitled, true);
      assert.match(editor.document.getText(), /Deliberate mistakes/);
      await until('diagnostics on the untitled example', () => {
        const d = vscode.languages.getDiagnostics(editor.document.uri);
        return d.length > 0 ? d : undefined;
      });
      await vscode.commands.executeCommand('teamSre.restartServer');
      const commands = await vscode.commands.getCommands(true);
      for (const id of [
        'teamSre.newSlo',
        'teamSre.openExample',
        'teamSre.restartServer',
        'teamSre.showOutput',
      ])
        assert.ok(commands.includes(id), id);
    });
  });
}
