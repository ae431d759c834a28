// `npm run bench`: edit latency, hover latency and memory of the Team SRE language server and of
// yaml-language-server (validating with schemas/openslo-v1.schema.json) on generated OpenSLO v1 files of
// 1 to 1000 SLO documents. Each server runs as a child process over stdio, one size at a time.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const ROOT = path.join(__dirname, '..');
const SIZES = [1, 10, 100, 1000];
const EDITS = 30;
const WARMUP_EDITS = 3;
const HOVERS = 30;
/** Per awaited notification or response. */
const TIMEOUT_MS = 10_000;
/** The first diagnostics of a freshly opened 34 000-line file may take longer. */
const OPEN_TIMEOUT_MS = 30_000;
/** A run gives up after this many timeouts in a row. */
const MAX_TIMEOUTS = 2;
const SCHEMA_FILE = path.join(ROOT, 'schemas', 'openslo-v1.schema.json');
const YLS_BIN = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const OURS_BIN = path.join(ROOT, 'dist', 'server.js');

// ---------------------------------------------------------------------------------------------------
// The generated workload

/** One SLO of 34 lines (with its `---`); the middle one's first `target` is the edited value. */
function sloDocument(i: number): string {
  const id = String(i).padStart(4, '0');
  return `---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability-${id}
  labels:
    team: payments
spec:
  description: 99.9 % of checkout requests of shard ${id} succeed over 28 days.
  service: checkout
  indicator:
    metadata:
      name: checkout-availability-${id}-sli
    spec:
      ratioMetric:
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{service="checkout",shard="${id}",code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{service="checkout",shard="${id}"}[5m]))
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Available
      target: 0.999
    - displayName: Mostly available
      target: 0.99
`;
}

interface Workload {
  text: string;
  lines: number;
  /** The `target` line of the middle document, and where its value starts. */
  targetLine: number;
  valueCharacter: number;
  keyCharacter: number;
}

function workload(documents: number): Workload {
  const docs = Array.from({ length: documents }, (_, i) => sloDocument(i + 1));
  const text = docs.join('');
  const middle = Math.floor(documents / 2);
  const before = docs.slice(0, middle).join('').split('\n').length - 1;
  const middleLines = docs[middle]!.split('\n');
  const offset = middleLines.findIndex((l) => /^ {6}target: 0\.999$/.test(l));
  if (offset < 0) throw new Error('generated SLO lacks its target line');
  const line = middleLines[offset]!;
  return {
    text,
    lines: text.split('\n').length - 1,
    targetLine: before + offset,
    keyCharacter: line.indexOf('target'),
    valueCharacter: line.indexOf('0.999'),
  };
}

/** A small document with one schema error, to check that yaml-language-server validates at all. */
const INVALID = sloDocument(1).replace('budgetingMethod: Occurrences', 'budgetingMethod: Foo');

// ---------------------------------------------------------------------------------------------------
// Driving one server

interface ServerDef {
  name: string;
  args: string[];
  /** Answer to `workspace/configuration` for one section. */
  configuration(section: string | undefined): unknown;
  /** Sent as `workspace/didChangeConfiguration` after `initialized`, when defined. */
  settings?: unknown;
}

const CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true },
    hover: { dynamicRegistration: false, contentFormat: ['markdown', 'plaintext'] },
  },
};

interface Waiter {
  accept(p: PublishDiagnosticsParams): boolean;
  resolve(p: PublishDiagnosticsParams | undefined): void;
}

class Session {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  private waiters: Waiter[] = [];
  private stderr = '';
  private exited = false;

  constructor(readonly def: ServerDef) {
    this.child = spawn(process.execPath, def.args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: ROOT });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.child.on('exit', () => {
      this.exited = true;
      for (const w of this.waiters.splice(0)) w.resolve(undefined);
    });
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const i = this.waiters.findIndex((w) => w.accept(p));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(p);
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => def.configuration(item.section)),
    );
    // Void results: answered with `result: null`.
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
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

  /** Diagnostics of `uri` until none came for `quietMs`: lets debounced or repeated validations settle. */
  async settle(uri: string, quietMs: number): Promise<void> {
    for (let i = 0; i < 20; i++) if (!(await this.diagnostics((p) => p.uri === uri, quietMs))) return;
  }

  async initialize(workspace: string): Promise<void> {
    const rootUri = pathToFileURL(workspace).href;
    await withTimeout(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: CAPABILITIES,
      }),
      OPEN_TIMEOUT_MS,
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
    if (this.def.settings !== undefined)
      await this.connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: this.def.settings,
      });
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
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

