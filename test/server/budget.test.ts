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
      // Above the SLO's name: why no rules are generated for it.
      [
        3,
        "No rules: the SLI 'checkout-ratio' is not in the workspace",
        'teamSre.showGeneratedRules',
        [uri, 0],
      ],
    ],
  );
  assert.deepEqual(
    await client.connection.sendRequest('teamSre/budget', { uri: 'file:///never-opened.yaml' }),
    { reports: [], failed: [] },
  );
});

test('teamSre/liveBudget refuses 100 years of 1-minute slices with the bound, before any query, and keeps serving', async () => {
  const server = await startServer();
  try {
    const uri = 'file:///tmp/team-sre-budget-test/century.yaml';
    const published = server.diagnostics(uri);
    const text = SLO.replace('Occurrences', 'Timeslices')
      .replace('duration: 30d', 'duration: 100Y')
      .replace('target: 0.999', 'target: 0.999\n      timeSliceWindow: 1m');
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
    await published;
    // A port nothing listens on, and a timeout past what a timer can hold: neither is reached.
    const prometheus = { url: 'http://127.0.0.1:9', timeoutMs: 1e12 };
    const answer = await server.connection.sendRequest('teamSre/liveBudget', {
      uri,
      index: 0,
      prometheus,
      at: '2026-11-24T12:00:00Z',
    });
    assert.deepEqual(answer, {
      error: {
        kind: 'limit',
        message:
          'The window holds 52560000 slices of 1m to count, above the bound of 1100000 slices per read: choose a longer timeSliceWindow or a shorter window.',
      },
    });
    const again = (await server.connection.sendRequest('teamSre/budget', {
      uri,
      at: '2026-11-24T12:00:00Z',
    })) as {
      reports: unknown[];
    };
    assert.equal(again.reports.length, 2);
  } finally {
    await server.close();
  }
});
