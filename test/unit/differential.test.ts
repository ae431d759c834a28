// Differential tests of incremental analysis: a FileAnalyzer or WorkspaceIndex that follows a random
// sequence of edits must answer exactly like a fresh one given the final texts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText, FileAnalyzer, type FileAnalysis } from '../../src/language/analysis/analyze.js';
import { OPENSLO_V1_KINDS } from '../../src/language/formats/detect.js';
import { hover } from '../../src/language/features/hover.js';
import { definition, prepareRename, references, rename } from '../../src/language/features/navigation.js';
import { documentSymbols, foldingRanges } from '../../src/language/features/symbols.js';
import type { Position } from '../../src/language/types.js';
import { WorkspaceIndex } from '../../src/language/workspace/workspace-index.js';
import {
  checkProperty,
  documentArb,
  fileArb,
  fuzzParameters,
  insertedTextArb,
  openSloV1AlertPolicy,
  openSloV1Sli,
  openSloV1Slo,
  type GeneratedFile,
} from './property-documents.js';

/** What replaces a span of the text: typed text, a whole document, `---`, or a piece of the text itself. */
type Insert =
  | { kind: 'text'; text: string }
  | { kind: 'document'; text: string }
  | { kind: 'separator'; text: string }
  | { kind: 'copy'; from: number; length: number };

type Step =
  | { op: 'edit'; file: number; at: number; remove: number; insert: Insert }
  | { op: 'undo'; file: number; back: number }
  | { op: 'replace'; file: number; with: GeneratedFile }
  | { op: 'delete'; file: number }
  | { op: 'configure' };

const insertArb: fc.Arbitrary<Insert> = fc.oneof(
  { weight: 5, arbitrary: insertedTextArb.map((text) => ({ kind: 'text' as const, text })) },
  { weight: 2, arbitrary: documentArb.map((d) => ({ kind: 'document' as const, text: d.text })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('---\n', '\n---\n', '--- # next\n', '...\n', '---')
      .map((text) => ({ kind: 'separator' as const, text })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('copy' as const),
      from: fc.nat(),
      length: fc.nat({ max: 400 }),
    }),
  },
);

const removeArb = fc.oneof(fc.constant(0), fc.nat({ max: 8 }), fc.nat({ max: 300 }));

const stepArb = (files: number): fc.Arbitrary<Step> =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc.record({
        op: fc.constant('edit' as const),
        file: fc.nat({ max: files - 1 }),
        at: fc.nat(),
        remove: removeArb,
        insert: insertArb,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('undo' as const),
        file: fc.nat({ max: files - 1 }),
        back: fc.integer({ min: 1, max: 4 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('replace' as const),
        file: fc.nat({ max: files - 1 }),
        with: fileArb(4),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('delete' as const), file: fc.nat({ max: files - 1 }) }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('configure' as const) }) },
  );

/** Applies one edit to a text (positions taken modulo the text). */
function applyEdit(text: string, step: Extract<Step, { op: 'edit' }>): string {
  const at = step.at % (text.length + 1);
  const end = Math.min(text.length, at + step.remove);
  const insert =
    step.insert.kind === 'copy'
      ? text.slice(
          step.insert.from % (text.length + 1),
          (step.insert.from % (text.length + 1)) + step.insert.length,
        )
      : step.insert.text;
  return text.slice(0, at) + insert + text.slice(end);
}

/** Everything the language service derives from one file's analysis, in comparable form. */
function fileView(analysis: FileAnalysis) {
  return {
    isSloFile: analysis.isSloFile,
    diagnostics: analysis.diagnostics,
    definitions: analysis.definitions,
    references: analysis.references,
    objects: analysis.objects.map((o) => ({
      format: o.format,
      kind: o.kind,
      name: o.name,
      range: o.range,
      offsets: o.offsets,
      base: o.base,
      baseLine: o.baseLine,
      docIndex: o.docIndex,
    })),
    symbols: documentSymbols(analysis),
    folding: foldingRanges(analysis),
  };
}

/** Positions worth asking about: every name and reference, and a spread of others. */
function probePositions(analysis: FileAnalysis): Position[] {
  const out: Position[] = [];
  for (const d of analysis.definitions) out.push(d.range.start, d.range.end);
  for (const r of analysis.references) out.push(r.range.start);
  const lines = analysis.positions.lineStarts.length;
  for (let line = 0; line < lines; line += Math.max(1, Math.floor(lines / 8)))
    out.push({ line, character: 4 });
  return out;
}

/** What a client can ask the index about every file: diagnostics, navigation, rename, hover, names. */
function indexView(index: WorkspaceIndex) {
  const all = index.allDiagnostics();
  const uris = index.uris().sort();
  return {
    uris,
    names: OPENSLO_V1_KINDS.map((kind) => index.names('openslo', kind)),
    files: uris.map((uri) => {
      const analysis = index.get(uri)!;
      return {
        uri,
        file: fileView(analysis),
        diagnostics: all.get(uri),
        single: index.diagnostics(uri),
        probes: probePositions(analysis).map((position) => ({
          position,
          definition: definition(index, uri, position),
          references: references(index, uri, position, true),
          prepareRename: prepareRename(index, uri, position),
          rename: ((r) => ('error' in r ? r : [...r.edits]))(rename(index, uri, position, 'renamed-object')),
          hover: hover(analysis, analysis.positions.offset(position))?.markdown,
        })),
      };
    }),
  };
}