function rssMb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// Measurements

interface Samples {
  values: number[];
  timeouts: number;
  /** Why there are no numbers, when there are none. */
  note?: string;
}

interface Result {
  edit: Samples;
  hover: Samples;
  rss: number | undefined;
  initialDiagnostics: number | undefined;
  /** What the server said about `budgetingMethod: Foo`. */
  invalidMessage: string | undefined;
  warnings: string[];
}

async function measure(def: ServerDef, documents: number): Promise<Result> {
  const w = workload(documents);
  // A folder of its own: a server that reads its workspace sees this file only.
  const workspace = mkdtempSync(path.join(tmpdir(), `team-sre-bench-${def.name}-${documents}-`));
  const file = path.join(workspace, `slos-${documents}.yaml`);
  writeFileSync(file, w.text);
  const uri = pathToFileURL(file).href;
  const result: Result = {
    edit: { values: [], timeouts: 0 },
    hover: { values: [], timeouts: 0 },
    rss: undefined,
    initialDiagnostics: undefined,
    invalidMessage: undefined,
    warnings: [],
  };
  const session = new Session(def);
  try {
    await session.initialize(workspace);
    // Let configuration pulls and their revalidations happen before anything is timed.
    await sleep(300);

    // Does the server report a schema error at all?
    const invalidUri = pathToFileURL(path.join(workspace, 'invalid.yaml')).href;
    const invalid = await session.open(invalidUri, INVALID, TIMEOUT_MS);
    await session.settle(invalidUri, 400);
    result.invalidMessage = invalid?.diagnostics
      .map((d) => (typeof d.message === 'string' ? d.message : d.message.value))
      .find((m) => /budgetingMethod|Occurrences/.test(m));
    if (!result.invalidMessage)
      result.warnings.push(
        `${def.name} reported no diagnostic for \`budgetingMethod: Foo\` (${invalid ? `${invalid.diagnostics.length} diagnostics` : 'no publishDiagnostics'}): its edit timings may not include schema validation.`,
      );
    await session.close(invalidUri);

    const opened = await session.open(uri, w.text);
    if (!opened) {
      result.edit.note = result.hover.note = 'timeout';
      result.warnings.push(
        `${def.name}: no diagnostics within ${OPEN_TIMEOUT_MS} ms of opening ${documents} documents.`,
      );
      return result;
    }
    result.initialDiagnostics = opened.diagnostics.length;
    // yaml-language-server may validate again once its configuration arrives: wait for quiet.
    await session.settle(uri, 500);

    let version = 1;
    let value = '0.999';
    let consecutiveTimeouts = 0;
    for (let i = 0; i < WARMUP_EDITS + EDITS && consecutiveTimeouts < MAX_TIMEOUTS; i++) {
      const next = value === '0.999' ? '0.9991' : '0.999';
      const sent = ++version;
      const published = session.diagnostics(
        (p) => p.uri === uri && (p.version === undefined || p.version === sent),
      );
      const start = performance.now();
      await session.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: sent },
        contentChanges: [
          {
            range: {
              start: { line: w.targetLine, character: w.valueCharacter },
              end: { line: w.targetLine, character: w.valueCharacter + value.length },
            },
            text: next,
          },
        ],
      });
      value = next;
      const p = await published;
      const elapsed = performance.now() - start;
      if (!p) {
        result.edit.timeouts++;
        consecutiveTimeouts++;
        continue;
      }
      consecutiveTimeouts = 0;
      if (i >= WARMUP_EDITS) result.edit.values.push(elapsed);
    }
    if (!result.edit.values.length) result.edit.note = 'timeout';

    consecutiveTimeouts = 0;
    for (let i = 0; i < HOVERS && consecutiveTimeouts < MAX_TIMEOUTS; i++) {
      const start = performance.now();
      let hover: Hover | null;
      try {
        hover = await withTimeout(
          session.connection.sendRequest(HoverRequest.type, {
            textDocument: { uri },
            position: { line: w.targetLine, character: w.keyCharacter + 1 },
          }),
          TIMEOUT_MS,
        );
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('timeout')) {
          result.hover.timeouts++;
          consecutiveTimeouts++;
          continue;
        }
        result.hover.note = 'n/a';
        result.warnings.push(
          `${def.name}: hover failed: ${err instanceof Error ? err.message : String(err)}.`,
        );
        break;
      }
      const elapsed = performance.now() - start;
      consecutiveTimeouts = 0;
      if (!hover) {
        result.hover.note = 'n/a';
        result.warnings.push(`${def.name}: hover returned null.`);
        break;
      }
      result.hover.values.push(elapsed);
    }
    if (!result.hover.values.length) result.hover.note ??= 'timeout';

    result.rss = rssMb(session.pid);
    return result;
  } catch (err) {
    result.warnings.push(
      `${def.name} on ${documents} documents failed: ${err instanceof Error ? err.message : String(err)}` +
        (session.lastStderr ? `\n  stderr: ${session.lastStderr.split('\n').slice(-5).join('\n  ')}` : ''),
    );
    result.edit.note ??= 'error';
    result.hover.note ??= 'error';
    return result;
  } finally {
    await session.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

const ms = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0));

