import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, isScalar, parseAllDocuments, type Node } from 'yaml';
import { analyzeText } from '../../src/language/analysis/analyze.js';
import { WorkspaceIndex } from '../../src/language/workspace/workspace-index.js';
import { TextPositions } from '../../src/language/syntax/text.js';

// Real files from OpenSLO, oslo, Sloth and Pyrra (Apache-2.0), copied with their INDEX.tsv.
const CORPUS = path.join(__dirname, '..', 'fixtures', 'corpus');

interface Row {
  path: string;
  format: string;
  expected: string;
  notes: string;
}

const rows: Row[] = readFileSync(path.join(CORPUS, 'INDEX.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [p, , format, expected, , , , notes] = line.split('\t');
    return { path: p!, format: format!, expected: expected!, notes: notes ?? '' };
  });

/**
 * Where our verdict differs from INDEX.tsv on purpose, and why. CONFLICT rows follow today's upstream
 * validator, as the corpus asks.
 */
const DELIBERATE: Record<string, { verdict: string; why: string }> = {
  'slok+sloth/test/integration/prometheus/testdata/validate/bad/bad-openslo.yaml': {
    verdict: 'valid',
    why: "Sloth reads this OpenSLO file (its queries use {{.window}}) and today ships a 28-day alert-window catalogue (internal/alert/windows/google-28d.yaml); the fixture only fails as part of its folder in Sloth's own test, as the corpus notes say.",
  },
};

function expectedVerdict(row: Row): string {
  if (DELIBERATE[row.path]) return DELIBERATE[row.path]!.verdict;
  if (row.notes.includes('CONFLICT')) return 'invalid';
  return row.expected;
}

const read = (p: string) => readFileSync(path.join(CORPUS, p), 'utf8');
const isDuplicateSet = (p: string) => p.includes('/validate_with_duplicates/');

describe('corpus verdicts', () => {
  for (const row of rows.filter((r) => !isDuplicateSet(r.path))) {
    test(`${expectedVerdict(row)}: ${row.path}`, () => {
      const analysis = analyzeText(row.path, read(row.path));
      const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
      const verdict = errors.length ? 'invalid' : 'valid';
      assert.equal(verdict, expectedVerdict(row), errors.map((e) => `${e.code} ${e.message}`).join('\n'));
    });
  }

  // `oslo validate` reads each file alone and resolves no reference: with the cross-file pass, a file alone keeps
  // its verdict, since a reference to an object in no file read is a warning unless a typo is likely.
  test('each file alone, with the checks across files, keeps its verdict', () => {
    const wrong: string[] = [];
    for (const row of rows.filter((r) => !isDuplicateSet(r.path))) {
      const index = new WorkspaceIndex();
      index.set(row.path, read(row.path));
      const errors = index.diagnostics(row.path).filter((d) => d.severity === 'error');
      if ((errors.length ? 'invalid' : 'valid') !== expectedVerdict(row))
        wrong.push(`${row.path}: ${errors.map((e) => e.code).join(', ')}`);
    }
    assert.deepEqual(wrong, []);
    // oslo's v1.yaml defines Services and names another: a likely typo, an error beside its other errors.
    const v1 = 'OpenSLO+oslo/test/inputs/validate/v1.yaml';
    const index = new WorkspaceIndex();
    index.set(v1, read(v1));
    assert.deepEqual(
      index
        .diagnostics(v1)
        .filter((d) => d.code.startsWith('SLO7'))
        .map(
          (d) =>
            `${d.code} ${d.severity} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`,
        ),
      [
        'SLO701 error 14:14 No Service named “web” in the workspace. Known Service names: “example service”, “example-service”.',
      ],
    );
  });

  test('every file with a known format is recognised as an SLO file', () => {
    for (const row of rows.filter((r) => !r.format.startsWith('other:unknown'))) {
      assert.ok(analyzeText(row.path, read(row.path)).isSloFile, row.path);
    }
  });

  test("Sloth's duplicate fixtures are invalid as a set, each file valid alone", () => {
    const sets = [
      ['slok+sloth/test/integration/prometheus/testdata/validate_with_duplicates/prom'],
      ['slok+sloth/test/integration/prometheus/testdata/validate_with_duplicates/k8s'],
      ['slok+sloth/test/integration/prometheus/testdata/validate_with_duplicates/openslo'],
    ];
    for (const [dir] of sets) {
      const files = readdirSync(path.join(CORPUS, dir!)).map((f) => `${dir}/${f}`);
      const index = new WorkspaceIndex();
      for (const f of files) {
        assert.deepEqual(
          analyzeText(f, read(f)).diagnostics.filter((d) => d.severity === 'error'),
          [],
          `${f} is valid alone`,
        );
        index.set(f, read(f));
      }
      for (const f of files) {
        const dup = index.diagnostics(f).filter((d) => d.code === 'SLO703');
        assert.ok(dup.length >= 1, `${f} gets a duplicate-id error`);
        assert.ok(dup[0]!.related?.length, 'the other definition is linked');
      }
    }
    // bad-prom-multi-duplicates.yaml repeats one id inside a single file.
    const multi =
      'slok+sloth/test/integration/prometheus/testdata/validate_with_duplicates/bad-prom-multi-duplicates.yaml';
    const index = new WorkspaceIndex();
    index.set(multi, read(multi));
    assert.ok(index.diagnostics(multi).some((d) => d.code === 'SLO703'));
  });
});

