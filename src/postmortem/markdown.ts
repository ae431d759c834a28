/** Markdown for values users typed: one line, no HTML, no table breaks. */

/** A value on one line, with `<` and `>` escaped so no HTML gets through. */
export function inline(text: string): string {
  return text
    .split(/[\r\n]+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/[<>]/g, '\\$&');
}

/** A value in a table cell: `inline`, and `|` escaped. */
export function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

export function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((h) => '-'.repeat(h.length))), ...rows.map(line)].join('\n');
}
