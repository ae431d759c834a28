/**
 * The generated OpenSLO v1 schema on real files: the corpus's verdicts under Ajv, a comparison with the old
 * public OpenSLO schema, and what a user of Red Hat's YAML extension (yaml-language-server) sees with it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { stringify } from 'yaml';
import { SCHEMA_FILE } from '../../scripts/gen-schema.js';
import { errorCodes, oldSchema, ROOT, schema, schemaErrors, yamlDocs } from './schema-ajv.js';
import { BASES, CASES, swap } from './schema-cases.js';

const CORPUS = path.join(ROOT, 'test', 'fixtures', 'corpus');
const read = (p: string) => readFileSync(path.join(CORPUS, p), 'utf8');

interface Row {
  path: string;
  format: string;
  expected: string;
  notes: string;
}
const rows: Row[] = read('INDEX.tsv')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [p, , format, expected, , , , notes] = line.split('\t');
    return { path: p!, format: format!, expected: expected!, notes: notes ?? '' };
  });

/** As test/unit/corpus.test.ts: a CONFLICT row follows today's validator, which rejects the file. */
const verdict = (row: Row) =>
  row.path.endsWith('/bad-openslo.yaml')
    ? 'valid'
    : row.notes.includes('CONFLICT')
      ? 'invalid'
      : row.expected;

/** Ajv's errors for each document of a file that has any: `document index: instancePath keyword`. */
function fileErrors(text: string): string[] {
  return yamlDocs(text).flatMap((doc, i) => schemaErrors(doc).map((e) => `${i}: ${e}`));
}

/** The invalid files of the corpus the schema rejects, where and by which keyword. */
const REJECTED: Record<string, string[]> = {
  // CONFLICT rows: the spec's examples put `op: gt` on an inline ratio SLI, which go-sdk forbids.
  'OpenSLO+OpenSLO/examples/budgeting-method/ratio-timeslices.yaml': ['0: /spec/objectives/0/op type'],
  'OpenSLO+OpenSLO/examples/budgeting-method/timeslices-slo.yaml': ['0: /spec/objectives/0/op type'],
  'OpenSLO+OpenSLO/examples/treat-low-traffic-as-equally-important/timeslices-slo.yaml': [
    '0: /spec/objectives/0/op type',
  ],
  // `name: example service`: not an RFC 1123 label.
  'OpenSLO+oslo/test/inputs/validate/mix/2.yaml': ['0: /0/metadata/name pattern'],
  'OpenSLO+oslo/test/inputs/validate/recursive/1.yaml': ['0: /0/metadata/name pattern'],
  // `markdown` is not a key of a Service's spec, and the name has a space.
  'OpenSLO+oslo/test/inputs/validate/unknown-field.yaml': [
    '0: /metadata/name pattern',
    '0: /spec additionalProperties',
  ],
  // The SLO's `op` with a ratio SLI, the third object's name (its time zone is fine: oslo's test image lacked tzdata).
  'OpenSLO+oslo/test/inputs/validate/v1.yaml': [
    '0: /0/spec/objectives/0/op type',
    '0: /2/metadata/name pattern',
  ],
};

/**
 * The invalid files the schema lets through, by format, and why. The schema describes OpenSLO v1 objects and
 * passes any other apiVersion, so that it can be mapped onto folders that mix formats.
 */
const BEYOND_SCHEMA: Record<string, string> = {
  'openslo-v1alpha': 'OpenSLO v1alpha, not described by this schema',
  'other:openslo-v2alpha': 'OpenSLO v2alpha, not described by this schema',
  'other:unknown-apiVersion(foo)':
    'apiVersion `foo` is no OpenSLO version; other apiVersions pass the schema',
  'sloth-prometheus-v1': 'a Sloth file, not described by this schema',
  'sloth-k8s-v1': 'a Sloth file, not described by this schema',
  'other:sloth-unknown-version(prometheus/v999)': 'a Sloth file, not described by this schema',
  'pyrra-v1alpha1': 'a Pyrra file, not described by this schema',
};

describe('the corpus under Ajv', () => {
  for (const row of rows) {
    test(`${verdict(row)}: ${row.path}`, () => {
      const errors = fileErrors(read(row.path));
      if (verdict(row) === 'valid') assert.deepEqual(errors, []);
      else if (row.format === 'openslo-v1') assert.deepEqual(errors, REJECTED[row.path]);
      else {
        assert.deepEqual(errors, []);
        assert.ok(BEYOND_SCHEMA[row.format], `why the schema cannot reject ${row.path}`);
      }
    });
  }

  test('every OpenSLO v1 file the validator rejects, the schema rejects', () => {
    const v1 = rows.filter((r) => r.format === 'openslo-v1' && verdict(r) === 'invalid').map((r) => r.path);
    assert.deepEqual(v1.sort(), Object.keys(REJECTED).sort());
    for (const p of v1) assert.notDeepEqual(errorCodes(read(p), p), [], p);
  });
});

