import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import mistakes from '../../examples/mistakes.yaml';
import { newSlo } from './new-slo.js';
import { LiveEndpoints } from './live.js';
import {
  newPostmortem,
  PostmortemsView,
  showPostmortems,
  updatePostmortemIndex,
  type PostmortemTarget,
} from './postmortem.js';
import { IndexedNotification, isBudgeted, PostmortemsChangedNotification } from '../protocol/requests.js';
import { BudgetPreview } from './preview.js';
import { GeneratedRulesView, rewriteGeneratedRules } from './rules-view.js';
import { SlosView, type SloNode } from './slos-view.js';
import type { PostmortemFiles } from './postmortem-files.js';
import { StatusItem } from './status.js';

/** What differs between the desktop (Node) and the browser (github.dev, vscode.dev). */
export interface ExtensionHost {
  /** The language client, its server started as a process or as a web worker. */
  createClient(context: vscode.ExtensionContext, options: LanguageClientOptions): BaseLanguageClient;
  /** The URI schemes of the documents the server checks. */
  schemes: string[];
  /** In a browser (github.dev, vscode.dev): live reads only from the configured Prometheus. */
  browser?: boolean;
  /** Where postmortems are written. */
  postmortemFiles(folder: vscode.WorkspaceFolder): PostmortemFiles;
}

let client: BaseLanguageClient | undefined;

function clientOptions(host: ExtensionHost, output: vscode.LogOutputChannel): LanguageClientOptions {
  return {
    // Every YAML document: the server tells SLO files from the rest by content and stays silent on the rest.
    documentSelector: [
      ...host.schemes.map((scheme) => ({ scheme, language: 'yaml' })),
      { scheme: 'untitled', language: 'yaml' },
      // Postmortems: the server checks the Markdown files of postmortem folders and ignores the rest.
      ...host.schemes.map((scheme) => ({ scheme, language: 'markdown' })),
    ],
    outputChannel: output,
    // Tells the server when `teamSre.*` settings change; it then pulls them with workspace/configuration.
    synchronize: { configurationSection: 'teamSre' },
  };
}

/** Every command, registered from one table. */
function commands(
  host: ExtensionHost,
  output: vscode.LogOutputChannel,
  status: StatusItem,
  preview: BudgetPreview,
  endpoints: LiveEndpoints,
  postmortems: PostmortemsView,
  slos: SlosView,
  rules: GeneratedRulesView,
): Record<string, (...args: unknown[]) => unknown> {
  const asUri = (uri: unknown) =>
    uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri) : undefined;
  return {
    'teamSre.showGeneratedRules': (uri?: unknown, line?: unknown) =>
      rules.show(asUri(uri), typeof line === 'number' ? line : undefined),
    'teamSre.rewriteGeneratedRules': (uri?: unknown) => rewriteGeneratedRules(client, asUri(uri)),
    'teamSre.previewBudget': (uri?: unknown, index?: unknown) =>
      preview.show(
        typeof uri === 'string' || uri instanceof vscode.Uri ? uri : undefined,
        typeof index === 'number' ? index : undefined,
      ),
    'teamSre.pinPreview': () => preview.setPinned(true),
    'teamSre.unpinPreview': () => preview.setPinned(false),
    'teamSre.restartServer': async () => {
      // The Node client restarts its process; the browser's stops its worker and starts a new one.
      const restartable = client as (BaseLanguageClient & { restart?: () => Promise<void> }) | undefined;
      if (restartable?.restart) await restartable.restart();
      else if (client) {
        await client.stop();
        await client.start();
      }
      status.refresh();
    },
    'teamSre.showOutput': () => output.show(true),
    'teamSre.setPrometheusToken': () => endpoints.setToken(),
    'teamSre.newPostmortem': async (target?: unknown) => {
      const t = target as Partial<PostmortemTarget> | undefined;
      const written = await newPostmortem(
        client,
        endpoints,
        (folder) => host.postmortemFiles(folder),
        typeof t?.uri === 'string' && typeof t.name === 'string' ? { uri: t.uri, name: t.name } : undefined,
      );
      if (written) postmortems.refresh();
    },
    'teamSre.updatePostmortemIndex': async () => {
      await updatePostmortemIndex((folder) => host.postmortemFiles(folder));
      postmortems.refresh();
    },
    'teamSre.showPostmortems': (list?: unknown) =>
      showPostmortems(Array.isArray(list) ? (list as Parameters<typeof showPostmortems>[0]) : []),
    'teamSre.refreshPostmortems': () => postmortems.refresh(),
    'teamSre.refreshSlos': () => slos.refresh(),
    'teamSre.slos.previewBudget': async (node?: unknown) => {
      const n = node as SloNode | undefined;
      if (n?.kind !== 'slo') return;
      await vscode.window.showTextDocument(vscode.Uri.parse(n.slo.uri), { preview: false });
      preview.show(n.slo.uri, isBudgeted(n.slo) ? n.slo.index : undefined);
    },
    'teamSre.slos.newPostmortem': async (node?: unknown) => {
      const n = node as SloNode | undefined;
      const written = await newPostmortem(
        client,
        endpoints,
        (folder) => host.postmortemFiles(folder),
        n?.kind === 'slo' ? { uri: n.slo.uri, name: n.slo.name } : undefined,
      );
      if (written) postmortems.refresh();
    },
    'teamSre.newSlo': () => newSlo(client),
    'teamSre.openExample': async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: mistakes });
      await vscode.window.showTextDocument(doc);
    },
  };
}

/** Activates the extension on a host: the same views and commands on the desktop and in the browser. */
export async function activateOn(host: ExtensionHost, context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Team SRE', { log: true });
  client = host.createClient(context, clientOptions(host, output));
  const status = new StatusItem(() => client);
  const endpoints = new LiveEndpoints(context, host.browser);
  const rules = new GeneratedRulesView(() => client);
  const preview = new BudgetPreview(
    context.extensionUri,
    () => client,
    endpoints,
    (line) => output.warn(line),
    (uri, line) => void rules.show(uri, line),
  );
  const postmortems = new PostmortemsView(() => client);
  const slos = new SlosView(() => client, endpoints);
  context.subscriptions.push(
    output,
    status,
    preview,
    rules,
    client.onDidChangeState((e) => {
      status.setState(e.newState);
      slos.refresh();
      postmortems.refresh();
    }),
    postmortems,
    slos,
    vscode.window.createTreeView('teamSre.slos', { treeDataProvider: slos, showCollapseAll: true }),
    vscode.window.createTreeView('teamSre.postmortems', {
      treeDataProvider: postmortems,
      showCollapseAll: true,
    }),
  );
  for (const [id, run] of Object.entries(
    commands(host, output, status, preview, endpoints, postmortems, slos, rules),
  )) {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  }
  context.subscriptions.push(
    client.onNotification(IndexedNotification, () => {
      slos.refresh();
      postmortems.refresh();
    }),
    client.onNotification(PostmortemsChangedNotification, () => postmortems.refreshSoon()),
  );
  await vscode.commands.executeCommand('setContext', 'teamSre.active', true);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
