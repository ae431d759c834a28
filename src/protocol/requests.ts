/**
 * The requests and notifications the extension and the server exchange beyond LSP, typed once for both
 * sides (docs/protocol.md lists them). No vscode import: the server, the extension and the tests use it.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { BacktestResult } from '../backtest/backtest.js';
import type { BudgetInput, BudgetReport } from '../budget/budget-report.js';
import type { PostmortemSummary } from '../postmortem/index.js';
import type { PrometheusConfig, PrometheusErrorKind, SentQuery } from '../prometheus/client.js';
import type { LiveBudget } from '../prometheus/live.js';

/** A range in a document, as LSP writes it. */
export interface TextRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface DocumentInfoParams {
  uri: string;
}

export interface DocumentInfo {
  /** Labels of the SLO formats in the document, in order of appearance, without repeats. */
  formats: string[];
  objects: number;
  errors: number;
  warnings: number;
}

/** Client → server: what the status bar shows of a document; null when the server does not know it. */
export const DocumentInfoRequest = new RequestType<DocumentInfoParams, DocumentInfo | null, void>(
  'teamSre/documentInfo',
);

export interface BudgetParams {
  uri: string;
  /** ISO 8601 instant the windows end at (default: now). */
  at?: string;
}

/** An SLO whose budget cannot be computed: where, and why (the message of the diagnostic at fault, when one is). */
export interface SloFailure {
  name: string;
  format: string;
  range: TextRange;
  error: string;
}

/** The budget of each SLO objective of a document, with where it is written; the SLOs that cannot be computed apart. */
export interface DocumentBudget {
  reports: Array<BudgetReport & { range: TextRange; live: LiveHint }>;
  failed: SloFailure[];
}

/** Client → server: the budget report of every objective of a document, for the preview. */
export const BudgetRequest = new RequestType<BudgetParams, DocumentBudget, void>('teamSre/budget');

/** Where an SLO's data can be read live, as its file says. */
export interface LiveHint {
  /** The OpenSLO DataSource its SLI names, with the URL written there (from the workspace: not trusted). */
  dataSource?: { name: string; type?: string; url?: string };
  /** Set when the SLI cannot be read from Prometheus, with the reason. */
  unsupported?: string;
}

/** Why a read from Prometheus gave no figure, as `PrometheusError.describe()` says it. */
export interface LiveError {
  kind: PrometheusErrorKind;
  message: string;
  query?: string;
}

export interface LiveBudgetParams {
  uri: string;
  /** Which objective of the document, in the order of `teamSre/budget`'s reports. */
  index: number;
  prometheus: PrometheusConfig;
  /** ISO 8601 instant to read at (default: now). */
  at?: string;
}

export type LiveBudgetResult = { live: LiveBudget } | { error: LiveError };

/** Client → server: one objective's budget read from Prometheus; cancellable. */
export const LiveBudgetRequest = new RequestType<LiveBudgetParams, LiveBudgetResult, void>(
  'teamSre/liveBudget',
);

export interface BacktestParams {
  uri: string;
  /** Which objective of the document, in the order of `teamSre/budget`'s reports. */
  index: number;
  prometheus: PrometheusConfig;
  /** ISO 8601 instants: the range replayed (at most a year). */
  from: string;
  to: string;
  /** A target (ratio) to replay instead of the file's: the file is not changed. */
  target?: number;
}

/** `edit`, with `target`: what writes that target into the file, in the file's own style. */
export type BacktestAnswer =
  { result: BacktestResult; edit?: { range: TextRange; newText: string } } | { error: LiveError };

/** Client → server: one objective replayed over a range (its alerts, SLI over time, incidents); cancellable. */
export const BacktestRequest = new RequestType<BacktestParams, BacktestAnswer, void>('teamSre/backtest');

/** No parameters. */
export type WorkspaceSlosParams = Record<string, never>;

/** One SLO objective of the workspace, for the SLOs view. */
export interface WorkspaceSloBudget {
  uri: string;
  service: string;
  name: string;
  objective?: string;
  format: string;
  target: number;
  method: string;
  window: string;
  allowedBadMinutes: number;
  /** Index among its document's objectives (as in `teamSre/budget` and `teamSre/liveBudget`). */
  index: number;
  range: TextRange;
  errors: number;
  warnings: number;
  live: LiveHint;
  /** The budget engine's input, for what-ifs and postmortems. */
  input: BudgetInput;
}

/** An SLO of the workspace whose budget cannot be computed, with why (`range`: the field at fault, when known). */
export interface WorkspaceSloError extends SloFailure {
  uri: string;
  service: string;
  errors: number;
  warnings: number;
}

export type WorkspaceSlo = WorkspaceSloBudget | WorkspaceSloError;

/** Whether an SLO of the list has its budget (else it has an `error`). */
export const isBudgeted = (s: WorkspaceSlo): s is WorkspaceSloBudget => !('error' in s);

/** Client → server: every SLO objective of the workspace index. */
export const WorkspaceSlosRequest = new RequestType<WorkspaceSlosParams, WorkspaceSlo[], void>(
  'teamSre/workspaceSlos',
);

export interface IncidentErrorRateParams {
  uri: string;
  index: number;
  /** ISO 8601 instants. */
  started: string;
  resolved: string;
  prometheus: PrometheusConfig;
}

export type IncidentErrorRateResult = { errorRate: number; queries: SentQuery[] } | { error: LiveError };

/** Client → server: the error ratio of an SLO's SLI during an incident, from Prometheus; cancellable. */
export const IncidentErrorRateRequest = new RequestType<
  IncidentErrorRateParams,
  IncidentErrorRateResult,
  void
