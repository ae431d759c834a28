/** The generated OpenSLO v1 schema and the old public one, compiled by Ajv (draft-07, as both declare). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { analyzeText } from '../../src/language/analysis/analyze.js';
import { openSloV1Schema } from '../../scripts/gen-schema.js';

export const ROOT = path.join(__dirname, '..', '..');
export const schema = openSloV1Schema();

// Red Hat's YAML extension reads these three keywords; to Ajv they are annotations.
const ajv = new Ajv({ allErrors: true, strictTypes: false });
ajv.addVocabulary(['markdownDescription', 'patternErrorMessage', 'errorMessage']);
export const validate = ajv.compile(schema as object);

/** The OpenSLO v1 schema as last published in OpenSLO/OpenSLO (schemas/v1, removed in March 2024). */
export const OLD_SCHEMA_DIR = path.join(ROOT, 'test', 'fixtures', 'real', 'OpenSLO+OpenSLO', 'schemas', 'v1');

const OLD_PARTS: Record<string, string> = {
  SLO: 'slo-spec',
  SLI: 'sli-spec',
  Service: 'service-spec',
  DataSource: 'datasource-spec',
  AlertPolicy: 'alertpolicy-spec',
  AlertCondition: 'alertcondition-spec',
  AlertNotificationTarget: 'alertnotificationtarget-spec',
};

/**
 * The old schema for one kind: its general part and the kind's part, without the `oneOf` over kinds, whose
 * other branches would report every other kind's rules on any mistake.
 */
export function oldSchema(): (kind: string) => ValidateFunction {
  // Not ours to fix: its `additionalItems` without `items` and the like are what was published.
  const old = new Ajv({ allErrors: true, strict: false });
  for (const file of [
    ...readdirSync(path.join(OLD_SCHEMA_DIR, 'parts')).map((f) => path.join('parts', f)),
    'openslo.schema.json',
  ]) {
    old.addSchema(JSON.parse(readFileSync(path.join(OLD_SCHEMA_DIR, file), 'utf8')) as object);
  }
  const base = 'https://openslo.com/schemas/v1/parts';
  const byKind = new Map<string, ValidateFunction>();
  return (kind) => {
    if (!byKind.has(kind)) {
      const part = OLD_PARTS[kind] ?? 'general';
      byKind.set(
        kind,
        old.compile({
          allOf: [{ $ref: `${base}/general.schema.json` }, { $ref: `${base}/${part}.schema.json` }],
        }),
      );
    }
    return byKind.get(kind)!;
  };
}

/** The errors Ajv reports for one JSON value, as `instancePath keyword` (an `if` only says its `then` failed). */
export function schemaErrors(value: unknown, check: ValidateFunction = validate): string[] {
  if (check(value)) return [];
  const errors = (check.errors ?? []) as ErrorObject[];
  return [...new Set(errors.filter((e) => e.keyword !== 'if').map((e) => `${e.instancePath} ${e.keyword}`))];
}

/** The codes of the errors our validator reports for a text (severity error: what upstream rejects). */
export function errorCodes(text: string, file = 'slo.yaml'): string[] {
  const codes = analyzeText(file, text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.code);
  return [...new Set(codes)];
}

/** Each YAML document of a text (JSON is YAML) as JSON data. */
export const yamlDocs = (text: string): unknown[] => parseAllDocuments(text).map((d) => d.toJS() as unknown);
