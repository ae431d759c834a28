import { rootSpec as openSloV1Spec } from '../formats/openslo-v1.js';
import { rootSpec as openSloV1alphaSpec } from '../formats/openslo-v1alpha.js';
import { pyrraSpec } from '../formats/pyrra.js';
import { k8sSpec, plainSpec } from '../formats/sloth.js';
import type { FieldSpec } from './field-spec.js';
import type { FormatId } from '../types.js';

/** The declared shape of an object of a format and kind, or undefined where none is declared. */
export function specFor(format: FormatId, kind: string): FieldSpec | undefined {
  switch (format) {
    case 'openslo/v1':
    case 'openslo/v2alpha':
      return openSloV1Spec(kind);
    case 'openslo/v1alpha':
      return openSloV1alphaSpec(kind);
    case 'sloth/v1':
      return plainSpec;
    case 'sloth/k8s':
      return k8sSpec;
    case 'pyrra/v1alpha1':
      return pyrraSpec;
    default:
      return undefined;
  }
}

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
