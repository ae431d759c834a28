import type { YNode } from './node.js';

/**
 * Maps an index inside a scalar's value to an offset in the source text. Quoted, escaped and folded
 * scalars differ from their value, so value characters are aligned greedily with the source,
 * skipping what YAML adds (quotes, escapes, indentation, line breaks).
 */
export function valueIndexToOffset(node: YNode, text: string, index: number): number {
  const range = node.valueRange();
  const value = node.string;
  if (!range || value === undefined) return range?.[0] ?? 0;
  const [start, end] = range;
  let src = start;
  const type = node.scalarType;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') src++;
  else if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const nl = text.indexOf('\n', start);
    src = nl === -1 ? end : nl + 1;
  }
  const limit = Math.min(index, value.length);
  for (let i = 0; i < limit; i++) {
    const ch = value[i];
    let probe = src;
    const maxSkip = Math.min(end, src + 64);
    while (probe < maxSkip && text[probe] !== ch) probe++;
    if (probe < maxSkip) src = probe + 1;
    else src = Math.min(src + 1, end);
  }
  // Land on the character itself, past any indentation or line break YAML added before it.
  if (limit < value.length) {
    const ch = value[limit];
    let probe = src;
    const maxSkip = Math.min(end, src + 64);
    while (probe < maxSkip && text[probe] !== ch) probe++;
    if (probe < maxSkip) src = probe;
  }
  return Math.min(src, end);
}
