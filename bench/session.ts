// Driving one language server over stdio for the bench: the client side of the protocol, the edit loop
// that times didChange → publishDiagnostics, and the statistics and cells of the tables.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ProgressType,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { IndexedNotification } from '../src/protocol/requests.js';

export const ROOT = path.join(__dirname, '..');
/** Per awaited notification or response. */
export const TIMEOUT_MS = 10_000;
/** The first diagnostics of a freshly opened 34 000-line file may take longer. */
export const OPEN_TIMEOUT_MS = 30_000;
/** A run gives up after this many timeouts in a row. */
export const MAX_TIMEOUTS = 2;
export const SCHEMA_FILE = path.join(ROOT, 'schemas', 'openslo-v1.schema.json');
export const YLS_BIN = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
export const OURS_BIN = path.join(ROOT, 'dist', 'server.js');

export interface ServerDef {
  name: string;
  args: string[];
  /** Answer to `workspace/configuration` for one section. */
  configuration(section: string | undefined): unknown;
  /** Sent as `workspace/didChangeConfiguration` after `initialized`, when defined. */
  settings?: unknown;
}

/** The two servers compared: ours, and yaml-language-server validating with the generated schema. */
export function serverDefs(): { ours: ServerDef; peer: ServerDef } {
  const yamlSettings = {
    schemas: { [pathToFileURL(SCHEMA_FILE).href]: ['*.yaml'] },
    validate: true,
    hover: true,
    completion: true,
    // No network: no schemastore.org catalogue, no Kubernetes CRD catalogue.
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  };
  return {
    ours: { name: 'team-sre', args: [OURS_BIN, '--stdio'], configuration: () => null },
    peer: {
      name: 'yaml-language-server',
      args: [YLS_BIN, '--stdio'],
      configuration: (section) => (section === 'yaml' ? yamlSettings : null),
      settings: { yaml: yamlSettings },
    },
  };
}

const CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true },
    hover: { dynamicRegistration: false, contentFormat: ['markdown', 'plaintext'] },
  },
};

/** Server-initiated progress, as the workspace rows need it: an editor shows it while indexing. */
const WITH_PROGRESS: ClientCapabilities = { ...CAPABILITIES, window: { workDoneProgress: true } };

const AnyProgress = new ProgressType<WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd>();

interface Waiter {
  accept(p: PublishDiagnosticsParams): boolean;
  resolve(p: PublishDiagnosticsParams | undefined): void;
}

export class Session {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  private waiters: Waiter[] = [];
  private stderr = '';
  private exited = false;
  /** `$/progress` notifications received, per kind. */
  readonly progress = { begin: 0, report: 0, end: 0 };
  /** When `teamSre/indexed` arrived (performance.now()), and what it said; the first one only. */
  indexed: { at: number; sloFiles: number; postmortems: number } | undefined;
  private onIndexed: Array<() => void> = [];

