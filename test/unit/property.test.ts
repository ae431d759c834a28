// Property-based tests of the language service: generated SLO files of every format, valid and put
// through the mutations of an editor buffer (and hostile ones). Fixed seed by default; see
// fuzzParameters for TEAM_SRE_FUZZ_SEED / TEAM_SRE_FUZZ_RUNS / TEAM_SRE_FUZZ_PATH.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeText, type FileAnalysis } from '../../src/language/analysis/analyze.js';
import { complete } from '../../src/language/features/completion.js';
import { hover } from '../../src/language/features/hover.js';
import { definition, prepareRename, references } from '../../src/language/features/navigation.js';
import { documentSymbols, foldingRanges, type DocumentSymbol } from '../../src/language/features/symbols.js';
import type { Diagnostic } from '../../src/language/types.js';
import { WorkspaceIndex } from '../../src/language/workspace/workspace-index.js';
import {
  checkProperty,
  fileArb,
  fuzzParameters,
  LspText,
  mutate,
  mutatedFileArb,
  mutationArb,
  mutationsArb,
} from './property-documents.js';

/** Per case, generous: the slowest hostile inputs take ~100 ms alone on a shared 2-core machine. */
const BOUND_MS = 2000;

function timed<T>(what: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < BOUND_MS, `${what} took ${elapsed.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
  return result;
}

function assertRange(lsp: LspText, range: Diagnostic['range'], what: string): void {
  const problem = lsp.rangeProblem(range);
  assert.equal(problem, undefined, `${what}: ${JSON.stringify(range)}: ${problem}`);
}

/**
 * Every diagnostic, and every edit of its fixes, lies inside the text and on whole characters; so do
 * the related locations in the files of `files` (by URI).
 */
function assertDiagnosticsInside(
  text: string,
  diagnostics: Diagnostic[],
  files = new Map<string, LspText>(),
): void {
  const lsp = new LspText(text);
  for (const d of diagnostics) {
    assertRange(lsp, d.range, `${d.code} ${d.message}`);
    for (const fix of d.fixes ?? [])
      for (const edit of fix.edits) assertRange(lsp, edit.range, `fix "${fix.title}" of ${d.code}`);
    for (const related of d.related ?? []) {
      const target = files.get(related.uri);
      assert.ok(target, `related location of ${d.code} in a known file: ${related.uri}`);
      assertRange(target, related.range, `related location of ${d.code}`);
    }
  }
}

function assertSymbolsInside(lsp: LspText, symbols: DocumentSymbol[]): void {
  for (const s of symbols) {
    assertRange(lsp, s.range, `symbol ${s.name}`);
    assertRange(lsp, s.selectionRange, `selection of symbol ${s.name}`);
    assertSymbolsInside(lsp, s.children);
  }
}

/** What the checks compare: everything a client is sent about the diagnostics. */
const shape = (analysis: FileAnalysis) => ({
  diagnostics: analysis.diagnostics,
  definitions: analysis.definitions,
  references: analysis.references,
  objects: analysis.objects.map((o) => [o.format, o.kind, o.name, o.range]),
});

describe('property: generated valid files', () => {
  test('every object of every format is recognised and gets no diagnostic', async (t) => {
    await checkProperty(
      t,
      __filename,
      fc.property(fileArb(), (file) => {
        const analysis = analyzeText('file:///valid.yaml', file.text);
        assert.deepEqual(
          analysis.diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}: ${d.message}`),
          [],
        );
        assert.deepEqual(
          analysis.objects.map((o) => [o.format, o.kind, o.name]),
          file.documents.map((d) => [d.format, d.kind, d.name]),
        );
        assert.ok(analysis.isSloFile);
      }),
      fuzzParameters(150),
    );
  });

  test('CRLF line ends give the same diagnostics at the same positions as LF', async (t) => {
    // Mutations that keep the text free of `\r`, so the LF text has a CRLF twin.
    const lfMutation = mutationArb.filter(
      (m) => m.op !== 'crlf' && m.op !== 'concat' && !(m.op === 'insert' && /[\r\u2028\u0085]/.test(m.text)),
    );
    await checkProperty(
      t,
      __filename,
      fc.property(fileArb(), fc.array(lfMutation, { maxLength: 3 }), (file, mutations) => {
        const lf = mutations.reduce(mutate, file.text);
        fc.pre(!lf.includes('\r') && lf.length < 200_000);
        const crlf = lf.replace(/\n/g, '\r\n');
        const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${JSON.stringify(d.range)}`);
        assert.deepEqual(
          brief(analyzeText('f.yaml', crlf).diagnostics),
          brief(analyzeText('f.yaml', lf).diagnostics),
        );
      }),
      fuzzParameters(120),
    );
  });
});

describe('property: mutated and hostile files', () => {
  test('analysis never throws, stays within the time bound, and every range lies inside the text', async (t) => {
    await checkProperty(
      t,
      __filename,
      fc.property(mutatedFileArb, ({ text }) => {
        const analysis = timed('analysis', () => analyzeText('file:///mutated.yaml', text));
        assertDiagnosticsInside(text, analysis.diagnostics);
        // Deterministic: the same text gives the same result.
        assert.deepEqual(shape(analyzeText('file:///mutated.yaml', text)), shape(analysis));
      }),
      fuzzParameters(250),
    );
  });

  test('the workspace index, outline, folding, hover, completion and navigation at random positions', async (t) => {
    const uris = ['file:///ws/a.yaml', 'file:///ws/b.yaml', 'file:///ws/c.yaml'];
    await checkProperty(
      t,
      __filename,
      fc.property(
        fc.array(fc.tuple(fileArb(3), fc.array(mutationArb, { maxLength: 3 })), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat({ max: 2 })), { minLength: 1, maxLength: 12 }),
        (files, probes) => {
          const index = new WorkspaceIndex();
          const texts = files.map(([file, mutations]) => mutations.reduce(mutate, file.text));
          timed('indexing', () => texts.forEach((text, i) => index.set(uris[i]!, text)));
          const all = timed('cross-file diagnostics', () => index.allDiagnostics());
          const lsps = new Map(texts.map((text, i) => [uris[i]!, new LspText(text)]));
          texts.forEach((text, i) => assertDiagnosticsInside(text, all.get(uris[i]!) ?? [], lsps));
          for (const [i, text] of texts.entries()) {
            const uri = uris[i]!;
            const analysis = index.get(uri)!;
            const lsp = lsps.get(uri)!;
            assert.equal(analysis.text, text);
            timed('outline', () => assertSymbolsInside(lsp, documentSymbols(analysis)));
            for (const f of timed('folding', () => foldingRanges(analysis))) {
              assert.ok(f.startLine < f.endLine && f.endLine < lsp.lineCount, `folding ${JSON.stringify(f)}`);
            }
            for (const [a, b, which] of probes) {
              const position = lsp.randomPosition(a, b);
              const offset = analysis.positions.offset(position);
              assert.ok(
                offset >= 0 && offset <= text.length,
                `offset ${offset} of ${JSON.stringify(position)}`,
              );
              if (which === 0) {
                const h = timed('hover', () => hover(analysis, offset));
                if (h) assertRange(lsp, h.range, 'hover range');
              } else if (which === 1) {
                const entries = timed('completion', () =>
                  complete(analysis, offset, { names: (kind) => index.names('openslo', kind) }),
                );
                for (const e of entries) assertRange(lsp, e.range, `completion ${e.label}`);
              } else {
                const locations = timed('navigation', () => [
                  ...definition(index, uri, position),
                  ...references(index, uri, position, true),
                ]);
                for (const l of locations) assertRange(lsps.get(l.uri)!, l.range, `location in ${l.uri}`);
                const rename = prepareRename(index, uri, position);
                if (rename) assertRange(lsp, rename, 'prepareRename');
              }
            }
          }
        },
      ),
      fuzzParameters(120, 0.5),
    );
  });

  test('mutations stacked on mutations', async (t) => {
    // Longer chains of edits reach states a single mutation does not (e.g. a tab inside a flow collection).
    await checkProperty(
      t,
      __filename,
      fc.property(fileArb(2), fc.array(mutationsArb, { minLength: 2, maxLength: 4 }), (file, chains) => {
        let text = file.text;
        for (const chain of chains) {
          text = chain.reduce(mutate, text);
          if (text.length > 1_500_000) break;
          const analysis = timed('analysis', () => analyzeText('file:///stacked.yaml', text));
          assertDiagnosticsInside(text, analysis.diagnostics);
        }
      }),
      fuzzParameters(80, 0.5),
    );
  });
});
