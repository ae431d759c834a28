/** Keys written twice in one mapping, found in one pass over a document (each mapping's keys in a set). */
import * as yaml from 'yaml';
import type { Document } from 'yaml';

const { isMap, isPair, isScalar, isSeq } = yaml;

export interface DuplicateKey {
  key: string;
  /** Offsets of the key where it is first written, and where again. */
  first: [number, number];
  second: [number, number];
}

/** Every key a mapping of the document already has, in the order of the text; aliases are not followed. */
export function duplicateKeys(doc: Document.Parsed): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      // Scalar keys compared by value, as YAML's own uniqueness check does (`1` and `"1"` differ).
      const seen = new Map<unknown, [number, number]>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        if (isScalar(key) && key.range) {
          const at: [number, number] = [key.range[0], key.range[1]];
          const before = seen.get(key.value);
          if (before) out.push({ key: String(key.value), first: before, second: at });
          else seen.set(key.value, at);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return out.sort((a, b) => a.second[0] - b.second[0]);
}