function cell(s: Samples, withP95: boolean): string {
  if (!s.values.length) return s.note ?? 'n/a';
  const text = withP95
    ? `${ms(percentile(s.values, 50))} / ${ms(percentile(s.values, 95))}`
    : ms(percentile(s.values, 50));
  return s.timeouts ? `${text} (${s.timeouts} timeout${s.timeouts > 1 ? 's' : ''})` : text;
}

const rssCell = (v: number | undefined) => (v === undefined ? 'n/a' : v.toFixed(0));

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  for (const [what, file] of [
    ['the language server (npm run build)', OURS_BIN],
    ['the schema (npm run build)', SCHEMA_FILE],
    ['yaml-language-server (npm install)', YLS_BIN],
  ] as const)
    if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: ${what}`);

  const yamlSettings = {
    schemas: { [pathToFileURL(SCHEMA_FILE).href]: ['*.yaml'] },
    validate: true,
    hover: true,
    completion: true,
    // No network: no schemastore.org catalogue, no Kubernetes CRD catalogue.
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  };
  const servers: ServerDef[] = [
    { name: 'team-sre', args: [OURS_BIN, '--stdio'], configuration: () => null },
    {
      name: 'yaml-language-server',
      args: [YLS_BIN, '--stdio'],
      configuration: (section) => (section === 'yaml' ? yamlSettings : null),
      settings: { yaml: yamlSettings },
    },
  ];
  const ylsVersion = (
    JSON.parse(readFileSync(path.join(path.dirname(YLS_BIN), '..', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

  // The server's debounce, as its source sets it.
  const debounce = /validationDelayMs = (\d+)/.exec(
    readFileSync(path.join(path.dirname(YLS_BIN), '..', 'out', 'src', 'yamlSettings.js'), 'utf8'),
  )?.[1];

  const rows: string[] = [];
  const notes = new Set<string>();
  const started = performance.now();
  for (const documents of SIZES) {
    // One after the other, never side by side: the servers do not compete for the CPU.
    const ours = await measure(servers[0]!, documents);
    const yls = await measure(servers[1]!, documents);
    for (const r of [ours, yls]) for (const warning of r.warnings) notes.add(`warning: ${warning}`);
    if (yls.invalidMessage)
      notes.add(
        `yaml-language-server validates with the schema: \`budgetingMethod: Foo\` → "${yls.invalidMessage}"`,
      );
    notes.add(
      `${documents} documents: diagnostics on open: team-sre ${ours.initialDiagnostics ?? '?'}, yaml-language-server ${yls.initialDiagnostics ?? '?'}.`,
    );
    rows.push(
      `| ${documents} | ${workload(documents).lines} | ${cell(ours.edit, true)} | ${cell(yls.edit, true)} | ${cell(ours.hover, false)} | ${cell(yls.hover, false)} | ${rssCell(ours.rss)} | ${rssCell(yls.rss)} |`,
    );
    process.stderr.write(`bench: ${documents} documents done\n`);
  }

  console.log(
    [
      `Node ${process.version}, yaml-language-server ${ylsVersion}; ${EDITS} edits (after ${WARMUP_EDITS} unmeasured) and ${HOVERS} hovers per size; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`,
      '',
      '| documents | lines | team-sre edit p50 / p95 (ms) | yaml-language-server edit p50 / p95 (ms) | team-sre hover p50 (ms) | yaml-language-server hover p50 (ms) | team-sre RSS (MB) | yaml-language-server RSS (MB) |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `Edit: from \`didChange\` to the \`publishDiagnostics\` of that version (yaml-language-server sends no version: the first one after the change; it validates ${debounce ?? '?'} ms after the last change).`,
      ...[...notes].map((n) => `- ${n}`),
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
