// The parts of `bench/soak.ts` about indexing: the YAML of other tools the workspace holds beside the SLO
// files, and edits made while the server is still building its index.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import type { TestClient } from '../test/server/client.js';

/**
 * YAML and JSON of other tools beside the SLO files, as repositories hold them: a 1.8 MB JSON data file of
 * 120 000 keys, 2 MB of flow sequences 499 deep and 2 000 Kubernetes objects. Indexed, never opened.
 */
export function writeForeign(dir: string): void {
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  const data = Array.from({ length: 120_000 }, (_, i) => `"k${i}":${i}`).join(',');
  writeFileSync(path.join(dir, 'data', 'metrics.json'), `{"version":"2.3.1",${data}}`);
  writeFileSync(
    path.join(dir, 'data', 'deep.yaml'),
    `- ${'['.repeat(499)}${']'.repeat(499)}\n`.repeat(1_990),
  );
  const configMap = (i: number) =>
    `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  version: "${i}"\n`;
  writeFileSync(
    path.join(dir, 'data', 'manifests.yaml'),
    Array.from({ length: 2_000 }, (_, i) => configMap(i)).join(''),
  );
}

/** At most this many edits while indexing (a server that never finishes indexing must not hang the run). */
const MAX_INDEXING_EDITS = 2_000;

/**
 * Opens a file right after `initialized` and edits it, one edit at a time, each waiting for its diagnostics,
 * until the server says the index is built: an edit must not wait for the whole workspace.
 */
export async function editWhileIndexing(
  client: TestClient,
  buffer: { uri: string; text: string; version: number },
  edit: () => TextDocumentContentChangeEvent[],
  timeouts: { indexTimeoutMs: number; requestTimeoutMs: number },
): Promise<{ indexed: { params: unknown }; latencies: number[]; lagging: number }> {
  let done = false;
  const indexed = client
    .waitFor(
      'window/logMessage',
      (m) => /^Indexed/.test((m.params as { message: string }).message),
      timeouts.indexTimeoutMs,
    )
    .finally(() => (done = true));
  const uri = buffer.uri;
  await client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text: buffer.text },
  });
  const latencies: number[] = [];
  let lagging = 0;
  while (!done && latencies.length + lagging < MAX_INDEXING_EDITS) {
    const contentChanges = edit();
    buffer.version++;
    const version = buffer.version;
    const started = performance.now();
    const published = client.diagnostics(uri, (p) => p.version === version, timeouts.requestTimeoutMs);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges,
    });
    await published.then(
      () => latencies.push(performance.now() - started),
      () => lagging++,
    );
  }
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { indexed: await indexed, latencies, lagging };
}