/** Each OpenSLO v1 object: the corpus's, the valid bases and the broken ones of schema-cases.ts. */
function objects(): Array<{ label: string; object: { kind?: string }; base?: { kind?: string } }> {
  const out: Array<{ label: string; object: { kind?: string }; base?: { kind?: string } }> = [];
  for (const row of rows) {
    yamlDocs(read(row.path))
      .flatMap((d) => (Array.isArray(d) ? (d as unknown[]) : [d]))
      .filter((o) => (o as { apiVersion?: string } | null)?.apiVersion === 'openslo/v1')
      .forEach((o, i) => out.push({ label: `${row.path} #${i}`, object: o as { kind?: string } }));
  }
  for (const base of BASES)
    out.push({ label: `valid ${/name: (\S+)/.exec(base)![1]}`, object: yamlDocs(base)[0]! });
  for (const [name, c] of Object.entries(CASES)) {
    const object = yamlDocs(swap(c.base, c.from, c.to))[0] as { kind?: string };
    out.push({ label: name, object, base: yamlDocs(c.base)[0] as { kind?: string } });
  }
  return out;
}

describe('the old public OpenSLO v1 schema (OpenSLO/OpenSLO schemas/v1) catches nothing this one misses', () => {
  const old = oldSchema();
  const oldErrors = (o: { kind?: string }) => schemaErrors(o, old(o.kind ?? ''));
  const all = objects();

  test('every object it rejects that the validator rejects too, this schema rejects', () => {
    const caught = all.filter(
      ({ object }) => oldErrors(object).length && errorCodes(stringify(object)).length,
    );
    // 7 objects of the corpus and 35 broken ones of schema-cases.ts.
    assert.equal(caught.length, 42);
    for (const { label, object } of caught) assert.notDeepEqual(schemaErrors(object), [], label);
  });

  test('at the same place: each error a mistake adds under the old schema, this one reports there or below', () => {
    let mistakes = 0;
    for (const { label, object, base } of all.filter((o) => o.base)) {
      const before = new Set(oldErrors(base!));
      const added = oldErrors(object).filter((e) => !before.has(e) && !/ (oneOf|anyOf)$/.test(e));
      if (added.length) mistakes++;
      const ours = schemaErrors(object).map((e) => e.split(' ')[0]!);
      for (const e of added) {
        const at = e.split(' ')[0]!;
        assert.ok(
          ours.some((p) => p === at || p.startsWith(`${at}/`)),
          `${label}: the old schema reports ${e}, this one ${JSON.stringify(ours)}`,
        );
      }
    }
    // Of the 44 mistakes of schema-cases.ts, the old schema sees 24; this one sees all of them.
    assert.equal(mistakes, 24);
  });

  test('what it rejects that go-sdk accepts, this schema accepts', () => {
    const wrong = all
      .filter(({ object }) => oldErrors(object).length && !errorCodes(stringify(object)).length)
      .map(({ label, object }) => [label, oldErrors(object)]);
    assert.deepEqual(wrong, [
      // `alertPolicies:` written with no value.
      ['OpenSLO+OpenSLO/examples/budgeting-method/occurences-slo.yaml #0', ['/spec/alertPolicies type']],
      // A Service without `spec`.
      ['OpenSLO+oslo/internal/files/testdata/format/list-of-services.yaml #0', [' required']],
      ['OpenSLO+oslo/internal/files/testdata/format/list-of-services.yaml #1', [' required']],
      ['OpenSLO+oslo/internal/files/testdata/format/two-documents.yaml #0', [' required']],
      ['OpenSLO+oslo/internal/files/testdata/format/two-documents.yaml #1', [' required']],
      ['OpenSLO+oslo/internal/files/testdata/format/two-documents.yaml #2', [' required']],
      // RatioTimeslices, `targetPercent`, per-objective indicators, `alertPolicyRef`: newer than that schema.
      [
        'valid checkout-composite',
        [
          '/spec required',
          '/spec oneOf',
          '/spec/budgetingMethod enum',
          '/spec/objectives/0 required',
          '/spec/alertPolicies/0 type',
        ],
      ],
      // A `raw` ratio metric, and no `counter`.
      ['valid checkout-success', ['/spec/ratioMetric required', '/spec/ratioMetric oneOf']],
      // alertWhenNoData, alertWhenResolved and alertWhenBreaching are optional.
      ['valid checkout-burn', ['/spec required']],
    ]);
    for (const [label] of wrong) {
      const { object } = all.find((o) => o.label === label)!;
      assert.deepEqual(schemaErrors(object), [], String(label));
    }
  });
});