describe('differential: incremental analysis equals a fresh analysis', () => {
  test('FileAnalyzer: a random sequence of edits, compared after every edit', async (t) => {
    await checkProperty(
      t,
      __filename,
      fc.property(fileArb(6), fc.array(stepArb(1), { minLength: 1, maxLength: 25 }), (file, steps) => {
        const analyzer = new FileAnalyzer('file:///edited.yaml');
        const history = [file.text];
        let text = file.text;
        analyzer.analyze(text);
        for (const step of steps) {
          if (step.op === 'edit') text = applyEdit(text, step);
          else if (step.op === 'undo') text = history[Math.max(0, history.length - 1 - step.back)]!;
          else if (step.op === 'replace') text = step.with.text;
          else continue;
          history.push(text);
          const incremental = analyzer.analyze(text);
          assert.deepEqual(fileView(incremental), fileView(analyzeText('file:///edited.yaml', text)));
        }
      }),
      fuzzParameters(120),
    );
  });

  test('WorkspaceIndex: random edits, replacements, deletions and reconfigurations across files', async (t) => {
    const FILES = 3;
    const uri = (i: number) => `file:///ws/file-${i}.yaml`;
    await checkProperty(
      t,
      __filename,
      fc.property(
        fc.array(fileArb(4), { minLength: FILES, maxLength: FILES }),
        fc.array(stepArb(FILES), { minLength: 1, maxLength: 20 }),
        (files, steps) => {
          const index = new WorkspaceIndex();
          const texts = new Map<number, string>();
          const history = new Map<number, string[]>();
          files.forEach((f, i) => {
            texts.set(i, f.text);
            history.set(i, [f.text]);
            index.set(uri(i), f.text);
          });
          // The server asks for every file's diagnostics after each change: caches are warm.
          index.allDiagnostics();
          for (const step of steps) {
            if (step.op === 'configure') {
              index.configure({});
              // As on a settings change: every file analyzed again, with new analyzers.
              for (const [i, text] of texts) index.set(uri(i), text);
            } else if (step.op === 'delete') {
              texts.delete(step.file);
              index.delete(uri(step.file));
            } else {
              const previous = texts.get(step.file) ?? '';
              const past = history.get(step.file) ?? [];
              const text =
                step.op === 'edit'
                  ? applyEdit(previous, step)
                  : step.op === 'undo'
                    ? (past[Math.max(0, past.length - 1 - step.back)] ?? previous)
                    : step.with.text;
              texts.set(step.file, text);
              history.set(step.file, [...past, text]);
              index.set(uri(step.file), text);
            }
            const incremental = indexView(index);
            // A fresh index of the same texts, added in the reverse order: the order files were read in
            // changes nothing.
            const fresh = new WorkspaceIndex();
            for (const u of index.uris().reverse()) fresh.set(u, index.get(u)!.text);
            assert.deepEqual(incremental, indexView(fresh));
          }
        },
      ),
      fuzzParameters(60, 0.5),
    );
  });

  test('WorkspaceIndex: the "did you mean" of missing names follows the names that come and go', async (t) => {
    // Near-identical names: one edit apart, short and long (1 and 3 edits allowed), ties (latency-3 is as
    // close to latency-1 as to latency-2), so that every added or removed name can change a guess.
    const POOL = [
      'lat',
      'lap',
      'latency',
      'latncy',
      'latenzy',
      'latency-1',
      'latency-2',
      'latency-3',
      'latency_12',
      'avail',
      'availability',
      'availabilty',
      'av-1',
    ];
    const nameArb = fc.constantFrom(...POOL);
    const fileArb = fc.record({
      slis: fc.uniqueArray(nameArb, { maxLength: 4 }),
      policies: fc.uniqueArray(nameArb, { maxLength: 2 }),
      sli: nameArb,
      policy: nameArb,
    });
    const text = (f: { slis: string[]; policies: string[]; sli: string; policy: string }, i: number) =>
      [
        ...f.slis.map((n) => openSloV1Sli(n, 'api', true).text),
        ...f.policies.map((n) => openSloV1AlertPolicy(n, 'fast', 'pager').text),
        openSloV1Slo({
          name: `slo-${i}`,
          service: 'api',
          indicatorRef: f.sli,
          target: '0.99',
          timeslices: false,
          calendar: false,
          window: '28d',
          alertPolicy: f.policy,
          prose: '"x"',
        }).text,
      ].join('---\n');
    const uri = (i: number) => `file:///names/file-${i}.yaml`;
    const suggestions = (index: WorkspaceIndex) =>
      [...index.allDiagnostics()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([u, ds]) => [u, ds.filter((d) => d.code === 'SLO701').map((d) => d.message)]);
    await checkProperty(
      t,
      __filename,
      fc.property(
        fc.array(fc.record({ file: fc.nat({ max: 3 }), content: fc.option(fileArb, { freq: 4 }) }), {
          minLength: 1,
          maxLength: 30,
        }),
        (steps) => {
          const index = new WorkspaceIndex();
          for (const step of steps) {
            if (step.content === null) index.delete(uri(step.file));
            else index.set(uri(step.file), text(step.content, step.file));
            const fresh = new WorkspaceIndex();
            for (const u of index.uris().reverse()) fresh.set(u, index.get(u)!.text);
            assert.deepEqual(suggestions(index), suggestions(fresh));
          }
        },
      ),
      fuzzParameters(150),
    );
  });
});
