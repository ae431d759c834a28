import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from './client.js';
import { brief, Doc, looseUri, message, openDoc, rangeOf, sliYaml, sloYaml } from './util.js';

/** A valid SLO and its SLI in one file, so it has no cross-file diagnostics (names unique per `id`). */
const valid = (id: string) =>
  `${sliYaml(`${id}-requests`)}---\n${sloYaml(`${id}-availability`, `${id}-requests`)}`;

describe('edit cycle', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.close();
  });

  test('open, break, fix: each version gets its diagnostics', async () => {
    const uri = looseUri('edit-cycle.yaml');
    const { doc, diagnostics } = await openDoc(client, uri, valid('t1'));
    assert.deepEqual(diagnostics, []);

    // Version 2: the target written as a percentage.
    const targetLine = rangeOf(doc.text, 'target: 0.999').start.line;
    const valueRange = rangeOf(doc.text, '0.999');
    await doc.edit(valueRange, '99.9');
    const broken = await doc.diagnostics();
    assert.equal(broken.version, 2);
    assert.equal(broken.diagnostics.length, 1);
    const [d] = broken.diagnostics;
    assert.equal(d!.code, 'SLO114');
    assert.equal(d!.severity, 1);
    assert.equal(d!.source, 'team-sre');
    assert.deepEqual(d!.range, {
      start: { line: targetLine, character: 14 },
      end: { line: targetLine, character: 18 },
    });
    assert.equal(
      d!.message,
      '“target” must be a ratio in [0, 1), not 99.9: 99.9 % is “target: 0.999” (or “targetPercent: 99.9”).',
    );
    assert.deepEqual(d!.codeDescription, { href: 'https://github.com/team-sre/team-sre#slo114' });

    // Version 3: fixed again.
    await doc.edit(rangeOf(doc.text, '99.9'), '0.999');
    const fixed = await doc.diagnostics();
    assert.equal(fixed.version, 3);
    assert.deepEqual(fixed.diagnostics, []);
  });

  test('a burst of changes: the last version is published, for the final text', async () => {
    const uri = looseUri('burst.yaml');
    const { doc } = await openDoc(client, uri, valid('t2'));
    const from = client.received.length;
    // Type "9" "9" "." "5" over the target, one keystroke a change, then break the name.
    const target = rangeOf(doc.text, '0.999');
    await doc.edit(target, '');
    let at = target.start;
    for (const ch of ['9', '9', '.', '5']) {
      await doc.edit({ start: at, end: at }, ch);
      at = { line: at.line, character: at.character + 1 };
    }
    await doc.replace('name: t2-availability', 'name: API');
    const last = await doc.diagnostics();
    assert.equal(last.version, 7);
    assert.equal(doc.text.includes('target: 99.5\n'), true);
    assert.deepEqual(last.diagnostics.map(brief), [
      `SLO101@${rangeOf(doc.text, 'API').start.line + 1}:9-${rangeOf(doc.text, 'API').start.line + 1}:12`,
      `SLO114@${at.line + 1}:15-${at.line + 1}:19`,
    ]);
    assert.match(message(last.diagnostics[1]!), /not 99\.5: 99\.5 % is “target: 0\.995”/);
    // Never an older version after a newer one, and the final version is the last one published.
    await new Promise((r) => setTimeout(r, 50));
    const versions = client.received
      .slice(from)
      .filter((m) => m.method === 'textDocument/publishDiagnostics')
      .map((m) => m.params as PublishDiagnosticsParams)
      .filter((p) => p.uri === uri)
      .map((p) => p.version);
    assert.deepEqual(versions, [...versions].sort());
    assert.equal(versions.at(-1), 7);
    assert.equal(client.latest.get(uri)!.version, 7);
  });

  test('an unchanged result is still published for the new version', async () => {
    const uri = looseUri('same.yaml');
    const { doc } = await openDoc(client, uri, valid('t3'));
    // A comment changes the text, not the diagnostics.
    await doc.edit({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '# a comment\n');
    const published = await doc.diagnostics();
    assert.equal(published.version, 2);
    assert.deepEqual(published.diagnostics, []);
  });

  test('closing a document outside the workspace clears its diagnostics', async () => {
    const uri = looseUri('closed.yaml');
    const { doc, diagnostics } = await openDoc(client, uri, sloYaml('x', 'missing-sli', '99.9'));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['SLO114', 'SLO704'],
    );
    const cleared = client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await doc.close();
    const p = await cleared;
    assert.equal(p.version, undefined);
  });

  test('a full-text change is accepted too', async () => {
    const doc = await new Doc(client, looseUri('full.yaml'), valid('t9')).open();
    await doc.diagnostics();
    await doc.setText(doc.text.replace('duration: 28d', 'duration: 28 days'));
    const p = await doc.diagnostics();
    assert.deepEqual(p.diagnostics.map(brief), ['SLO107@28:17-28:24']);
    assert.equal(p.version, 2);
    assert.match(message(p.diagnostics[0]!), /"28 days"/);
  });
});
