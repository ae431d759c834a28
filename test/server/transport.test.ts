// The framing check in front of the JSON-RPC reader: valid streams pass through byte for byte however the
// pipe splits them; the first broken header is reported and nothing after it is passed on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkHeader, FramingGuard } from '../../src/server/transport.js';

const frame = (body: string, extra = '') =>
  `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n${extra}\r\n${body}`;

function through(chunks: Buffer[]): { out: Buffer; broken: string[] } {
  const broken: string[] = [];
  const guard = new FramingGuard((reason) => broken.push(reason));
  const parts: Buffer[] = [];
  guard.on('data', (d: Buffer) => parts.push(d));
  for (const chunk of chunks) guard.write(chunk);
  return { out: Buffer.concat(parts), broken };
}

const STREAM = Buffer.from(
  frame('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}') +
    frame(
      '{"jsonrpc":"2.0","method":"x","params":{"text":"日本語 ✓ \\r\\n\\r\\n"}}',
      'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n',
    ) +
    frame('') +
    frame('{"jsonrpc":"2.0","id":2,"method":"shutdown"}'),
);

test('a valid stream passes unchanged, split at every byte or into two parts anywhere', async () => {
  const bytes = [...STREAM].map((b) => Buffer.from([b]));
  const byByte = through(bytes);
  assert.deepEqual(byByte.broken, []);
  assert.ok(byByte.out.equals(STREAM));
  for (let at = 0; at <= STREAM.length; at++) {
    const { out, broken } = through([STREAM.subarray(0, at), STREAM.subarray(at)]);
    assert.deepEqual(broken, [], `split at ${at}`);
    assert.ok(out.equals(STREAM), `split at ${at}`);
  }
});

test('the first broken header is reported once, and nothing from its chunk on is passed', () => {
  const good = frame('{}');
  const { out, broken } = through([
    Buffer.from(good),
    Buffer.from(`Content-Length: -5\r\n\r\n{}${good}`),
    Buffer.from(good),
  ]);
  assert.deepEqual(broken, ['a Content-Length that is not a whole number of bytes: "-5"']);
  assert.equal(out.toString(), good);
});

test('each header block: its length, or why it cannot be read', () => {
  assert.equal(checkHeader('Content-Length: 12'), 12);
  assert.equal(checkHeader('content-length:0'), 0);
  assert.equal(checkHeader('Content-Type: application/vscode-jsonrpc\r\nContent-Length: 7 '), 7);
  assert.equal(checkHeader('Content-Type: text'), 'a message header without Content-Length');
  assert.equal(
    checkHeader('Content-Length: 5.5'),
    'a Content-Length that is not a whole number of bytes: "5.5"',
  );
  assert.equal(
    checkHeader('Content-Length: 0x10'),
    'a Content-Length that is not a whole number of bytes: "0x10"',
  );
  assert.equal(
    checkHeader('Content-Length: 600000000'),
    'a Content-Length of 600000000 bytes, more than a message can be',
  );
  assert.equal(checkHeader('hello world'), 'a message header line that is not "Name: value": "hello world"');
  assert.equal(
    checkHeader('"id":2}Content-Length: 4'),
    'a message header line that is not "Name: value": "\\"id\\":2}Content-Length: 4"',
  );
});
