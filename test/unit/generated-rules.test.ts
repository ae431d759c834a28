// Where committed generated rules are looked for, and where each group and rule stands in the printed text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandOutput, generatedRulesTarget } from '../../src/config/generated-rules.js';
import { alertRowLines, type RulesView } from '../../src/language/features/rules.js';
import { rulesLayout } from '../../src/rules/layout.js';
import type { RulesDocument } from '../../src/rules/types.js';
import { rulesFileText } from '../../src/rules/write.js';

const none = () => false;
const all = () => true;

test('an output template is expanded per SLO file, and only inside the workspace folder', () => {
  const tpl = (name: string) => `\${${name}}`;
  assert.equal(expandOutput(`${tpl('dir')}/_gen/${tpl('basename')}`, 'slos/api.yaml'), 'slos/_gen/api.yaml');
  assert.equal(
    expandOutput(`rules/${tpl('name')}.rules${tpl('ext')}`, 'slos/api.yml'),
    'rules/api.rules.yml',
  );
  assert.equal(
    expandOutput(`${tpl('dir')}/../rules/${tpl('basename')}`, 'team/slos/a.yaml'),
    'team/rules/a.yaml',
  );
  assert.equal(expandOutput(`${tpl('dir')}/_gen/${tpl('basename')}`, 'api.yaml'), '_gen/api.yaml');
  assert.equal(expandOutput(`../${tpl('basename')}`, 'api.yaml'), undefined);
  assert.equal(expandOutput(`/etc/${tpl('basename')}`, 'api.yaml'), undefined);
  assert.equal(expandOutput(`${tpl('dir')}/${tpl('basename')}`, 'slos/api.yaml'), undefined);
  assert.equal(expandOutput(`${tpl('folder')}/x.yaml`, 'slos/api.yaml'), undefined);
  // A rules file is YAML (or JSON), and nothing is written into .git.
  assert.equal(expandOutput(`rules/${tpl('name')}.sh`, 'slos/api.yaml'), undefined);
  assert.equal(expandOutput(`.git/${tpl('basename')}`, 'slos/api.yaml'), undefined);
});

test("the first matching setting wins; else Sloth's _gen/ neighbour when it exists", () => {
  const mappings = [
    { slo: 'slos/legacy/*.yaml', output: 'legacy-rules/${name}.yaml' },
    { slo: 'slos/**/*.yaml', output: 'rules/${name}.yaml' },
  ];
  assert.deepEqual(generatedRulesTarget('slos/legacy/a.yaml', mappings, none), {
    path: 'legacy-rules/a.yaml',
    configured: true,
  });
  assert.deepEqual(generatedRulesTarget('slos/b/c.yaml', mappings, none), {
    path: 'rules/c.yaml',
    configured: true,
  });
  assert.deepEqual(generatedRulesTarget('sloth/x.yml', mappings, all), {
    path: 'sloth/_gen/x.yml',
    configured: false,
  });
  assert.equal(generatedRulesTarget('sloth/x.yml', mappings, none), undefined);
});

test('the layout of a printed rules file: each group from its name to its last line, each rule on its line', () => {
  const docs: RulesDocument[] = [
    {
      generator: 'Test',
      container: { kind: 'rule-file' },
      groups: [
        {
          name: 'a recordings',
          rules: [
            { record: 'x:ratio', expr: 'sum(rate(x[5m]))' },
            { record: 'y:ratio', expr: 'sum(\n  rate(y[5m])\n)' },
          ],
        },
        { name: 'a-alerts', rules: [{ alert: 'High', expr: 'x > 1', labels: { severity: 'page' } }] },
      ],
      notes: [],
      slos: [{ name: 'a', rules: 3 }],
    },
  ];
  const text = rulesFileText(docs, 'slos/a.yaml');
  const lines = text.split('\n');
  const layout = rulesLayout(text, docs);
  assert.equal(lines[layout[0]!.start], '- name: a recordings');
  assert.deepEqual(
    layout[0]!.rules.map((l) => lines[l]),
    ['  - record: x:ratio', '  - record: y:ratio'],
  );
  assert.equal(lines[layout[0]!.end], '      )');
  assert.equal(lines[layout[1]!.start], '- name: a-alerts');
  assert.equal(lines[layout[1]!.rules[0]!], '  - alert: High');
  assert.equal(layout[1]!.end, lines.length - 2);
});

test("alert rows to rules: by severity, and by windows where the generator labels them (Pyrra's long and short)", () => {
  const view = (alerts: RulesView['alerts']): RulesView => ({
    text: '',
    generators: [],
    slos: [],
    notes: [],
    alerts,
  });
  const row = (severity: string, longWindow: string, shortWindow: string, disabled = false) => ({
    severity,
    longWindow,
    shortWindow,
    disabled,
  });
  const pyrra = view([
    { slo: 'api', alert: 'SLOMetricAbsent', severity: 'critical', line: 10 },
    { slo: 'api', alert: 'ErrorBudgetBurn', severity: 'critical', long: '1h', short: '5m', line: 20 },
    { slo: 'api', alert: 'ErrorBudgetBurn', severity: 'warning', long: '1d', short: '2h', line: 30 },
  ]);
  assert.deepEqual(
    alertRowLines(pyrra, 'api', [
      row('critical', '1h', '5m'),
      row('critical', '6h', '30m'),
      row('warning', '1d', '2h'),
    ]),
    [20, null, 30],
  );
  const sloth = view([
    { slo: 'api', alert: 'ApiDown', severity: 'page', line: 5 },
    { slo: 'api', alert: 'ApiDown', severity: 'ticket', line: 9 },
    { slo: 'web', alert: 'WebDown', severity: 'page', line: 40 },
  ]);
  assert.deepEqual(
    alertRowLines(sloth, 'api', [
      row('page', '1h', '5m'),
      row('page', '6h', '30m'),
      row('ticket', '1d', '2h', true),
      row('ticket', '3d', '6h'),
    ]),
    [5, 5, null, 9],
  );
});
