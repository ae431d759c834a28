/**
 * Every SLO objective of a workspace, grouped by the service it belongs to, with its budget: what the editor's
 * SLOs view and `team-sre report` list.
 */
import { budgetReport, type BudgetInput, type BudgetReport } from '../../budget/budget-report.js';
import { budgetInputs } from '../model/budget-input.js';
import { liveSpec, type SloLiveSpec } from '../model/live-spec.js';
import { normaliseSlos, type ModelOptions, type SloModel } from '../model/slo-model.js';
import type { Range } from '../types.js';
import type { WorkspaceIndex } from '../workspace/workspace-index.js';

export interface WorkspaceSloEntry {
  uri: string;
  service: string;
  name: string;
  /** Index of the objective among the document's budget reports (the order of `teamSre/budget`). */
  index: number;
  range: Range;
  report: BudgetReport;
  input: BudgetInput;
  spec: SloLiveSpec;
  /** Problems of the file the SLO is in. */
  errors: number;
  warnings: number;
}

/** The service an SLO belongs to, as its format says it (Pyrra has none: its namespace stands in). */
export function serviceOf(slo: SloModel): string {
  return slo.service;
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
    let i = 0;
    for (const object of analysis.objects) {
      for (const slo of normaliseSlos(object, options)) {
        for (const { input, objective } of budgetInputs(slo, resolve)) {
          const [s, e] = (objective.targetNode ?? slo.node).anchor();
          out.push({
            uri,
            service: serviceOf(slo) || '(no service)',
            name: slo.name,
            index: i++,
            range: analysis.positions.range(s + object.base, e + object.base),
            report: budgetReport(input, at),
            input,
            spec: liveSpec(slo, objective, resolve),
            errors,
            warnings,
          });
        }
      }
    }
  }
  return out;
}
