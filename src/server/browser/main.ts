/**
 * The browser's server (github.dev, vscode.dev): the same server as `dist/server.js`, in a web worker the
 * web extension starts, speaking LSP over `postMessage`; the workspace's files are read through the extension.
 */
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
  ProposedFeatures,
} from 'vscode-languageserver/browser';
import { systemClock } from '../platform.js';
import { createServer } from '../server.js';
import { browserFileSystem } from './environment.js';

/** The worker's global scope: a port for `postMessage` (the DOM typings call it a window). */
const scope = self as unknown as Worker;

const connection = createConnection(
  ProposedFeatures.all,
  new BrowserMessageReader(scope),
  new BrowserMessageWriter(scope),
);
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
console.debug = console.log;

const server = createServer(connection, browserFileSystem(connection), systemClock);
scope.addEventListener('error', (event) => server.failure('The server', event.error ?? event.message));
self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) =>
  server.failure('The server', event.reason),
);
