// The token scan that skips someone else's YAML never skips an SLO object, however its keys are written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../src/language/analysis/analyze.js';

const TYPO =
  'SLO011 Unknown key “descripton” in “spec”: OpenSLO rejects unknown keys. Did you mean “description”?';
const PYRRA_SPEC =
  'spec:\n  target: "99"\n  window: 4w\n  indicator:\n    ratio:\n      errors:\n        metric: a\n      total:\n        metric: b\n';

const CASES: Array<[string, string, string[], string[]]> = [
  [
    'the apiVersion on the next line',
    'apiVersion:\n  openslo/v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  descripton: x\n',
    ['openslo/v1'],
    [`7:3 ${TYPO}`],
  ],
  [
    'a key spelt with an escape',
    '"\\x61piVersion": openslo/v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  descripton: x\n',
    ['openslo/v1'],
    [`6:3 ${TYPO}`],
  ],
  [
    'JSON with apiVersion as its last key',
    '{"metadata": {"name": "a"}, "spec": {"descripton": "x"}, "kind": "Service", "apiVersion": "openslo/v1"}\n',
    ['openslo/v1'],
    [`1:38 ${TYPO}`],
  ],
  [
    'an object in a flow list',
    '[{name: a}, {apiVersion: openslo/v1, kind: Service, metadata: {name: a}, spec: {descripton: x}}]\n',
    ['openslo/v1'],
    [`1:81 ${TYPO}`],
  ],
  [
    "Pyrra's shape under another apiVersion",
    `apiVersion: example.com/v1\nkind: ServiceLevelObjective\nmetadata:\n  name: a\n${PYRRA_SPEC}`,
    ['pyrra/v1alpha1'],
    [],
  ],
  [
    'a tagged kind',
    `apiVersion: example.com/v1\nkind: !!str ServiceLevelObjective\nmetadata:\n  name: a\n${PYRRA_SPEC}`,
    ['pyrra/v1alpha1'],
    [],
  ],
  [
    'a Sloth version it does not read',
    'version: "prometheus/v2"\nservice: a\nslos: []\n',
    [],
    ['1:10 SLO004 Unsupported Sloth version “prometheus/v2”: Sloth reads “prometheus/v1” files only.'],
  ],
  [
    'a Kubernetes Deployment with a version label',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n  labels: {version: "2"}\nspec:\n  replicas: 1\n',
    [],
    [],
  ],
];

for (const [name, text, formats, diagnostics] of CASES) {
  test(`detection through the token scan: ${name}`, () => {
    const analysis = analyzeText('file:///f.yaml', text);
    assert.deepEqual(
      analysis.objects.map((o) => o.format),
      formats,
    );
    assert.deepEqual(
      analysis.diagnostics.map(
        (d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`,
      ),
      diagnostics,
    );
    assert.equal(analysis.isSloFile, formats.length > 0 || diagnostics.length > 0);
  });
}
