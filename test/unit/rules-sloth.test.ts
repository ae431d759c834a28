/**
 * Sloth's rules, as `sloth generate` v0.16.0 writes them: every plugin-free golden case of Sloth's integration
 * tests (test/integration/prometheus), its Kubernetes controller's expected PrometheusRules
 * (test/integration/k8scontroller), all generated through the language service and read back from upstream's
 * files; promtool accepts every output; Go plugins are named in a note instead of guessed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { createLanguageService } from '../../src/language/service.js';
import type { FileRulesDocument } from '../../src/language/features/rules.js';
import { readRules, type ReadRulesDocument } from '../../src/rules/read.js';
import { DEFAULT_RULES_OPTIONS, type RuleGroup, type RulesOptions } from '../../src/rules/types.js';
import {
  goFormatFloatF,
  goFormatFloatG,
  promDurationString,
} from '../../src/language/formats/sloth/go-format.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/rules/sloth');
const read = (file: string) => readFileSync(path.join(FIXTURES, file), 'utf8');

/** Upstream's golden file as its test renders it: `{{ .version }}` is Sloth's, `{{"…"}}` prints the string. */
function golden(file: string): string {
  return read(file)
    .replace(/\{\{ *\.version *\}\}/g, 'v0.16.0')
    .replace(/\{\{("(?:[^"\\]|\\.)*")\}\}/g, (_m, s: string) => JSON.parse(s) as string);
}

interface Generated {
  documents: FileRulesDocument[];
}

/** Generates the rules of `file` with the files of a workspace, as the editor and the CLI ask for them. */
function generate(
  files: Record<string, string>,
  file: string,
  options: Partial<RulesOptions> = {},
  slothPeriod?: string,
): Generated {
  const service = createLanguageService(slothPeriod ? { slothPeriod } : {});
  for (const [name, text] of Object.entries(files)) service.setFile(`file:///w/${name}`, text);
  const rules = service.rules(`file:///w/${file}`, { ...DEFAULT_RULES_OPTIONS, ...options });
  assert.ok(rules, `${file} is analyzed`);
  return rules;
}

function expected(text: string): ReadRulesDocument[] {
  const read = readRules(text);
  if ('error' in read) throw new Error(read.error);
  return read.documents;
}

/** The same documents, containers and names, groups in order and rules field by field. */
function assertSameRules(got: Generated, exp: ReadRulesDocument[]): void {
  assert.deepEqual(
    got.documents.map((d) => d.notes),
    got.documents.map(() => []),
    'no notes',
  );
  assert.equal(got.documents.length, exp.length, 'documents');
  for (const [i, doc] of got.documents.entries()) {
    const want = exp[i]!;
    assert.equal(doc.generator, 'Sloth v0.16.0');
    assert.equal(doc.container.kind, want.container);
    if (doc.container.kind === 'prometheus-rule') {
      assert.equal(doc.container.metadata.name, want.name);
      assert.equal(doc.container.metadata.namespace, want.namespace);
    }
    assert.deepEqual(
      doc.groups.map((g) => g.name),
      want.groups.map((g) => g.name),
    );
    for (const [j, group] of doc.groups.entries()) assert.deepEqual(group, want.groups[j]);
  }
}

const PERIOD_WINDOWS_7D = { 'windows/7d.yaml': read('prometheus/windows/7d.yaml') };

/** `generate_test.go`'s plugin-free cases: input, golden output, command-line options, period and windows. */
const GOLDEN_CASES: Array<{
  name: string;
  input: string;
  out: string;
  options?: Partial<RulesOptions>;
  period?: string;
  extra?: Record<string, string>;
}> = [
  { name: 'base', input: 'in-base.yaml', out: 'out-base.yaml.tpl' },
  { name: 'Kubernetes', input: 'in-base-k8s.yaml', out: 'out-base-k8s.yaml.tpl' },
  {
    name: 'without alerts',
    input: 'in-base.yaml',
    out: 'out-base-no-alerts.yaml.tpl',
    options: { disableAlerts: true },
  },
  {
    name: 'without recordings',
    input: 'in-base.yaml',
    out: 'out-base-no-recordings.yaml.tpl',
    options: { disableRecordings: true },
  },
  {
    name: 'extra labels',
    input: 'in-base.yaml',
    out: 'out-base-extra-labels.yaml.tpl',
    options: { extraLabels: { exk1: 'exv1', exk2: 'exv2' } },
  },
  { name: 'multifile', input: 'in-multifile.yaml', out: 'out-multifile.yaml.tpl' },
  { name: 'multifile, Kubernetes', input: 'in-multifile-k8s.yaml', out: 'out-multifile-k8s.yaml.tpl' },
  { name: 'OpenSLO', input: 'in-openslo.yaml', out: 'out-openslo.yaml.tpl' },
  { name: '28 days', input: 'in-base.yaml', out: 'out-base-28d.yaml.tpl', period: '28d' },
  {
    name: 'custom 7-day windows',
    input: 'in-base.yaml',
    out: 'out-base-custom-windows-7d.yaml.tpl',
    period: '7d',
    extra: PERIOD_WINDOWS_7D,
  },
];

/** Every generated output, for promtool. */
const outputs: Array<{ name: string; groups: RuleGroup[] }> = [];

const keep = (name: string, got: Generated) => {
  for (const [i, doc] of got.documents.entries()) outputs.push({ name: `${name}-${i}`, groups: doc.groups });
};

for (const c of GOLDEN_CASES) {
  test(`Sloth's golden case: ${c.name} (${c.out})`, () => {
    const input = read(`prometheus/${c.input}`);
    const got = generate({ [c.input]: input, ...c.extra }, c.input, c.options, c.period);
    assertSameRules(got, expected(golden(`prometheus/${c.out}`)));
    keep(c.name, got);
  });
}

test('a PrometheusServiceLevel gives the PrometheusRule metadata Sloth writes: its labels plus two', () => {
  const input = read('prometheus/in-multifile-k8s.yaml');
  const got = generate({ 'in.yaml': input }, 'in.yaml');
  const metas = parseAllDocuments(golden('prometheus/out-multifile-k8s.yaml.tpl')).map(
    (d) => (d.toJS() as { metadata: Record<string, unknown> }).metadata,
  );
  assert.deepEqual(
    got.documents.map((d) => (d.container.kind === 'prometheus-rule' ? d.container.metadata : d.container)),
    metas,
  );
});

test('the CRD metadata keeps its own labels and annotations, Sloth labels winning', () => {
  const input = read('prometheus/in-base-k8s.yaml').replace(
    '  namespace: test-ns\n',
    '  namespace: test-ns\n  labels:\n    team: a\n    app.kubernetes.io/managed-by: helm\n  annotations:\n    note: kept\n',
  );
  const [doc] = generate({ 'in.yaml': input }, 'in.yaml').documents;
  assert.deepEqual(doc!.container, {
    kind: 'prometheus-rule',
    metadata: {
      name: 'svc',
      namespace: 'test-ns',
      labels: {
        'app.kubernetes.io/component': 'SLO',
        'app.kubernetes.io/managed-by': 'sloth',
        team: 'a',
      },
      annotations: { note: 'kept' },
    },
  });
});

test('the output format can be forced: a rule file for a CRD, a PrometheusRule named after a plain file’s service', () => {
  const k8s = generate({ 'in.yaml': read('prometheus/in-base-k8s.yaml') }, 'in.yaml', { format: 'rules' });
  assert.deepEqual(k8s.documents[0]!.container, { kind: 'rule-file' });
  const plain = generate({ 'in.yaml': read('prometheus/in-base.yaml') }, 'in.yaml', {
    format: 'prometheus-operator',
  });
  assert.deepEqual(plain.documents[0]!.container, {
    kind: 'prometheus-rule',
    metadata: {
      name: 'svc01',
      labels: { 'app.kubernetes.io/component': 'SLO', 'app.kubernetes.io/managed-by': 'sloth' },
    },
  });
});

test('each SLO is listed with its rule count, as the model names it', () => {
  const got = generate({ 'in.yaml': read('prometheus/in-base.yaml') }, 'in.yaml');
  assert.deepEqual(got.documents[0]!.slos, [
    { name: 'svc01-slo1', rules: 17 },
    { name: 'svc01-slo02', rules: 15 },
  ]);
});

/**
 * The controller's expected `monitoringv1.PrometheusRule` Go literal, read back: its name and labels, and each
 * group's rules (`Record`/`Alert`, `Expr`, `Labels`, `Annotations`). `slothVersion` is the version under test.
 */
function goPrometheusRule(text: string): {
  name: string;
  labels: Record<string, string>;
  groups: RuleGroup[];
} {
  const goString = (s: string) => JSON.parse(s) as string;
  let name = '';
  let labels: Record<string, string> = {};
  const groups: RuleGroup[] = [];
  let map: Record<string, string> | undefined;
  const body = text.slice(text.indexOf('*monitoringv1.PrometheusRule {'));
  for (const line of body.split('\n')) {
    let m: RegExpExecArray | null;
    if (map) {
      if ((m = /^\s*"([^"]+)":\s*("(?:[^"\\]|\\.)*"|slothVersion),$/.exec(line)))
        map[m[1]!] = m[2] === 'slothVersion' ? 'v0.16.0' : goString(m[2]!);
      else if (/^\s*},?$/.test(line)) map = undefined;
      else throw new Error(`unexpected line in a map: ${line}`);
      continue;
    }
    const rule = groups.at(-1)?.rules.at(-1);
    if ((m = /^\s*Name:\s*("(?:[^"\\]|\\.)*"),$/.exec(line))) {
      const value = goString(m[1]!);
      if (!name) name = value;
      else if (value.startsWith('sloth-slo-')) groups.push({ name: value, rules: [] });
    } else if ((m = /^\s*(Record|Alert):\s*("(?:[^"\\]|\\.)*"),$/.exec(line))) {
      const value = goString(m[2]!);
      groups.at(-1)!.rules.push(m[1] === 'Record' ? { record: value, expr: '' } : { alert: value, expr: '' });
    } else if ((m = /^\s*Expr:\s*intstr\.FromString\(("(?:[^"\\]|\\.)*")\),$/.exec(line))) {
      rule!.expr = goString(m[1]!);
    } else if (/^\s*Labels: map\[string\]string\{$/.test(line)) {
      map = {};
      if (rule) rule.labels = map;
      else labels = map;
    } else if (/^\s*Annotations: map\[string\]string\{$/.test(line)) {
      map = {};
      rule!.annotations = map;
    }
  }
  return { name, labels, groups };
}

const CONTROLLER_CASES: Array<{ file: string; period?: string; extra: Record<string, string> }> = [
  { file: 'exp_base_test.go.txt', extra: {} },
  { file: 'exp_base_28d_test.go.txt', period: '28d', extra: {} },
  {
    file: 'exp_base_7d_test.go.txt',
    period: '7d',
    extra: { 'windows/7d.yaml': read('k8scontroller/windows/7d.yaml') },
  },
];

for (const c of CONTROLLER_CASES) {
  test(`Sloth's Kubernetes controller expectation: ${c.file.replace('.txt', '')}`, () => {
    const exp = goPrometheusRule(read(`k8scontroller/${c.file}`));
    assert.equal(exp.groups.length, 5, 'the Go literal is read whole');
    const got = generate(
      { 'in.yaml': read('k8scontroller/in-base.yaml'), ...c.extra },
      'in.yaml',
      {},
      c.period,
    );
    const [doc] = got.documents;
    assert.deepEqual(doc!.notes, []);
    assert.ok(doc!.container.kind === 'prometheus-rule');
    assert.equal(doc!.container.metadata.name, exp.name);
    assert.deepEqual(doc!.container.metadata.labels, exp.labels);
    // The controller runs as `ctrl-gen-k8s`; `sloth generate` on the same object says `cli-gen-k8s`.
    const asGenerate = exp.groups.map((g) => ({
      ...g,
      rules: g.rules.map((r) =>
        r.labels?.sloth_mode === 'ctrl-gen-k8s'
          ? { ...r, labels: { ...r.labels, sloth_mode: 'cli-gen-k8s' } }
          : r,
      ),
    }));
    assert.deepEqual(doc!.groups, asGenerate);
    keep(`controller-${c.file}`, got);
  });
}

test('an SLI plugin or a foreign SLO plugin chain is named in a note, and the file’s other SLOs still generate', () => {
  const sli = generate({ 'in.yaml': read('prometheus/in-sli-plugin.yaml') }, 'in.yaml');
  assert.deepEqual(sli.documents[0]!.notes, [
    {
      slo: 'svc01-slo1',
      message:
        'SLO svc01-slo1 needs the Go SLI plugin integration_test, which cannot run here: generate its rules with Sloth.',
    },
  ]);
  assert.deepEqual(sli.documents[0]!.groups, []);
  const chain = generate({ 'in.yaml': read('prometheus/in-slo-plugin-k8s.yaml') }, 'in.yaml');
  assert.deepEqual(chain.documents[0]!.notes, [
    {
      slo: 'svc01-slo1',
      message:
        'SLO svc01-slo1 needs the Go SLO plugin integration-tests/plugin1, which cannot run here: generate its rules with Sloth.',
    },
  ]);
  const mixed = `${read('prometheus/in-sli-plugin.yaml').trimEnd()}
  - name: plain
    objective: 99
    sli:
      raw:
        error_ratio_query: sum(rate(errors[{{.window}}])) / sum(rate(total[{{.window}}]))
    alerting:
      page_alert:
        disable: true
      ticket_alert:
        disable: true
`;
  const got = generate({ 'in.yaml': mixed }, 'in.yaml');
  assert.deepEqual(
    got.documents[0]!.notes.map((n) => n.slo),
    ['svc01-slo1'],
  );
  assert.deepEqual(
    got.documents[0]!.groups.map((g) => g.name),
    ['sloth-slo-sli-recordings-svc01-plain', 'sloth-slo-meta-recordings-svc01-plain'],
  );
});

test("a chain of Sloth's core plugins runs as Sloth runs it: the SLI plugin again, unoptimised", () => {
  const text = `version: prometheus/v1
service: svc
slos:
  - name: api
    objective: 99
    plugins:
      chain:
        - id: sloth.dev/core/sli_rules/v1
          config: {disableOptimized: true}
    sli:
      raw:
        error_ratio_query: sum(rate(errors[{{.window}}])) / sum(rate(total[{{.window}}]))
    alerting:
      page_alert: {disable: true}
      ticket_alert: {disable: true}
`;
  const [doc] = generate({ 'in.yaml': text }, 'in.yaml').documents;
  assert.deepEqual(doc!.notes, []);
  assert.equal(doc!.groups[0]!.rules.at(-1)!.expr, '(sum(rate(errors[30d])) / sum(rate(total[30d])))');
});

test('an SLO with errors generates nothing but a note; the others still generate', () => {
  const text = `version: prometheus/v1
service: svc
slos:
  - name: bad
    objective: 140
    sli:
      raw:
        error_ratio_query: sum(rate(errors[{{.window}}])) / sum(rate(total[{{.window}}]))
    alerting:
      page_alert: {disable: true}
      ticket_alert: {disable: true}
  - name: good
    objective: 99
    sli:
      raw:
        error_ratio_query: sum(rate(errors[{{.window}}])) / sum(rate(total[{{.window}}]))
    alerting:
      page_alert: {disable: true}
      ticket_alert: {disable: true}
`;
  const [doc] = generate({ 'in.yaml': text }, 'in.yaml').documents;
  assert.deepEqual(doc!.notes, [{ slo: 'svc-bad', message: 'SLO svc-bad has errors: fix them first.' }]);
  assert.deepEqual(doc!.slos, [{ name: 'svc-good', rules: 15 }]);
});

test('a period without built-in windows and no AlertWindows of that period gets a note', () => {
  const [doc] = generate({ 'in.yaml': read('prometheus/in-base.yaml') }, 'in.yaml', {}, '14d').documents;
  assert.deepEqual(doc!.groups, []);
  assert.equal(
    doc!.notes[0]!.message,
    'SLO svc01-slo1: Sloth has no alert windows for its 2w period: add an AlertWindows object with `sloPeriod: 2w` to the workspace.',
  );
});

test('two identical AlertWindows of one period are no duplicate: Sloth keeps the first', () => {
  const service = createLanguageService({ slothPeriod: '7d' });
  const windows = read('prometheus/windows/7d.yaml');
  service.setFile('file:///w/a/7d.yaml', windows);
  service.setFile('file:///w/b/7d.yaml', windows);
  assert.deepEqual(service.diagnostics('file:///w/a/7d.yaml'), []);
  service.setFile('file:///w/in.yaml', read('prometheus/in-base.yaml'));
  assert.deepEqual(service.rules('file:///w/in.yaml')!.documents[0]!.notes, []);
});

test('OpenSLO v1alpha that Sloth cannot read (weeks) has errors, and generates nothing but a note', () => {
  const text = read('prometheus/in-openslo.yaml').replace('unit: Day', 'unit: Week');
  const [doc] = generate({ 'in.yaml': text }, 'in.yaml').documents;
  assert.deepEqual(doc!.groups, []);
  assert.deepEqual(doc!.notes, [{ slo: 'slo1', message: 'SLO slo1 has errors: fix them first.' }]);
});

test("a 99.999 % objective's alerts print the budget as Go does, with an exponent", () => {
  const text = read('prometheus/in-base.yaml').replace('objective: 99.9\n', 'objective: 99.999\n');
  const [doc] = generate({ 'in.yaml': text }, 'in.yaml').documents;
  const alerts = doc!.groups.find((g) => g.name === 'sloth-slo-alerts-svc01-slo1')!;
  assert.match(alerts.rules[0]!.expr, / > \(14\.4 \* 1\.0000000000047748e-05\)\) without \(sloth_window\)/);
  keep('five-nines', { documents: [doc!] });
});

test('numbers print as Go prints them: %g, strconv f -1, Prometheus durations', () => {
  assert.equal(goFormatFloatG((100 - 99.9) / 100), '0.0009999999999999432');
  assert.equal(goFormatFloatG((100 - 99.999) / 100), '1.0000000000047748e-05');
  assert.equal(goFormatFloatG(1e6), '1e+06');
  assert.equal(goFormatFloatG(123456), '123456');
  assert.equal(goFormatFloatG(1e-7), '1e-07');
  assert.equal(goFormatFloatG(1e21), '1e+21');
  assert.equal(goFormatFloatF(1e-7), '0.0000001');
  assert.equal(goFormatFloatF(99.9), '99.9');
  assert.equal(goFormatFloatF(1e21), '1000000000000000000000');
  assert.deepEqual(
    [7, 28, 30, 90, 365].map((d) => promDurationString(d * 86_400_000)),
    ['1w', '4w', '30d', '90d', '1y'],
  );
  assert.equal(promDurationString(90 * 60_000), '1h30m');
});

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const missing = promtool.error
  ? 'promtool is not installed: `apt-get install prometheus` provides it (.ci/run installs it)'
  : false;

test('promtool check rules accepts every generated output', { skip: missing }, () => {
  assert.ok(outputs.length >= GOLDEN_CASES.length + CONTROLLER_CASES.length, 'the cases above ran first');
  const dir = mkdtempSync(path.join(tmpdir(), 'sloth-rules-'));
  try {
    for (const { name, groups } of outputs) {
      if (groups.length === 0) continue;
      const file = path.join(dir, `${name.replace(/[^A-Za-z0-9.-]/g, '_')}.yaml`);
      writeFileSync(file, stringify({ groups }));
      const run = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${name}: ${run.stdout}${run.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
