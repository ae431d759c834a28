// Generates schemas/openslo-v1.schema.json (JSON Schema draft-07) from the OpenSLO v1 field model, with the
// constraints of its validator, and schemas/openslo-v1.completion.schema.json (documentation only) for Red
// Hat's YAML extension (`contributes.yamlValidation`). Run by `npm run build`, or on its own:
// `node --import tsx scripts/gen-schema.ts`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FieldSpec, SchemaConstraint, ValueType } from '../src/language/fields/field-spec.js';
import { onMap, type JsonSchema } from '../src/language/fields/json-schema.js';
import { OPENSLO_V1_KINDS } from '../src/language/formats/detect.js';
import { rootSpec } from '../src/language/formats/openslo-v1/spec.js';

/** The OpenSLO v1 kinds, each with its own spec in the model. */
export { OPENSLO_V1_KINDS };

export const SCHEMA_FILE = path.join(__dirname, '..', 'schemas', 'openslo-v1.schema.json');

export type { JsonSchema };

const JSON_TYPES: Record<ValueType, string> = {
  string: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  map: 'object',
  seq: 'array',
};

/**
 * Converts one FieldSpec, recursively. `nullable`: the key may be written with no value, which checkShape
 * accepts everywhere but for required keys (an empty required key is SLO010).
 */
export function fieldSpecToSchema(spec: FieldSpec, nullable = false): JsonSchema {
  const types = (Array.isArray(spec.type) ? spec.type : [spec.type]) as readonly ValueType[];
  const jsonTypes = [...new Set(types.map((t) => JSON_TYPES[t]))];
  if (nullable) jsonTypes.push('null');
  const out: JsonSchema = { type: jsonTypes.length === 1 ? jsonTypes[0]! : jsonTypes };
  if (spec.doc) {
    out.description = spec.doc;
    // Red Hat's YAML extension renders this one as Markdown (the docs use `code` spans).
    out.markdownDescription = spec.doc;
  }
  if (spec.enum) out.enum = nullable ? [...spec.enum, null] : [...spec.enum];
  if (types.includes('map')) {
    const fields = Object.entries(spec.fields ?? {});
    if (fields.length) {
      out.properties = Object.fromEntries(fields.map(([k, f]) => [k, fieldSpecToSchema(f, !f.required)]));
      const required = fields.filter(([, f]) => f.required).map(([k]) => k);
      if (required.length) out.required = required;
    }
    // As checkShape: a mapping without `additional` accepts only its known keys.
    if (spec.additional === undefined) out.additionalProperties = false;
    else if (spec.additional !== 'any') out.additionalProperties = fieldSpecToSchema(spec.additional, true);
  }
  if (types.includes('seq') && spec.items) out.items = fieldSpecToSchema(spec.items);
  for (const constraint of spec.constraints ?? []) addConstraint(out, constraint, nullable);
  return out;
}

const COMBINATORS = ['allOf', 'anyOf', 'oneOf', 'not', 'if'] as const;

/**
 * Adds one rule of the validator: its keywords, beside the others or, where a keyword is already taken, in
 * `allOf`. A combinator on a key that may be empty applies to a mapping only (null passes, as in checkShape).
 */
function addConstraint(out: JsonSchema, constraint: SchemaConstraint, nullable: boolean): void {
  for (const [key, field] of Object.entries(constraint.fields ?? {})) {
    out.properties = { ...out.properties, [key]: fieldSpecToSchema(field, !field.required) };
  }
  if (constraint.beyondSchema) {
    const note = `Not checked by this schema: ${constraint.beyondSchema} (${constraint.code}).`;
    out.description = out.description ? `${out.description} ${note}` : note;
    out.markdownDescription = out.description;
  }
  if (!constraint.schema) return;
  // A copy: the model's constraint objects are shared, and schema consumers may annotate what they are given.
  const own = structuredClone(constraint.schema);
  const schema = nullable && COMBINATORS.some((k) => k in own) ? onMap(own) : own;
  if (Object.keys(schema).some((k) => k in out)) out.allOf = [...(out.allOf ?? []), schema];
  else Object.assign(out, schema);
}

/** The envelope of every object: what completion offers before `kind` is known. */
function envelope(): Record<string, JsonSchema> {
  const { apiVersion, kind } = rootSpec('SLO').fields!;
  // Examples, not enums: documents of other formats (Sloth, Pyrra, other OpenSLO versions) pass.
  return {
    apiVersion: { ...fieldSpecToSchema(apiVersion!), examples: ['openslo/v1'] },
    kind: { ...fieldSpecToSchema(kind!), examples: [...OPENSLO_V1_KINDS] },
  };
}

