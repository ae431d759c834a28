import type { Diagnostic } from '../types.js';

/**
 * A message as plain text: the Problems panel, a squiggle's hover, a terminal and a CI log show it as written, so
 * code in it is quoted “like this” rather than in Markdown backticks.
 */
export function plainText(message: string): string {
  return message.replace(/`([^`]+)`/g, '“$1”');
}

/** The diagnostic with its message, its related places' messages and its fixes' titles as plain text. */
export function plainDiagnostic(d: Diagnostic): Diagnostic {
  const out: Diagnostic = { ...d, message: plainText(d.message) };
  if (d.related) out.related = d.related.map((r) => ({ ...r, message: plainText(r.message) }));
  if (d.fixes) out.fixes = d.fixes.map((f) => ({ ...f, title: plainText(f.title) }));
  return out;
}
