import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from './client.js';
import {
  brief,
  looseUri,
  openDoc,
  positionOf,
  published,
  reconfigure,
  sloYaml,
  TempWorkspace,
} from './util.js';

/** An SLO with a one-minute window (SLO601, a warning) and a percentage target (SLO114, an error). */
const TEXT = `${sloYaml('settings-availability', 'settings-requests', '99.9').replace('28d', '1m')}`;
const EXPECTED_DEFAULT = ['SLO601@10:17-10:19', 'SLO114@14:15-14:19', 'SLO704@7:17-7:34'];

describe('settings from workspace/configuration', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({
      settings: { rules: { SLO601: 'off', slo114: 'warning', SLO704: 'loud' } },
    });
  });
  after(async () => {
    await client.close();
  });

  test('a rule turned off is not published, a rule with a severity is published with it', async () => {
    const { diagnostics } = await openDoc(client, looseUri('rules.yaml'), TEXT);
    // SLO601 off; SLO114 (written in lower case) a warning; SLO704's invalid setting ignored (a warning).
    assert.deepEqual(diagnostics.map(brief), ['SLO114@14:15-14:19', 'SLO704@7:17-7:34']);
    assert.equal(diagnostics[0]!.severity, 2);
    assert.equal(diagnostics[1]!.severity, 2);
  });

  test('no quick fix for a diagnostic that is off', async () => {
    const uri = looseUri('rules.yaml');
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 9, character: 0 }, end: { line: 9, character: 30 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    assert.deepEqual(actions, []);
  });

  test('changed settings apply to the open documents at once', async () => {
    const uri = looseUri('rules.yaml');
    const republished = client.diagnostics(uri, (p) => p.diagnostics.length === 3);
    await reconfigure(client, { rules: { SLO704: 'info' } });
    const p = await republished;
    assert.equal(p.version, 1);
    assert.deepEqual(p.diagnostics.map(brief), EXPECTED_DEFAULT);
    assert.deepEqual(
      p.diagnostics.map((d) => d.severity),
      [2, 1, 3],
    );
  });

  test('strictReferences: a reference not in the workspace is an error, until the setting is off again', async () => {
    const uri = looseUri('rules.yaml');
    const strict = client.diagnostics(uri, (p) => p.diagnostics[2]?.severity === 1);
    await reconfigure(client, { strictReferences: true });
    const p = await strict;
    assert.deepEqual(p.diagnostics.map(brief), EXPECTED_DEFAULT);
    assert.deepEqual(
      p.diagnostics.map((d) => d.severity),
      [2, 1, 1],
    );
    const relaxed = client.diagnostics(uri, (p) => p.diagnostics[2]?.severity === 2);
    await reconfigure(client, { strictReferences: 'yes' });
    assert.deepEqual(
      (await relaxed).diagnostics.map((d) => d.severity),
      [2, 1, 2],
    );
  });

  test('maxFileSizeMB: a larger file gets one SLO006 warning instead of an analysis', async () => {
    await reconfigure(client, { maxFileSizeMB: 0.001 });
    const text = `${TEXT}${'# padding\n'.repeat(100)}`;
    const { diagnostics } = await openDoc(client, looseUri('large.yaml'), text);
    assert.deepEqual(diagnostics.map(brief), ['SLO006@1:1-1:23']);
    assert.equal(diagnostics[0]!.severity, 2);
    assert.equal(
      diagnostics[0]!.message,
      'This file has 1.3 KB, above the 1.0 KB analysis limit: split it into smaller files, or raise the “teamSre.maxFileSizeMB” setting.',
    );
    await reconfigure(client, {});
  });
});

