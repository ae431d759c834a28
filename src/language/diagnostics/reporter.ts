import { codeInfo, type Code } from './codes.js';
import { plainDiagnostic } from './plain.js';
import type { YNode } from '../syntax/node.js';
import type { TextPositions } from '../syntax/text.js';
import type { Diagnostic, Fix, RelatedLocation, Severity, TextEdit } from '../types.js';

export type Where = 'anchor' | 'key' | 'value' | 'pair';

export interface ReportOptions {
  where?: Where;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** A path to print instead of the node's own (for a key that is missing). */
  path?: string;
  /** Instead of the code's default, where the reader decides (a duplicate key is an error to some only). */
  severity?: Severity;
}

/** Collects the diagnostics of one text, turning YAML offsets into positions. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly positions: TextPositions) {}

  /** Offsets whose diagnostics are dropped: what a template produces there is unknown until it is rendered. */
  unknowable?: (start: number, end: number) => boolean;

  get text(): string {
    return this.positions.text;
  }

  offsets(node: YNode, where: Where = 'anchor'): [number, number] {
    switch (where) {
      case 'key':
        return node.keyRange() ?? node.anchor();
      case 'value':
        return node.valueRange() ?? node.anchor();
      case 'pair':
        return node.pairRange();
      default:
        return node.anchor();
    }
  }

  report(code: Code, at: YNode | [number, number], message: string, options: ReportOptions = {}): void {
    const [start, end] = Array.isArray(at) ? at : this.offsets(at, options.where);
    if (this.unknowable?.(start, end)) return;
    const diagnostic: Diagnostic = {
      code,
      severity: options.severity ?? codeInfo(code).severity,
      message,
      range: this.positions.range(start, end),
    };
    const path = options.path ?? (Array.isArray(at) ? undefined : at.path);
    if (path) diagnostic.path = path;
    if (options.related?.length) diagnostic.related = options.related;
    if (options.fixes?.length) diagnostic.fixes = options.fixes;
    this.diagnostics.push(plainDiagnostic(diagnostic));
  }

  edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.positions.range(start, end), newText };
  }

  /** A fix that replaces the node's scalar text (keeping its quotes out of it). */
  replaceValue(node: YNode, newText: string, title: string, preferred = true): Fix | undefined {
    const r = node.valueRange();
    if (!r || !node.isScalar) return undefined;
    return { title, edits: [this.edit(r[0], r[1], newText)], preferred };
  }

  renameKey(node: YNode, newKey: string, title: string, preferred = true): Fix | undefined {
    const r = node.keyRange();
    if (!r) return undefined;
    return { title, edits: [this.edit(r[0], r[1], newKey)], preferred };
  }

  /** A fix that deletes a whole `key: value` entry (its lines, for a block entry). */
  removeEntry(node: YNode, title: string): Fix | undefined {
    const k = node.keyRange();
    if (!k) return undefined;
    const end = node.valueRange()?.[1] ?? k[1];
    const [lineStart] = this.positions.lineBounds(k[0]);
    const before = this.text.slice(lineStart, k[0]);
    const lineEnd = this.text.indexOf('\n', end - (this.text[end - 1] === '\n' ? 1 : 0));
    if (before.trim() === '') {
      const stop = lineEnd === -1 ? this.text.length : lineEnd + 1;
      return { title, edits: [this.edit(lineStart, stop, '')] };
    }
    // The first key of a list item (`- op: gt`): the item's next key moves up onto the dash line.
    if (/^[ -]*- $/.test(before) && lineEnd !== -1) {
      const indent = /^ */.exec(this.text.slice(lineEnd + 1))![0].length;
      const next = this.text[lineEnd + 1 + indent];
      if (indent === before.length && next !== undefined && !/[\s#-]/.test(next))
        return { title, edits: [this.edit(k[0], lineEnd + 1 + indent, '')] };
    }
    return { title, edits: [this.edit(k[0], end, '')] };
  }

  /**
   * A fix that inserts `lines` (already `key: value`) as new entries of a block mapping. A line may
   * span several lines (`key:\n  nested: value`), indented relative to the key.
   */
  insertKeys(map: YNode, lines: string[], title: string): Fix | undefined {
    const point = map.insertionPoint(this.text);
    if (!point) return undefined;
    const eol = this.text.includes('\r\n') ? '\r\n' : '\n';
    let prefix = '';
    if (point.offset === this.text.length && !this.text.endsWith('\n')) prefix = eol;
    const body = lines
      .flatMap((l) => l.split('\n'))
      .map((l) => `${point.indent}${l}${eol}`)
      .join('');
    return { title, edits: [this.edit(point.offset, point.offset, prefix + body)] };
  }
}
