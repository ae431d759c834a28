import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  COMPLETION_SCHEMA_FILE,
  completionOnly,
  OPENSLO_V1_KINDS,
  SCHEMA_FILE,
  openSloV1Schema,
  writeSchema,
  type JsonSchema,
} from '../../scripts/gen-schema.js';
import { CASES, swap } from './schema-cases.js';

const ROOT = path.join(__dirname, '..', '..');
const schema = openSloV1Schema();
const defs = schema.definitions!;
const props = (s: JsonSchema | undefined): Record<string, JsonSchema> => s?.properties ?? {};

test('draft-07, one definition per kind, selected by apiVersion and kind', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.deepEqual(Object.keys(defs).sort(), [...OPENSLO_V1_KINDS, 'object'].sort());
  const gate = defs.object!.allOf![0]!;
  assert.deepEqual(gate.if, {
    properties: { apiVersion: { const: 'openslo/v1' } },
    required: ['apiVersion'],
  });
  assert.deepEqual(gate.then!.properties!.kind!.enum, [...OPENSLO_V1_KINDS]);
  assert.deepEqual(
    gate.then!.allOf!.map((b) => [b.if!.properties!.kind!.const, b.then!.$ref]),
    OPENSLO_V1_KINDS.map((k) => [k, `#/definitions/${k}`]),
  );
  for (const k of OPENSLO_V1_KINDS) assert.equal(props(defs[k]).kind!.const, k);
});

test('SLO: the facts of the model', () => {
  const slo = defs.SLO!;
  assert.deepEqual(slo.required, ['apiVersion', 'kind', 'metadata', 'spec']);
  assert.equal(slo.additionalProperties, false);
  const metadata = props(slo).metadata!;
  assert.deepEqual(metadata.required, ['name']);
  assert.equal(props(metadata).name!.type, 'string');
  // Labels: strings or lists of strings; annotations typed through `additional`.
  assert.deepEqual(props(metadata).labels!.additionalProperties, {
    type: ['string', 'array', 'null'],
    items: { type: ['string', 'null'] },
  });
  assert.deepEqual(props(metadata).annotations!.additionalProperties, {
    type: ['string', 'null'],
    description: 'An annotation value.',
    markdownDescription: 'An annotation value.',
  });
  const spec = props(slo).spec!;
  assert.equal(spec.type, 'object');
  assert.equal(spec.additionalProperties, false);
  assert.deepEqual(spec.required, ['service', 'budgetingMethod', 'timeWindow']);
  const budgeting = props(spec).budgetingMethod!;
  assert.equal(budgeting.type, 'string');
  assert.deepEqual(budgeting.enum, ['Occurrences', 'Timeslices', 'RatioTimeslices']);
  assert.match(budgeting.description!, /error budget/);
  // Optional keys may be written with no value, as the checker accepts.
  assert.deepEqual(props(spec).objectives!.type, ['array', 'null']);
  const objective = props(spec).objectives!.items!;
  assert.equal(objective.additionalProperties, false);
  assert.deepEqual(props(objective).target!.type, ['number', 'null']);
  assert.deepEqual(props(objective).op!.enum, ['lte', 'gte', 'lt', 'gt', null]);
  assert.deepEqual(props(props(spec).timeWindow!.items).duration!.type, 'string');
});

test('other kinds: spec required only where the model says so', () => {
  assert.deepEqual(defs.Service!.required, ['apiVersion', 'kind', 'metadata']);
  assert.deepEqual(defs.AlertCondition!.required, ['apiVersion', 'kind', 'metadata', 'spec']);
  const details = props(props(defs.DataSource).spec).connectionDetails!;
  assert.equal(details.type, 'object');
  assert.equal(details.additionalProperties, undefined, 'free-form');
});

test('writeSchema writes the schema; package.json points the YAML extension at it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-schema-'));
  try {
    const file = writeSchema(path.join(dir, 'schemas', 'openslo-v1.schema.json'));
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), schema);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const [validation] = pkg.contributes.yamlValidation;
  assert.equal(path.resolve(ROOT, validation.url), COMPLETION_SCHEMA_FILE);
  assert.match(readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
});

