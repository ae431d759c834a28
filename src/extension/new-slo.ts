import * as vscode from 'vscode';
import {
  NEW_SLO_TEMPLATES,
  newSloDocument,
  newSloFileName,
  serviceNameProblem,
  targetProblem,
  type NewSloFormat,
} from '../language/features/new-slo.js';

const FORMATS: Array<vscode.QuickPickItem & { format: NewSloFormat }> = NEW_SLO_TEMPLATES.map((t) => ({
  label: t.label,
  description: t.description,
  format: t.choice,
}));

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
export async function newSlo(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage(
      'Team SRE: open a folder first; the new SLO is written into its slos/ folder.',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(FORMATS, {
    title: 'New SLO (1/3): format',
    placeHolder: 'Which SLO format?',
  });
  if (!picked) return undefined;
  const service = await vscode.window.showInputBox({
    title: 'New SLO (2/3): service',
    prompt: 'The service the SLO belongs to',
    placeHolder: 'checkout',
    validateInput: (v) => serviceNameProblem(v.trim()),
  });
  if (!service) return undefined;
  const target = await vscode.window.showInputBox({
    title: 'New SLO (3/3): target',
    prompt: 'The objective, as a percentage',
    value: '99.9',
    validateInput: targetProblem,
  });
  if (!target) return undefined;
  const request = {
    format: picked.format,
    service: service.trim(),
    targetPercent: Number(target.trim().replace(/%$/, '')),
  };
  const dir = vscode.Uri.joinPath(folder.uri, 'slos');
  await vscode.workspace.fs.createDirectory(dir);
  const file = await freeName(dir, newSloFileName(request));
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(newSloDocument(request)));
  const editor = await vscode.window.showTextDocument(file);
  const text = editor.document.getText();
  const at = text.search(/^\s*(target|objective): /m);
  if (at >= 0) {
    const pos = editor.document.positionAt(text.indexOf(':', at) + 2);
    editor.selection = new vscode.Selection(pos, editor.document.lineAt(pos.line).range.end);
  }
  return file;
}