describe('settings: files', () => {
  let client: TestClient;
  let ws: TempWorkspace;
  before(async () => {
    ws = new TempWorkspace({
      'slos/kept.yaml': TEXT,
      'generated/skipped.yaml': TEXT.replace('settings-availability', 'other'),
    });
    client = await startServer({
      workspaceFolder: ws.dir,
      settings: { files: { exclude: ['generated/**'] } },
    });
    await client.waitFor('window/logMessage', (m) =>
      /^Indexed/.test((m.params as { message: string }).message),
    );
  });
  after(async () => {
    await client.close();
    ws.dispose();
  });

  test('files.exclude: excluded files are not indexed', async () => {
    assert.deepEqual(
      (await published(client, ws.uri('slos/kept.yaml'))).diagnostics.map(brief),
      EXPECTED_DEFAULT,
    );
    assert.equal(client.latest.get(ws.uri('generated/skipped.yaml')), undefined);
    // Nor when the watcher reports them.
    const uri = ws.write('generated/new.yaml', TEXT.replace('settings-availability', 'new'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri, type: 1 }],
    });
    await reconfigure(client, { files: { exclude: ['generated/**'] } });
    assert.equal(client.latest.get(uri), undefined);
  });

  test('removing the exclusion indexes the files', async () => {
    const skipped = client.diagnostics(ws.uri('generated/skipped.yaml'));
    await reconfigure(client, {});
    assert.deepEqual((await skipped).diagnostics.map(brief), EXPECTED_DEFAULT);
  });

  test('excluding files again drops them and clears their diagnostics', async () => {
    const cleared = client.diagnostics(ws.uri('generated/skipped.yaml'));
    await reconfigure(client, { files: { exclude: ['generated/**'] } });
    assert.deepEqual((await cleared).diagnostics, []);
    // The others keep theirs.
    assert.deepEqual(client.latest.get(ws.uri('slos/kept.yaml'))!.diagnostics.map(brief), EXPECTED_DEFAULT);
  });

  test('a file deleted while not watched is dropped at the next re-index', async () => {
    const uri = ws.uri('slos/kept.yaml');
    const cleared = client.diagnostics(uri);
    ws.remove('slos/kept.yaml');
    await reconfigure(client, { files: { exclude: ['generated/**'] } });
    assert.deepEqual((await cleared).diagnostics, []);
  });
});

describe('settings: sloth.defaultPeriod', () => {
  const SLOTH = `version: prometheus/v1
service: payments-api
slos:
  - name: requests-availability
    objective: 99.95
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: PaymentsApiHighErrorRate
`;
  const HOVER_INTRO =
    "**objective** · number · required\n\nThe objective as a percentage, greater than 0 and at most 100: `99.9`. Sloth's period defaults to 30 days.\n\n";
  const uri = looseUri('settings-sloth.yaml');
  let client: TestClient;
  before(async () => {
    client = await startServer({ settings: {} });
    await openDoc(client, uri, SLOTH);
  });
  after(async () => {
    await client.close();
  });

  /** The hover on the objective, the budget at a fixed instant, and the CodeLens titles of the Sloth file. */
  async function figures() {
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(SLOTH, '99.95', 1),
    })) as { contents: { value: string } };
    const budget = (await client.connection.sendRequest('teamSre/budget', {
      uri,
      at: '2026-11-24T12:00:00Z',
    })) as {
      reports: Array<{ window: { label: string; start: string }; budget: { allowedBadMinutes: number } }>;
    };
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', {
      textDocument: { uri },
    })) as Array<{ command: { title: string } }>;
    return {
      hover: hover.contents.value,
      budget: budget.reports.map((r) => [r.window.label, r.window.start, r.budget.allowedBadMinutes]),
      lenses: lenses.map((l) => l.command.title),
    };
  }

  test('a new period changes the Sloth hover, budget and CodeLens of an open file', async () => {
    assert.deepEqual(await figures(), {
      hover: `${HOVER_INTRO}**99.95 %** over **30 days, rolling (Sloth's SLO period)**: error budget 0.05 %, **21 min 36 s** of full outage, or 1 bad request in 2 000.`,
      budget: [["30 days, rolling (Sloth's SLO period)", '2026-10-25T12:00:00.000Z', 21.6]],
      lenses: ["Budget: 21m36s / 30 days, rolling (Sloth's SLO period) · preview", '17 rules · show'],
    });
    await reconfigure(client, { sloth: { defaultPeriod: '28d' } });
    // 0.05 % of 28 days = 20.16 min.
    assert.deepEqual(await figures(), {
      hover: `${HOVER_INTRO}**99.95 %** over **28 days, rolling (Sloth's SLO period)**: error budget 0.05 %, **20 min 10 s** of full outage, or 1 bad request in 2 000.`,
      budget: [["28 days, rolling (Sloth's SLO period)", '2026-10-27T12:00:00.000Z', 20.16]],
      lenses: ["Budget: 20m10s / 28 days, rolling (Sloth's SLO period) · preview", '17 rules · show'],
    });
  });
});
