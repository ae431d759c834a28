/**
 * The generated OpenSLO v1 schema against the validator it is generated from: each constraint of the field
 * model, broken once in an otherwise valid document, is rejected by a real JSON Schema validator (Ajv,
 * draft-07 as the schema declares) at the same place the validator reports its code; the corpus gets the
 * same verdicts from both; and the old public OpenSLO schema catches nothing ours misses.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldSpec } from '../../src/language/fields/field-spec.js';
import { rootSpec } from '../../src/language/formats/openslo-v1/spec.js';
import { CATALOGUE } from '../../src/language/diagnostics/codes.js';
import { OPENSLO_V1_KINDS } from '../../scripts/gen-schema.js';
import { errorCodes, schema, schemaErrors, yamlDocs } from './schema-ajv.js';
import { BASES, CASES, swap } from './schema-cases.js';

describe('each constraint of the model: the validator and the schema reject the same mistake', () => {
  for (const base of BASES) {
    const name = /name: (\S+)/.exec(base)![1]!;
    test(`the valid base ${name} passes both`, () => {
      assert.deepEqual(errorCodes(base), []);
      assert.deepEqual(schemaErrors(yamlDocs(base)[0]), []);
    });
  }
  for (const [name, c] of Object.entries(CASES)) {
    test(name, () => {
      const text = swap(c.base, c.from, c.to);
      assert.deepEqual(errorCodes(text), [c.code]);
      assert.deepEqual(schemaErrors(yamlDocs(text)[0]), c.schema);
    });
  }
});

/** Every constraint of the OpenSLO v1 model, with the key it sits on. */
interface Found {
  at: string;
  code: string;
  inSchema: boolean;
  beyond: boolean;
}
function constraintsOf(spec: FieldSpec, at: string, out: Found[]): Found[] {
  for (const c of spec.constraints ?? []) {
    const inSchema = c.schema !== undefined || c.fields !== undefined;
    out.push({ at, code: c.code, inSchema, beyond: c.beyondSchema !== undefined });
    for (const [k, f] of Object.entries(c.fields ?? {})) constraintsOf(f, `${at}.${k}`, out);
  }
  for (const [k, f] of Object.entries(spec.fields ?? {})) constraintsOf(f, `${at}.${k}`, out);
  if (spec.items) constraintsOf(spec.items, `${at}[]`, out);
  if (spec.additional && spec.additional !== 'any') constraintsOf(spec.additional, `${at}.*`, out);
  return out;
}

/** Codes the shape itself expresses (checkShape's, and detection's kind), each with a case above. */
const SHAPE_CODES = ['SLO005', 'SLO010', 'SLO011', 'SLO013', 'SLO014'];

/** The OpenSLO v1 errors no keyword of the schema can express. */
const OUTSIDE_SCHEMA: Record<string, string> = {
  SLO001: 'a YAML syntax error: the text is not parsed, so no schema applies',
  SLO002: 'a duplicate key: the YAML parser reports it before any schema applies',
  SLO003:
    'an unsupported apiVersion: the schema lets other apiVersions through, to be mapped onto folders that mix formats',
  SLO004: 'a Sloth version: Sloth files are not described by this schema',
};

const all = OPENSLO_V1_KINDS.flatMap((k) => constraintsOf(rootSpec(k), k, []));
const expressed = new Set(all.filter((c) => c.inSchema).map((c) => c.code));
const described = [...new Set(all.filter((c) => c.beyond).map((c) => c.code))].sort();

test('every code a constraint names has a case above; the rest is said in the description', () => {
  const tested = new Set(Object.values(CASES).map((c) => c.code));
  for (const code of [...expressed, ...SHAPE_CODES]) assert.ok(tested.has(code), `a case of ${code}`);
  for (const code of tested) assert.ok(expressed.has(code) || SHAPE_CODES.includes(code), code);
  assert.deepEqual(described, ['SLO111', 'SLO112', 'SLO501']);
  for (const code of [...described, 'SLO701', 'SLO702']) assert.match(schema.description!, new RegExp(code));
});

test('every error of the general and OpenSLO groups is in the schema, or it says why not', () => {
  const errors = [...CATALOGUE.values()].filter((i) => /^SLO[01]/.test(i.code) && i.severity === 'error');
  const unaccounted = errors
    .map((i) => i.code)
    .filter(
      (c) => !expressed.has(c) && !SHAPE_CODES.includes(c) && !described.includes(c) && !OUTSIDE_SCHEMA[c],
    );
  assert.deepEqual(unaccounted, []);
});
