/** The desktop's postmortem writes: on disk, never over a file, never through a link out of the workspace. */
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { readTemplateFiles } from '../postmortem/node/template-files.js';
import { findPostmortemDir, updateIndex, writeNewPostmortem } from '../postmortem/node/write.js';
import { workspacePostmortemFiles, type PostmortemFiles } from './postmortem-files.js';

/** `git config user.name` in `folder`: empty without git, without a name, or after 3 seconds. */
function gitUserName(folder: vscode.WorkspaceFolder): Promise<string> {
  return new Promise((resolve) => {
    try {
      execFile(
        'git',
        ['config', 'user.name'],
        { cwd: folder.uri.fsPath, timeout: 3000, windowsHide: true },
        (err, stdout) => resolve(err ? '' : stdout.trim()),
      );
    } catch {
      resolve('');
    }
  });
}

const diskPostmortemFiles: PostmortemFiles = {
  userName: gitUserName,
  readOnly: () => undefined,
  async findDir(active, folder, folderName) {
    const inFolder =
      active && vscode.workspace.getWorkspaceFolder(active) === folder ? active.fsPath : undefined;
    return vscode.Uri.file(await findPostmortemDir(inFolder, folder.uri.fsPath, folderName));
  },
  writeNew: async (dir, date, title, text) =>
    vscode.Uri.file(await writeNewPostmortem(dir.fsPath, date, title, text)),
  updateIndex: async (dir, maxFileSize) => vscode.Uri.file(await updateIndex(dir.fsPath, maxFileSize)),
  readTemplates: (folder, limit) => readTemplateFiles(folder.uri.fsPath, limit),
};

/** Files on disk are written there; a virtual workspace's through the host. */
export const postmortemFilesOf = (folder: vscode.WorkspaceFolder): PostmortemFiles =>
  folder.uri.scheme === 'file' ? diskPostmortemFiles : workspacePostmortemFiles;
