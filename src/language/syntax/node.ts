import * as yaml from 'yaml';
import type { Document, Node as YamlNode, Pair, Scalar } from 'yaml';

// Read once: the bundle reaches a CommonJS module's exports through a getter on every access.
const { isAlias, isMap, isPair, isScalar, isSeq } = yaml;

const MAX_ALIAS_HOPS = 16;

/** Follows an alias to the node it names, one hop at a time, never expanding it. */
function deref(node: unknown, doc: Document.Parsed): YamlNode | null {
  let current = node;
  for (let hops = 0; isAlias(current); hops++) {
    if (hops >= MAX_ALIAS_HOPS) return null;
    try {
      current = current.resolve(doc);
    } catch {
      return null;
    }
  }
  return (current ?? null) as YamlNode | null;
}

function nodeRange(node: unknown): [number, number] | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? undefined : String(key.value);
  return undefined;
}

/**
 * A view of one YAML node inside an SLO object: its property path (as upstream validators print it),
 * the key that holds it, and source ranges for diagnostics.
 */
export class YNode {
  constructor(
    readonly node: YamlNode | null,
    readonly path: string,
    readonly doc: Document.Parsed,
    /** The key node of the pair holding this value, when it sits in a mapping. */
    readonly keyNode?: YamlNode | null,
    /** The range of the `- ` item indicator or the key, used when the node itself has no extent. */
    readonly fallback?: [number, number],
  ) {}

  /** For an object's root: where to point when the object as a whole is at fault. */
  rootAnchor?: [number, number];

  get isMap(): boolean {
    return isMap(this.node);
  }
  get isSeq(): boolean {
    return isSeq(this.node);
  }
  get isScalar(): boolean {
    return isScalar(this.node);
  }
  /** Absent, `~`, `null` or an empty value (`key:`). */
  get isNull(): boolean {
    return this.node === null || (isScalar(this.node) && this.node.value === null);
  }

  get scalar(): unknown {
    return isScalar(this.node) ? this.node.value : undefined;
  }

  /** The scalar as written, for strings; undefined for other values. */
  get string(): string | undefined {
    const v = this.scalar;
    return typeof v === 'string' ? v : undefined;
  }

  get number(): number | undefined {
    const v = this.scalar;
    return typeof v === 'number' ? v : undefined;
  }

  /** Scalar style: PLAIN, QUOTE_DOUBLE, QUOTE_SINGLE, BLOCK_LITERAL, BLOCK_FOLDED. */
  get scalarType(): string | undefined {
    return isScalar(this.node) ? (this.node.type ?? undefined) : undefined;
  }

  /** The scalar's source text, e.g. `99.9` or `"5m"`. */
  get source(): string | undefined {
    if (!isScalar(this.node)) return undefined;
    const src = (this.node as Scalar & { source?: string }).source;
    return typeof src === 'string' ? src : undefined;
  }

  private pairs(): Pair[] {
    return isMap(this.node) ? (this.node.items as Pair[]) : [];
  }

  /**
   * The mapping's entries in order (duplicates too) and each key's value, built on first use: rules read a
   * node's keys many times. Of a key written twice, the last value, as oslo and Sloth read it.
   */
  private children?: { list: Array<[string, YNode]>; byKey: Map<string, YNode> };

  private mapChildren(): { list: Array<[string, YNode]>; byKey: Map<string, YNode> } {
    if (this.children) return this.children;
    const list: Array<[string, YNode]> = [];
    const byKey = new Map<string, YNode>();
    for (const pair of this.pairs()) {
      if (!isPair(pair)) continue;
      const k = keyText(pair.key);
      if (k === undefined) continue;
      const child = this.child(pair, k);
      list.push([k, child]);
      byKey.set(k, child);
    }
    return (this.children = { list, byKey });
  }

  keys(): string[] {
    return this.mapChildren().list.map((e) => e[0]);
  }

  has(key: string): boolean {
    return this.mapChildren().byKey.has(key);
  }

