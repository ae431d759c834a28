/**
 * Text from files, templates and servers, made safe to print: a terminal, a CI log or an editor's output
 * channel shows it as written and takes nothing in it for a command.
 */

/**
 * C0 and C1 controls, DEL, line and paragraph separators and the bidirectional overrides and isolates: what a
 * terminal runs (ESC, CSI, OSC), what starts a new line in a log (a forged `::error` annotation) or reorders
 * what is shown.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NOT_C0 = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A control character as the JavaScript escape that writes it: `\n`, `\t`, `\u001b`. */
const visible = (c: string) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `text` on one line with every control character shown as its escape (ESC as `\u001b`, a newline as `\n`),
 * everything else as is: what the process prints of a value it did not write itself.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, visible);
}

/** JSON whose strings hold no raw control character either: C1, separators and bidi marks as `\u` escapes. */
export function safeJson(value: unknown): string {
  // JSON.stringify escapes C0 itself (its own newlines indent); the rest can only be inside strings, where
  // `\uXXXX` reads the same.
  return JSON.stringify(value, null, 2).replace(NOT_C0, visible) + '\n';
}
