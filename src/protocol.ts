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
