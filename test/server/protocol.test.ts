// The JSON-RPC and LSP protocol at its edges: malformed messages, unknown methods, documents the server
// does not hold, cancellation storms, bursts of changes, and clients that go away. A raw client writes
// bytes to the server's stdin and reads its frames, to send what a well-behaved client library cannot.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { DocumentSymbol, Location } from 'vscode-languageserver-protocol';
import { SERVER, startServer, type StdioTestClient } from './client.js';
import { brief, looseUri, openDoc, rangeOf, settle, sloYaml, TempWorkspace } from './util.js';

interface Message {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;

/** The server as a child process, spoken to in raw bytes. */
class RawServer {
  readonly child: ChildProcessWithoutNullStreams;
  readonly messages: Message[] = [];
  private buffer = Buffer.alloc(0);
  private listeners: Array<() => void> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stderr = '';

  constructor() {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.child.stdout.on('data', (d: Buffer) => this.read(d));
    // Writes to a server that has gone away fail; the tests look at the exit instead.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
    );
  }

  private read(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) break;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString())?.[1]);
      if (this.buffer.length < end + 4 + length) break;
      this.messages.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as Message);
      this.buffer = this.buffer.subarray(end + 4 + length);
    }
    for (const listener of [...this.listeners]) listener();
  }

  write(raw: string): void {
    this.child.stdin.write(raw);
  }

  send(message: Message): void {
    this.write(frame(JSON.stringify({ jsonrpc: '2.0', ...message })));
  }

  /** The first message (already received or to come) that satisfies `accept`. */
  waitFor(accept: (m: Message) => boolean, timeoutMs = 5000): Promise<Message> {
    const seen = this.messages.find(accept);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = () => {
        const found = this.messages.find(accept);
        if (!found) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(found);
      };
      this.listeners.push(listener);
    });
  }

  response(id: number | string, timeoutMs?: number): Promise<Message> {
    return this.waitFor((m) => m.id === id && m.method === undefined, timeoutMs);
  }

  async request(id: number, method: string, params?: unknown): Promise<Message> {
    this.send({ id, method, ...(params === undefined ? {} : { params }) });
    return this.response(id);
  }

  /** Initializes like an editor with no optional capabilities: no configuration or watcher requests come back. */
  async initialize(processId: number | null = null): Promise<void> {
    const answer = await this.request(0, 'initialize', { processId, rootUri: null, capabilities: {} });
    assert.ok(answer.result, 'initialize answered');
    this.send({ method: 'initialized', params: {} });
  }

  /** Error-level log messages the server sent since message index `from`. */
  errorLogs(from = 0): string[] {
    return this.messages
      .slice(from)
      .filter((m) => m.method === 'window/logMessage' && (m.params as { type: number }).type === 1)
      .map((m) => (m.params as { message: string }).message);
  }

  /** Waits for the process to end, failing after `ms`. */
  async exit(ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.exited,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the server did not exit within ${ms} ms`)), ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

const symbolsOf = (uri: string) => ({ textDocument: { uri } });

describe('protocol: malformed JSON-RPC', () => {
  let server: RawServer;
  before(async () => {
    server = new RawServer();
    await server.initialize();
  });
  after(() => server.kill());

  test('a body that is not JSON is dropped, and the next message is answered', async () => {
    const mark = server.messages.length;
    server.write(frame('this is {not JSON'));
    assert.deepEqual(
      (await server.request(1, 'textDocument/documentSymbol', symbolsOf(looseUri('none.yaml')))).result,
      [],
    );
    assert.deepEqual(server.errorLogs(mark), []);
  });

  test('JSON that is not a request, response or notification: logged, not answered, not fatal', async () => {
    const mark = server.messages.length;
    const bad = [
      '[1,2,3]',
      '42',
      '"hello"',
      'null',
      JSON.stringify({ jsonrpc: '2.0', id: 3, params: {} }),
      JSON.stringify({ jsonrpc: '2.0', id: 4, method: 5 }),
      JSON.stringify({ jsonrpc: '2.0', id: { a: 1 }, method: 'textDocument/documentSymbol' }),
    ];
    for (const body of bad) server.write(frame(body));
    // Messages are handled in order: once this is answered, every bad one before it was handled.
    assert.deepEqual(
      (await server.request(5, 'textDocument/documentSymbol', symbolsOf(looseUri('none.yaml')))).result,
      [],
    );
    // JSON-RPC would answer these with Invalid Request (-32600); the server's JSON-RPC library logs them instead.
    assert.deepEqual(
      server.messages.slice(mark).filter((m) => m.id === 3 || m.id === 4),
      [],
      'no answer to a request without a valid method',
    );
    const logs = server.errorLogs(mark);
    assert.equal(logs.length, bad.length, logs.join('\n---\n'));
    assert.equal(logs.filter((l) => l === 'Received empty message.').length, 1);
    assert.equal(
      logs.filter((l) =>
        l.startsWith('Received message which is neither a response nor a notification message:'),
      ).length,
      bad.length - 1,
    );
  });

  test('parameters of the wrong type: InvalidParams (-32602) or a fallback answer, never a crash', async () => {
    const uri = looseUri('params.yaml');
    const mark = server.messages.length;
    // By position instead of by name, or none at all: rejected by the JSON-RPC layer.
    const byPosition = await server.request(10, 'textDocument/hover', [1, 2]);
    assert.equal(byPosition.error?.code, -32602);
    const none = await server.request(11, 'textDocument/completion');
    assert.equal(none.error?.code, -32602);
    // Objects of the wrong shape reach the handlers, which answer their fallback.
    assert.deepEqual(await server.request(12, 'textDocument/hover', 'oops'), {
      jsonrpc: '2.0',
      id: 12,
      result: null,
    });
    assert.deepEqual(await server.request(13, 'textDocument/hover', { textDocument: 5, position: 'x' }), {
      jsonrpc: '2.0',
      id: 13,
      result: null,
    });
    assert.deepEqual(
      (await server.request(14, 'textDocument/references', { textDocument: { uri } })).result,
      [],
    );
    // Notifications with nonsense are logged and dropped.
    // In one write, as an editor's burst arrives: the bad document is analyzed once the burst is handled.
    server.write(
      [
        { method: 'textDocument/didOpen', params: { textDocument: { uri: 5, text: 7 } } },
        { method: 'textDocument/didChange', params: 'x' },
        { method: 'textDocument/didClose', params: { textDocument: null } },
      ]
        .map((m) => frame(JSON.stringify({ jsonrpc: '2.0', ...m })))
        .join(''),
    );
    // A real document still opens, is analyzed and answered afterwards.
    const text = sloYaml('after-garbage', 'some-sli', '99.9');
    server.send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'yaml', version: 1, text } },
    });
    const published = await server.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri,
    );
    assert.deepEqual(
      (published.params as { diagnostics: Array<Parameters<typeof brief>[0]> }).diagnostics.map(brief),
      ['SLO114@14:15-14:19', 'SLO704@7:17-7:25'],
    );
    const symbols = (await server.request(15, 'textDocument/documentSymbol', symbolsOf(uri)))
      .result as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['SLO after-garbage'],
    );
    // What went wrong is in the log, once per bad message, and nothing reached stderr.
    const logs = server.errorLogs(mark).map((l) => l.split('\n')[0]);
    assert.deepEqual(logs, [
      "Hover failed: TypeError: Cannot read properties of undefined (reading 'uri')",
      "Find references failed: TypeError: Cannot read properties of undefined (reading 'includeDeclaration')",
      "Notification handler 'textDocument/didChange' failed with message: Cannot read properties of undefined (reading 'length')",
      "Notification handler 'textDocument/didClose' failed with message: Cannot read properties of null (reading 'uri')",
      'Analysis of 5 failed: TypeError: text.matchAll is not a function or its return value is not iterable',
    ]);
    assert.equal(server.stderr, '');
  });

  test('a failure logged with text it quotes: its control characters as escapes, on its line', async () => {
    const uri = 'file:///x\x1b[2J\n[Error - 12:00:00] forged';
    server.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, text: 7 } } });
    const logged = await server.waitFor(
      (m) =>
        m.method === 'window/logMessage' &&
        String((m.params as { message: string }).message).startsWith('Analysis of file:'),
    );
    const [first, ...frames] = (logged.params as { message: string }).message.split('\n');
    assert.equal(
      first,
      'Analysis of file:///x\\u001b[2J\\n[Error - 12:00:00] forged failed: TypeError: text.matchAll is not a function or its return value is not iterable',
    );
    assert.ok(frames.length > 0 && frames.every((f) => f.startsWith('    at ')), 'then the stack frames');
  });

  test('unknown requests get MethodNotFound (-32601); unknown notifications are ignored', async () => {
    const mark = server.messages.length;
    for (const [id, method] of [
      [20, 'teamSre/noSuchRequest'],
      [21, '$/noSuchRequest'],
      [22, 'workspace/noSuchRequest'],
    ] as const) {
      const answer = await server.request(id, method, {});
      assert.deepEqual(answer.error, { code: -32601, message: `Unhandled method ${method}` });
    }
    for (const method of ['teamSre/noSuchNotification', '$/noSuchNotification', '$/setTrace', '$/progress'])
      server.send({ method, params: { value: 1 } });
    // A response id the server never used: ignored too.
    server.send({ id: 123_456, result: 'unsolicited' });
    await server.request(23, 'textDocument/documentSymbol', symbolsOf(looseUri('none.yaml')));
    // Nothing but the four answers.
    assert.deepEqual(
      server.messages.slice(mark).map((m) => m.id),
      [20, 21, 22, 23],
    );
  });

  test('a cancellation storm: every request is answered exactly once, fully, emptied or RequestCancelled', async () => {
    const uri = looseUri('storm.yaml');
    const text = sloYaml('storm', 'some-sli');
    server.send({
      method: 'textDocument/didOpen',
      params: { textDocument: { uri, languageId: 'yaml', version: 1, text } },
    });
    const mark = server.messages.length;
    const position = { line: 13, character: 16 };
    const methods = [
      'textDocument/documentSymbol',
      'textDocument/hover',
      'textDocument/completion',
      'textDocument/references',
    ];
    const ids = Array.from({ length: 300 }, (_, i) => 1000 + i);
    let burst = '';
    for (const id of ids)
      burst += frame(
        JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: methods[id % methods.length],
          params: { textDocument: { uri }, position, context: { includeDeclaration: true } },
        }),
      );
    // Cancel every one of them, interleaved with cancels of ids that were never used (numbers and strings).
    for (const id of ids) {
      burst += frame(JSON.stringify({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }));
      burst += frame(
        JSON.stringify({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: id + 100_000 } }),
      );
      burst += frame(
        JSON.stringify({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: `unknown-${id}` } }),
      );
    }
    server.write(burst);
    const last = await server.request(5000, 'textDocument/documentSymbol', symbolsOf(uri));
    assert.deepEqual(
      (last.result as DocumentSymbol[]).map((s) => s.name),
      ['SLO storm'],
    );
    const answers = server.messages.slice(mark).filter((m) => m.method === undefined && m.id !== 5000);
    assert.deepEqual(
      answers.map((m) => m.id).sort(),
      ids.slice().sort(),
      'one answer per request, none for unknown ids',
    );
    // A request whose cancellation arrived before it ran is answered RequestCancelled (-32800), as LSP
    // advises; one that ran first is answered in full.
    let cancelled = 0;
    for (const answer of answers) {
      const method = methods[(answer.id as number) % methods.length]!;
      if (answer.error) {
        assert.deepEqual(
          answer.error,
          { code: -32800, message: 'Request cancelled' },
          JSON.stringify(answer),
        );
        cancelled++;
      } else if (method === 'textDocument/documentSymbol')
        assert.deepEqual(
          (answer.result as DocumentSymbol[]).map((s) => s.name),
          ['SLO storm'],
        );
      else if (method === 'textDocument/hover')
        assert.match(JSON.stringify(answer.result), /\*\*99\.9 %\*\* over \*\*28 days/);
      else if (method === 'textDocument/references')
        assert.deepEqual(answer.result, [], 'no references to a target');
      else
        assert.ok(
          Array.isArray(answer.result) && answer.result.length > 0,
          `${method}: ${JSON.stringify(answer)}`,
        );
    }
    // The cancellations took effect: the requests were still queued when their cancellation was read.
    assert.ok(cancelled > 0, 'some requests were cancelled');
    assert.deepEqual(server.errorLogs(mark), []);
  });
});

describe('protocol: before initialize', () => {
  test('requests get ServerNotInitialized (-32002), notifications are dropped, then initialize opens the server', async () => {
    const server = new RawServer();
    try {
      const uri = looseUri('early.yaml');
      server.send({
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'yaml', version: 1, text: sloYaml('early', 'x') } },
      });
      const early = await server.request(1, 'textDocument/documentSymbol', symbolsOf(uri));
      assert.deepEqual(early.error, {
        code: -32002,
        message: 'textDocument/documentSymbol: the server is not initialized yet; send initialize first',
      });
      const custom = await server.request(2, 'teamSre/workspaceSlos', {});
      assert.equal(custom.error?.code, -32002);
      await server.initialize();
      // The didOpen sent before initialize was dropped: the server does not hold the document.
      const after = await server.request(3, 'textDocument/documentSymbol', symbolsOf(uri));
      assert.deepEqual(after.result, []);
      server.send({
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'yaml', version: 1, text: sloYaml('early', 'x') } },
      });
      const opened = await server.request(4, 'textDocument/documentSymbol', symbolsOf(uri));
      assert.deepEqual(
        (opened.result as DocumentSymbol[]).map((s) => s.name),
        ['SLO early'],
      );
      assert.deepEqual(server.errorLogs(), []);
    } finally {
      server.kill();
    }
  });

  test('exit before initialize ends the server (code 1: no shutdown)', async () => {
    const server = new RawServer();
    try {
      server.send({ method: 'exit' });
      assert.equal((await server.exit(3000)).code, 1);
    } finally {
      server.kill();
    }
  });
});

describe('protocol: broken framing', () => {
  // After a header the JSON-RPC reader cannot read, the byte stream is out of step with the framing and
  // every later message is lost: an editor would wait on a live server that never answers again. The
  // server must exit instead (the editor then restarts it).
  const HEADERS: Array<[string, string]> = [
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
    ['a header line without a colon', 'hello world\r\n\r\n'],
    ['a Content-Length shorter than the body', 'Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","id":2}'],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}'],
    ['a fractional Content-Length', 'Content-Length: 2.5\r\n\r\n{}'],
    ['a Content-Length with trailing letters', 'Content-Length: 2abc\r\n\r\n{}'],
    ['a Content-Length no message can have', 'Content-Length: 99999999999\r\n\r\n{}'],
    ['a header that never ends', `Content-Length: 2\r\nX-Padding: ${'x'.repeat(20_000)}`],
  ];
  test('a malformed message header: the server exits with code 1 rather than stop answering', async () => {
    await Promise.all(
      HEADERS.map(async ([what, bytes]) => {
        const server = new RawServer();
        try {
          await server.initialize();
          server.write(bytes);
          server.send({
            id: 9,
            method: 'textDocument/documentSymbol',
            params: symbolsOf(looseUri('x.yaml')),
          });
          const { code } = await server.exit(2000).catch((err: Error) => {
            throw new Error(`${what}: ${err.message}`);
          });
          assert.equal(code, 1, what);
          assert.match(server.stderr, /unreadable message framing from the client \(.+\): exiting/, what);
        } finally {
          server.kill();
        }
      }),
    );
  });
});

describe('protocol: documents the server does not hold', () => {
  let client: StdioTestClient;
  let workspace: TempWorkspace;
  const onDisk = sloYaml('on-disk', 'some-sli');

  before(async () => {
    workspace = new TempWorkspace({ 'slos/disk.yaml': onDisk });
    client = await startServer({ workspaceFolder: workspace.dir, transport: 'stdio' });
    await client.waitFor('window/logMessage', (m) =>
      /^Indexed/.test((m.params as { message: string }).message),
    );
  });
  after(async () => {
    await client.close();
    workspace.dispose();
  });

  /** Every read-only request on a document, answered within a second each. */
  async function ask(uri: string) {
    const position = { line: 3, character: 9 };
    const range = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    const out: Record<string, unknown> = {};
    for (const [method, params] of [
      ['textDocument/hover', { position }],
      ['textDocument/completion', { position }],
      ['textDocument/documentSymbol', {}],
      ['textDocument/definition', { position }],
      ['textDocument/references', { position, context: { includeDeclaration: true } }],
      ['textDocument/foldingRange', {}],
      ['textDocument/codeAction', { range, context: { diagnostics: [] } }],
      ['textDocument/prepareRename', { position }],
    ] as const) {
      let timer: NodeJS.Timeout | undefined;
      out[method] = await Promise.race([
        client.connection.sendRequest(method, { textDocument: { uri }, ...params }),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${method} hangs`)), 1000))),
      ]).finally(() => clearTimeout(timer));
    }
    return out;
  }

  const EMPTY = {
    'textDocument/hover': null,
    'textDocument/completion': [],
    'textDocument/documentSymbol': [],
    'textDocument/definition': [],
    'textDocument/references': [],
    'textDocument/foldingRange': [],
    'textDocument/codeAction': [],
    'textDocument/prepareRename': null,
  };

  test('a document closed outside the workspace: null or empty answers, and its diagnostics cleared', async () => {
    const { doc } = await openDoc(client, looseUri('closed.yaml'), sloYaml('closed', 'some-sli', '99.9'));
    await doc.close();
    const cleared = await client.diagnostics(doc.uri, (p) => p.version === undefined);
    assert.deepEqual(cleared.diagnostics, []);
    assert.deepEqual(await ask(doc.uri), EMPTY);
  });

  test('a workspace file closed with unsaved changes: answers come from the file on disk again', async () => {
    const uri = workspace.uri('slos/disk.yaml');
    const edited = onDisk.replace('on-disk', 'unsaved-name');
    const { doc } = await openDoc(client, uri, edited);
    const name = { line: 3, character: 9 };
    const [before] = (await client.connection.sendRequest(
      'textDocument/documentSymbol',
      symbolsOf(uri),
    )) as DocumentSymbol[];
    assert.equal(before!.name, 'SLO unsaved-name');
    await doc.close();
    await settle(client);
    const [after] = (await client.connection.sendRequest(
      'textDocument/documentSymbol',
      symbolsOf(uri),
    )) as DocumentSymbol[];
    assert.equal(after!.name, 'SLO on-disk');
    const references = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: name,
      context: { includeDeclaration: true },
    })) as Location[];
    assert.deepEqual(references, [{ uri, range: rangeOf(onDisk, 'on-disk') }]);
  });

  test('a document that was never opened, in no workspace: null or empty answers', async () => {
    assert.deepEqual(await ask(looseUri('never-opened-protocol.yaml')), EMPTY);
    assert.deepEqual(await ask('untitled:Untitled-1'), EMPTY);
  });
});

