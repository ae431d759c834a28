// Property-based tests of sizes: wide mappings (thousands of keys, tens of thousands under `npm run fuzz`)
// and deep flow collections, in SLO documents and in someone else's YAML; and the token scan that skips
// someone else's YAML, against detection on the composed documents. Fixed seed (see fuzzParameters).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';
import { analyzeText } from '../../src/language/analysis/analyze.js';
import { claimsSloFormat, SLO_TEXT_HINT } from '../../src/language/formats/detect.js';
import { mayHoldSloObject } from '../../src/language/formats/prescan.js';
import { blankTemplates, templateActions } from '../../src/language/syntax/templates.js';
import { YNode } from '../../src/language/syntax/node.js';
import {
  checkProperty,
  fileArb,
  fuzzParameters,
  mutatedFileArb,
  mutate,
  mutationArb,
} from './property-documents.js';

/** The heavy sizes (a 2 MB file, 60 000 keys) run under `npm run fuzz` only, to keep `npm test` short. */
const HEAVY = process.env.npm_lifecycle_event === 'fuzz';

/**
 * A hang guard per input, not a timing: such an input takes well under a second here (see the README's
 * robustness section); the quadratic passes this suite was written against took minutes.
 */
const BOUND_MS = 15_000;

function timed<T>(what: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < BOUND_MS, `${what} took ${elapsed.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
  return result;
}

const SLO_HEAD = 'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: wide\n';

type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** A mapping of `keys` keys, as JSON (one line) or as block YAML at `indent`. */
const wideArb = fc.record({
  keys: fc.integer({ min: 1_000, max: HEAVY ? 60_000 : 5_000 }),
  json: fc.boolean(),
  duplicateEvery: fc.option(fc.integer({ min: 2, max: 5_000 }), { nil: undefined }),
  ours: fc.boolean(),
});

function wideText({ keys, json, duplicateEvery, ours }: Generated<typeof wideArb>): string {
  const key = (i: number) => `k${duplicateEvery ? i % duplicateEvery : i}`;
  if (json) {
    const body = Array.from({ length: keys }, (_, i) => `"${key(i)}": ${i}`).join(', ');
    return ours ? `${SLO_HEAD}  labels: {${body}}\n` : `{${body}}\n`;
  }
  const indent = ours ? '    ' : '';
  const body = Array.from({ length: keys }, (_, i) => `${indent}${key(i)}: v${i}\n`).join('');
  return ours ? `${SLO_HEAD}  labels:\n${body}` : body;
}

/** Flow collections `depth` deep, on `lines` lines, in an SLO document or alone. */
const deepArb = fc.record({
  depth: fc.integer({ min: 1, max: HEAVY ? 6_000 : 800 }),
  lines: fc.integer({ min: 1, max: HEAVY ? 2_000 : 40 }),
  map: fc.boolean(),
  ours: fc.boolean(),
});

function deepText({ depth, lines, map, ours }: Generated<typeof deepArb>): string {
  const one = map
    ? `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`
    : `${'['.repeat(depth)}${']'.repeat(depth)}`;
  // At most 2 MB, the analysis limit: above it the file gets SLO006 unread.
  const n = Math.max(1, Math.min(lines, Math.floor(2_000_000 / (one.length + 8))));
  const body = Array.from({ length: n }, () => `  - ${one}\n`).join('');
  return ours ? `${SLO_HEAD}spec:\n  description: x\n  extra:\n${body}` : `items:\n${body}`;
}

describe('property: wide and deep inputs', () => {
  test('a wide mapping is analysed within the bound; duplicates reported once each, none in foreign YAML', async (t) => {
    await checkProperty(
      t,
      __filename,
      fc.property(wideArb, (input) => {
        const text = wideText(input);
        const analysis = timed(`${input.keys} keys`, () => analyzeText('file:///wide.yaml', text));
        const duplicates = analysis.diagnostics.filter((d) => d.code === 'SLO002').length;
        if (!input.ours) {
          assert.deepEqual(analysis.diagnostics, []);
          assert.equal(analysis.isSloFile, false);
        } else {
          assert.equal(analysis.isSloFile, true);
          const every = input.duplicateEvery;
          assert.equal(duplicates, every && every < input.keys ? input.keys - every : 0);
        }
      }),
      fuzzParameters(12, 0.05),
    );
  });

  test('deep flow collections are analysed within the bound, never overflow the stack', async (t) => {
    await checkProperty(
      t,
      __filename,
      fc.property(deepArb, (input) => {
        const text = deepText(input);
        const analysis = timed(`depth ${input.depth}`, () => analyzeText('file:///deep.yaml', text));
        if (!input.ours) {
          assert.deepEqual(analysis.diagnostics, []);
          return;
        }
        // The document's mapping, `spec`'s and the list are three levels: 498 flow collections make 501.
        const tooDeep = analysis.diagnostics.filter((d) => /nests too deeply/.test(d.message));
        assert.equal(tooDeep.length, input.depth >= 498 ? 1 : 0, JSON.stringify(analysis.diagnostics[0]));
      }),
      fuzzParameters(12, 0.05),
    );
  });
});

/** What detection makes of the composed text: does any object of it claim to be ours? */
function detectionClaims(text: string): boolean {
  const source = blankTemplates(text, text.includes('{{') ? templateActions(text) : []);
  for (const doc of parseAllDocuments(source, { uniqueKeys: false })) {
    if (!('contents' in doc)) continue;
    const contents = doc.contents;
    const parsed = doc as Document.Parsed;
    const roots = isMap(contents)
      ? [new YNode(contents, '', parsed)]
      : isSeq(contents)
        ? new YNode(contents, '', parsed).items().filter((item) => item.isMap)
        : [];
    if (roots.some(claimsSloFormat)) return true;
  }
  return false;
}

/** Someone else's YAML around the keys detection reads, written in the ways YAML allows. */
const foreignArb = fc
  .record({
    key: fc.constantFrom(
      'apiVersion',
      'kind',
      'version',
      '"apiVersion"',
      "'kind'",
      '"ver\\u0073ion"',
      '? kind\n',
    ),
    value: fc.constantFrom(
      'v1',
      'apps/v1',
      'openslo/v1',
      'OpenSLO/v9',
      'sloth.slok.dev/v1',
      'prometheus/v1',
      'prometheus/v2',
      'ServiceLevelObjective',
      'Service',
      '"ServiceLevel\\u004fbjective"',
      "'openslo/v1'",
      '*ref',
      '!!str v1',
      '\n  openslo/v1',
      '1.0',
      '',
    ),
    style: fc.constantFrom('block', 'flow', 'list', 'flow-list', 'nested'),
  })
  .map(({ key, value, style }) => {
    const pair = `${key}: ${value}`;
    const flowPair = pair.replace(/\n\s*/g, ' ');
    switch (style) {
      case 'block':
        return `other: &ref openslo/v1\n${pair}\nspec:\n  target: 99\n  indicator:\n    ratio: {}\n`;
      case 'flow':
        return `{other: x, ${flowPair}}\n`;
      case 'list':
        return `- name: a\n  ${pair.replace(/\n/g, '\n  ')}\n`;
      case 'flow-list':
        return `[{name: a}, {${flowPair}}]\n`;
      default:
        return `spec:\n  inner: {a: [{${flowPair}}]}\n`;
    }
  });

describe('property: the token scan never skips what detection reads as ours', () => {
  test('generated, mutated and foreign texts: a text the scan calls foreign is foreign to detection', async (t) => {
    const textArb = fc.oneof(
      foreignArb,
      mutatedFileArb.map((m) => m.text),
      fc
        .tuple(fileArb(2), fc.array(mutationArb, { maxLength: 6 }))
        .map(([f, ms]) => ms.reduce(mutate, f.text)),
    );
    await checkProperty(
      t,
      __filename,
      fc.property(textArb, (text) => {
        fc.pre(text.length < 300_000);
        // As the analysis asks: the text hint first (it also reads files too broken to compose), then the scan.
        const source = blankTemplates(text, text.includes('{{') ? templateActions(text) : []);
        if (SLO_TEXT_HINT.test(text) || mayHoldSloObject(source)) return;
        let claims: boolean;
        try {
          claims = detectionClaims(text);
        } catch (err) {
          // Nesting that exhausts the composer's stack: the analysis never composes such a text either.
          if (err instanceof RangeError) return;
          throw err;
        }
        assert.equal(claims, false, JSON.stringify(text.slice(0, 400)));
        const analysis = analyzeText('file:///f.yaml', text);
        assert.deepEqual(analysis.diagnostics, []);
        assert.equal(analysis.isSloFile, false);
      }),
      fuzzParameters(400),
    );
  });
});
