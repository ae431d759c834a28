/** `node dist/server.js --stdio`: the server over the process's stdin and stdout, as editors start it. */
import { setFlagsFromString } from 'node:v8';
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { nodeFileSystem, systemClock } from './environment.js';
import { createServer } from './server.js';
import { FramingGuard, InitializeGate } from './transport.js';

// The server lives for hours beside the editor, answering keystrokes. Left to its own heuristics, V8 lets
// the heap grow to several times what is live between full collections when the process allocates fast
// (the soak run: 295 → 616 MB); growing it by half each time keeps memory flat at the same speed.
setFlagsFromString('--heap-growing-percent=50');

/**
 * Over stdio, with the framing checked and the reader's errors seen: a header that cannot be read leaves the
 * byte stream out of step with the framing, and every later message would be lost. The server then exits
 * (the editor restarts it) instead of staying deaf. A well-framed body that is not JSON is only dropped.
 */
function brokenFraming(reason: string): never {
  process.stderr.write(`team-sre: unreadable message framing from the client (${reason}): exiting\n`);
  process.exit(1);
}
const writer = new StreamMessageWriter(process.stdout);
const streamReader = new StreamMessageReader(process.stdin.pipe(new FramingGuard(brokenFraming)));
streamReader.onError((err) => {
  if (!(err instanceof SyntaxError)) brokenFraming(err.message);
});
const connection = createConnection(ProposedFeatures.all, new InitializeGate(streamReader, writer), writer);
// What the library does for `--stdio` by itself: exit when the client goes away, and keep stdout for LSP.
let shutdownReceived = false;
connection.onShutdown(() => {
  shutdownReceived = true;
});
for (const event of ['end', 'close']) process.stdin.on(event, () => process.exit(shutdownReceived ? 0 : 1));
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
console.debug = console.log;

const server = createServer(connection, nodeFileSystem, systemClock);
process.on('uncaughtException', (err) => server.failure('The server', err));