describe('protocol: a burst of changes', () => {
  let client: StdioTestClient;
  before(async () => {
    client = await startServer({ transport: 'stdio' });
  });
  after(async () => {
    await client.close();
  });

  test('1000 didChange notifications, breaking and repairing the YAML, then one request sees the last text', async () => {
    const { doc } = await openDoc(client, looseUri('burst.yaml'), sloYaml('burst-0', 'some-sli'));
    const started = performance.now();
    const mark = client.received.length;
    for (let i = 1; i <= 1000; i++) {
      // Odd changes leave an unclosed flow sequence, even ones a valid name: every change flips validity.
      const line = doc.text.split('\n')[3]!;
      await doc.edit(
        { start: { line: 3, character: 0 }, end: { line: 3, character: line.length } },
        i % 2 ? `  name: [burst-${i}` : `  name: burst-${i}`,
      );
    }
    const symbols = (await client.connection.sendRequest(
      'textDocument/documentSymbol',
      symbolsOf(doc.uri),
    )) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['SLO burst-1000'],
    );
    const last = await doc.diagnostics();
    assert.equal(last.version, 1001);
    // Valid YAML again; only the SLI it names is missing from this workspace.
    assert.deepEqual(last.diagnostics.map(brief), ['SLO704@7:17-7:25']);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 10_000, `${elapsed.toFixed(0)} ms`);
    // Analyses are coalesced: far fewer publications than changes.
    const published = client.received
      .slice(mark)
      .filter(
        (m) =>
          m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === doc.uri,
      );
    assert.ok(published.length < 1000, `${published.length} publications for 1000 changes`);
    assert.equal(client.stderr(), '');
  });
});

