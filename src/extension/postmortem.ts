import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { formatDuration } from '../budget/format.js';
import type { ErrorRateSource } from '../postmortem/model.js';
import { parseIncidentTime, type IncidentTime } from '../postmortem/time.js';
import {
  incidentZone,
  orderSlos,
  stepTitle,
  type WizardPath,
  type WizardQuestion,
} from '../postmortem/wizard.js';
import { composePostmortem, recordedAddress, type AffectedSlo } from '../postmortem/new.js';
import { groupByStatus, type PostmortemSummary } from '../postmortem/index.js';
import { loadWorkspaceTemplates, type PostmortemTemplate } from '../postmortem/templates.js';
import {
  IncidentErrorRateRequest,
  isBudgeted,
  PostmortemsRequest,
  WorkspaceSlosRequest,
  type IncidentErrorRateResult,
  type WorkspaceSlo,
  type WorkspaceSloBudget,
  type WorkspaceSloError,
} from '../protocol/requests.js';
import type { LiveEndpoints } from './live.js';
import { setting } from './settings.js';
import { MEGABYTE } from '../config/schema.js';
import type { PostmortemFiles } from './postmortem-files.js';

const folderSetting = (scope?: vscode.Uri) => setting('teamSre.postmortems.folder', scope);

const localDate = (d = new Date()) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The workspace folder of the active editor, else the first one. */
function currentFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

/** The team's templates; a template folder or file that cannot be read is said in a warning. */
async function readTemplates(
  folder: vscode.WorkspaceFolder,
  files: PostmortemFiles,
): Promise<PostmortemTemplate[]> {
  const limit = Math.round(setting('teamSre.maxFileSizeMB', folder.uri) * MEGABYTE);
  const { files: texts, problems } = await files.readTemplates(folder, limit);
  for (const problem of problems) void vscode.window.showWarningMessage(`Team SRE: ${problem}.`);
  return loadWorkspaceTemplates(texts);
}

/** The SLO the user is on: the last objective of the active file that starts above the cursor. */
function sloAtCursor(slos: WorkspaceSloBudget[]): WorkspaceSloBudget | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const uri = editor.document.uri.toString();
  const line = editor.selection.active.line;
  return (
    slos.filter((s) => s.uri === uri && s.range.start.line <= line).at(-1) ?? slos.find((s) => s.uri === uri)
  );
}

type SloItem = vscode.QuickPickItem & { slo?: WorkspaceSloBudget };

