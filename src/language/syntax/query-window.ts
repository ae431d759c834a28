/** Stretching a query over an SLO window: the `{{.window}}` placeholder Sloth uses, made from any PromQL. */
import type { SyntaxNode } from '@lezer/common';
import { parsePromQL } from './promql.js';

export const WINDOW = '{{.window}}';
const HAS_WINDOW = /\{\{\s*\.window\s*\}\}/;

/**
 * An OpenSLO query made to measure over a window: `{{.window}}` is kept; the ranges of `rate`/`increase`
 * become the window; bare counter selectors get `increase(…[window])`. Anything else cannot be stretched.
 */
export function queryOverWindow(query: string): { template: string } | { reason: string } {
  if (HAS_WINDOW.test(query)) return { template: query };
  const tree = parsePromQL(query);
  const edits: Array<{ from: number; to: number; text: string }> = [];
  let problem: string | undefined;
  let ranges = 0;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) {
        problem = `the query does not parse as PromQL: ${query}`;
        return false;
      }
      if (n.name === 'SubqueryExpr') {
        problem = `the query uses a subquery (${query.slice(n.from, n.to)}), which cannot be stretched over the window`;
        return false;
      }
      if (n.name === 'MatrixSelector') {
        ranges++;
        let fn = n.node.parent;
        while (
          fn &&
          (fn.name === 'OffsetExpr' || fn.name === 'StepInvariantExpr' || fn.name === 'FunctionCallBody')
        )
          fn = fn.parent;
        const name = fn?.name === 'FunctionCall' ? fn.getChild('FunctionIdentifier') : null;
        const id = name ? query.slice(name.from, name.to) : '';
        if (id !== 'rate' && id !== 'increase') {
          problem = `\`${query.slice(n.from, n.to)}\` is not inside rate() or increase(), so it cannot be measured over the window`;
          return false;
        }
        const duration: SyntaxNode | null = n.node.getChild('DurationExpr');
        if (duration) edits.push({ from: duration.from, to: duration.to, text: WINDOW });
        return false;
      }
      return undefined;
    },
  });
  if (problem) return { reason: problem };
  if (!ranges) {
    tree.iterate({
      enter: (n) => {
        if (n.name === 'VectorSelector') {
          // `a offset 1h` becomes `increase(a[window] offset 1h)`.
          let outer = n.node;
          while (
            outer.parent &&
            (outer.parent.name === 'OffsetExpr' || outer.parent.name === 'StepInvariantExpr')
          )
            outer = outer.parent;
          edits.push({ from: n.from, to: n.from, text: 'increase(' });
          edits.push({ from: n.to, to: n.to, text: `[${WINDOW}]` });
          edits.push({ from: outer.to, to: outer.to, text: ')' });
          return false;
        }
        return undefined;
      },
    });
    if (!edits.length) return { reason: `the query selects no metric: ${query}` };
  }
  let out = query;
  // From the end, and at one position the later insertion first, so insertions keep their order.
  const order = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.from - a.from || b.i - a.i);
  for (const e of order) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return { template: out };
}
