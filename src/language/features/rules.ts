/**
 * The Prometheus rules a file deploys: each object's format generates its own (`SloFormat.rules`), in file order.
 */
import type { FileAnalysis, SloObject } from '../analysis/object.js';
import { formatOfObject } from '../formats/registry.js';
import type { ModelOptions, ModelResolver } from '../model/slo-model.js';
import { normaliseSlos, type SloModel } from '../model/slo-model.js';
import type { YNode } from '../syntax/node.js';
import type { Diagnostic, Range } from '../types.js';
import { rulesLayout, type GroupLines } from '../../rules/layout.js';
import { sloGroups, type RuleGroup, type RulesDocument, type RulesOptions } from '../../rules/types.js';
import { rulesFileText } from '../../rules/write.js';

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

/** An SLO of a file's generated rules: its name, rule count, where it is written and where its groups are printed. */
export interface RulesViewSlo {
  /** The name the generator gives it. */
  name: string;
  rules: number;
  /** Where the SLO is written in the SLO file (its name, else its object's first line). */
  range: Range;
  /** The 0-based lines of its groups in `text`, when it has any. */
  lines?: { start: number; end: number };
}

/** An alerting rule of the printed text, with what the budget preview's alert rows are matched by. */
export interface RulesViewAlert {
  /** The SLO model's name (as in budget reports), else the generator's name for it. */
  slo: string;
  alert: string;
  severity?: string;
  long?: string;
  short?: string;
  /** 0-based line of `- alert:` in `text`. */
  line: number;
}

/** A file's generated rules as an editor shows them: the printed file, and where each SLO's rules are in it. */
export interface RulesView {
  text: string;
  generators: string[];
  slos: RulesViewSlo[];
  notes: Array<{ slo: string; message: string; range: Range }>;
  alerts: RulesViewAlert[];
}

/** The severity a generator writes on an alert: `severity`, or a prefixed one such as Sloth's `sloth_severity`. */
function severityOf(labels: Record<string, string> | undefined): string | undefined {
  if (!labels) return undefined;
  if (labels.severity !== undefined) return labels.severity;
  const key = Object.keys(labels)
    .sort()
    .find((k) => k.endsWith('_severity'));
  return key === undefined ? undefined : labels[key];
}

/** The first line of an object, as a range: where a note about the whole object is shown. */
function firstLine(analysis: FileAnalysis, object: SloObject): Range {
  const start = object.range.start;
  const offset = analysis.positions.offset(start);
  const lineEnd = analysis.text.indexOf('\n', offset);
  const text = analysis.text.slice(offset, lineEnd === -1 ? analysis.text.length : lineEnd).trimEnd();
  return { start, end: { line: start.line, character: start.character + text.length } };
}

export function rulesView(
  analysis: FileAnalysis,
  input: string,
  options: RulesOptions,
  resolve: ModelResolver,
  modelOptions: ModelOptions,
): RulesView {
  const slos: RulesViewSlo[] = [];
  const notes: RulesView['notes'] = [];
  const alerts: RulesViewAlert[] = [];
  const documents: RulesDocument[] = [];
  const perDocument: Array<{ doc: RulesDocument; models: SloModel[]; object: SloObject }> = [];
  for (const object of analysis.objects) {
    const models = normaliseSlos(object, modelOptions);
    for (const doc of objectRules(object, options, resolve, modelOptions, analysis.diagnostics)) {
      documents.push(doc);
      perDocument.push({ doc, models, object });
    }
  }
  const text = rulesFileText(documents, input);
  const layout = rulesLayout(text, documents);
  let groupIndex = 0;
  for (const { doc, models, object } of perDocument) {
    const nodeRange = (node: YNode) => {
      const [s, e] = node.anchor();
      return analysis.positions.range(s + object.base, e + object.base);
    };
    // The generator's SLOs are the object's, in order; by name when a generator skips one.
    const modelOf = (name: string, i: number) =>
      doc.slos.length === models.length
        ? models[i]
        : models.find((m) => m.name === name || m.name.endsWith(`-${name}`));
    const rangeOf = (model: SloModel | undefined) =>
      model ? nodeRange(model.at.name ?? model.node) : firstLine(analysis, object);
    for (const note of doc.notes) {
      const i = doc.slos.findIndex((s) => s.name === note.slo);
      const model = modelOf(note.slo, i) ?? models.find((m) => m.name === note.slo);
      notes.push({ slo: note.slo, message: note.message, range: rangeOf(model) });
    }
    // Printed (merged into the one rule file, or as its own object) unless it has nothing to print.
    if (doc.groups.length === 0 && doc.container.kind === 'rule-file') continue;
    const owned = sloGroups(doc);
    for (const [i, s] of doc.slos.entries()) {
      const model = modelOf(s.name, i);
      const mine: Array<{ group: RuleGroup; lines: GroupLines | undefined }> = owned[i]!.map((g) => ({
        group: g,
        lines: layout[groupIndex + doc.groups.indexOf(g)],
      }));
      const lines = mine.map((m) => m.lines).filter((l): l is GroupLines => l !== undefined);
      slos.push({
        name: s.name,
        rules: s.rules,
        range: rangeOf(model),
        ...(lines.length ? { lines: { start: lines[0]!.start, end: lines[lines.length - 1]!.end } } : {}),
      });
      for (const { group: g, lines: at } of mine)
        g.rules.forEach((rule, r) => {
          if (rule.alert === undefined || !at) return;
          const severity = severityOf(rule.labels);
          alerts.push({
            slo: model?.name ?? s.name,
            alert: rule.alert,
            ...(severity !== undefined ? { severity } : {}),
            ...(rule.labels?.long !== undefined ? { long: rule.labels.long } : {}),
            ...(rule.labels?.short !== undefined ? { short: rule.labels.short } : {}),
            line: at.rules[r]!,
          });
        });
    }
    groupIndex += doc.groups.length;
  }
  return { text, generators: [...new Set(documents.map((d) => d.generator))], slos, notes, alerts };
}

/** An alert row of a budget report, as far as matching it to a rule goes. */
export interface AlertRowKey {
  severity: string;
  longWindow: string;
  shortWindow: string;
  disabled: boolean;
}

/**
 * The line of the alerting rule each row of an SLO's alert table stands for, or null: a rule of that SLO with the
 * row's severity. Where the generator labels its burn-rate alerts with their windows (Pyrra's `long`, `short`),
 * only the rule with the row's windows; otherwise the first rule of that severity, which covers every row of it
 * (Sloth's multiwindow alert).
 */
export function alertRowLines(
  view: RulesView,
  slo: string,
  rows: readonly AlertRowKey[],
): Array<number | null> {
  const mine = view.alerts.filter((a) => a.slo === slo);
  return rows.map((row) => {
    if (row.disabled) return null;
    const same = mine.filter((a) => a.severity === row.severity);
    const windowed = same.filter((a) => a.long !== undefined || a.short !== undefined);
    const found = windowed.length
      ? windowed.find((a) => a.long === row.longWindow && (a.short ?? '') === row.shortWindow)
      : same[0];
    return found ? found.line : null;
  });
}
