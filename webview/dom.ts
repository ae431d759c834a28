// What every part of the preview builds its page with: elements whose strings are text, never HTML, and dates.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

/**
 * A sentence whose `code` spans (setting names, queries, commands) are set as code instead of showing their
 * backticks: the strings stay text, never HTML.
 */
export function prose(text: string): Array<Node | string> {
  return text.split(/`([^`\n]+)`/).map((part, i) => (i % 2 ? el('code', {}, part) : part));
}

/** An ISO 8601 instant as the preview writes it: `2026-11-07 11:00 UTC`. */
export const date = (iso: string) => iso.replace('T', ' ').replace(/:\d{2}\.\d{3}Z$/, ' UTC');

/** A figure with the formula that produced it, shown on hover and read by screen readers. */
export function tile(label: string, value: string, formula: string): HTMLElement {
  return el(
    'div',
    { class: 'tile', title: formula, role: 'group', 'aria-label': `${label}: ${value}. ${formula}` },
    el('div', { class: 'label' }, label),
    el('div', { class: 'value' }, value),
  );
}

/** A share of the budget, to a tenth of a percent. */
export const share = (x: number) => `${(x * 100).toFixed(1)} %`;

/** A number of slices, which the budget may allow in fractions (40.32 one-minute slices). */
export const sliceCount = (n: number) => String(Number(n.toPrecision(6)));

/**
 * A vscode-textfield's name on the input inside it, where screen readers read it: the element's aria-label (a
 * <label> around the element does not reach into its shadow root).
 */
export function named(field: HTMLElement): HTMLElement {
  (field as unknown as { label: string }).label = field.getAttribute('aria-label') ?? '';
  return field;
}
