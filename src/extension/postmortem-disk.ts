/** The desktop's postmortem writes: on disk, never over a file, never through a link out of the workspace. */
import * as vscode from 'vscode';
import { readTemplateFiles } from '../postmortem/node/template-files.js';
import { findPostmortemDir, updateIndex, writeNewPostmortem } from '../postmortem/node/write.js';
import { workspacePostmortemFiles, type PostmortemFiles } from './postmortem-files.js';

const diskPostmortemFiles: PostmortemFiles = {
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