describe('protocol: the client goes away', () => {
  test('stdin closed without shutdown: the server exits with code 1 within 3 s', async () => {
    const server = new RawServer();
    try {
      await server.initialize();
      const closed = performance.now();
      server.child.stdin.end();
      const { code, signal, at } = await server.exit(3000);
      assert.deepEqual({ code, signal }, { code: 1, signal: null });
      assert.ok(at - closed < 3000);
    } finally {
      server.kill();
    }
  });

  test('shutdown, then stdin closed: exit code 0', async () => {
    const server = new RawServer();
    try {
      await server.initialize();
      assert.deepEqual(await server.request(1, 'shutdown'), { jsonrpc: '2.0', id: 1, result: null });
      server.child.stdin.end();
      assert.deepEqual(await server.exit(3000).then(({ code, signal }) => ({ code, signal })), {
        code: 0,
        signal: null,
      });
    } finally {
      server.kill();
    }
  });

  test('exit without shutdown: exit code 1', async () => {
    const server = new RawServer();
    try {
      await server.initialize();
      server.send({ method: 'exit' });
      assert.deepEqual(await server.exit(3000).then(({ code, signal }) => ({ code, signal })), {
        code: 1,
        signal: null,
      });
    } finally {
      server.kill();
    }
  });

  test('shutdown then exit: exit code 0', async () => {
    const server = new RawServer();
    try {
      await server.initialize();
      assert.deepEqual(await server.request(1, 'shutdown'), { jsonrpc: '2.0', id: 1, result: null });
      server.send({ method: 'exit' });
      assert.deepEqual(await server.exit(3000).then(({ code, signal }) => ({ code, signal })), {
        code: 0,
        signal: null,
      });
    } finally {
      server.kill();
    }
  });

  test('the editor process (initialize processId) is killed: the server exits within 5 s, stdin still open', async () => {
    const parent = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const server = new RawServer();
    try {
      await server.initialize(parent.pid!);
      const killed = performance.now();
      parent.kill('SIGKILL');
      const { code, signal, at } = await server.exit(5000);
      assert.deepEqual({ code, signal }, { code: 1, signal: null });
      // The check runs every 3 s.
      assert.ok(at - killed < 5000);
    } finally {
      parent.kill('SIGKILL');
      server.kill();
    }
  });
});
