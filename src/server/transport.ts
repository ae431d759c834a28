import { Transform, type TransformCallback } from 'node:stream';
import {
  AbstractMessageReader,
  ErrorCodes,
  Message,
  type DataCallback,
  type Disposable,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

/** The longest header block read before the framing is declared broken. */
const MAX_HEADER_BYTES = 16 * 1024;
/** Larger than any string Node can hold: a body announced beyond it cannot be read. */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

const CRLFCRLF = Buffer.from('\r\n\r\n');

/**
 * Passes the client's bytes through unchanged while checking the framing of each message: header lines
 * `Name: value` up to an empty line, a `Content-Length` of decimal digits only and no larger than a body
 * can be, then exactly that many bytes. The JSON-RPC reader reads `Content-Length: -5` or `5.5` with
 * `parseInt` and then waits forever on a stream that is out of step; here the first such header is
 * reported with `onBroken`, and nothing after it is passed on.
 */
export class FramingGuard extends Transform {
  private header: Buffer[] = [];
  private headerBytes = 0;
  /** Bytes of the current body still to come; -1 while reading a header. */
  private remaining = -1;
  private broken = false;

  constructor(private readonly onBroken: (reason: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.broken) return done();
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - at);
        this.remaining -= take;
        at += take;
        if (this.remaining === 0) this.remaining = -1;
        continue;
      }
      // In a header: look for its end, in this chunk or across the chunks before it.
      let block: string;
      if (!this.headerBytes) {
        const end = chunk.indexOf(CRLFCRLF, at);
        if (end === -1) {
          this.keep(chunk.subarray(at));
          if (this.headerBytes > MAX_HEADER_BYTES) return this.tooLong(done);
          break;
        }
        block = chunk.subarray(at, end).toString('latin1');
        at = end + CRLFCRLF.length;
      } else {
        const pending = Buffer.concat([...this.header, chunk.subarray(at)]);
        const end = pending.indexOf(CRLFCRLF);
        if (end === -1) {
          this.keep(chunk.subarray(at));
          if (this.headerBytes > MAX_HEADER_BYTES) return this.tooLong(done);
          break;
        }
        block = pending.subarray(0, end).toString('latin1');
        at += end + CRLFCRLF.length - this.headerBytes;
        this.header = [];
        this.headerBytes = 0;
      }
      if (block.length > MAX_HEADER_BYTES) return this.tooLong(done);
      const length = checkHeader(block);
      if (typeof length === 'string') return this.fail(length, done);
      this.remaining = length || -1;
    }
    done(null, chunk);
  }

  private keep(part: Buffer): void {
    this.header.push(Buffer.from(part));
    this.headerBytes += part.length;
  }

  private tooLong(done: TransformCallback): void {
    this.fail(`no end of the message header within ${MAX_HEADER_BYTES} bytes`, done);
  }

  private fail(reason: string, done: TransformCallback): void {
    this.broken = true;
    this.onBroken(reason);
    done();
  }
}

/** The body length a header block announces, or why it cannot be read. */
export function checkHeader(block: string): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const match = /^([A-Za-z0-9-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!match)
      return `a message header line that is not "Name: value": ${JSON.stringify(line.slice(0, 80))}`;
    if (match[1]!.toLowerCase() !== 'content-length') continue;
    if (!/^\d{1,10}$/.test(match[2]!))
      return `a Content-Length that is not a whole number of bytes: ${JSON.stringify(match[2]!.slice(0, 80))}`;
    length = Number(match[2]);
    if (length > MAX_BODY_BYTES) return `a Content-Length of ${length} bytes, more than a message can be`;
  }
  return length ?? 'a message header without Content-Length';
}

/**
 * Until `initialize` arrives, answers every other request with ServerNotInitialized (-32002) and drops
 * every notification but `exit`, as the protocol asks; then passes everything through.
 */
export class InitializeGate extends AbstractMessageReader implements MessageReader {
  private open = false;

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
  ) {
    super();
    inner.onError((err) => this.fireError(err));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      if (!this.open) {
        if (Message.isRequest(message)) {
          if (message.method !== 'initialize') {
            void this.writer.write({
              jsonrpc: '2.0',
              id: message.id,
              error: {
                code: ErrorCodes.ServerNotInitialized,
                message: `${message.method}: the server is not initialized yet; send initialize first`,
              },
            } as Message);
            return;
          }
          this.open = true;
        } else if (Message.isNotification(message) && message.method !== 'exit') return;
      }
      callback(message);
    });
  }

  override dispose(): void {
    this.inner.dispose();
    super.dispose();
  }
}