/** The YAML node at an oslo property path such as `spec.objectives[0].op`, or its nearest existing ancestor. */
function nodeAt(root: Node, propertyPath: string): { node: Node; exact: boolean; keyNode?: Node } {
  const steps = propertyPath.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let current: Node = root;
  let keyNode: Node | undefined;
  for (const step of steps) {
    if (step.startsWith('[')) {
      if (!isSeq(current)) return { node: current, exact: false, keyNode };
      const item = current.items[Number(step.slice(1, -1))] as Node | undefined;
      if (!item) return { node: current, exact: false, keyNode };
      current = item;
      keyNode = undefined;
    } else {
      if (!isMap(current)) return { node: current, exact: false, keyNode };
      const pair = current.items.find((p) => isScalar(p.key) && p.key.value === step);
      if (!pair) return { node: current, exact: false, keyNode };
      keyNode = pair.key as Node;
      current = pair.value as Node;
    }
  }
  return { node: current, exact: true, keyNode };
}

describe("oslo's expected output: every reported property path has a diagnostic on its node", () => {
  const outputs = path.join(CORPUS, 'OpenSLO+oslo/test/outputs/validate');
  for (const name of readdirSync(outputs)) {
    const text = readFileSync(path.join(outputs, name), 'utf8');
    const blocks = text.split(/^Errors in /m).slice(1);
    for (const block of blocks) {
      const file = /^\/oslo\/(test\/inputs\/validate\/\S+):/.exec(block)![1]!;
      const rel = `OpenSLO+oslo/${file}`;
      const source = read(rel);
      const analysis = analyzeText(rel, source);
      const positions = new TextPositions(source);
      // "Validation for v1.SLO 'x' at index N": N counts objects across documents and list items.
      const objects = parseAllDocuments(source).flatMap((d) =>
        isSeq(d.contents) ? d.contents.items : [d.contents],
      ) as Node[];
      for (const part of block.split(/^ {2}Validation for /m).slice(1)) {
        const index = Number(/at index (\d+)/.exec(part)?.[1] ?? 0);
        for (const m of part.matchAll(/^ {4}- '([^']+)'/gm)) {
          const propertyPath = m[1]!;
          if (propertyPath.endsWith('calendar.timeZone') && /America\/New_York/.test(part)) {
            // oslo's test image lacks tzdata; America/New_York is a valid IANA zone and must not be flagged.
            test(`${rel}: ${propertyPath} (valid zone) is not flagged`, () => {
              assert.ok(!analysis.diagnostics.some((d) => d.code === 'SLO112'));
            });
            continue;
          }
          test(`${rel} #${index}: ${propertyPath}`, () => {
            const { node, keyNode } = nodeAt(objects[index]!, propertyPath);
            const start = Math.min((keyNode?.range ?? node.range!)[0], node.range![0]);
            const end = node.range![1];
            const inside = analysis.diagnostics.filter((d) => {
              const s = positions.offset(d.range.start);
              const e = positions.offset(d.range.end);
              return (
                d.severity === 'error' &&
                s >= start &&
                e <= Math.max(end, start + 1) &&
                d.path?.startsWith(propertyPath.replace(/\.[^.]*$/, ''))
              );
            });
            assert.ok(
              inside.length > 0,
              `no error on ${propertyPath} (offsets ${start}-${end}); got ${analysis.diagnostics.map((d) => `${d.path} ${d.range.start.line + 1}:${d.range.start.character + 1}`).join(', ')}`,
            );
          });
        }
      }
    }
  }
});

/** Every YAML and JSON file under `dir`, relative to `root`. */
function filesUnder(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

test('no diagnostic of the corpora and the examples shows a Markdown backtick: the Problems panel prints it as is', () => {
  const root = path.join(__dirname, '..', '..');
  const files = [
    ...['corpus', 'real', 'foreign', 'rules', 'report'].flatMap((d) =>
      filesUnder(root, `test/fixtures/${d}`),
    ),
    ...filesUnder(root, 'examples'),
  ];
  const index = new WorkspaceIndex();
  for (const f of files) index.set(f, readFileSync(path.join(root, f), 'utf8'));
  const texts = [...index.allDiagnostics()].flatMap(([uri, list]) =>
    list.flatMap((d) =>
      [d.message, ...(d.related ?? []).map((r) => r.message), ...(d.fixes ?? []).map((f) => f.title)].map(
        (text) => `${uri} ${d.code}: ${text}`,
      ),
    ),
  );
  assert.ok(files.length > 200 && texts.length > 1000, `${files.length} files, ${texts.length} texts`);
  assert.deepEqual(
    texts.filter((t) => t.includes('`')),
    [],
  );
});
