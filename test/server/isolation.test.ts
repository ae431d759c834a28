// One SLO whose budget cannot be computed never takes the others down: the SLOs list, the budget, the CodeLenses.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestClient } from './client.js';
import { BudgetRequest, WorkspaceSlosRequest } from '../../src/protocol/requests.js';
import { published, rangeOf, sloYaml, sliYaml, TempWorkspace } from './util.js';

let client: TestClient | undefined;
let ws: TempWorkspace | undefined;
after(async () => {
  await client?.close();
  ws?.dispose();
});

const CEST =
  '“CEST” is not an IANA time zone name: use a name such as “UTC”, “Europe/Paris” or “America/New_York” (abbreviations like CEST and offsets like +01:00 are not accepted).';

const CALENDAR = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-latency
spec:
  service: checkout
  indicatorRef: checkout-ratio
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar:
        startTime: '2026-01-01 00:00:00'
        timeZone: CEST
  objectives:
    - target: 0.99
`;

test('an SLO with a bad time zone: its error in teamSre/workspaceSlos and teamSre/budget, the other SLOs with their figures and CodeLenses', async () => {
  const text = `${sloYaml('checkout-availability', 'checkout-ratio')}---\n${CALENDAR}---\n${sloYaml('checkout-errors', 'checkout-ratio', '0.99')}`;
  ws = new TempWorkspace({
    'slos/checkout.yaml': text,
    'slos/sli.yaml': sliYaml('checkout-ratio'),
    'slos/search.yaml': sloYaml('search-availability', 'checkout-ratio'),
  });
  client = await startServer({ workspaceFolder: ws.dir });
  const uri = ws.uri('slos/checkout.yaml');
  const diagnostics = await published(client, uri, (p) => p.diagnostics.length > 0);
  assert.deepEqual(
    diagnostics.diagnostics.map((d) => [d.code, d.range.start.line, d.message]),
    [['SLO112', 28, CEST]],
  );
  const tz = rangeOf(text, 'CEST');
  assert.deepEqual(tz, { start: { line: 28, character: 18 }, end: { line: 28, character: 22 } });
  const [first, third] = [rangeOf(text, '0.999').start.line, rangeOf(text, 'target: 0.99\n', 1).start.line];

  const slos = await client.connection.sendRequest(WorkspaceSlosRequest, {});
  assert.deepEqual(
    slos
      .filter((s) => s.uri === uri)
      .map((s) => ('error' in s ? [s.name, s.error, s.range] : [s.name, s.index, s.allowedBadMinutes])),
    [
      ['checkout-availability', 0, 40.32],
      ['checkout-latency', CEST, tz],
      ['checkout-errors', 1, 403.2],
    ],
  );
  const failed = slos.find((s) => 'error' in s);
  assert.deepEqual(failed, {
    uri,
    service: 'checkout',
    name: 'checkout-latency',
    format: 'OpenSLO v1',
    range: tz,
    error: CEST,
    errors: 1,
    warnings: 0,
  });
  assert.ok(slos.some((s) => s.name === 'search-availability' && !('error' in s)));

  const budget = await client.connection.sendRequest(BudgetRequest, { uri, at: '2026-11-24T12:00:00Z' });
  assert.deepEqual(
    budget.reports.map((r) => [r.name, r.budget.allowedBadMinutes, r.range.start.line]),
    [
      ['checkout-availability', 40.32, first],
      ['checkout-errors', 403.2, third],
    ],
  );
  assert.deepEqual(budget.failed, [
    { name: 'checkout-latency', format: 'OpenSLO v1', range: tz, error: CEST },
  ]);

  const lenses = (await client.connection.sendRequest('textDocument/codeLens', {
    textDocument: { uri },
  })) as Array<{ range: { start: { line: number } }; command: { title: string; arguments: unknown[] } }>;
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line, l.command.title, l.command.arguments]),
    [
      [first, 'Budget: 40m19s / 28 days, rolling · preview', [uri, 0]],
      [third, 'Budget: 6h43m12s / 28 days, rolling · preview', [uri, 1]],
      // Above each SLO's name: its generated rules, or why there are none.
      [rangeOf(text, 'name: checkout-availability').start.line, '15 rules · show', [uri, 7]],
      [rangeOf(text, 'name: checkout-errors').start.line, '15 rules · show', [uri, 141]],
      [
        rangeOf(text, 'name: checkout-latency').start.line,
        'No rules: SLO checkout-latency has errors',
        [uri, 0],
      ],
    ],
  );
});
