import { formatPercent } from '../../budget/format.js';
import type { FileAnalysis } from '../analysis/analyze.js';
import { documentStarts } from '../analysis/analyze.js';
import { DEFAULT_MODEL_OPTIONS, normaliseSlos, type ModelOptions } from '../model/slo-model.js';
import { formatOfObject } from '../formats/registry.js';
import type { YNode } from '../syntax/node.js';
import type { Range } from '../types.js';

export type SymbolKind = 'object' | 'objective' | 'slo';

export interface DocumentSymbol {
  name: string;
  detail: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbol[];
}

function nodeRange(analysis: FileAnalysis, base: number, node: YNode, whole = false): Range {
  const [s, e] = whole ? (node.valueRange() ?? node.anchor()) : node.anchor();
  return analysis.positions.range(s + base, e + base);
}

/** The outline: each object as `kind name`, its SLOs or objectives beneath. */
export function documentSymbols(
  analysis: FileAnalysis,
  options: ModelOptions = DEFAULT_MODEL_OPTIONS,
): DocumentSymbol[] {
  return analysis.objects.map((object) => {
    const nameNode =
      object.root.get('metadata')?.get('name') ?? object.root.get('service') ?? object.root.get('kind');
    const selectionRange = nameNode ? nodeRange(analysis, object.base, nameNode) : object.range;
    const slos = normaliseSlos(object, options);
    const children: DocumentSymbol[] = [];
    // Sloth files list each SLO by name; other formats their objectives.
    const bySlo = formatOfObject(object).outline === 'slos';
    for (const slo of slos) {
      const objectives = slo.objectives.map((o, i) => ({
        name: o.displayName ?? (bySlo ? 'objective' : `objective ${i + 1}`),
        detail:
          o.target !== undefined && o.target >= 0 && o.target <= 1
            ? formatPercent(o.target)
            : (o.targetNode?.source ?? ''),
        kind: 'objective' as const,
        range: nodeRange(analysis, object.base, o.node, true),
        selectionRange: nodeRange(analysis, object.base, o.targetNode ?? o.node),
        children: [],
      }));
      if (bySlo) {
        const sloName = slo.node.get('name');
        children.push({
          name: sloName?.string ?? slo.name,
          detail: `${objectives[0]?.detail ?? ''} · ${slo.window?.label ?? ''}`.replace(/^ · | · $/g, ''),
          kind: 'slo',
          range: nodeRange(analysis, object.base, slo.node, true),
          selectionRange: nodeRange(analysis, object.base, sloName ?? slo.node),
          children: [],
        });
      } else children.push(...objectives);
    }
    const display = object.root.get('metadata')?.get('displayName')?.string;
    return {
      name: `${object.kind} ${object.name ?? ''}`.trim(),
      detail: [display, slos[0]?.window?.label].filter(Boolean).join(' · '),
      kind: 'object' as const,
      range: object.range,
      selectionRange,
      children,
    };
  });
}

/** Folding: one region per YAML document of more than one line. */
export function foldingRanges(analysis: FileAnalysis): Array<{ startLine: number; endLine: number }> {
  const { text, positions } = analysis;
  const starts = documentStarts(text);
  const out: Array<{ startLine: number; endLine: number }> = [];
  starts.forEach((start, i) => {
    const end = (starts[i + 1] ?? text.length + 1) - 1;
    const startLine = positions.position(start).line;
    let endLine = positions.position(Math.max(start, end)).line;
    while (
      endLine > startLine &&
      positions.text
        .slice(...positions.lineBounds(positions.offset({ line: endLine, character: 0 })))
        .trim() === ''
    )
      endLine--;
    if (endLine > startLine) out.push({ startLine, endLine });
  });
  return out;
}