  /** The value under `key`, or undefined when the key is absent. A present key with no value is a null node. */
  get(key: string): YNode | undefined {
    return this.mapChildren().byKey.get(key);
  }

  private child(pair: Pair, key: string): YNode {
    const value = deref(pair.value, this.doc);
    const keyRange = nodeRange(pair.key);
    return new YNode(
      value,
      this.path ? `${this.path}.${key}` : key,
      this.doc,
      pair.key as YamlNode,
      keyRange,
    );
  }

  entries(): Array<[string, YNode]> {
    return this.mapChildren().list.slice();
  }

  private itemList?: YNode[];

  items(): YNode[] {
    if (!isSeq(this.node)) return [];
    this.itemList ??= this.node.items.map((item, i) => {
      const value = deref(item, this.doc);
      return new YNode(value, `${this.path}[${i}]`, this.doc, undefined, nodeRange(item) ?? this.fallback);
    });
    return this.itemList.slice();
  }

  /** Drops the children built while reading, down the tree: a kept object then holds no more than its model does. */
  forget(): void {
    for (const [, child] of this.children?.list ?? []) child.forget();
    for (const item of this.itemList ?? []) item.forget();
    this.children = undefined;
    this.itemList = undefined;
  }

  /** Offsets of the key holding this node, if any. */
  keyRange(): [number, number] | undefined {
    return nodeRange(this.keyNode);
  }

  /** Offsets of the value as written (for a collection: its whole extent). */
  valueRange(): [number, number] | undefined {
    const r = nodeRange(this.node);
    if (r && r[1] > r[0]) return r;
    return undefined;
  }

  /**
   * Where to point at this node: a scalar's own text; for a collection or an empty value, the key that
   * holds it (or, for a sequence item, its first key), so a diagnostic never spans a whole block.
   */
  anchor(): [number, number] {
    if (this.isScalar && !this.isNull) {
      const r = this.valueRange();
      if (r) return r;
    }
    const k = this.keyRange();
    if (k) return k;
    if (this.rootAnchor) return this.rootAnchor;
    if (this.isMap) {
      const first = this.pairs()[0];
      if (first) {
        const fr = nodeRange(first.key);
        const vr = nodeRange(first.value);
        if (fr) return [fr[0], vr && isScalar(first.value) ? vr[1] : fr[1]];
      }
    }
    const v = this.valueRange();
    if (v && (this.isScalar || this.isFlow)) return v;
    if (v) return [v[0], v[0] + 1];
    return this.fallback ?? [0, 0];
  }

  /** The key and its value, for a whole `key: value` line. */
  pairRange(): [number, number] {
    const k = this.keyRange();
    const v = this.isScalar && !this.isNull ? this.valueRange() : undefined;
    if (k && v) return [k[0], v[1]];
    return this.anchor();
  }

  get isFlow(): boolean {
    return (isMap(this.node) || isSeq(this.node)) && Boolean((this.node as { flow?: boolean }).flow);
  }

  /** Offset where a new key could be inserted into this mapping (after its last pair), with the indent. */
  insertionPoint(text: string): { offset: number; indent: string } | undefined {
    if (!isMap(this.node) || this.isFlow) return undefined;
    const pairs = this.pairs();
    const first = pairs[0];
    const last = pairs[pairs.length - 1];
    const firstKey = first && nodeRange(first.key);
    if (!firstKey || !last) return undefined;
    const lineStart = text.lastIndexOf('\n', firstKey[0] - 1) + 1;
    const indent = ' '.repeat(firstKey[0] - lineStart);
    const end = nodeRange(last.value)?.[1] ?? nodeRange(last.key)?.[1] ?? firstKey[1];
    let offset = text.indexOf('\n', Math.max(end - 1, 0));
    if (offset === -1) offset = text.length;
    else offset += 1;
    // A block collection's range already ends after its last line break.
    if (end > 0 && text[end - 1] === '\n') offset = end;
    return { offset, indent };
  }
}