const DESCRIPTION =
  'An OpenSLO v1 object, or a list of them; an empty document is accepted. It checks what one object can say ' +
  "about itself, as Team SRE's validator does: names, ranges, lengths, counts, durations, enums, required and " +
  'unknown keys, and which keys go together. It cannot check what needs other files or a parser: that ' +
  'references (`indicatorRef`, `alertPolicyRef`, `conditionRef`, `targetRef`, `metricSourceRef`, ' +
  '`spec.service`) name an object that exists (SLO701), that names are unique per kind (SLO702), that queries ' +
  'parse (SLO501), that a time zone exists (SLO112) and that a calendar date exists (SLO111).';

/**
 * The whole schema. A document is one object or, as oslo also reads, a list of objects. An object with
 * `apiVersion: openslo/v1` must have a known `kind`, and then matches that kind's spec
 * (`#/definitions/<kind>`); objects with another apiVersion are not checked.
 */
export function openSloV1Schema(): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  for (const kind of OPENSLO_V1_KINDS) {
    const root = fieldSpecToSchema(rootSpec(kind));
    root.properties!.apiVersion = { ...root.properties!.apiVersion, const: 'openslo/v1' };
    root.properties!.kind = { ...root.properties!.kind, const: kind };
    definitions[kind] = root;
  }
  definitions.object = {
    type: 'object',
    properties: envelope(),
    allOf: [
      {
        if: { properties: { apiVersion: { const: 'openslo/v1' } }, required: ['apiVersion'] },
        then: {
          required: ['kind'],
          properties: { kind: { enum: [...OPENSLO_V1_KINDS] } },
          allOf: OPENSLO_V1_KINDS.map((k) => ({
            if: { properties: { kind: { const: k } }, required: ['kind'] },
            then: { $ref: `#/definitions/${k}` },
          })),
        },
      },
    ],
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/team-sre/team-sre/schemas/openslo-v1.schema.json',
    $comment: 'Generated by scripts/gen-schema.ts from src/language/formats/openslo-v1/spec.ts: do not edit.',
    title: 'OpenSLO v1',
    description: DESCRIPTION,
    type: ['object', 'array', 'null'],
    properties: envelope(),
    allOf: [{ if: { type: 'object' }, then: { $ref: '#/definitions/object' } }],
    items: { $ref: '#/definitions/object' },
    definitions,
  };
}

export const COMPLETION_SCHEMA_FILE = path.join(
  __dirname,
  '..',
  'schemas',
  'openslo-v1.completion.schema.json',
);

/** The keywords that reject a value: none of them is in the completion schema. */
const CONSTRAINT_KEYWORDS = new Set<keyof JsonSchema>([
  'required',
  'type',
  'pattern',
  'patternErrorMessage',
  'errorMessage',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'minProperties',
  'propertyNames',
  'anyOf',
  'oneOf',
  'not',
]);

/**
 * The same schema without a single constraint: documentation and suggestions only. This is the one the
 * extension contributes to Red Hat's YAML extension, so a file never gets the same mistake reported twice
 * (the Team SRE server reports it, with a better message).
 */
export function completionOnly(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema) as Array<[keyof JsonSchema, unknown]>) {
    if (CONSTRAINT_KEYWORDS.has(key)) continue;
    if (key === 'additionalProperties' && typeof value === 'boolean') continue;
    if (key === 'enum') {
      out.examples = (value as Array<string | null>).filter((v): v is string => v !== null);
      continue;
    }
    if (key === 'const') {
      out.examples = [value as string];
      continue;
    }
    if (key === 'properties' || key === 'definitions') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, completionOnly(v)]),
      );
    } else if (key === 'allOf') {
      out.allOf = (value as JsonSchema[]).map((v) => ({
        ...completionOnly(v),
        ...(v.if ? { if: v.if } : {}),
      }));
    } else if (key === 'if') {
      out.if = value as JsonSchema;
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      (out as Record<string, unknown>)[key] = completionOnly(value as JsonSchema);
    } else {
      (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

export function writeSchema(file = SCHEMA_FILE, completionFile = COMPLETION_SCHEMA_FILE): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const schema = openSloV1Schema();
  writeFileSync(file, JSON.stringify(schema, null, 2) + '\n');
  writeFileSync(
    completionFile,
    JSON.stringify(
      { ...completionOnly(schema), $id: schema.$id!.replace('.schema.json', '.completion.schema.json') },
      null,
      2,
    ) + '\n',
  );
  return file;
}

if (require.main === module) {
  const file = writeSchema();
  console.log(`${path.relative(process.cwd(), file)}: OpenSLO v1 schema, ${OPENSLO_V1_KINDS.length} kinds`);
}
