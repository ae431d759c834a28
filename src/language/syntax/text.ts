import type { Position, Range } from '../types.js';

/**
 * Maps string offsets of one text to LSP positions. Lines end at `\r\n`, `\r` or `\n`, as the protocol
 * defines them (and as the server's text documents apply edits), whatever YAML makes of a lone `\r`.
 */
export class TextPositions {
  /** Offset at which each line starts. */
  readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** The line holding an offset (a line break belongs to the line it ends). */
  private lineAt(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Where a line's text ends, before its line break. */
  private contentEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.text.length;
    return next - (next >= 2 && this.text[next - 2] === '\r' && this.text[next - 1] === '\n' ? 2 : 1);
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    // Inside a line break (between the `\r` and the `\n` of a CRLF) is no position a client can show.
    return { line, character: Math.min(clamped, this.contentEnd(line)) - this.lineStarts[line]! };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** The offset of a position, clamped to the text and to the line's text (before its line break). */
  offset(pos: Position): number {
    const starts = this.lineStarts;
    if (pos.line < 0) return 0;
    if (pos.line >= starts.length) return this.text.length;
    const lineStart = starts[pos.line]!;
    return Math.min(lineStart + Math.max(0, pos.character), this.contentEnd(pos.line));
  }

  /** The offset range of the line holding `offset`, without its line break. */
  lineBounds(offset: number): [number, number] {
    const line = this.lineAt(Math.max(0, Math.min(offset, this.text.length)));
    return [this.lineStarts[line]!, this.contentEnd(line)];
  }
}
