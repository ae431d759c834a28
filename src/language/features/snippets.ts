/** Whole documents of each format, as LSP snippets (`${1:default}` placeholders), in registry order. */
import { FORMATS } from '../formats/registry.js';
import type { DocumentSnippet } from '../formats/format.js';

export type { DocumentSnippet };

export const DOCUMENT_SNIPPETS: DocumentSnippet[] = FORMATS.flatMap((f) => f.snippets);

/** A snippet with every placeholder replaced by its default: the text a user gets by pressing Tab through. */
export function expandSnippet(body: string): string {
  let out = body;
  for (let i = 0; i < 5; i++) {
    out = out
      .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
      .replace(/\$\{\d+:((?:[^{}]|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})*)\}/g, '$1');
  }
  return out.replace(/\$\d+/g, '');
}
