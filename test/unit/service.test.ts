import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createLanguageService, hasBudget } from '../../src/language/service.js';

const COPY =
  'apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: checkout-availability\nspec:\n  service: checkout\n' +
  '  indicatorRef: checkout-availabilty\n  budgetingMethod: Ocurrences\n  timeWindow:\n    - duration: 28d\n' +
  '      isRolling: true\n  objectives:\n    - target: 0.99\n';

/** The checkout example and a mistaken copy of its availability SLO. */
function workspace() {
  const service = createLanguageService({ rules: { SLO705: 'info' } });
  for (const f of ['checkout-slos', 'checkout-slis', 'alerting', 'datasource', 'service'])
    service.setFile(`examples/slos/${f}.yaml`, readFileSync(`examples/slos/${f}.yaml`, 'utf8'));
  service.setFile('copy.yaml', COPY);
  return service;
}

const range = (sl: number, sc: number, el: number, ec: number) => ({
  start: { line: sl, character: sc },
  end: { line: el, character: ec },
});

test('diagnostics: the file’s own and cross-file ones, with the rule settings applied', () => {
  const service = workspace();
  assert.deepEqual(
    service.diagnostics('copy.yaml').map((d) => [d.code, d.severity, d.message, d.range]),
    [
      [
        'SLO014',
        'error',
        '“budgetingMethod” must be “Occurrences”, “Timeslices” or “RatioTimeslices”, not "Ocurrences": did you mean “Occurrences”?',
        range(7, 19, 7, 29),
      ],
      [
        'SLO705',
        'info',
        'Duplicate OpenSLO SLO name “checkout-availability”: also defined at checkout-slos.yaml:4; nothing in the files checked references it, but a tool reading both keeps one. Remove the copy or rename one of them.',
        range(3, 8, 3, 29),
      ],
      [
        'SLO701',
        'error',
        'No SLI named “checkout-availabilty” in the workspace: did you mean “checkout-availability”?',
        range(6, 16, 6, 36),
      ],
    ],
  );
  service.configure({ rules: { SLO705: 'off' } });
  assert.deepEqual(
    service.diagnostics('copy.yaml').map((d) => d.code),
    ['SLO014', 'SLO701'],
  );
  assert.deepEqual(
    [...service.allDiagnostics()].map(([uri, list]) => [uri, list.map((d) => d.code)]),
    [
      ['examples/slos/checkout-slos.yaml', []],
      ['examples/slos/checkout-slis.yaml', []],
      ['examples/slos/alerting.yaml', []],
      ['examples/slos/datasource.yaml', []],
      ['examples/slos/service.yaml', []],
      ['copy.yaml', ['SLO014', 'SLO701']],
    ],
  );
});

test('code actions: the fixes of the diagnostics in the range', () => {
  assert.deepEqual(
    workspace()
      .codeActions('copy.yaml', range(6, 0, 7, 40))
      .map((a) => [a.diagnostic.code, a.fix.title, a.fix.edits]),
    [
      ['SLO014', 'Change to Occurrences', [{ range: range(7, 19, 7, 29), newText: 'Occurrences' }]],
      [
        'SLO701',
        'Change to checkout-availability',
        [{ range: range(6, 16, 6, 36), newText: 'checkout-availability' }],
      ],
    ],
  );
});

test('document summary, completion of references, hover, go to definition', () => {
  const service = workspace();
  assert.deepEqual(service.documentSummary('copy.yaml'), {
    formats: ['OpenSLO v1'],
    objects: 1,
    slos: 1,
    errors: 2,
    // The duplicate SLO name is an info under the rules given.
    warnings: 0,
    isSloFile: true,
  });
  assert.equal(service.documentSummary('missing.yaml'), undefined);
  assert.deepEqual(
    service.complete('copy.yaml', { line: 6, character: 16 }).map((e) => e.label),
    ['checkout-availability', 'checkout-latency'],
  );
  assert.deepEqual(service.hover('copy.yaml', { line: 12, character: 14 }), {
    markdown:
      '**target** · number\n\nThe objective as a ratio in [0, 1): `0.999` is 99.9 %.\n\n' +
      '**99 %** over **28 days, rolling**: error budget 1 %, **6 h 43 min 12 s** of full outage, or 1 bad request in 100.',
    range: range(12, 14, 12, 18),
  });
  assert.deepEqual(service.definition('copy.yaml', { line: 5, character: 12 }), [
    { uri: 'examples/slos/service.yaml', range: range(3, 8, 3, 16) },
  ]);
});

