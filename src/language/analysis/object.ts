/** The shapes an analysis produces, in their own module so formats and the analyzer can both name them. */
import type { Definition, Reference } from '../model/facts.js';
import type { ModelOptions, ObjectModel } from '../model/slo-model.js';
import type { TextPositions } from '../syntax/text.js';
import type { YNode } from '../syntax/node.js';
import type { Diagnostic, FormatId, Range } from '../types.js';

/** One SLO object: a YAML document, or an item of a top-level list (oslo accepts both). */
export interface SloObject {
  format: FormatId;
  kind: string;
  name?: string;
  /** Offsets of the whole object in the file. */
  offsets: [number, number];
  range: Range;
  /** The object's YAML. Its node ranges are offsets into its own document's text, which starts at `base`. */
  root: YNode;
  docIndex: number;
  /** Offset and line where the object's YAML document starts in the file. */
  base: number;
  baseLine: number;
  /** Positions inside the object's own document. */
  local: TextPositions;
  /** The normalised model of the object, computed once with the document. */
  model: ObjectModel;
  /** The options the model was computed with. */
  modelOptions: ModelOptions;
}

export interface FileAnalysis {
  uri: string;
  text: string;
  positions: TextPositions;
  objects: SloObject[];
  diagnostics: Diagnostic[];
  definitions: Definition[];
  references: Reference[];
  /** True when at least one document is an SLO format (or claims to be and does not parse). */
  isSloFile: boolean;
}