// yaml-language-server (a devDependency, for the bench) is the JSON Schema validator the YAML extension runs.
test('yaml-language-server: real files validate, a wrong budgetingMethod does not', async () => {
  const { getLanguageService } = await import('yaml-language-server');
  const service = getLanguageService({
    schemaRequestService: (uri) => Promise.reject(new Error(`unexpected schema request ${uri}`)),
    workspaceContext: { resolveRelativePath: (p) => p },
  });
  service.configure({
    validate: true,
    schemas: [{ uri: pathToFileURL(SCHEMA_FILE).href, fileMatch: ['*.yaml'], schema: schema as never }],
  });
  const validate = (file: string, text = readFileSync(path.join(ROOT, file), 'utf8')) =>
    service.doValidation(
      TextDocument.create(pathToFileURL(path.join(ROOT, file)).href, 'yaml', 1, text),
      false,
    );

  for (const file of ['examples/slos/checkout-slos.yaml', 'examples/slos/alerting.yaml']) {
    assert.deepEqual(await validate(file), [], file);
  }
  const wrong = readFileSync(path.join(ROOT, 'examples/slos/checkout-slos.yaml'), 'utf8').replace(
    'budgetingMethod: Occurrences',
    'budgetingMethod: Foo',
  );
  const diagnostics = await validate('examples/slos/wrong.yaml', wrong);
  assert.deepEqual(
    diagnostics.map((d) => [d.range.start.line + 1, d.message]),
    [[12, 'Value is not accepted. Valid values: "Occurrences", "Timeslices", "RatioTimeslices".']],
  );
  // Other formats in the same folders are not checked.
  assert.deepEqual(await validate('examples/sloth/payments-api.yaml'), []);
  assert.deepEqual(await validate('examples/pyrra/search-latency.yaml'), []);
});

test('the contributed schema offers completion and hover, and reports nothing (no double diagnostics)', async () => {
  const { getLanguageService } = await import('yaml-language-server');
  const completionSchema = completionOnly(schema);
  const service = getLanguageService({
    schemaRequestService: (uri) => Promise.reject(new Error(`unexpected schema request ${uri}`)),
    workspaceContext: { resolveRelativePath: (p) => p },
  });
  service.configure({
    validate: true,
    completion: true,
    hover: true,
    schemas: [
      {
        uri: pathToFileURL(COMPLETION_SCHEMA_FILE).href,
        fileMatch: ['*.yaml'],
        schema: completionSchema as never,
      },
    ],
  });
  const text = readFileSync(path.join(ROOT, 'examples/mistakes.yaml'), 'utf8').split('---')[0]!;
  const doc = TextDocument.create(pathToFileURL(path.join(ROOT, 'slos/x.yaml')).href, 'yaml', 1, text);
  assert.deepEqual(await service.doValidation(doc, false), []);
  // Not one keyword that rejects a value, anywhere: every mistake of the full schema's tests passes.
  const keywords = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, child] of Object.entries(v)) {
        keywords.add(k);
        // An `if` only selects what follows it: it reports nothing.
        if (k !== 'if' && k !== 'properties' && k !== 'definitions') walk(child);
        if (k === 'properties' || k === 'definitions') Object.values(child as object).forEach(walk);
      }
  };
  // A fresh copy: yaml-language-server annotates the schema objects it is given.
  walk(completionOnly(openSloV1Schema()));
  assert.deepEqual([...keywords].sort(), [
    '$comment',
    '$id',
    '$ref',
    '$schema',
    'additionalProperties',
    'allOf',
    'definitions',
    'description',
    'else',
    'examples',
    'if',
    'items',
    'markdownDescription',
    'properties',
    'then',
    'title',
  ]);
  for (const [name, c] of Object.entries(CASES)) {
    const broken = TextDocument.create(
      pathToFileURL(path.join(ROOT, 'slos/y.yaml')).href,
      'yaml',
      1,
      swap(c.base, c.from, c.to),
    );
    assert.deepEqual(await service.doValidation(broken, false), [], name);
  }
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith('  budgetingMethod:'));
  const list = await service.doComplete(doc, { line, character: lines[line]!.length }, false);
  assert.deepEqual(list.items.map((i) => i.label).sort(), ['Occurrences', 'RatioTimeslices', 'Timeslices']);
  const hover = await service.doHover(doc, { line, character: 4 });
  assert.match(JSON.stringify(hover?.contents), /How the error budget is counted/);
});
