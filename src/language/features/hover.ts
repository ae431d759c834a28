import { allowedBadMinutes, errorBudget } from '../../budget/budget.js';
import { badEventsPer, formatDuration, formatPercent } from '../../budget/format.js';
import type { SloWindow } from '../../budget/window.js';
import type { FileAnalysis } from '../analysis/analyze.js';
import type { SloObject } from '../analysis/object.js';
import { nodeAt } from '../syntax/locate.js';
import type { YNode } from '../syntax/node.js';
import {
  DEFAULT_MODEL_OPTIONS,
  normaliseSlos,
  type BudgetingMethod,
  type ModelOptions,
} from '../model/slo-model.js';
import { typeInWords, type FieldSpec } from '../fields/field-spec.js';
import { pathSteps, specAt, specFor } from '../fields/spec-path.js';
import type { Diagnostic, Position, Range } from '../types.js';

export interface HoverResult {
  markdown: string;
  range: Range;
}

function describeField(key: string, spec: FieldSpec): string {
  const types = typeInWords(spec);
  const lines = [`**${key}** · ${types}${spec.required ? ' · required' : ''}`, '', spec.doc];
  if (spec.enum?.length)
    lines.push('', `One of: ${spec.enum.map((e) => (e === '' ? '""' : `\`${e}\``)).join(', ')}.`);
  return lines.join('\n');
}

/** "99.9 % over 30 days, rolling: error budget 0.1 %, 43 min 12 s of full outage, or 1 bad request in 1 000." */
export function budgetSentence(
  target: number,
  window: SloWindow | undefined,
  method: BudgetingMethod,
): string {
  const budget = errorBudget(target);
  const head = `**${formatPercent(target)}**${window ? ` over **${window.label}**` : ''}`;
  if (budget <= 0) return `${head}: no error budget at all; a single failure breaks the objective.`;
  if (!window)
    return `${head}: error budget ${formatPercent(budget)}, ${badEventsPer(budget)}. Set the window to see it in minutes.`;
  const minutes = allowedBadMinutes(target, window.minutes);
  const what = method === 'Occurrences' ? 'of full outage' : 'of bad time slices';
  let sentence = `${head}: error budget ${formatPercent(budget)}, **${formatDuration(minutes)}** ${what}`;
  if (window.range) {
    const [shortest, longest] = window.range.map((m) => allowedBadMinutes(target, m));
    sentence += ` (${formatDuration(shortest!)} to ${formatDuration(longest!)} as the period's length varies)`;
  }
  return method === 'Occurrences' ? `${sentence}, or ${badEventsPer(budget)}.` : `${sentence}.`;
}

const before = (a: Position, b: Position) =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);

/** The errors reported on a node's key or on its value as written (not those of a block holding it). */
function errorsOn(
  node: YNode | undefined,
  object: SloObject,
  analysis: FileAnalysis,
  diagnostics: readonly Diagnostic[],
): Diagnostic[] {
  if (!node) return [];
  const [s, e] = node.pairRange();
  const span = analysis.positions.range(s + object.base, e + object.base);
  return diagnostics.filter(
    (d) => d.severity === 'error' && before(span.start, d.range.start) && before(d.range.end, span.end),
  );
}

/** What is wrong with a value, in place of the figures it would mean if it were valid. */
const invalid = (errors: Diagnostic[]) =>
  errors.map((d) => `**Invalid** (${d.code}): ${d.message}`).join('\n\n');

/**
 * Hover: the field's documentation, and on targets and windows what they mean in budget terms. A value with an
 * error among `diagnostics` (the file's, as the user sees them) gets the error's message instead of figures.
 */
export function hover(
  analysis: FileAnalysis,
  offset: number,
  options: ModelOptions = DEFAULT_MODEL_OPTIONS,
  diagnostics: readonly Diagnostic[] = analysis.diagnostics,
): HoverResult | undefined {
  const located = nodeAt(analysis, offset);
  if (!located) return undefined;
  const { object, node } = located;
  const errors = (n: YNode | undefined) => errorsOn(n, object, analysis, diagnostics);
  const steps = pathSteps(node.path);
  const key = steps.filter((s) => s !== '[]').pop();
  const root = specFor(object.format, object.kind);
  const spec = root && steps.length ? specAt(root, steps) : undefined;
  const parts: string[] = [];
  if (spec && key) parts.push(describeField(key, spec));
  const own = node.isScalar ? errors(node) : [];
  if (own.length) parts.push(invalid(own));

  const slos = own.length ? [] : normaliseSlos(object, options);
  for (const slo of slos) {
    // On the window as its format writes it: the list of windows, its entry, the length or whether it rolls.
    const at = slo.window?.at;
    const onWindow =
      slo.windowNode !== undefined &&
      [slo.windowNode, at?.list, at?.entry, at?.duration, at?.isRolling].some((n) => n?.path === node.path);
    const objective = slo.objectives.find((o) => o.targetNode && o.targetNode.path === node.path);
    const onObjective = slo.objectives.find((o) => o.node.path === node.path && node.path !== slo.node.path);
    // A target with an error says what is wrong, not what a meaningless number would mean.
    const sentence = (o: { target?: number; targetNode?: YNode }) => {
      const wrong = errors(o.targetNode);
      if (wrong.length) return invalid(wrong);
      // Even with its error turned off, a target outside [0, 1] means no budget.
      return o.target! >= 0 && o.target! <= 1
        ? budgetSentence(o.target!, slo.window, slo.budgetingMethod)
        : `**${o.target}** is not a ratio in [0, 1]: no error budget to show.`;
    };
    if (objective?.target !== undefined) {
      parts.push(sentence(objective));
    } else if (onObjective?.target !== undefined) {
      parts.push(sentence(onObjective));
    } else if (onWindow && slo.window) {
      const lines = slo.objectives
        .filter((o) => o.target !== undefined)
        .map((o) => `- ${o.displayName ? `${o.displayName}: ` : ''}${sentence(o)}`);
      parts.push(
        `**${slo.window.label}**${slo.window.kind === 'calendar' ? ': the budget resets at each period boundary' : ': the window ends now and moves with time'}.`,
        ...lines,
      );
    }
  }
  if (!parts.length) return undefined;
  const [s, e] = located.onKey ? (node.keyRange() ?? node.anchor()) : node.anchor();
  return {
    markdown: parts.join('\n\n'),
    range: analysis.positions.range(s + object.base, e + object.base),
  };
}
