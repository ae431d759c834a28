import type { FileAnalysis, SloObject } from '../analysis/analyze.js';
import type { YNode } from './node.js';

export interface Located {
  object: SloObject;
  /** The innermost node at the offset. */
  node: YNode;
  /** Whether the offset is on the node's key (or on its value). */
  onKey: boolean;
  /** Offset inside the object's own document text. */
  local: number;
}

/**
 * Whether an offset lies in a range, its end included (a cursor right after a word is on it). A block
 * collection's range ends after its last line break: the start of the next line is not in it.
 */
const within = (r: [number, number] | undefined, offset: number, text: string) =>
  r !== undefined && offset >= r[0] && (offset < r[1] || (offset === r[1] && text[r[1] - 1] !== '\n'));

/** The object whose YAML holds a file offset. */
export function objectAt(analysis: FileAnalysis, offset: number): SloObject | undefined {
  return analysis.objects.find((o) => within(o.offsets, offset, analysis.text));
}

/** The innermost YAML node at a file offset, with the object it belongs to. */
export function nodeAt(analysis: FileAnalysis, offset: number): Located | undefined {
  const object = objectAt(analysis, offset);
  if (!object) return undefined;
  const local = offset - object.base;
  const text = object.local.text;
  let node = object.root;
  let onKey = false;
  for (let depth = 0; depth < 64; depth++) {
    let next: YNode | undefined;
    if (node.isMap) {
      for (const [, child] of node.entries()) {
        if (within(child.keyRange(), local, text)) {
          return { object, node: child, onKey: true, local };
        }
        if (within(child.valueRange(), local, text)) {
          next = child;
          break;
        }
      }
    } else if (node.isSeq) {
      next = node.items().find((item) => within(item.valueRange(), local, text));
    }
    if (!next) break;
    node = next;
    onKey = false;
  }
  return { object, node, onKey, local };
}
