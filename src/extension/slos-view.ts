import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { formatDuration, formatPercent, plural } from '../budget/format.js';
import {
  isBudgeted,
  LiveBudgetRequest,
  WorkspaceSlosRequest,
  type LiveBudgetResult,
  type WorkspaceSlo,
  type WorkspaceSloBudget,
} from '../protocol/requests.js';
import type { LiveEndpoints } from './live.js';

export type SloNode =
  { kind: 'service'; service: string; slos: WorkspaceSlo[] } | { kind: 'slo'; slo: WorkspaceSlo };

/** An objective as far as its live budget goes: where it is and what defines its budget. */
const key = (s: WorkspaceSloBudget) => JSON.stringify([s.uri, s.index, s.name, s.target, s.window, s.live]);

/** Live budgets read at the same time by the SLOs view. */
const LIVE_READS_AT_ONCE = 4;

/**
 * The "SLOs" view: every SLO objective of the workspace by service, with its target, window and budget, the
 * budget left when Prometheus is configured, and a problem marker when its file has errors.
 */
export class SlosView implements vscode.TreeDataProvider<SloNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SloNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One read per reload; a reload during a read starts a new one, so a stale answer never lands. */
  private slos: Promise<WorkspaceSlo[]> | undefined;
  /** Budget left per objective, or why it could not be read. */
  private readonly live = new Map<string, { remaining?: number; error?: string }>();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly endpoints: LiveEndpoints,
  ) {
    // Files and problems change as the user types: the list is read again, live budgets only when they are new.
    const later = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.reload(), 500);
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}');
    this.disposables.push(
      watcher,
      watcher.onDidCreate(later),
      watcher.onDidChange(later),
      watcher.onDidDelete(later),
      vscode.workspace.onDidSaveTextDocument((d) => d.languageId === 'yaml' && later()),
      vscode.languages.onDidChangeDiagnostics(later),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('teamSre') && this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
  }

  /** Reads everything again, live budgets included (the Refresh button, a settings change). */
  refresh(): void {
    this.live.clear();
    this.reload();
  }

  private reload(): void {
    this.slos = undefined;
    this.changed.fire(undefined);
  }

  private async load(): Promise<WorkspaceSlo[]> {
    const client = this.client();
    if (!client?.isRunning()) return [];
    try {
      const slos: WorkspaceSlo[] = await client.sendRequest(WorkspaceSlosRequest, {});
      void this.loadLive(slos, ++this.generation);
      return slos;
    } catch {
      return [];
    }
  }

  /**
   * Reads the budget left of each objective when Prometheus is configured, a few at a time so a workspace of
   * many SLOs neither waits on one read after another nor floods the server; the view updates as each arrives.
   */
  private async loadLive(slos: WorkspaceSlo[], generation: number): Promise<void> {
    const client = this.client();
    if (!client) return;
    const queue = slos.filter(isBudgeted).filter((slo) => !this.live.has(key(slo)));
    const worker = async () => {
      for (let slo = queue.shift(); slo; slo = queue.shift()) {
        if (generation !== this.generation) return;
        const endpoint = await this.endpoints.resolve(vscode.Uri.parse(slo.uri), slo.live);
        if ('state' in endpoint) continue;
        let result: LiveBudgetResult;
        try {
          result = await client.sendRequest(LiveBudgetRequest, {
            uri: slo.uri,
            index: slo.index,
            prometheus: endpoint.config,
          });
        } catch (err) {
          result = { error: { kind: 'garbage', message: String(err) } };
        }
        if (generation !== this.generation) return;
        this.live.set(
          key(slo),
          'live' in result ? { remaining: result.live.budgetRemaining } : { error: result.error.message },
        );
        this.changed.fire(undefined);
      }
    };
    await Promise.all(Array.from({ length: LIVE_READS_AT_ONCE }, worker));
  }

  async getChildren(node?: SloNode): Promise<SloNode[]> {
    if (!node) {
      const slos = await (this.slos ??= this.load());
      const services = new Map<string, WorkspaceSlo[]>();
      for (const s of slos) services.set(s.service, [...(services.get(s.service) ?? []), s]);
      return [...services]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([service, slos]) => ({ kind: 'service', service, slos }));
    }
    if (node.kind === 'service')
      return [...node.slos]
        .sort(
          (a, b) =>
            a.name.localeCompare(b.name) || (isBudgeted(a) ? a.index : -1) - (isBudgeted(b) ? b.index : -1),
        )
        .map((slo) => ({ kind: 'slo', slo }));
    return [];
  }

  getTreeItem(node: SloNode): vscode.TreeItem {
    if (node.kind === 'service') {
      const item = new vscode.TreeItem(node.service, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.slos.length === 1 ? '1 SLO' : `${node.slos.length} SLOs`;
      item.iconPath = new vscode.ThemeIcon('server-process');
      item.contextValue = 'sloService';
      return item;
    }
    const s = node.slo;
    const item = new vscode.TreeItem(isBudgeted(s) && s.objective ? `${s.name} · ${s.objective}` : s.name);
    const file = vscode.workspace.asRelativePath(vscode.Uri.parse(s.uri), false);
    if (!isBudgeted(s)) {
      // Listed with why its budget cannot be computed; opening it goes to the field at fault.
      item.id = `${s.uri}#error@${s.range.start.line}:${s.range.start.character}`;
      item.description = s.error;
      item.tooltip = new vscode.MarkdownString().appendText(
        [`${s.name} (${s.format})`, `The budget cannot be computed: ${s.error}`, file].join('\n'),
      );
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    } else {
      this.describe(item, s, file);
    }
    item.command = {
      command: 'vscode.open',
      title: 'Open the definition',
      arguments: [
        vscode.Uri.parse(s.uri),
        {
          selection: new vscode.Range(
            s.range.start.line,
            s.range.start.character,
            s.range.end.line,
            s.range.end.character,
          ),
        },
      ],
    };
    item.contextValue = isBudgeted(s) ? 'slo' : 'sloError';
    return item;
  }

  /** The figures of an objective: target, window, budget and, when read, the budget left. */
  private describe(item: vscode.TreeItem, s: WorkspaceSloBudget, file: string): void {
    const live = this.live.get(key(s));
    item.id = `${s.uri}#${s.index}`;
    const share =
      live?.remaining !== undefined
        ? `${(live.remaining * 100).toFixed(1)} %${live.remaining < 0 ? ' (overspent)' : ''}`
        : undefined;
    const left = share && `${share} left`;
    item.description = [formatPercent(s.target), s.window, formatDuration(s.allowedBadMinutes), left]
      .filter(Boolean)
      .join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(
      [
        `${s.name}${s.objective ? ` · ${s.objective}` : ''} (${s.format})`,
        `${formatPercent(s.target)} · ${s.method} · ${s.window}: ${formatDuration(s.allowedBadMinutes)} of full outage`,
        file,
        s.errors || s.warnings
          ? `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')} in the file`
          : '',
        live?.error ? `Live budget: ${live.error}` : share ? `Budget left: ${share}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
    item.tooltip = tooltip;
    item.iconPath = s.errors
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
      : live?.remaining !== undefined && live.remaining < 0
        ? new vscode.ThemeIcon('flame', new vscode.ThemeColor('problemsErrorIcon.foreground'))
        : s.warnings
          ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
          : new vscode.ThemeIcon('pulse');
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.generation++;
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
