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

/** An ISO 8601 instant as the preview writes it: `2026-11-07 11:00 UTC`. */
export const date = (iso: string) => iso.replace('T', ' ').replace(/:\d{2}\.\d{3}Z$/, ' UTC');