  constructor(
    readonly def: ServerDef,
    private readonly workDoneProgress = false,
  ) {
    this.child = spawn(process.execPath, def.args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: ROOT });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.child.on('exit', () => {
      this.exited = true;
      for (const w of this.waiters.splice(0)) w.resolve(undefined);
      for (const f of this.onIndexed.splice(0)) f();
    });
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const i = this.waiters.findIndex((w) => w.accept(p));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(p);
    });
    this.connection.onNotification(IndexedNotification, (p) => {
      this.indexed ??= { at: performance.now(), sloFiles: p.sloFiles, postmortems: p.postmortems };
      for (const f of this.onIndexed.splice(0)) f();
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => def.configuration(item.section)),
    );
    // Void results: answered with `result: null`.
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.connection.onProgress(AnyProgress, params.token, (value) => {
        this.progress[value.kind]++;
      });
      return undefined;
    });
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get lastStderr(): string {
    return this.stderr.trim();
  }

  /** Resolves with the first diagnostics `accept` takes, or undefined after `ms`. Register before sending. */
  diagnostics(accept: (p: PublishDiagnosticsParams) => boolean, ms = TIMEOUT_MS) {
    return new Promise<PublishDiagnosticsParams | undefined>((resolve) => {
      if (this.exited) return resolve(undefined);
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(undefined);
      }, ms);
      const waiter: Waiter = {
        accept,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves once `teamSre/indexed` has arrived (true), or after `ms` or an exit (false). */
  whenIndexed(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.indexed) return resolve(true);
      if (this.exited) return resolve(false);
      const timer = setTimeout(() => resolve(this.indexed !== undefined), ms);
      this.onIndexed.push(() => {
        clearTimeout(timer);
        resolve(this.indexed !== undefined);
      });
    });
  }

  /** Diagnostics of `uri` until none came for `quietMs`: lets debounced or repeated validations settle. */
  async settle(uri: string, quietMs: number): Promise<void> {
    for (let i = 0; i < 20; i++) if (!(await this.diagnostics((p) => p.uri === uri, quietMs))) return;
  }

  /** Initializes with `workspace` as the only folder; resolves with the time `initialized` was sent. */
  async initialize(workspace: string): Promise<number> {
    const rootUri = pathToFileURL(workspace).href;
    await withTimeout(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: this.workDoneProgress ? WITH_PROGRESS : CAPABILITIES,
      }),
      OPEN_TIMEOUT_MS,
    );
    const initialized = performance.now();
    await this.connection.sendNotification(InitializedNotification.type, {});
    if (this.def.settings !== undefined)
      await this.connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: this.def.settings,
      });
    return initialized;
  }

  async open(uri: string, text: string, ms = OPEN_TIMEOUT_MS) {
    const first = this.diagnostics((p) => p.uri === uri && (p.version === undefined || p.version === 1), ms);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
    return first;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 2000).catch(() => undefined);
      await this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
      await new Promise<void>((resolve) => {
        if (this.exited) return resolve();
        const timer = setTimeout(resolve, 1000);
        this.child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.connection.dispose();
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export function rssMb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------
// Edits

export interface Samples {
  values: number[];
  timeouts: number;
  /** Why there are no numbers, when there are none. */
  note?: string;
}

/** Where an edit toggles a value back and forth: `0.999` ↔ `0.9991` at a line and character. */
export interface EditSite {
  uri: string;
  line: number;
  character: number;
  value: string;
}

/**
 * One edit of the value at `site` (the value alternates so every version differs), timed from its
 * didChange to the publishDiagnostics of that version (any diagnostics of the file when the server sends
 * no version). Resolves with the milliseconds, or undefined on a timeout.
 */
export async function timedEdit(
  session: Session,
  site: EditSite,
  version: number,
): Promise<number | undefined> {
  const next = site.value === '0.999' ? '0.9991' : '0.999';
  const published = session.diagnostics(
    (p) => p.uri === site.uri && (p.version === undefined || p.version === version),
  );
  const start = performance.now();
  await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: site.uri, version },
    contentChanges: [
      {
        range: {
          start: { line: site.line, character: site.character },
          end: { line: site.line, character: site.character + site.value.length },
        },
        text: next,
      },
    ],
  });
  site.value = next;
  const p = await published;
  const elapsed = performance.now() - start;
  return p ? elapsed : undefined;
}

/** `warmups` unmeasured then `edits` measured edits, one at a time; versions start after `version`. */
export async function editLoop(
  session: Session,
  site: EditSite,
  edits: number,
  warmups: number,
  version = 1,
): Promise<Samples> {
  const samples: Samples = { values: [], timeouts: 0 };
  let consecutiveTimeouts = 0;
  for (let i = 0; i < warmups + edits && consecutiveTimeouts < MAX_TIMEOUTS; i++) {
    const elapsed = await timedEdit(session, site, ++version);
    if (elapsed === undefined) {
      samples.timeouts++;
      consecutiveTimeouts++;
      continue;
    }
    consecutiveTimeouts = 0;
    if (i >= warmups) samples.values.push(elapsed);
  }
  if (!samples.values.length) samples.note = 'timeout';
  return samples;
}

// ---------------------------------------------------------------------------------------------------
// Statistics and table cells

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export const median = (values: number[]) => percentile(values, 50);

export const ms = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0));

export function cell(s: Samples, withP95: boolean): string {
  if (!s.values.length) return s.note ?? 'n/a';
  const text = withP95
    ? `${ms(percentile(s.values, 50))} / ${ms(percentile(s.values, 95))}`
    : ms(percentile(s.values, 50));
  return s.timeouts ? `${text} (${s.timeouts} timeout${s.timeouts > 1 ? 's' : ''})` : text;
}

export const rssCell = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(0));

/** How many times faster ours is than the peer, from the p50s: `23×`. */
export function fasterCell(ours: Samples, peer: Samples): string {
  if (!ours.values.length || !peer.values.length) return 'n/a';
  const ratio = percentile(peer.values, 50) / percentile(ours.values, 50);
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}
