/** The one list of formats. Adding a format is adding a folder and a line here. */
import type { SloObject } from '../analysis/object.js';
import type { FieldSpec } from '../fields/field-spec.js';
import type { ApiVersion, FormatId, SloFormat } from './format.js';
import { openSloV1 } from './openslo-v1/index.js';
import { openSloV1alpha } from './openslo-v1alpha/index.js';
import { openSloV2alpha } from './openslo-v2alpha/index.js';
import { pyrra } from './pyrra/index.js';
import { sloth } from './sloth/index.js';

/** In the order detection tries them, completion lists them and snippets come. */
export const FORMATS: readonly SloFormat[] = [openSloV1, openSloV1alpha, openSloV2alpha, sloth, pyrra];

const BY_ID = new Map<FormatId, SloFormat>(FORMATS.flatMap((f) => f.ids.map((id) => [id, f] as const)));

/** The format module that reads a format id. */
export function formatOf(id: FormatId): SloFormat {
  return BY_ID.get(id)!;
}

/** The module that reads an object. */
export function formatOfObject(object: SloObject): SloFormat {
  return formatOf(object.format);
}

/** How a format id is named to users: `OpenSLO v1`, `Sloth (prometheus/v1)`. */
export const FORMAT_LABELS = Object.fromEntries(
  FORMATS.flatMap((f) => f.ids.map((id) => [id, f.labels[id]!])),
) as Record<FormatId, string>;

/** Every `apiVersion` (and Sloth `version`) value the formats read. */
export const API_VERSIONS: readonly ApiVersion[] = FORMATS.flatMap((f) => f.apiVersions);

/** The declared shape of an object of a format and kind, or undefined where none is declared. */
export function specFor(id: FormatId, kind: string): FieldSpec | undefined {
  return formatOf(id).specFor(id, kind);
}
