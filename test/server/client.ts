import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
} from 'vscode-languageserver-protocol/node';
import { nodeFileSystem, systemClock } from '../../src/server/environment.js';
import { createServer } from '../../src/server/server.js';

export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

export interface TestClient {
  connection: ProtocolConnection;
  initialize: InitializeResult;
  /** Resolves with the next publishDiagnostics for `uri` that satisfies `accept`. */
  diagnostics(
    uri: string,
    accept?: (p: PublishDiagnosticsParams) => boolean,
    timeoutMs?: number,
  ): Promise<PublishDiagnosticsParams>;
  /** Every publishDiagnostics received so far, by uri (the last one). */
  latest: Map<string, PublishDiagnosticsParams>;
  /** Every request and notification the server sent to the client, in order (publishDiagnostics included). */
  received: ServerMessage[];
  /** Resolves with the first message (already received or still to come) of `method` that satisfies `accept`. */
  waitFor(method: string, accept?: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  /** Changes the answer to the next workspace/configuration requests. */
  setSettings(settings: unknown): void;
  close(): Promise<void>;
}

/** A server running as its own process (`node dist/server.js --stdio`). */
export interface StdioTestClient extends TestClient {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
}

export interface ServerMessage {
  kind: 'request' | 'notification';
  method: string;
  params: unknown;
}

export interface StartOptions {
  workspaceFolder?: string;
  /** Answer to workspace/configuration for the `teamSre` section. */
  settings?: unknown;
  capabilities?: Record<string, unknown>;
  /** Called for every request and notification the server sends to the client. */
  observe?: (message: ServerMessage) => void;
  /**
   * `in-process` (the default): `createServer` in this process over in-memory streams, from the sources.
   * `stdio`: the built `dist/server.js` as its own process, for what only a process shows (exit, stderr, framing).
   */
  transport?: 'in-process' | 'stdio';
}

/** Starts the server and initializes it like an editor would. */
export async function startServer(options: StartOptions & { transport: 'stdio' }): Promise<StdioTestClient>;
export async function startServer(options?: StartOptions): Promise<TestClient>;
export async function startServer(options: StartOptions = {}): Promise<TestClient | StdioTestClient> {
  if (options.transport === 'stdio') {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = await initialized(connection, options, process.pid, async () => {
      // The grace timer must not keep the test process alive once the server answered.
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        connection.sendRequest('shutdown'),
        new Promise((r) => (grace = setTimeout(r, 1000))),
      ]).finally(() => clearTimeout(grace));
      await connection.sendNotification('exit');
    });
    return {
      ...client,
      child,
      stderr: () => stderr,
      async close() {
        await client.close();
        if (child.exitCode === null) child.kill();
      },
    };
  }
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(toServer),
    new StreamMessageWriter(toClient),
  );
  createServer(server, nodeFileSystem, systemClock);
  const connection = createProtocolConnection(
    new StreamMessageReader(toClient),
    new StreamMessageWriter(toServer),
  );
  // No process id (the server would watch this process) and no `exit` (it would end this process).
  const client = await initialized(connection, options, null, async () => {
    await connection.sendRequest('shutdown');
  });
  return {
    ...client,
    async close() {
      await client.close();
      server.dispose();
      toServer.end();
      toClient.end();
    },
  };
}

/** Listens on the client side of a connection and initializes the server like an editor would. */
async function initialized(
  connection: ProtocolConnection,
  options: StartOptions,
  processId: number | null,
  shutdown: () => Promise<void>,
): Promise<TestClient> {
  const latest = new Map<string, PublishDiagnosticsParams>();
  const received: ServerMessage[] = [];
  const watchers: Array<{
    method: string;
    accept: (m: ServerMessage) => boolean;
    resolve: (m: ServerMessage) => void;
  }> = [];
  let settings = options.settings;
  const record = (kind: ServerMessage['kind'], method: string, params: unknown) => {
    const message = { kind, method, params };
    received.push(message);
    options.observe?.(message);
    for (const w of [...watchers]) {
      if (w.method === method && w.accept(message)) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(message);
      }
    }
  };
  const waiters: Array<{
    uri: string;
    accept: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }> = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    record('notification', 'textDocument/publishDiagnostics', p);
    latest.set(p.uri, p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.accept(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => {
    record('request', 'workspace/configuration', params);
    return params.items.map((i) => (i.section === 'teamSre' ? (settings ?? null) : null));
  });
  for (const method of [
    'client/registerCapability',
    'window/workDoneProgress/create',
    'workspace/codeLens/refresh',
  ]) {
    connection.onRequest(method, (params: unknown) => {
      record('request', method, params);
      return null;
    });
  }
  for (const method of ['window/logMessage', '$/progress', 'teamSre/indexed', 'teamSre/postmortemsChanged']) {
    connection.onNotification(method, (params: unknown) => record('notification', method, params));
  }
  connection.listen();
  const folder = options.workspaceFolder;
  const initialize = (await connection.sendRequest('initialize', {
    processId,
    rootUri: null,
    workspaceFolders: folder ? [{ uri: `file://${folder}`, name: path.basename(folder) }] : null,
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      window: { workDoneProgress: true },
      textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      ...options.capabilities,
    },
  })) as InitializeResult;
  await connection.sendNotification('initialized', {});
  return {
    connection,
    initialize,
    latest,
    received,
    setSettings(value) {
      settings = value;
    },
    waitFor(method, accept = () => true, timeoutMs = 5000) {
      const seen = received.find((m) => m.method === method && accept(m));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
        watchers.push({
          method,
          accept,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    diagnostics(uri, accept = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          uri,
          accept,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      });
    },
    async close() {
      try {
        await shutdown();
      } catch {
        // the server may already be gone
      }
      connection.dispose();
    },
  };
}
