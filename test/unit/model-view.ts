import type { FileAnalysis } from '../../src/language/analysis/analyze.js';
import { YNode } from '../../src/language/syntax/node.js';

/**
 * A model as plain data to compare: each node becomes `@path` (and, for a scalar, the text at its range in
 * the file).
 */
export function modelView(analysis: FileAnalysis, model: unknown, base = 0): unknown {
  const view = (x: unknown): unknown => {
    if (x instanceof YNode) {
      if (!x.isScalar) return `@${x.path}`;
      const [s, e] = x.anchor();
      return `@${x.path} ${analysis.text.slice(s + base, e + base)}`;
    }
    if (Array.isArray(x)) return x.map(view);
    if (x && typeof x === 'object')
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, view(v)]));
    return x;
  };
  return view(model);
}
