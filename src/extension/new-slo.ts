import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import {
  NewSloProblemRequest,
  NewSloRequest,
  NewSloTemplatesRequest,
  type NewSloProblemParams,
} from '../protocol/requests.js';

/** A file name that does not exist yet in the folder: name.yaml, name-2.yaml, name-3.yaml… */
async function freeName(folder: vscode.Uri, fileName: string): Promise<vscode.Uri> {
  const base = fileName.replace(/\.yaml$/, '');
  for (let i = 1; ; i++) {
    const candidate = vscode.Uri.joinPath(folder, i === 1 ? fileName : `${base}-${i}.yaml`);
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
}

/** "Team SRE: New SLO": asks for the format, the service and the target, writes `slos/<file>.yaml` and opens it. */
export async function newSlo(client: LanguageClient | undefined): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage(
      'Team SRE: open a folder first; the new SLO is written into its slos/ folder.',
    );
    return undefined;
  }
  // The formats, their templates and the answers' checks are the language server's: none is bundled here.
  if (!client) {
    void vscode.window.showErrorMessage(SERVER_DOWN);
    return undefined;
  }
  try {
    return await askAndWrite(client, folder);
  } catch (err) {
    void vscode.window.showErrorMessage(
      `Team SRE: New SLO failed: ${err instanceof Error ? err.message : String(err)}`,
    );
    return undefined;
  }
}

const SERVER_DOWN = 'Team SRE: New SLO needs the language server, which is not running.';

async function askAndWrite(
  client: LanguageClient,
  folder: vscode.WorkspaceFolder,
): Promise<vscode.Uri | undefined> {
  const problem =
    (field: NewSloProblemParams['field']) =>
    async (value: string): Promise<string | undefined> => {
      try {
        return (await client.sendRequest(NewSloProblemRequest, { field, value })) ?? undefined;
      } catch {
        // The server went away: the answer is taken, and `teamSre/newSlo` then says what failed.
        return undefined;
      }
    };
  const formats = (await client.sendRequest(NewSloTemplatesRequest, {})).map((t) => ({
    label: t.label,
    description: t.description,
    format: t.choice,
  }));
  const picked = await vscode.window.showQuickPick(formats, {
    title: 'New SLO (1/3): format',
    placeHolder: 'Which SLO format?',
  });
  if (!picked) return undefined;
  const service = await vscode.window.showInputBox({
    title: 'New SLO (2/3): service',
    prompt: 'The service the SLO belongs to',
    placeHolder: 'checkout',
    validateInput: problem('service'),
  });
  if (!service) return undefined;
  const target = await vscode.window.showInputBox({
    title: 'New SLO (3/3): target',
    prompt: 'The objective, as a percentage',
    value: '99.9',
    validateInput: problem('target'),
  });
  if (!target) return undefined;
  const made = await client.sendRequest(NewSloRequest, { format: picked.format, service, target });
  if ('error' in made) {
    void vscode.window.showErrorMessage(`Team SRE: ${made.error}`);
    return undefined;
  }
  const dir = vscode.Uri.joinPath(folder.uri, 'slos');
  await vscode.workspace.fs.createDirectory(dir);
  const file = await freeName(dir, made.fileName);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(made.text));
  const editor = await vscode.window.showTextDocument(file);
  const text = editor.document.getText();
  const at = text.search(/^\s*(target|objective): /m);
  if (at >= 0) {
    const pos = editor.document.positionAt(text.indexOf(':', at) + 2);
    editor.selection = new vscode.Selection(pos, editor.document.lineAt(pos.line).range.end);
  }
  return file;
}
