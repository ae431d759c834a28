// Real OpenSLO files (test/fixtures/real/SOURCES.tsv) opened as a workspace of their own: references to objects
// defined in no file of their repository, and one object committed as YAML and as JSON, as the editor shows them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from './client.js';
import { brief, openDoc, published, rangeOf, reconfigure, TempWorkspace } from './util.js';

const REAL = path.join(__dirname, '..', 'fixtures', 'real');
const GO_SDK = 'OpenSLO+go-sdk/pkg/openslosdk/test_data';
const OSLO = 'OpenSLO+oslo/internal/files/testdata/format';
const ELSEWHERE =
  'if it is defined elsewhere, add its folder to the workspace or pass it to “team-sre lint” too.';

/** What a client shows of a diagnostic: where, how severe, what it says, and the places it links. */
const shown = (d: Diagnostic) => ({
  at: brief(d),
  severity: d.severity,
  message: d.message,
  related: (d.relatedInformation ?? []).map((r) => ({
    file: path.basename(new URL(r.location.uri).pathname),
    range: r.location.range,
    message: r.message,
  })),
});

/** A workspace folder holding copies of fixture files under their own names, and a server indexing it. */
function workspaceOf(files: string[]) {
  const state = { client: undefined as unknown as TestClient, ws: undefined as unknown as TempWorkspace };
  before(async () => {
    state.ws = new TempWorkspace(
      Object.fromEntries(files.map((f) => [path.basename(f), readFileSync(path.join(REAL, f), 'utf8')])),
    );
    state.client = await startServer({ workspaceFolder: state.ws.dir });
    await state.client.waitFor('window/logMessage', (m) =>
      /^Indexed/.test((m.params as { message: string }).message),
    );
  });
  after(async () => {
    await state.client.close();
    state.ws.dispose();
  });
  return state;
}

describe('go-sdk: an SLO whose SLI is mistyped beside the SLIs it defines', () => {
  const file = `${GO_SDK}/inline/inputs/v1_slo_invalid_sli.yaml`;
  const state = workspaceOf([file]);

  test('an error with the close name and its fix, a warning for the DataSource kept elsewhere', async () => {
    const { client, ws } = state;
    const uri = ws.uri('v1_slo_invalid_sli.yaml');
    const { diagnostics } = await published(client, uri);
    assert.deepEqual(diagnostics.map(shown), [
      {
        at: 'SLO701@7:19-7:25',
        severity: 1,
        message: 'No SLI named “no-sli” in the workspace: did you mean “my-sli”?',
        related: [],
      },
      {
        at: 'SLO704@28:26-28:39',
        severity: 2,
        message: `No DataSource named “my-prometheus” in the files checked: ${ELSEWHERE}`,
        related: [],
      },
    ]);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics: [diagnostics[0]] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred, a.edit?.changes]),
      [['Change to my-sli', true, { [uri]: [{ range: diagnostics[0]!.range, newText: 'my-sli' }] }]],
    );
  });
});

describe('go-sdk: a DataSource referenced twice and defined in no file of the repository', () => {
  const file = `${GO_SDK}/inline/inputs/v1_slo.yaml`;
  const state = workspaceOf([file]);

  test('one warning at the first place, the second linked', async () => {
    const { client, ws } = state;
    const text = readFileSync(path.join(REAL, file), 'utf8');
    const { diagnostics } = await published(client, ws.uri('v1_slo.yaml'));
    assert.deepEqual(diagnostics.map(shown), [
      {
        at: 'SLO704@13:30-13:43',
        severity: 2,
        message: `No DataSource named “my-prometheus” in the files checked (also referenced at 1 more place in this file): ${ELSEWHERE}`,
        related: [
          {
            file: 'v1_slo.yaml',
            range: rangeOf(text, 'my-prometheus', 1),
            message: 'Also references DataSource my-prometheus',
          },
        ],
      },
    ]);
    assert.deepEqual(rangeOf(text, 'my-prometheus', 1).start, { line: 92, character: 25 });
  });
});