/** The SLOs to check; the broken ones (no `slo`) are shown with their reason and unchecked when checked. */
function pickSlos(title: string, items: SloItem[]): Promise<SloItem[] | undefined> {
  const pick = vscode.window.createQuickPick<SloItem>();
  pick.title = title;
  pick.canSelectMany = true;
  pick.ignoreFocusOut = true;
  pick.items = items;
  pick.selectedItems = items.filter((i) => i.picked);
  return new Promise((resolve) => {
    let result: SloItem[] | undefined;
    pick.onDidChangeSelection((selected) => {
      if (selected.some((i) => !i.slo)) pick.selectedItems = selected.filter((i) => i.slo);
    });
    pick.onDidAccept(() => {
      result = pick.selectedItems.filter((i) => i.slo);
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}

export interface PostmortemTarget {
  uri: string;
  name: string;
}

type Measured = { errorRate: number; source: ErrorRateSource } | { error: string };

/**
 * "Team SRE: New Postmortem": title, the SLOs it hit (the one under the cursor first and pre-selected), when it
 * started, was detected and ended (a local time is read in the SLO's calendar time zone, else this computer's),
 * severity, owner (from `git config user.name`), template, then per SLO its minutes over the threshold or its
 * error rate when Prometheus does not measure it; writes `YYYY-MM-DD-slug.md` into the nearest postmortem folder
 * (never over a file) and opens it at the summary.
 */
export async function newPostmortem(
  client: LanguageClient | undefined,
  endpoints: LiveEndpoints,
  filesOf: (folder: vscode.WorkspaceFolder) => PostmortemFiles,
  preselect?: PostmortemTarget,
): Promise<vscode.Uri | undefined> {
  const folder = currentFolder();
  if (!folder) {
    void vscode.window.showErrorMessage('Team SRE: open a folder first; the postmortem is written into it.');
    return undefined;
  }
  const files = filesOf(folder);
  // Said before the questions, not after them: nothing the user types is lost.
  const readOnly = files.readOnly(folder);
  if (readOnly) {
    void vscode.window.showWarningMessage(`Team SRE: ${readOnly}: New Postmortem cannot write a file in it.`);
    return undefined;
  }
  const owner = files.userName(folder);
  const listed: Promise<WorkspaceSlo[]> = client
    ? Promise.resolve(client.sendRequest(WorkspaceSlosRequest, {})).catch((err: unknown) => {
        void vscode.window.showWarningMessage(
          `Team SRE: the SLOs could not be listed (${err instanceof Error ? err.message : String(err)}); add them to the postmortem's \`slos\` by hand.`,
        );
        return [];
      })
    : Promise.resolve([]);
  const plan: WizardPath = {};
  const step = (q: WizardQuestion, label: string) => stepTitle(plan, q, label);

  const title = await vscode.window.showInputBox({
    title: step('title', 'title'),
    prompt: 'What happened, in a line',
    placeHolder: 'Checkout returned 5xx after a deploy',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'A title, please'),
  });
  if (!title) return undefined;

  const slos = await listed;
  const budgeted = slos.filter(isBudgeted);
  const current =
    (preselect && budgeted.find((s) => s.uri === preselect.uri && s.name === preselect.name)) ??
    sloAtCursor(budgeted);
  const relative = (uri: string) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false);
  const ordered = orderSlos(
    slos,
    (s) => ({
      name: s.name,
      file: relative(s.uri),
      ...('objective' in s && s.objective ? { objective: s.objective } : {}),
    }),
    (s) => s === current,
  );
  // The SLOs whose budget cannot be computed are listed in their place with the reason, and cannot be checked.
  const items: SloItem[] = ordered.map((s) =>
    isBudgeted(s)
      ? {
          label: s.name + (s.objective ? ` · ${s.objective}` : ''),
          description: `${(s.target * 100).toPrecision(4).replace(/\.?0+$/, '')} % · ${s.window}`,
          detail: relative(s.uri),
          picked: s === current,
          slo: s,
        }
      : {
          label: `$(error) ${s.name}`,
          description: `cannot compute budget: ${(s as WorkspaceSloError).error}`,
          detail: relative(s.uri),
        },
  );
  if (!items.length) plan.listed = false;
  const picked = items.length ? await pickSlos(step('slos', 'the SLOs it hit'), items) : [];
  if (!picked) return undefined;
  const chosen = picked.flatMap(({ slo }) => (slo ? [slo] : []));
  // Prometheus measures the error rate of the ratio SLIs it can read; the others are asked.
  const reachable = await Promise.all(
    chosen.map(async (slo) => {
      if (slo.input.sli === 'threshold' || !client) return undefined;
      const endpoint = await endpoints.resolve(vscode.Uri.parse(slo.uri), slo.live);
      return 'state' in endpoint ? undefined : endpoint;
    }),
  );
  plan.slos = chosen.map((slo, i) => ({
    name: slo.name,
    sli: slo.input.sli ?? 'ratio',
    measured: reachable[i] !== undefined,
  }));

  const { zone, note } = incidentZone(
    chosen.map((s) => ({
      name: s.name,
      ...(s.input.window.kind === 'calendar' ? { timeZone: s.input.window.timeZone } : {}),
    })),
    Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const read = (v: string) => parseIncidentTime(v, zone);
  const problem = (v: string) => {
    const t = read(v);
    return t.ok ? undefined : t.message;
  };
  /** Whether `b` is before `a`: instants when both have a time, else days. */
  const before = (b: string, a: string) => {
    const [x, y] = [read(a), read(b)];
    if (!x.ok || !y.ok) return false;
    return x.hasTime && y.hasTime ? y.date < x.date : y.iso.slice(0, 10) < x.iso.slice(0, 10);
  };
  const today = localDate();
  const example = 'e.g. 2026-11-03 14:05, or 2026-11-03 for the day only';
  const startedText = await vscode.window.showInputBox({
    title: step('started', 'when the impact started'),
    prompt: `${note}. ${example}; with a time of day the budget it cost is computed`,
    value: today,
    ignoreFocusOut: true,
    validateInput: problem,
  });
  if (!startedText) return undefined;
  const started = read(startedText) as Extract<IncidentTime, { ok: true }>;
  const detectedText = await vscode.window.showInputBox({
    title: step('detected', 'when it was detected'),
    prompt: `${note}. When an alert fired or someone noticed; ${example}`,
    value: startedText.trim(),
    ignoreFocusOut: true,
    validateInput: (v) =>
      problem(v) ?? (before(v, startedText) ? 'It was detected before it started' : undefined),
  });
  if (!detectedText) return undefined;
  const detected = read(detectedText) as Extract<IncidentTime, { ok: true }>;
  const resolvedText = await vscode.window.showInputBox({
    title: step('resolved', 'when it ended'),
    prompt: `${note}. ${example}`,
    value: started.hasTime ? detectedText.trim() : today,
    ignoreFocusOut: true,
    validateInput: (v) => problem(v) ?? (before(v, startedText) ? 'It ended before it started' : undefined),
  });
  if (!resolvedText) return undefined;
  const resolved = read(resolvedText) as Extract<IncidentTime, { ok: true }>;
  const timed = started.hasTime && resolved.hasTime;
  plan.timed = timed;

  // Read while the next questions are answered.
  const readAt = new Date().toISOString();
  const measuring: Promise<Array<Measured | undefined>> = Promise.all(
    chosen.map(async (slo, i): Promise<Measured | undefined> => {
      const endpoint = reachable[i];
      if (!timed || !endpoint || !client) return undefined;
      try {
        const r: IncidentErrorRateResult = await client.sendRequest(IncidentErrorRateRequest, {
          uri: slo.uri,
          index: slo.index,
          started: started.date.toISOString(),
          resolved: resolved.date.toISOString(),
          prometheus: endpoint.config,
        });
        if (!('errorRate' in r)) return { error: r.error.message };
        const query = r.queries.at(-1);
        return {
          errorRate: r.errorRate,
          source: {
            measured: {
              query: query?.query ?? '',
              ...(query?.time ? { time: query.time } : {}),
              prometheus: recordedAddress(endpoint.url),
              at: readAt,
            },
          },
        };
      } catch (err) {
        return { error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );

  const severity = await vscode.window.showQuickPick(
    [
      { label: 'SEV1', description: 'critical: most users affected' },
      { label: 'SEV2', description: 'major: a feature down or many users affected' },
      { label: 'SEV3', description: 'minor: a few users, or a degradation' },
      { label: 'SEV4', description: 'no user impact' },
    ],
    { title: step('severity', 'severity'), ignoreFocusOut: true },
  );
  if (!severity) return undefined;
  const ownerText = await vscode.window.showInputBox({
    title: step('owner', 'owner'),
    prompt: 'The one person who drives the postmortem to final; empty to fill in later',
    value: await owner,
    ignoreFocusOut: true,
  });
  if (ownerText === undefined) return undefined;
  const templates = await readTemplates(folder, files);
  const template = await vscode.window.showQuickPick(
    templates.map((t) => ({
      label: t.title,
      description: t.source === 'built-in' ? t.description : `team template · ${t.source}`,
      template: t,
    })),
    { title: step('template', 'template'), ignoreFocusOut: true },
  );
  if (!template) return undefined;

  const affected: AffectedSlo[] = chosen.map((slo) => ({
    file: relative(slo.uri),
    name: slo.name,
    service: slo.service,
    input: slo.input,
  }));
  const warnings: string[] = [];
  const measured = await measuring;
  // A measurement that failed asks instead: the count of steps follows.
  plan.slos = chosen.map((slo, i) => ({
    name: slo.name,
    sli: slo.input.sli ?? 'ratio',
    measured: measured[i] !== undefined && 'errorRate' in measured[i]!,
  }));
  if (timed) {
    const incidentMinutes = (resolved.date.getTime() - started.date.getTime()) / 60_000;
    for (const [i, slo] of chosen.entries()) {
      const m = measured[i];
      // A threshold SLI has no share of failing requests: it is asked how long it was over its threshold.
      if (slo.input.sli === 'threshold') {
        const answer = await vscode.window.showInputBox({
          title: step({ minutesOverThreshold: slo.name }, `minutes over the threshold for ${slo.name}`),
          prompt: `How long the metric was over its threshold during the incident; empty for all of it (${formatDuration(incidentMinutes)})`,
          placeHolder: String(Number(incidentMinutes.toPrecision(6))),
          ignoreFocusOut: true,
          validateInput: (v) =>
            v.trim() === '' || (Number(v) >= 0 && Number(v) <= incidentMinutes)
              ? undefined
              : `Minutes from 0 to ${Number(incidentMinutes.toPrecision(6))}`,
        });
        if (answer === undefined) return undefined;
        if (answer.trim()) affected[i]!.minutesOverThreshold = Number(answer);
        continue;
      }
      if (m && 'errorRate' in m) {
        affected[i]!.errorRate = m.errorRate;
        affected[i]!.errorRateSource = m.source;
        continue;
      }
      if (m) warnings.push(`${slo.name}: the error rate could not be read from Prometheus (${m.error}).`);
      const slices = slo.input.method === 'Timeslices';
      const answer = await vscode.window.showInputBox({
        title: step({ errorRate: slo.name }, `error rate during the incident for ${slo.name}`),
        prompt: `Error rate during the incident for ${slo.name}, in percent of requests failing; empty for a full outage (100 %)${slices ? '. A time slice counts as bad when its share of errors is above 1 − timeSliceTarget' : ''}`,
        placeHolder: '100',
        ignoreFocusOut: true,
        validateInput: (v) =>
          v.trim() === '' || (Number(v) >= 0 && Number(v) <= 100) ? undefined : 'A percentage from 0 to 100',
      });
      if (answer === undefined) return undefined;
      affected[i]!.errorRate = answer.trim() ? Number(answer) / 100 : 1;
      affected[i]!.errorRateSource = 'typed';
    }
  }
  const composed = composePostmortem(
    {
      title,
      started: started.iso,
      detected: detected.iso,
      resolved: resolved.iso,
      severity: severity.label,
      ...(ownerText.trim() ? { owner: ownerText.trim() } : {}),
      slos: affected,
    },
    template.template,
  );
  const active = vscode.window.activeTextEditor?.document.uri;
  let dir: vscode.Uri;
  try {
    dir = await files.findDir(active, folder, folderSetting(folder.uri));
  } catch (err) {
    void vscode.window.showErrorMessage(`Team SRE: ${(err as Error).message}`);
    return undefined;
  }
  const uri = await files.writeNew(dir, composed.date, title, composed.text);
  const editor = await vscode.window.showTextDocument(uri);
  const lines = editor.document.getText().split(/\r?\n/);
  const summary = lines.findIndex((l) => /^##\s+(summary|overview|executive summary)\b/i.test(l));
  const at = new vscode.Position(
    summary === -1 ? lines.length - 1 : Math.min(lines.length - 1, summary + 1),
    0,
  );
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
  for (const w of [...warnings, ...composed.warnings.map((w) => w.message)])
    void vscode.window.showWarningMessage(`Team SRE: ${w}`);
  return uri;
}

/** "Team SRE: Update Postmortem Index": writes the index of the nearest postmortem folder and opens it. */
export async function updatePostmortemIndex(
  filesOf: (folder: vscode.WorkspaceFolder) => PostmortemFiles,
): Promise<vscode.Uri | undefined> {
  const folder = currentFolder();
  if (!folder) return undefined;
  const files = filesOf(folder);
  const readOnly = files.readOnly(folder);
  if (readOnly) {
    void vscode.window.showWarningMessage(`Team SRE: ${readOnly}: the postmortem index cannot be written.`);
    return undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  try {
    const dir = await files.findDir(active, folder, folderSetting(folder.uri));
    const limit = Math.round(setting('teamSre.maxFileSizeMB', folder.uri) * MEGABYTE);
    const written = await files.updateIndex(dir, limit);
    await vscode.window.showTextDocument(written, { preview: true });
    return written;
  } catch (err) {
    void vscode.window.showErrorMessage(
      `Team SRE: the postmortem index could not be written: ${(err as Error).message}`,
    );
    return undefined;
  }
}

/** From the CodeLens on an SLO: open the one postmortem, or pick among several. */
export async function showPostmortems(
  list: Array<{ uri?: string; title: string; date?: string; status?: string }>,
): Promise<void> {
  const found = list.filter((p): p is typeof p & { uri: string } => typeof p.uri === 'string');
  const pick =
    found.length === 1
      ? found[0]
      : await vscode.window
          .showQuickPick(
            found.map((p) => ({
              label: p.title,
              description: [p.date, p.status].filter(Boolean).join(' · '),
              p,
            })),
            { title: 'Postmortems of this SLO' },
          )
          .then((x) => x?.p);
  if (pick) await vscode.window.showTextDocument(vscode.Uri.parse(pick.uri));
}

type Node =
  | { kind: 'group'; label: string; items: Array<{ summary: PostmortemSummary; uri: vscode.Uri }> }
  | { kind: 'postmortem'; summary: PostmortemSummary; uri: vscode.Uri }
  | { kind: 'action'; label: string; description: string };

/** The "Postmortems" view: the workspace's postmortems by status, their open action items beneath. */
export class PostmortemsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One request to the server per refresh; a refresh during a request starts a new one. */
  private loading: Promise<Array<{ summary: PostmortemSummary; uri: vscode.Uri }>> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  refresh(): void {
    this.loading = undefined;
    this.changed.fire(undefined);
  }

  /** Refreshes once a burst of changes (the server tells of each postmortem it reads again) is over. */
  refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 300);
  }

  /** The postmortems the server indexed: from disk, or the editor's text when one is open. */
  private async load(): Promise<Array<{ summary: PostmortemSummary; uri: vscode.Uri }>> {
    const client = this.client();
    if (!client?.isRunning()) return [];
    try {
      const postmortems = await client.sendRequest(PostmortemsRequest, {});
      return postmortems.map((p) => ({ summary: p.summary, uri: vscode.Uri.parse(p.uri) }));
    } catch {
      return [];
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      // Each node carries what its children need, so a refresh between two calls cannot break them.
      const entries = await (this.loading ??= this.load());
      const uris = new Map(entries.map((e) => [e.summary, e.uri]));
      return groupByStatus(entries.map((e) => e.summary)).map((g) => ({
        kind: 'group',
        label: `${g.label} (${g.items.length})`,
        items: g.items.map((summary) => ({ summary, uri: uris.get(summary)! })),
      }));
    }
    if (node.kind === 'group') return node.items.map((e) => ({ kind: 'postmortem', ...e }));
    if (node.kind === 'postmortem')
      return node.summary.openActionItems.map((a) => ({
        kind: 'action',
        label: a.title,
        description: [a.owner ?? 'no owner', a.due && `due ${a.due}`, a.ticket].filter(Boolean).join(' · '),
      }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.contextValue = 'postmortemGroup';
      return item;
    }
    if (node.kind === 'postmortem') {
      const s = node.summary;
      const open = s.openActionItems.length;
      const item = new vscode.TreeItem(
        s.title,
        open ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
      );
      item.description = [s.date, s.severity, open ? `${open} open` : undefined].filter(Boolean).join(' · ');
      item.tooltip = new vscode.MarkdownString().appendText(
        [
          s.title,
          s.path,
          s.owner ? `owner ${s.owner}` : 'no owner',
          ...s.slos.map((x) => `SLO ${x.name}`),
        ].join('\n'),
      );
      item.resourceUri = node.uri;
      item.iconPath = new vscode.ThemeIcon('notebook');
      item.command = { command: 'vscode.open', title: 'Open', arguments: [node.uri] };
      item.contextValue = 'postmortem';
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.description = node.description;
    item.iconPath = new vscode.ThemeIcon('circle-large-outline');
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}
