/**
 * Where the extension writes postmortems: the disk on the desktop (`postmortem-disk.ts`, with hard links and
 * resolved symbolic links), the host's file system elsewhere (github.dev, vscode.dev, any virtual workspace).
 */
import * as vscode from 'vscode';
import { isGeneratedIndex, isPostmortemFileName, renderIndex, summarise } from '../postmortem/index.js';
import { postmortemFileName } from '../postmortem/slug.js';
import { TEMPLATES_DIR } from '../postmortem/templates.js';

export interface PostmortemFiles {
  /** The owner to suggest: `git config user.name` on the desktop; empty where no process runs. */
  userName(folder: vscode.WorkspaceFolder): Promise<string>;
  /** Why nothing can be written in the folder (`the workspace is read-only`); undefined when it can be. */
  readOnly(folder: vscode.WorkspaceFolder): string | undefined;
  /** The nearest postmortem folder above the active file, else `<folder>/<folderName>` (may not exist yet). */
  findDir(
    active: vscode.Uri | undefined,
    folder: vscode.WorkspaceFolder,
    folderName: string,
  ): Promise<vscode.Uri>;
  /** Writes a new `YYYY-MM-DD-slug.md` into `dir`, never over a file; returns its URI. */
  writeNew(dir: vscode.Uri, date: string, title: string, text: string): Promise<vscode.Uri>;
  /** Writes the index of `dir`'s postmortems; returns its URI. */
  updateIndex(dir: vscode.Uri, maxFileSize: number): Promise<vscode.Uri>;
  /** The team's templates (`.team-sre/templates/*.md`), and why any was not read. */
  readTemplates(
    folder: vscode.WorkspaceFolder,
    limit: number,
  ): Promise<{ files: Array<{ path: string; text: string }>; problems: string[] }>;
}

const exists = (uri: vscode.Uri) =>
  vscode.workspace.fs.stat(uri).then(
    (s) => s,
    () => undefined,
  );

/** A relative folder name (`postmortems`, `docs/postmortems`) as path segments, or undefined when it leaves the folder. */
function segments(folderName: string): string[] | undefined {
  const out: string[] = [];
  if (folderName.startsWith('/') || /^[a-zA-Z]:/.test(folderName)) return undefined;
  for (const part of folderName.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.pop()) return undefined;
    } else out.push(part);
  }
  return out.length ? out : undefined;
}

/** The folder's URI path relative to the workspace folder, or undefined when it is not inside. */
function below(root: vscode.Uri, uri: vscode.Uri): string | undefined {
  if (uri.scheme !== root.scheme || uri.authority !== root.authority) return undefined;
  const base = root.path.replace(/\/+$/, '');
  return uri.path === base
    ? ''
    : uri.path.startsWith(`${base}/`)
      ? uri.path.slice(base.length + 1)
      : undefined;
}

const text = (bytes: Uint8Array) => {
  const decoded = new TextDecoder().decode(bytes);
  return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
};

/** Through `vscode.workspace.fs`: any file system the host provides (a GitHub repository in github.dev). */
export const workspacePostmortemFiles: PostmortemFiles = {
  userName: () => Promise.resolve(''),
  readOnly(folder) {
    return vscode.workspace.fs.isWritableFileSystem(folder.uri.scheme) === false
      ? `the workspace is read-only (${folder.uri.scheme}:)`
      : undefined;
  },
  async findDir(active, folder, folderName) {
    const parts = segments(folderName);
    if (!parts)
      throw new Error(
        `The postmortem folder ${JSON.stringify(folderName)} must be a folder inside the workspace folder.`,
      );
    const root = folder.uri;
    const rel = active ? below(root, active) : undefined;
    const dirs = rel ? rel.split('/').slice(0, -1) : [];
    for (let n = dirs.length; n >= 0; n--) {
      const candidate = vscode.Uri.joinPath(root, ...dirs.slice(0, n), ...parts);
      if (((await exists(candidate))?.type ?? 0) & vscode.FileType.Directory) return candidate;
    }
    return vscode.Uri.joinPath(root, ...parts);
  },
  async writeNew(dir, date, title, body) {
    await vscode.workspace.fs.createDirectory(dir);
    const taken = new Set((await vscode.workspace.fs.readDirectory(dir)).map(([name]) => name.toLowerCase()));
    for (;;) {
      const name = postmortemFileName(date, title, (n) => taken.has(n.toLowerCase()));
      const target = vscode.Uri.joinPath(dir, name);
      // The host's file system has no exclusive create: the name is checked just before it is written.
      if (await exists(target)) {
        taken.add(name.toLowerCase());
        continue;
      }
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(body));
      return target;
    }
  },
  async updateIndex(dir, maxFileSize) {
    const entries = await vscode.workspace.fs.readDirectory(dir);
    const summaries = [];
    for (const [name, type] of entries) {
      if (!(type & vscode.FileType.File) || !isPostmortemFileName(name)) continue;
      const uri = vscode.Uri.joinPath(dir, name);
      if (((await exists(uri))?.size ?? Infinity) > maxFileSize) continue;
      summaries.push(summarise(uri.path, text(await vscode.workspace.fs.readFile(uri))));
    }
    const index = renderIndex(summaries, { dir: dir.path });
    for (const name of ['README.md', 'INDEX.md']) {
      const target = vscode.Uri.joinPath(dir, name);
      const existing = (await exists(target)) ? text(await vscode.workspace.fs.readFile(target)) : undefined;
      if (existing !== undefined && !isGeneratedIndex(existing)) continue;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(index));
      return target;
    }
    throw new Error(
      `${dir.path} has a README.md and an INDEX.md that Team SRE did not generate: the index overwrites neither. Move one of them away.`,
    );
  },
  async readTemplates(folder, limit) {
    const files = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, `${TEMPLATES_DIR}/*.md`),
      null,
      100,
    );
    const out: Array<{ path: string; text: string }> = [];
    const problems: string[] = [];
    for (const uri of files) {
      const path = vscode.workspace.asRelativePath(uri, false);
      if (((await exists(uri))?.size ?? 0) > limit) {
        problems.push(`'${path}' is above the limit of the files read: it is not read`);
        continue;
      }
      out.push({ path, text: text(await vscode.workspace.fs.readFile(uri)) });
    }
    return { files: out, problems };
  },
};