describe('alert policies with conditions and targets elsewhere, and a Service as YAML and JSON', () => {
  const state = workspaceOf([
    `${GO_SDK}/export/inputs/v1_alert_policies.yaml`,
    `${OSLO}/valid-service.yaml`,
    `${OSLO}/valid-service.json`,
  ]);
  const duplicate = (other: string) =>
    `Duplicate OpenSLO Service name “my-rad-service”: also defined at ${other}; nothing in the files checked references it, but a tool reading both keeps one. Remove the copy or rename one of them.`;

  test('warnings: each missing name once, each copy of the Service pointing at the other', async () => {
    const { client, ws } = state;
    const policies = await published(client, ws.uri('v1_alert_policies.yaml'));
    assert.deepEqual(policies.diagnostics.map(shown), [
      {
        at: 'SLO704@8:23-8:39',
        severity: 2,
        message: `No AlertCondition named “cpu-usage-breach” in the files checked: ${ELSEWHERE}`,
        related: [],
      },
      {
        at: 'SLO704@10:20-10:43',
        severity: 2,
        message: `No AlertNotificationTarget named “devs-email-notification” in the files checked (also referenced at 1 more place in this file): ${ELSEWHERE}`,
        related: [
          {
            file: 'v1_alert_policies.yaml',
            range: { start: { line: 34, character: 19 }, end: { line: 34, character: 42 } },
            message: 'Also references AlertNotificationTarget devs-email-notification',
          },
        ],
      },
    ]);
    const yaml = await published(client, ws.uri('valid-service.yaml'));
    const json = await published(client, ws.uri('valid-service.json'));
    const other = (file: string, line: number, from: number, to: number) => ({
      file,
      range: { start: { line, character: from }, end: { line, character: to } },
      message: 'Other definition of my-rad-service',
    });
    assert.deepEqual(yaml.diagnostics.map(shown), [
      {
        at: 'SLO705@4:9-4:23',
        severity: 2,
        message: duplicate('valid-service.json:5'),
        related: [other('valid-service.json', 4, 12, 28)],
      },
    ]);
    assert.deepEqual(json.diagnostics.map(shown), [
      {
        at: 'SLO705@5:13-5:29',
        severity: 2,
        message: duplicate('valid-service.yaml:4'),
        related: [other('valid-service.yaml', 3, 8, 22)],
      },
    ]);
  });

  test('a target defined with a close name: the repeated reference becomes one error whose fix renames both', async () => {
    const { client, ws } = state;
    const uri = ws.uri('v1_alert_policies.yaml');
    const typo = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'SLO701'));
    const targets = await openDoc(
      client,
      ws.uri('targets.yaml'),
      'apiVersion: openslo/v1\nkind: AlertNotificationTarget\nmetadata:\n  name: devs-email-notifications\nspec:\n  target: email\n',
    );
    assert.deepEqual(targets.diagnostics, []);
    const { diagnostics } = await typo;
    assert.deepEqual(
      diagnostics.map((d) => `${brief(d)} ${d.severity} ${d.message}`),
      [
        `SLO704@8:23-8:39 2 No AlertCondition named “cpu-usage-breach” in the files checked: ${ELSEWHERE}`,
        'SLO701@10:20-10:43 1 No AlertNotificationTarget named “devs-email-notification” in the workspace (also referenced at 1 more place in this file): did you mean “devs-email-notifications”?',
      ],
    );
    // Asked at the second place, which has no diagnostic of its own: the same fix, for both places.
    const second = { start: { line: 34, character: 25 }, end: { line: 34, character: 25 } };
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: second,
      context: { diagnostics: [] },
    })) as CodeAction[];
    const place = (line: number, from: number) => ({
      range: { start: { line, character: from }, end: { line, character: from + 23 } },
      newText: 'devs-email-notifications',
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred, a.edit?.changes]),
      [['Change all 2 to devs-email-notifications', true, { [uri]: [place(9, 19), place(34, 19)] }]],
    );
    const back = client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'SLO701'));
    await targets.doc.close();
    await back;
  });

  test('teamSre.strictReferences makes the same diagnostics errors', async () => {
    const { client, ws } = state;
    await reconfigure(client, { strictReferences: true });
    const severities = (name: string) =>
      client.latest.get(ws.uri(name))!.diagnostics.map((d) => `${brief(d)} ${d.severity}`);
    assert.deepEqual(severities('v1_alert_policies.yaml'), ['SLO704@8:23-8:39 1', 'SLO704@10:20-10:43 1']);
    assert.deepEqual(severities('valid-service.yaml'), ['SLO705@4:9-4:23 1']);
    assert.deepEqual(severities('valid-service.json'), ['SLO705@5:13-5:29 1']);
  });
});
