import { LineCounter } from 'yaml';
import type { Position, Range } from './types.js';

/** Maps string offsets of one text to LSP positions. */
export class TextPositions {
  readonly lineCounter: LineCounter;

  constructor(
    readonly text: string,
    lineCounter?: LineCounter,
  ) {
    if (lineCounter) {
      this.lineCounter = lineCounter;
    } else {
      this.lineCounter = new LineCounter();
      this.lineCounter.addNewLine(0);
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
        this.lineCounter.addNewLine(i + 1);
    }
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const { line, col } = this.lineCounter.linePos(clamped);
    return { line: line - 1, character: col - 1 };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  offset(pos: Position): number {
    const starts = this.lineCounter.lineStarts;
    if (pos.line < 0) return 0;
    if (pos.line >= starts.length) return this.text.length;
    const lineStart = starts[pos.line] ?? 0;
    const nextStart = starts[pos.line + 1] ?? this.text.length + 1;
    return Math.min(lineStart + pos.character, nextStart - 1, this.text.length);
  }

  /** The offset range of the line holding `offset`, without its line break. */
  lineBounds(offset: number): [number, number] {
    const start = this.text.lastIndexOf('\n', offset - 1) + 1;
    let end = this.text.indexOf('\n', offset);
    if (end === -1) end = this.text.length;
    if (end > start && this.text[end - 1] === '\r') end--;
    return [start, end];
  }
}
