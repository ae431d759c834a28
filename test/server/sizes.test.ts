import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { startServer, type StdioTestClient } from './client.js';
import { brief, looseUri, openDoc, positionOf, sliYaml, sloYaml } from './util.js';

/**
 * Hang guards, not timings: each step below takes well under a second here (the README's robustness section
 * says how it was measured); the passes these tests were written against froze the server for over a minute.
 */
const GUARD_MS = 20_000;

const deepLines = (depth: number, bytes: number) => {
  const one = `- ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  return one.repeat(Math.floor(bytes / one.length));
};

/** An OpenSLO v1 Service with `keys` labels, one misspelt key at its end. */
function wideSlo(keys: number): string {
  const labels = Array.from({ length: keys }, (_, i) => `    k${i}: v${i}\n`).join('');
  return `apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: wide\n  labels:\n${labels}spec:\n  descripton: x\n`;
}

describe('large and deep YAML over stdio', () => {
  let client: StdioTestClient;
  let dir: string;
  const controlText = `${sliYaml('sizes-requests')}---\n${sloYaml('sizes-availability', 'sizes-requests')}`;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'team-sre-sizes-'));
    // A `version` of its own at its top, as package metadata has: read from its tokens, then skipped.
    const data = {
      version: '2.3.1',
      ...Object.fromEntries(Array.from({ length: 120_000 }, (_, i) => [`k${i}`, i])),
    };
    writeFileSync(path.join(dir, 'data.json'), JSON.stringify(data));
    writeFileSync(path.join(dir, 'deep.yaml'), deepLines(499, 1_990_000));
    writeFileSync(path.join(dir, 'control.yaml'), controlText);
    client = await startServer({ transport: 'stdio', workspaceFolder: dir });
  });
  after(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The server still answers: a hover and the outline of the workspace's SLO file. */
  async function stillAnswers(): Promise<void> {
    const uri = pathToFileURL(path.join(dir, 'control.yaml')).href;
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(controlText, '0.999', 1),
    })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /\*\*40 min 19 s\*\* of full outage/);
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri },
    })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['SLI sizes-requests', 'SLO sizes-availability'],
    );
  }

  test('a 1.8 MB JSON data file and 2 MB of 499-deep flow sequences in the workspace: indexed, not kept', async () => {
    const indexed = await client.waitFor('teamSre/indexed', undefined, GUARD_MS);
    assert.deepEqual(indexed.params, { sloFiles: 1, postmortems: 0 });
    await stillAnswers();
  });

  test('an SLO file of 40 000 keys: its diagnostics, then those of an edit, and the server still answers', async () => {
    const { doc, diagnostics } = await openDoc(client, looseUri('wide.yaml'), wideSlo(40_000));
    assert.deepEqual(diagnostics.map(brief), ['SLO011@40007:3-40007:13']);
    await doc.replace('descripton', 'description');
    assert.deepEqual((await doc.diagnostics(GUARD_MS)).diagnostics, []);
    await stillAnswers();
    await doc.close();
  });

  test('2 MB of 499-deep flow sequences opened and edited: no diagnostics, and the server still answers', async () => {
    const { doc, diagnostics } = await openDoc(client, looseUri('deep.yaml'), deepLines(499, 1_990_000));
    assert.deepEqual(diagnostics, []);
    await doc.edit({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '- x\n');
    assert.deepEqual((await doc.diagnostics(GUARD_MS)).diagnostics, []);
    await stillAnswers();
    await doc.close();
  });
});
