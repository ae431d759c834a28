/** The few requests the extension and the server exchange beyond LSP. No vscode import: both sides use it. */

export const DocumentInfoRequest = 'teamSre/documentInfo';

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

export const BudgetRequest = 'teamSre/budget';

export interface BudgetParams {
  uri: string;
  /** ISO 8601 instant the windows end at (default: now). */
  at?: string;
}

/** The budget of each SLO objective of a document, with where it is written. */
export interface DocumentBudget {
  reports: Array<
    import('../budget/budget-report.js').BudgetReport & {
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      live: LiveHint;
    }
  >;
}

/** Where an SLO's data can be read live, as its file says. */
export interface LiveHint {
  /** The OpenSLO DataSource its SLI names, with the URL written there (from the workspace: not trusted). */
  dataSource?: { name: string; type?: string; url?: string };
  /** Set when the SLI cannot be read from Prometheus, with the reason. */
  unsupported?: string;
}

export const LiveBudgetRequest = 'teamSre/liveBudget';

export interface LiveBudgetParams {
  uri: string;
  /** Which objective of the document, in the order of `teamSre/budget`'s reports. */
  index: number;
  prometheus: import('../prometheus/client.js').PrometheusConfig;
  /** ISO 8601 instant to read at (default: now). */
  at?: string;
}

export type LiveBudgetResult =
  | { live: import('../prometheus/live.js').LiveBudget }
  | {
      error: { kind: import('../prometheus/client.js').PrometheusErrorKind; message: string; query?: string };
    };

export const WorkspaceSlosRequest = 'teamSre/workspaceSlos';

/** One SLO objective of the workspace, for the SLOs view. */
export interface WorkspaceSlo {
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
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  errors: number;
  warnings: number;
  live: LiveHint;
  /** The budget engine's input, for what-ifs and postmortems. */
  input: import('../budget/budget-report.js').BudgetInput;
}

export const IncidentErrorRateRequest = 'teamSre/incidentErrorRate';

export interface IncidentErrorRateParams {
  uri: string;
  index: number;
  /** ISO 8601 instants. */
  started: string;
  resolved: string;
  prometheus: import('../prometheus/client.js').PrometheusConfig;
}

export type IncidentErrorRateResult =
  | { errorRate: number; queries: import('../prometheus/client.js').SentQuery[] }
  | { error: { kind: string; message: string; query?: string } };

/** Server → client, after the workspace index is (re)built. */
export const IndexedNotification = 'teamSre/indexed';
