/** Zero-based line and UTF-16 column, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A fix a user can apply with one click (offered as a quick fix by the server, printed by the CLI). */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix the user most likely wants. */
  preferred?: boolean;
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Property path of the offending node, e.g. `spec.objectives[0].op`. */
  path?: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

export type { FormatId } from './formats/format.js';
export { FORMAT_LABELS } from './formats/registry.js';
