/**
 * Every SLO objective of a workspace, grouped by the service it belongs to, with its budget: what the editor's
 * SLOs view and `team-sre report` list. Each SLO is computed on its own: one that cannot be computed becomes
 * an entry with its error, and the others keep their figures.
 */
import { plainText } from '../diagnostics/plain.js';
import { budgetReport, type BudgetInput, type BudgetReport } from '../../budget/budget-report.js';
import { BudgetInputError } from '../../budget/input-error.js';
import type { FileAnalysis } from '../analysis/analyze.js';
import type { SloObject } from '../analysis/object.js';
import { FORMAT_LABELS } from '../formats/registry.js';
import { budgetInputs } from '../model/budget-input.js';
import { liveSpec, type SloLiveSpec } from '../model/live-spec.js';
import { normaliseSlos, type ModelOptions, type SloModel } from '../model/slo-model.js';
import type { YNode } from '../syntax/node.js';
import type { Diagnostic, Range } from '../types.js';
import type { WorkspaceIndex } from '../workspace/workspace-index.js';

interface SloEntryBase {
  uri: string;
  service: string;
  name: string;
  /** Where the objective is written; for an SLO in error, the field at fault when a diagnostic names it. */
  range: Range;
  /** Problems of the file the SLO is in. */
  errors: number;
  warnings: number;
}

/** An objective with its budget. */
export interface WorkspaceSloBudget extends SloEntryBase {
  /** Index of the objective among the document's budget reports (the order of `teamSre/budget`). */
  index: number;
  report: BudgetReport;
  input: BudgetInput;
  spec: SloLiveSpec;
  /** The target's value as written (its quotes too) and where: what a new target replaces. */
  targetField?: { range: Range; text: string };
}

/** An SLO whose budget cannot be computed, and why: the message of the diagnostic at fault, when there is one. */
export interface WorkspaceSloFailure extends SloEntryBase {
  /** The format's label, as in budget reports. */
  format: string;
  error: string;
}

export type WorkspaceSloEntry = WorkspaceSloBudget | WorkspaceSloFailure;

export const hasBudget = (e: WorkspaceSloEntry): e is WorkspaceSloBudget => !('error' in e);

/** The service an SLO belongs to, as its format says it (Pyrra has none: its namespace stands in). */
export function serviceOf(slo: SloModel): string {
  return slo.service;
}

/** Offsets a node spans in its document, its key included. */
function extent(node: YNode): [number, number] {
  const value = node.valueRange() ?? node.anchor();
  const key = node.keyRange();
  return key ? [Math.min(key[0], value[0]), Math.max(key[1], value[1])] : value;
}

/**
 * Why an SLO's budget cannot be computed: the error the editor shows on the field the engine could not use
 * (the time zone, the window), else what the engine said.
 */
function failure(
  analysis: FileAnalysis,
  object: SloObject,
  slo: SloModel,
  diagnostics: Diagnostic[],
  err: unknown,
): { error: string; range?: Range } {
  if (!(err instanceof BudgetInputError))
    return {
      error: plainText(
        `The budget could not be computed: ${err instanceof Error ? err.message : String(err)}`,
      ),
    };
  const window = slo.windowNode ?? slo.window?.node;
  const scopes = err.input === 'timeZone' ? [slo.window?.at?.timeZone, window] : [window];
  for (const node of scopes) {
    if (!node) continue;
    const [s, e] = extent(node);
    const start = analysis.positions.position(s + object.base);
    const end = analysis.positions.position(e + object.base);
    const within = diagnostics.find(
      ({ severity, range: r }) =>
        severity === 'error' &&
        (r.start.line > start.line ||
          (r.start.line === start.line && r.start.character >= start.character)) &&
        (r.end.line < end.line || (r.end.line === end.line && r.end.character <= end.character)),
    );
    if (within) return { error: within.message, range: within.range };
  }
  return { error: plainText(err.message) };
}

/** The objectives of the given files (default: all indexed), in document order. */
export function workspaceSloList(
  index: WorkspaceIndex,
  options: ModelOptions,
  at: Date,
  uris: string[] = index.uris(),
): WorkspaceSloEntry[] {
  const resolve = index.resolveModel;
  const out: WorkspaceSloEntry[] = [];
  for (const uri of uris) {
    const analysis = index.get(uri);
    if (!analysis) continue;
    const diagnostics = index.diagnostics(uri);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    const rangeOf = (object: SloObject, node: YNode) => {
      const [s, e] = node.anchor();
      return analysis.positions.range(s + object.base, e + object.base);
    };
    const fieldOf = (object: SloObject, node: YNode | undefined) => {
      const r = node?.isScalar && !node.isNull ? node.valueRange() : undefined;
      if (!r) return {};
      const [s, e] = [r[0] + object.base, r[1] + object.base];
      return { targetField: { range: analysis.positions.range(s, e), text: analysis.text.slice(s, e) } };
    };
    let i = 0;
    for (const object of analysis.objects) {
      for (const slo of normaliseSlos(object, options)) {
        const base = { uri, service: serviceOf(slo) || '(no service)', name: slo.name, errors, warnings };
        // One SLO's bad value (a time zone, a window too long to place in time) never takes the others down.
        try {
          const entries = budgetInputs(slo, resolve).map(({ input, objective }, k): WorkspaceSloBudget => ({
            ...base,
            index: i + k,
            range: rangeOf(object, objective.targetNode ?? slo.node),
            report: budgetReport(input, at),
            input,
            spec: liveSpec(slo, objective, resolve),
            ...fieldOf(object, objective.targetNode),
          }));
          out.push(...entries);
          i += entries.length;
        } catch (err) {
          const why = failure(analysis, object, slo, diagnostics, err);
          out.push({
            ...base,
            format: FORMAT_LABELS[slo.format],
            range: why.range ?? rangeOf(object, slo.at.name ?? slo.node),
            error: why.error,
          });
        }
      }
    }
  }
  return out;
}
