// Differential test of the server's incremental text sync and analysis: server A follows random
// ranged edits (several changes per notification); server B opens each final text fresh. Everything a
// client sees must be equal. Two servers rather than a copy under another URI in one: diagnostics name
// the other file of a duplicate, so a copy would change them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type {
  DocumentSymbol,
  Location,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { startServer, type StdioTestClient } from './client.js';
import { looseUri, published, settle, sliYaml, sloYaml } from './util.js';
import {
  checkProperty,
  documentArb,
  fileArb,
  fuzzParameters,
  insertedTextArb,
  LspText,
} from '../unit/property-documents.js';

/** Open in both servers throughout: references into it resolve, and its names collide with the edited file's. */
const CONTEXT = `${sliYaml('checkout-availability')}---\n${sloYaml('checkout-latency', 'checkout-availability')}---
apiVersion: openslo/v1
kind: Service
metadata:
  name: checkout
`;

interface Change {
  at: number;
  remove: number;
  text: string;
}

const changeArb: fc.Arbitrary<Change> = fc.record({
  at: fc.nat(),
  remove: fc.oneof(fc.constant(0), fc.nat({ max: 6 }), fc.nat({ max: 200 })),
  text: fc.oneof(
    { weight: 4, arbitrary: insertedTextArb },
    { weight: 1, arbitrary: documentArb.map((d) => d.text) },
    { weight: 1, arbitrary: fc.constantFrom('---\n', '\n---\n', '\r\n---\r\n') },
  ),
});

/** Notifications of one to four changes; after some, the test waits for the server to publish. */
const notificationsArb = fc.array(
  fc.record({ changes: fc.array(changeArb, { minLength: 1, maxLength: 4 }), wait: fc.boolean() }),
  { minLength: 1, maxLength: 12 },
);

/**
 * Turns a change into an LSP content change against `text`, and applies it. The range never starts or
 * ends between the `\r` and `\n` of a line break: no LSP position denotes that place.
 */
function rangedChange(text: string, change: Change): { event: TextDocumentContentChangeEvent; text: string } {
  const lsp = new LspText(text);
  const snap = (offset: number) => (text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset);
  const start = snap(change.at % (text.length + 1));
  const end = Math.max(start, snap(Math.min(text.length, start + change.remove)));
  return {
    event: { range: { start: lsp.position(start), end: lsp.position(end) }, text: change.text },
    text: text.slice(0, start) + change.text + text.slice(end),
  };
}

const sortLocations = (ls: Location[] | null) => (ls ?? []).map((l) => JSON.stringify(l)).sort();

describe('differential: the server after random edits answers like a fresh server', () => {
  let incremental: StdioTestClient;
  let fresh: StdioTestClient;
  const contextUri = looseUri('differential-context.yaml');
  let sequence = 0;

  before(async () => {
    [incremental, fresh] = await Promise.all([
      startServer({ transport: 'stdio' }),
      startServer({ transport: 'stdio' }),
    ]);
    for (const client of [incremental, fresh])
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: contextUri, languageId: 'yaml', version: 1, text: CONTEXT },
      });
  });
  after(async () => {
    await Promise.all([incremental.close(), fresh.close()]);
  });

  /** What a client sees of a document: its diagnostics, the context's, outline, references and definitions. */
  async function view(client: StdioTestClient, uri: string, version: number, text: string) {
    const diagnostics: PublishDiagnosticsParams = await published(
      client,
      uri,
      (p) => p.version === version,
      10_000,
    );
    // Every publish of this state precedes the answer to a later request.
    await settle(client);
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri },
    })) as DocumentSymbol[];
    const lsp = new LspText(text);
    // Names and references sit on the lines of `name:`, `service:` and `*Ref:` keys: probe their values.
    const probes: Array<{ line: number; character: number }> = [];
    for (let line = 0; line < lsp.lineCount && probes.length < 40; line++) {
      const content = text.slice(lsp.starts[line], lsp.contentEnd(line));
      const m = /^(\s*-?\s*(?:name|service|\w+Ref):\s*)\S/.exec(content);
      if (m) probes.push({ line, character: m[1]!.length + 1 });
    }
    const navigation = [];
    for (const position of probes) {
      const [refs, defs] = await Promise.all([
        client.connection.sendRequest('textDocument/references', {
          textDocument: { uri },
          position,
          context: { includeDeclaration: true },
        }) as Promise<Location[]>,
        client.connection.sendRequest('textDocument/definition', {
          textDocument: { uri },
          position,
        }) as Promise<Location[]>,
      ]);
      navigation.push({ position, references: sortLocations(refs), definition: sortLocations(defs) });
    }
    return {
      diagnostics: diagnostics.diagnostics,
      context: client.latest.get(contextUri)?.diagnostics ?? [],
      symbols,
      navigation,
    };
  }

  test('random ranged edits, several per notification, against a fresh open of the final text', async (t) => {
    await checkProperty(
      t,
      __filename,
      fc.asyncProperty(fileArb(4), notificationsArb, async (file, notifications) => {
        const uri = looseUri(`differential-${sequence++}.yaml`);
        let text = file.text;
        let version = 1;
        await incremental.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'yaml', version, text },
        });
        for (const { changes, wait } of notifications) {
          const events: TextDocumentContentChangeEvent[] = [];
          for (const change of changes) {
            // Each change's range refers to the text after the changes before it.
            const applied = rangedChange(text, change);
            events.push(applied.event);
            text = applied.text;
          }
          version++;
          await incremental.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version },
            contentChanges: events,
          });
          if (wait) await published(incremental, uri, (p) => p.version === version, 10_000);
        }
        await fresh.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'yaml', version, text },
        });
        try {
          const [a, b] = await Promise.all([
            view(incremental, uri, version, text),
            view(fresh, uri, version, text),
          ]);
          assert.deepEqual(a, b);
        } finally {
          for (const client of [incremental, fresh])
            await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
          await Promise.all([settle(incremental), settle(fresh)]);
        }
      }),
      fuzzParameters(12, 0.1),
    );
  });

  test('both servers are still alive and wrote nothing to stderr', () => {
    for (const client of [incremental, fresh]) {
      assert.equal(client.child.exitCode, null);
      assert.equal(client.stderr(), '');
    }
  });
});