test('budgets of a document: one per objective, with the alert table its alerting implies', () => {
  assert.deepEqual(
    workspace()
      .budgets('examples/slos/checkout-slos.yaml', new Date('2026-03-10T00:00:00Z'))
      .filter(hasBudget)
      .map((e) => [e.name, e.service, e.range, e.report.budget.allowedBadMinutes, e.report.alertSource]),
    [
      ['checkout-availability', 'checkout', range(17, 14, 17, 19), 40.32, "the SLO's AlertConditions"],
      [
        'checkout-latency',
        'checkout',
        range(41, 14, 41, 18),
        445.8,
        "the SRE workbook's windows (as Sloth generates them)",
      ],
    ],
  );
});

test("a Sloth file: the outline by SLO over the service's period; its SLO id cannot be renamed", () => {
  const service = createLanguageService({ slothPeriod: '28d' });
  const uri = 'examples/sloth/payments-api.yaml';
  service.setFile(uri, readFileSync(uri, 'utf8'));
  assert.deepEqual(
    service
      .symbols(uri)
      .map((s) => [
        s.name,
        s.detail,
        s.kind,
        s.children.map((c) => [c.name, c.detail, c.kind, c.selectionRange]),
      ]),
    [
      [
        'prometheus/v1 payments-api',
        "28 days, rolling (Sloth's SLO period)",
        'object',
        [
          [
            'requests-availability',
            "99.95 % · 28 days, rolling (Sloth's SLO period)",
            'slo',
            range(5, 10, 5, 31),
          ],
        ],
      ],
    ],
  );
  assert.equal(service.prepareRename(uri, { line: 5, character: 12 }), undefined);
  assert.deepEqual(service.rename(uri, { line: 5, character: 12 }, 'x'), {
    error: 'Only OpenSLO object names and references can be renamed.',
  });
  assert.deepEqual(service.folding(uri), [{ startLine: 0, endLine: 21 }]);
  assert.deepEqual(service.documentSummary(uri), {
    formats: ['Sloth (prometheus/v1)'],
    objects: 1,
    slos: 1,
    errors: 0,
    warnings: 0,
    isSloFile: true,
  });
});

test('diagnostics under the rules: the same array until the file or the rules change', () => {
  const service = workspace();
  const first = service.diagnostics('copy.yaml');
  assert.equal(service.diagnostics('copy.yaml'), first);
  assert.equal(service.allDiagnostics().get('copy.yaml'), first);
  // Rules equal in content but another object: applied again.
  service.configure({ rules: { SLO705: 'info' } });
  const again = service.diagnostics('copy.yaml');
  assert.notEqual(again, first);
  assert.deepEqual(again, first);
  service.setFile('copy.yaml', COPY.replace('Ocurrences', 'Occurrences'));
  assert.deepEqual(
    service.diagnostics('copy.yaml').map((d) => d.code),
    ['SLO705', 'SLO701'],
  );
});

test('strict references: SLO704 and SLO705 become errors, unless a rule gives them a severity', () => {
  const service = createLanguageService({ strictReferences: true });
  // An SLO whose SLI is in no file read, and the same Service twice, as YAML and as JSON.
  service.setFile('slo.yaml', COPY.replace('Ocurrences', 'Occurrences'));
  service.setFile('service.yaml', 'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: payments\n');
  service.setFile(
    'service.json',
    '{"apiVersion": "openslo/v1", "kind": "Service", "metadata": {"name": "payments"}}\n',
  );
  const brief = () =>
    [...service.allDiagnostics()].flatMap(([uri, list]) => list.map((d) => `${uri} ${d.code} ${d.severity}`));
  // The SLI, and the Service `checkout` now that Services are defined: neither is close to a name read.
  assert.deepEqual(brief(), [
    'slo.yaml SLO704 error',
    'slo.yaml SLO704 error',
    'service.yaml SLO705 error',
    'service.json SLO705 error',
  ]);
  service.configure({ strictReferences: true, rules: { SLO705: 'warning' } });
  assert.deepEqual(brief(), [
    'slo.yaml SLO704 error',
    'slo.yaml SLO704 error',
    'service.yaml SLO705 warning',
    'service.json SLO705 warning',
  ]);
  service.configure({});
  assert.deepEqual(brief(), [
    'slo.yaml SLO704 warning',
    'slo.yaml SLO704 warning',
    'service.yaml SLO705 warning',
    'service.json SLO705 warning',
  ]);
});

test('SLO names of the SLO files, for postmortem references', () => {
  const service = workspace();
  const sloth = 'examples/sloth/payments-api.yaml';
  service.setFile(sloth, readFileSync(sloth, 'utf8'));
  service.setFile('notes.yaml', 'just: some yaml\n');
  // Sloth names its SLOs `<service>-<name>`.
  assert.deepEqual(service.sloNames(sloth), ['payments-api-requests-availability']);
  assert.deepEqual(service.sloNames('copy.yaml'), ['checkout-availability']);
  assert.deepEqual(service.sloNames('examples/slos/checkout-slis.yaml'), []);
  assert.equal(service.sloNames('notes.yaml'), undefined);
  assert.equal(service.sloNames('never-set.yaml'), undefined);
});