>('teamSre/incidentErrorRate');

/** No parameters. */
export type PostmortemsParams = Record<string, never>;

/** One postmortem of the workspace, as the server indexed it (from disk, or the editor's text when open). */
export interface IndexedPostmortem {
  uri: string;
  summary: PostmortemSummary;
}

/** Client → server: the postmortems of every workspace folder, in no particular order. */
export const PostmortemsRequest = new RequestType<PostmortemsParams, IndexedPostmortem[], void>(
  'teamSre/postmortems',
);

export interface IndexedParams {
  sloFiles: number;
  postmortems: number;
}

/** Server → client, after the workspace index is (re)built. */
export const IndexedNotification = new NotificationType<IndexedParams>('teamSre/indexed');

/** No parameters. */
export type PostmortemsChangedParams = Record<string, never>;

/** Server → client, after a postmortem was added, changed or removed (on disk or in an editor). */
export const PostmortemsChangedNotification = new NotificationType<PostmortemsChangedParams>(
  'teamSre/postmortemsChanged',
);

/** No parameters. */
export type NewSloTemplatesParams = Record<string, never>;

/** A format a new SLO file can be written in, as the New SLO command offers it. */
export interface NewSloTemplate {
  /** What `teamSre/newSlo` is given as its `format` (`openslo`, `sloth`, `pyrra`). */
  choice: string;
  label: string;
  description: string;
}

/** Client → server: the formats of the New SLO command, in the order they are offered. */
export const NewSloTemplatesRequest = new RequestType<NewSloTemplatesParams, NewSloTemplate[], void>(
  'teamSre/newSloTemplates',
);

export interface NewSloProblemParams {
  /** Which question the answer is to. */
  field: 'service' | 'target';
  /** The answer as typed so far. */
  value: string;
}

/** Client → server: why an answer to the New SLO command cannot be used; null when it can. */
export const NewSloProblemRequest = new RequestType<NewSloProblemParams, string | null, void>(
  'teamSre/newSloProblem',
);

export interface NewSloParams {
  /** A template's `choice`. */
  format: string;
  service: string;
  /** The target as a percentage, as typed (e.g. `99.9` or `99.9%`). */
  target: string;
}

/** The new SLO file: its name in `slos/` before de-duplication, and its text; or why the answers make none. */
export type NewSloResult = { fileName: string; text: string } | { error: string };

/** Client → server: the file the New SLO command writes for the user's answers. */
export const NewSloRequest = new RequestType<NewSloParams, NewSloResult, void>('teamSre/newSlo');

export interface RulesParams {
  uri: string;
}

/** One SLO of a file's generated rules. */
export interface GeneratedRulesSlo {
  /** The name the generator gives it. */
  name: string;
  rules: number;
  /** Where the SLO is written in the SLO file. */
  range: TextRange;
  /** The 0-based first and last lines of its groups in `text`, when it has any. */
  lines?: { start: number; end: number };
}

/** The committed file an SLO file's generated rules are written to. */
export interface CommittedRulesFile {
  uri: string;
  /** Relative to the workspace folder. */
  path: string;
  exists: boolean;
  /** True when it exists and differs from `text`'s rules. */
  stale: boolean;
  /** True when it starts with the header this project writes (or does not exist yet): it may be rewritten. */
  ours: boolean;
}

/** A file's Prometheus rules as its formats' generators write them, and where each SLO's rules are in the text. */
export interface GeneratedRules {
  /** The whole rules file, header included, as `team-sre rules` writes it. */
  text: string;
  /** The generators, e.g. `Sloth v0.16.0`. */
  generators: string[];
  slos: GeneratedRulesSlo[];
  /** What cannot be generated, per SLO, with where the SLO is written. */
  notes: Array<{ slo: string; message: string; range: TextRange }>;
  /** Per objective (in the order of `teamSre/budget`'s reports), per alert row: the line of its rule in `text`, or null. */
  alertLines: Array<Array<number | null>>;
  committed?: CommittedRulesFile;
}

/** Client → server: the generated rules of an SLO file; null for a file that is not one. */
export const RulesRequest = new RequestType<RulesParams, GeneratedRules | null, void>('teamSre/rules');

export interface FindFilesParams {
  /** The workspace folder's URI. */
  folder: string;
  /** Globs relative to the folder (`teamSre.files.include`, or the postmortem folders'). */
  include: string[];
  /** Globs of files and folders left out (`teamSre.files.exclude` and the folders never indexed). */
  exclude: string[];
}

/**
 * Server → client, from the browser's server only: the URIs of a workspace folder's files that match the
 * globs, as the host's file system lists them (`vscode.workspace.findFiles`). The server filters them again
 * with the same matcher the Node server walks the disk with.
 */
export const FindFilesRequest = new RequestType<FindFilesParams, string[], void>('teamSre/findFiles');

export interface ReadFileParams {
  uri: string;
  /** Bytes: a larger file is answered with its size and first bytes only (`teamSre.maxFileSizeMB`). */
  limit: number;
  /** How many of a larger file's first bytes to send back, to tell whether it looks like an SLO file. */
  head: number;
}

/** A file read within a limit, as the Node server reads the disk (`src/fs/bounded.ts`). */
export type ReadFileResult =
  | { kind: 'text'; text: string }
  | { kind: 'too-large'; size: number; head: string }
  | { kind: 'not-a-file'; what: string }
  | { kind: 'error'; code: string };

/** Server → client, from the browser's server only: a workspace file read through the host's file system. */
export const ReadFileRequest = new RequestType<ReadFileParams, ReadFileResult, void>('teamSre/readFile');
