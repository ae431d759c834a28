import type { FileAnalysis, SloObject } from './analyze.js';
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

const within = (r: [number, number] | undefined, offset: number) =>
  r !== undefined && offset >= r[0] && offset <= r[1];

/** The object whose YAML holds a file offset. */
export function objectAt(analysis: FileAnalysis, offset: number): SloObject | undefined {
  return analysis.objects.find((o) => offset >= o.offsets[0] && offset <= o.offsets[1]);
}

/** The innermost YAML node at a file offset, with the object it belongs to. */
export function nodeAt(analysis: FileAnalysis, offset: number): Located | undefined {
  const object = objectAt(analysis, offset);
  if (!object) return undefined;
  const local = offset - object.base;
  let node = object.root;
  let onKey = false;
  for (let depth = 0; depth < 64; depth++) {
    let next: YNode | undefined;
    if (node.isMap) {
      for (const [, child] of node.entries()) {
        if (within(child.keyRange(), local)) {
          return { object, node: child, onKey: true, local };
        }
        if (within(child.valueRange(), local)) {
          next = child;
          break;
        }
      }
    } else if (node.isSeq) {
      next = node.items().find((item) => within(item.valueRange(), local));
    }
    if (!next) break;
    node = next;
    onKey = false;
  }
  return { object, node, onKey, local };
}
