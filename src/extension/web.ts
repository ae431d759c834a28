/**
 * The web extension (github.dev, vscode.dev): the language server runs as a web worker (`dist/web/server.js`)
 * and reads the workspace's files through this extension, which asks the host's file system.
 */
import * as vscode from 'vscode';
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  LanguageClient,
  type MessageTransports,
} from 'vscode-languageclient/browser';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  FindFilesRequest,
  ReadFileRequest,
  type FindFilesParams,
  type ReadFileParams,
  type ReadFileResult,
} from '../protocol/requests.js';
import { activateOn, deactivate } from './activate.js';
import { workspacePostmortemFiles } from './postmortem-files.js';

/** A larger file's head is read only up to this many times the limit: the host reads a file whole. */
const HEAD_READ_FACTOR = 8;

const decode = (bytes: Uint8Array) => {
  const text = new TextDecoder().decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

/** `{a,b}`: one glob for several (a single one as is). */
const anyOf = (globs: string[]) => (globs.length === 1 ? globs[0]! : `{${globs.join(',')}}`);

/** The files of a workspace folder the server's globs select, as the host lists them. */
export async function findFiles({ folder, include, exclude }: FindFilesParams): Promise<string[]> {
  const base = vscode.Uri.parse(folder);
  // The server's excludes only (`null` would drop them, `undefined` would add `files.exclude`), as on disk.
  const excluded = exclude.length ? anyOf(exclude) : null;
  const found = await Promise.all(
    include.map((glob) => vscode.workspace.findFiles(new vscode.RelativePattern(base, glob), excluded)),
  );
  return [...new Set(found.flat().map((uri) => uri.toString()))];
}

/** A file read within the size limit through the host's file system, as the Node server reads the disk. */
export async function readFile({ uri, limit, head }: ReadFileParams): Promise<ReadFileResult> {
  const target = vscode.Uri.parse(uri);
  try {
    const stat = await vscode.workspace.fs.stat(target);
    if (stat.type & vscode.FileType.Directory) return { kind: 'not-a-file', what: 'a folder' };
    if (stat.size > limit * HEAD_READ_FACTOR) return { kind: 'too-large', size: stat.size, head: '' };
    const bytes = await vscode.workspace.fs.readFile(target);
    if (bytes.length > limit)
      return { kind: 'too-large', size: bytes.length, head: decode(bytes.subarray(0, head)) };
    return { kind: 'text', text: decode(bytes) };
  } catch (err) {
    return { kind: 'error', code: err instanceof vscode.FileSystemError ? err.code : String(err) };
  }
}

/**
 * The language server's worker. vscode.dev and github.dev serve the extension over https, and the worker loads
 * its script from there. A host that runs the extension from a remote file system (code-server, VS Code with a
 * remote) refuses a worker from such a URI: the script is read through the host and started from memory.
 */
async function serverWorker(context: vscode.ExtensionContext): Promise<MessageTransports> {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  let worker: Worker;
  if (['https', 'http', 'file'].includes(script.scheme)) worker = new Worker(script.toString(true));
  else {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(script));
    worker = new Worker(URL.createObjectURL(new Blob([text], { type: 'text/javascript' })));
  }
  // The transports made here: the host's Worker is a wrapper, not the class the client library checks for.
  return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
}

function answerFileRequests(client: BaseLanguageClient, context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    client.onRequest(FindFilesRequest, findFiles),
    client.onRequest(ReadFileRequest, readFile),
  );
}

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return activateOn(
    {
      createClient(context, options) {
        // A new worker for each start, so that Restart Language Server starts a fresh one.
        const client = new LanguageClient('teamSre', 'Team SRE', () => serverWorker(context), options);
        // Registered before the server starts: it asks for files as soon as it is initialized.
        answerFileRequests(client, context);
        return client;
      },
      // The file systems of the workspace folders (`vscode-vfs:` for a GitHub repository in github.dev), and the
      // disk: not every scheme, so the base side of a pull request's diff (`git:`, `review:`) is not checked.
      schemes: [...new Set(['file', ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)])],
      browser: true,
      postmortemFiles: () => workspacePostmortemFiles,
    },
    context,
  );
}

export { deactivate };