// What a user of Red Hat's YAML extension sees with the schema mapped onto their files.
describe('yaml-language-server with the schema', () => {
  const validation = (async () => {
    const { getLanguageService } = await import('yaml-language-server');
    const service = getLanguageService({
      schemaRequestService: (uri) => Promise.reject(new Error(`unexpected schema request ${uri}`)),
      workspaceContext: { resolveRelativePath: (p) => p },
    });
    service.configure({
      validate: true,
      // A copy: yaml-language-server annotates the schema objects it is given.
      schemas: [
        {
          uri: pathToFileURL(SCHEMA_FILE).href,
          fileMatch: ['*.yaml'],
          schema: structuredClone(schema) as never,
        },
      ],
    });
    return async (name: string, text: string) =>
      (
        await service.doValidation(
          TextDocument.create(pathToFileURL(path.join(ROOT, 'slos', name)).href, 'yaml', 1, text),
          false,
        )
      ).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
  })();

  test('the example with mistakes: its OpenSLO document', async () => {
    const validate = await validation;
    const text = readFileSync(path.join(ROOT, 'examples', 'mistakes.yaml'), 'utf8');
    assert.deepEqual(await validate('mistakes.yaml', text), [
      '5:9 Use lower-case letters, digits and `-`, starting and ending with a letter or digit (an RFC 1123 label).',
      '9:20 Value is not accepted. Valid values: "Occurrences", "Timeslices", "RatioTimeslices".',
      '14:20 The layout is `2006-01-02 15:04:05`: no `T`, no zone (the zone goes in `timeZone`).',
      '17:15 Value is above the exclusive maximum of 1.',
    ]);
  });

  test("oslo's invalid v1 file: the forbidden `op` and the name", async () => {
    const validate = await validation;
    assert.deepEqual(await validate('v1.yaml', read('OpenSLO+oslo/test/inputs/validate/v1.yaml')), [
      '40:13 `op` is forbidden with a ratio SLI (there is no threshold to compare with): remove it.',
      '59:11 Use lower-case letters, digits and `-`, starting and ending with a letter or digit (an RFC 1123 label).',
    ]);
  });

  test('more mistakes, each where it is written', async () => {
    const validate = await validation;
    const messages: Record<string, string[]> = {};
    for (const name of [
      'targetPercent: 100',
      'timeSliceTarget: 0',
      'a name of 64 characters',
      'duration: 28 days',
      'two time windows',
      'a rolling window with a calendar',
      'target and targetPercent',
      'a label key with a space',
      'empty connectionDetails',
    ]) {
      const c = CASES[name]!;
      messages[name] = await validate(`${name.replace(/\W+/g, '-')}.yaml`, swap(c.base, c.from, c.to));
    }
    assert.deepEqual(messages, {
      'targetPercent: 100': ['13:22 Value is above the exclusive maximum of 100.'],
      'timeSliceTarget: 0': ['28:24 Value is below the exclusive minimum of 0.'],
      'a name of 64 characters': ['4:9 String is longer than the maximum length of 63.'],
      'duration: 28 days': [
        '32:17 An OpenSLO duration: a whole number and one unit, m (minutes), h, d, w, M (months), Q or Y, e.g. `28d` or `1M`.',
      ],
      'two time windows': ['32:5 Array has too many items. Expected 1 or fewer.'],
      'a rolling window with a calendar': [
        '22:9 A rolling window (`isRolling: true`) has no calendar: remove `calendar`, or set `isRolling: false` for calendar-aligned periods.',
      ],
      'target and targetPercent': [
        '37:22 Give `target` (a ratio, 0.999) or `targetPercent` (a percentage, 99.9), not both: remove one.',
      ],
      'a label key with a space': [
        '8:5 A label key is 1 to 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit.',
      ],
      'empty connectionDetails': ['7:22 Object has fewer properties than the required number of 1'],
    });
  });

  test('an empty document after a trailing `---`, and an empty file, are fine', async () => {
    const validate = await validation;
    const service = 'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: checkout\n';
    assert.deepEqual(await validate('trailing.yaml', `${service}---\n`), []);
    assert.deepEqual(await validate('empty.yaml', ''), []);
    assert.deepEqual(schemaErrors(null), []);
  });
});
