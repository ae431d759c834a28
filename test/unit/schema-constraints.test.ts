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

test('every code a constraint names has a case above; the rest is said in the description', () => {
  const all = OPENSLO_V1_KINDS.flatMap((k) => constraintsOf(rootSpec(k), k, []));
  const expressed = new Set(all.filter((c) => c.inSchema).map((c) => c.code));
  const tested = new Set(Object.values(CASES).map((c) => c.code));
  assert.deepEqual([...expressed].sort(), [...tested].filter((c) => c !== 'SLO010').sort());
  const described = [...new Set(all.filter((c) => c.beyond).map((c) => c.code))].sort();
  assert.deepEqual(described, ['SLO111', 'SLO112', 'SLO501']);
  for (const code of ['SLO111', 'SLO112', 'SLO501', 'SLO701', 'SLO702'])
    assert.match(schema.description!, new RegExp(code));
});
