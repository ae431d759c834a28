/**
 * The subset of JSON Schema draft-07 the field model is turned into (scripts/gen-schema.ts), with the two
 * keywords Red Hat's YAML extension adds: `markdownDescription`, `patternErrorMessage` and `errorMessage`.
 */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $comment?: string;
  title?: string;
  description?: string;
  markdownDescription?: string;
  type?: string | string[];
  const?: string | boolean;
  enum?: Array<string | null>;
  examples?: string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  patternErrorMessage?: string;
  errorMessage?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  definitions?: Record<string, JsonSchema>;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  not?: JsonSchema;
  if?: JsonSchema;
  then?: JsonSchema;
  else?: JsonSchema;
  $ref?: string;
}

const VALUE_TYPES = ['string', 'number', 'boolean', 'object', 'array'];

/** `key` is written with a value (the validators treat `key:` with nothing after it as absent). */
export const present = (key: string): JsonSchema => ({
  required: [key],
  properties: { [key]: { type: VALUE_TYPES, errorMessage: `\`${key}\` needs a value.` } },
});

/** Not written, or written with no value; `message` is what Red Hat's YAML extension shows on the value. */
export const absent = (key: string, message: string): JsonSchema => ({
  properties: { [key]: { type: 'null', errorMessage: message } },
});

/** Exactly one of two keys has a value. */
export const exactlyOne = ([a, b]: readonly [string, string], message: string): JsonSchema => ({
  anyOf: [present(a), present(b)],
  if: present(a),
  then: absent(b, message),
});

/** A rule on a mapping, checked only when the value is a mapping (type errors are reported on their own). */
export const onMap = (schema: JsonSchema): JsonSchema => ({ if: { type: 'object' }, then: schema });
