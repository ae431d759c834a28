import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestClient } from './client.js';

let client: TestClient | undefined;
after(async () => client?.close());

const SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  indicatorRef: checkout-ratio
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - displayName: Available
      target: 0.999
    - displayName: Mostly
      target: 0.99
`;

test('teamSre/budget and the CodeLens above each objective', async () => {
  client = await startServer();
  const uri = 'file:///tmp/team-sre-budget-test/slo.yaml';
  const published = client.diagnostics(uri);
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text: SLO },
  });
  await published;
  const budget = (await client.connection.sendRequest('teamSre/budget', {
    uri,
    at: '2026-11-24T12:00:00Z',
  })) as {
    reports: Array<{
      name: string;
      objective: string;
      budget: { allowedBadMinutes: number };
      window: { start: string };
      range: unknown;
    }>;
  };
  assert.deepEqual(
    budget.reports.map((r) => [r.name, r.objective, r.budget.allowedBadMinutes, r.window.start]),
    [
      ['checkout-availability', 'Available', 43.2, '2026-10-25T12:00:00.000Z'],
      ['checkout-availability', 'Mostly', 432, '2026-10-25T12:00:00.000Z'],
    ],
  );
  assert.deepEqual(budget.reports[0]!.range, {
    start: { line: 13, character: 14 },
    end: { line: 13, character: 19 },
  });
  const lenses = (await client.connection.sendRequest('textDocument/codeLens', {
    textDocument: { uri },
  })) as Array<{
    range: { start: { line: number } };
    command: { title: string; command: string; arguments: unknown[] };
  }>;
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line, l.command.title, l.command.command, l.command.arguments]),
    [
      [13, 'Budget: 43m12s / 30 days, rolling · preview', 'teamSre.previewBudget', [uri, 0]],
      [15, 'Budget: 7h12m / 30 days, rolling · preview', 'teamSre.previewBudget', [uri, 1]],
    ],
  );
  assert.deepEqual(
    await client.connection.sendRequest('teamSre/budget', { uri: 'file:///never-opened.yaml' }),
    { reports: [], failed: [] },
  );
});
