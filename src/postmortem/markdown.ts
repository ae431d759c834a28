/** Markdown for values users typed: one line, no HTML, no table breaks. */
import { escapeControls } from '../text/escape.js';

/** A value on one line, with `<` and `>` escaped so no HTML gets through. */
export function inline(text: string): string {
  return text
    .split(/[\r\n]+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/[<>]/g, '\\$&');
}

/**
 * A value from a file as Markdown that shows it literally, in running text or in a table cell: on one line, its
 * control characters written as escapes (`\u001b`), and backslashes, code spans, emphasis, links and images
 * (`[`, `]`, `(`, `)`, `!`), HTML (`<`, `>`), entities (`&amp;`), headings (`#`), strikethrough (`~`), table
 * breaks (`|`) and a list or setext marker at its start escaped with a backslash.
 */
export function markdownText(text: string): string {
  const line = text
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return escapeControls(line)
    .replace(/[\\`*_[\]()!<>#|~]/g, '\\$&')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
    .replace(/^[-+=]/, '\\$&')
    .replace(/^(\d+)\./, '$1\\.');
}

/** A value in a table cell: `inline`, and `|` escaped. */
export function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((h) => '-'.repeat(h.length))), ...rows.map(line)].join('\n');
}
