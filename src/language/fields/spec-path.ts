import type { FieldSpec } from './field-spec.js';

export { specFor } from '../formats/registry.js';

/** A path step: a mapping key, or `[]` for a sequence item. */
export type PathStep = string;

/** The spec at a path below a root spec: keys descend into fields, `[]` into sequence items. */
export function specAt(root: FieldSpec, path: readonly PathStep[]): FieldSpec | undefined {
  let spec: FieldSpec | undefined = root;
  for (const step of path) {
    if (!spec) return undefined;
    if (step === '[]') spec = spec.items;
    else
      spec =
        spec.fields?.[step] ?? (spec.additional && spec.additional !== 'any' ? spec.additional : undefined);
  }
  return spec;
}

/** Splits a property path (`spec.objectives[0].op`) into steps (`spec`, `objectives`, `[]`, `op`). */
export function pathSteps(path: string): PathStep[] {
  return (path.match(/[^.[\]]+|\[\d*\]/g) ?? []).map((s) => (s.startsWith('[') ? '[]' : s));
}
