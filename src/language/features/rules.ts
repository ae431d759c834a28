/**
 * The Prometheus rules a file deploys: each object's format generates its own (`SloFormat.rules`), in file order.
 */
import type { FileAnalysis, SloObject } from '../analysis/object.js';
import { formatOfObject } from '../formats/registry.js';
import type { ModelOptions, ModelResolver } from '../model/slo-model.js';
import type { Diagnostic, Range } from '../types.js';
import type { RulesDocument, RulesOptions } from '../../rules/types.js';

/** One generated document, with the object it comes from. */
export interface FileRulesDocument extends RulesDocument {
  /** The object's YAML document in the file (0-based) and its range. */
  docIndex: number;
  range: Range;
  /** The object's name (`metadata.name`, or Sloth's service). */
  objectName?: string;
}

/** What one file deploys: one entry per generated document; empty for a file that deploys no rules. */
export interface FileRules {
  uri: string;
  documents: FileRulesDocument[];
}

/** The rules of one object, or none when its format generates none. */
export function objectRules(
  object: SloObject,
  options: RulesOptions,
  resolve: ModelResolver,
  modelOptions: ModelOptions,
  diagnostics: readonly Diagnostic[] = [],
): RulesDocument[] {
  const generate = formatOfObject(object).rules;
  if (!generate) return [];
  const errors = diagnostics.filter((d) => d.severity === 'error' && within(d.range, object.range));
  return generate(object, { options, resolve, modelOptions, errors });
}

const atOrBefore = (a: Range['start'], b: Range['start']) =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);

/** Whether a range lies inside another (both in file positions). */
const within = (inner: Range, outer: Range) =>
  atOrBefore(outer.start, inner.start) && atOrBefore(inner.end, outer.end);

export function fileRules(
  analysis: FileAnalysis,
  options: RulesOptions,
  resolve: ModelResolver,
  modelOptions: ModelOptions,
): FileRules {
  return {
    uri: analysis.uri,
    documents: analysis.objects.flatMap((object) =>
      objectRules(object, options, resolve, modelOptions, analysis.diagnostics).map((doc) => ({
        ...doc,
        docIndex: object.docIndex,
        range: object.range,
        ...(object.name !== undefined ? { objectName: object.name } : {}),
      })),
    ),
  };
}
