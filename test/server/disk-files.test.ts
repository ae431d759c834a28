/**
 * The server as its own process, reading files from disk at start and when the watcher reports them: only
 * regular files, never more than the size limit, never a postmortem that a link takes out of the workspace.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PostmortemsRequest } from '../../src/protocol/requests.js';
import { startServer, type StdioTestClient } from './client.js';
import { brief, settle, sliYaml, sloYaml, TempWorkspace } from './util.js';

const logs = (client: StdioTestClient) =>
  client.received
    .filter((m) => m.method === 'window/logMessage')
    .map((m) => (m.params as { message: string }).message);

describe('files on disk', () => {
  let ws: TempWorkspace;
  let outside: TempWorkspace;
  let client: StdioTestClient;

  before(async () => {
    ws = new TempWorkspace({
      'sli.yaml': sliYaml('disk-requests'),
      'slo.yaml': sloYaml('disk-availability', 'disk-requests', '99.9'),
      // Starts as an SLO, then 3 GB of holes: reading it whole would take seconds and gigabytes.
      'big.yaml': sloYaml('disk-big', 'disk-requests'),
    });
    execFileSync('truncate', ['-s', '3G', ws.path('big.yaml')]);
    outside = new TempWorkspace({
      '2026-11-03-elsewhere.md': '---\ntitle: Not this workspace\nstatus: draft\n---\n',
    });
    client = await startServer({ workspaceFolder: ws.dir, transport: 'stdio' });
    await client.waitFor('window/logMessage', (m) =>
      /^Indexed/.test((m.params as { message: string }).message),
    );
  });

  after(async () => {
    await client.close();
    ws.dispose();
    outside.dispose();
  });

  test('a 3 GB file at start: one SLO006 naming the setting, the other files checked, little memory', async () => {
    const big = await client.diagnostics(ws.uri('big.yaml'));
    assert.deepEqual(big.diagnostics.map(brief), ['SLO006@1:1-1:23']);
    assert.equal(
      big.diagnostics[0]!.message,
      'This file has 3.0 GB, above the 2.0 MB analysis limit: split it into smaller files, or raise the “teamSre.maxFileSizeMB” setting.',
    );
    assert.deepEqual((await client.diagnostics(ws.uri('slo.yaml'))).diagnostics.map(brief), [
      'SLO114@14:15-14:19',
    ]);
    // The server's peak RSS as the kernel keeps it (VmHWM): reading the file whole would take over 3 GB.
    const peak = Number(
      /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${client.child.pid}/status`, 'utf8'))![1],
    );
    assert.ok(peak < 400 * 1024, `peak RSS ${peak} kB`);
  });

  test('a FIFO and a link to /dev/zero reported by the watcher: skipped, said once in the log', async () => {
    execFileSync('mkfifo', [ws.path('pipe.yaml')]);
    symlinkSync('/dev/zero', ws.path('zero.yaml'));
    for (const type of [1, 2, 2])
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: ws.uri('pipe.yaml'), type },
          { uri: ws.uri('zero.yaml'), type },
        ],
      });
    // Answered at once: had the server opened the FIFO to read, it would wait for a writer forever.
    await settle(client);
    const skipped = logs(client).filter((m) => m.startsWith('Skipped'));
    assert.deepEqual(skipped, [
      `Skipped ${ws.path('pipe.yaml')}: it is a named pipe (FIFO), not a regular file.`,
      `Skipped ${ws.path('zero.yaml')}: it is a character device, not a regular file.`,
    ]);
    assert.equal(client.latest.get(ws.uri('pipe.yaml')), undefined);
    assert.equal(client.latest.get(ws.uri('zero.yaml')), undefined);
    // Still serving, and the file grown on disk is read again within the limit.
    writeFileSync(ws.path('slo.yaml'), sloYaml('disk-availability', 'disk-requests'));
    const clean = client.diagnostics(ws.uri('slo.yaml'), (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.uri('slo.yaml'), type: 2 }],
    });
    assert.deepEqual((await clean).diagnostics, []);
  });

  test('a postmortems folder that links outside the workspace: its files are not read', async () => {
    symlinkSync(outside.dir, ws.path('postmortems'));
    const uri = pathToFileURL(path.join(ws.dir, 'postmortems', '2026-11-03-elsewhere.md')).href;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri, type: 1 }],
    });
    await settle(client);
    assert.deepEqual(await client.connection.sendRequest(PostmortemsRequest, {}), []);
    assert.ok(
      logs(client).includes(
        `Skipped ${path.join(ws.dir, 'postmortems', '2026-11-03-elsewhere.md')}: it leads outside the workspace folder, to ${path.join(outside.dir, '2026-11-03-elsewhere.md')}, through a symbolic link.`,
      ),
      logs(client).join('\n'),
    );
    // A real folder inside the workspace is read as before.
    mkdirSync(ws.path('docs/postmortems'), { recursive: true });
    const inside = ws.write(
      'docs/postmortems/2026-11-04-inside.md',
      '---\ntitle: Inside\nstatus: draft\n---\n',
    );
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: inside, type: 1 }],
    });
    await settle(client);
    assert.deepEqual(
      (await client.connection.sendRequest(PostmortemsRequest, {})).map((p) => p.summary.title),
      ['Inside'],
    );
  });
});
