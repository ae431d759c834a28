/** Readers of model fields that several formats write the same way. */
import { openSloDurationMinutes, prometheusDurationMinutes } from '../../budget/duration.js';
import type { BudgetingMethod, FieldNodes, ObjectiveModel } from '../model/slo-model.js';
import type { YNode } from '../syntax/node.js';

const METHODS = ['Occurrences', 'Timeslices', 'RatioTimeslices'] as const;

/** `budgetingMethod` as written, Occurrences when absent or unknown. */
export function budgetingMethod(node: YNode | undefined): BudgetingMethod {
  const v = node?.string;
  return (METHODS as readonly string[]).includes(v ?? '') ? (v as BudgetingMethod) : 'Occurrences';
}

/** A target as a ratio: written as a ratio, or as a percentage (a number or a numeric string). */
export function ratio(node: YNode | undefined, percent: boolean): number | undefined {
  const raw =
    node?.number ??
    (node?.string !== undefined && node.string.trim() !== '' ? Number(node.string) : undefined);
  if (raw === undefined || !Number.isFinite(raw)) return undefined;
  return percent ? Number((raw / 100).toPrecision(12)) : raw;
}

/** A map of scalar values (labels, annotations), each as text. */
export function textMap(node: YNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of node?.entries() ?? []) {
    const v = value.scalar;
    if (v !== null && v !== undefined && typeof v !== 'object') out[key] = String(v);
  }
  return out;
}

/** The time-slice settings of an objective, wherever a format writes them on the objective's node. */
export function timeSlices(
  node: YNode,
): Pick<ObjectiveModel, 'timeSliceWindow' | 'timeSliceMinutes' | 'timeSliceTarget'> {
  const text = node.get('timeSliceWindow')?.string;
  const minutes = text ? (openSloDurationMinutes(text) ?? prometheusDurationMinutes(text)) : undefined;
  const target = node.get('timeSliceTarget')?.number;
  return {
    ...(text ? { timeSliceWindow: text } : {}),
    ...(minutes ? { timeSliceMinutes: minutes } : {}),
    ...(target !== undefined ? { timeSliceTarget: target } : {}),
  };
}

/** The nodes of the fields a file writes, leaving out those it does not. */
export function fieldNodes<T>(entries: Array<[keyof T, YNode | undefined]>): FieldNodes<T> {
  const out: FieldNodes<T> = {};
  for (const [key, node] of entries) if (node) out[key] = node;
  return out;
}
