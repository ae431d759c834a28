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
    import('./budget/report.js').BudgetReport & {
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
    }
  >;
}
