// `node scripts/build.mjs && node --import tsx bench/soak.ts [--ops N] [--files N] [--seed N] [--max-open N] [--keep]`
//
// A soak run of the built language server: a generated workspace of SLO files of every format, then tens
// of thousands of random editor operations (open, edit — breaking and repairing the YAML —, close) mixed
// with hover, completion, outline, definition and references requests. Prints a Markdown report and exits
// with 1 on an error response, a timeout, diagnostics that never caught up, a crash, output on stderr, or
// memory growth above the bound. Deterministic for a seed (the server's timing aside).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { startServer, type StdioTestClient, type TestClient } from '../test/server/client.js';
import { editWhileIndexing, writeForeign } from './soak-indexing.js';
import {
  DEFAULT_SEED,
  documentArb,
  insertedTextArb,
  LspText,
  openSloV1AlertCondition,
  openSloV1AlertPolicy,
  openSloV1AlphaService,
  openSloV1AlphaSlo,
  openSloV1DataSource,
  openSloV1Service,
  openSloV1Sli,
  openSloV1Slo,
  openSloV1Target,
  openSloV2AlphaService,
  openSloV2AlphaSlo,
  pyrra,
  slothAlertWindows,
  slothKubernetes,
  slothPrometheus,
  type GeneratedDocument,
  type SloParameters,
} from '../test/unit/property-documents.js';

// ---------------------------------------------------------------------------------------------------
// Parameters

function option(name: string, fallback: number): number {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const raw =
    i === -1
      ? process.env[`TEAM_SRE_SOAK_${name.toUpperCase().replace('-', '_')}`]
      : process.argv[i]!.includes('=')
        ? process.argv[i]!.split('=')[1]
        : process.argv[i + 1];
  const value = Number(raw);
  return raw !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

const OPS = option('ops', 20_000);
const FILES = option('files', 5_000);
const SEED = option('seed', DEFAULT_SEED);
const MAX_OPEN = option('max-open', 25);
/** `--keep`: the generated workspace stays on disk (its path is printed), to look into a failure. */
const KEEP = process.argv.includes('--keep');
/**
 * The first 30 % of the operations warm the server up (JIT, caches, the heap's size): on 5 000 files the
 * RSS swings by a third while V8 sizes its heap, then holds within a few per cent.
 */
const WARMUP = Math.floor((OPS * 3) / 10);
/**
 * RSS follows the heap's garbage-collection sawtooth, so one sample says little: memory after warm-up is
 * the median RSS over the next tenth of the operations, memory at the end the median over the last tenth.
 */
const WINDOW = Math.max(1, Math.floor(OPS / 10));
/** RSS sampled every this many operations (200 samples a run). */
const SAMPLE_EVERY = Math.max(1, Math.floor(OPS / 200));
/** Memory at the end may exceed memory after warm-up by at most this fraction. */
const RSS_GROWTH_BOUND = 0.2;
const REQUEST_TIMEOUT_MS = 10_000;
const INDEX_TIMEOUT_MS = 180_000;

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a small seeded generator, so that a seed names one run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
function weighted<T extends string>(weights: Record<T, number>): T {
  const total = Object.values<number>(weights).reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (const [key, w] of Object.entries<number>(weights)) if ((r -= w) < 0) return key as T;
  return Object.keys(weights)[0] as T;
}

// ---------------------------------------------------------------------------------------------------
// The workspace

/**
 * A workspace as teams keep one: per team a Service and its DataSource, SLIs, SLOs with their alerting,
 * a Sloth file, and a Pyrra, OpenSLO v1alpha or v2alpha file; names unique per team, references resolving
 * within it. One team in twenty-five has a mistake: a misspelt reference, a duplicate name, a percentage
 * target. Every format of the language service is there; FILES / 5 teams.
 */
function generateWorkspace(dir: string): string[] {
  const paths: string[] = [];
  const write = (rel: string, documents: GeneratedDocument[]) => {
    if (paths.length >= FILES) return;
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, documents.map((d) => d.text).join('---\n'));
    paths.push(file);
  };
  const prose = fc.sample(
    fc.constantFrom(
      'Requests that succeed.',
      'Réponses à temps — p99 < 500 ms.',
      '支払い API',
      'Checkout 🛒',
    ),
    {
      seed: SEED,
      numRuns: 16,
    },
  );
  for (let t = 0; paths.length < FILES; t++) {
    const svc = `svc-${t}`;
    const team = `team-${String(t).padStart(4, '0')}`;
    const mistake = t % 25;
    const target = pick(['0.99', '0.995', '0.999', '0.9995']);
    write(`${team}/service.yaml`, [
      openSloV1Service(mistake === 11 && t > 0 ? `svc-${t - 1}` : svc, pick(prose)),
      openSloV1DataSource(`${svc}-prometheus`),
    ]);
    write(`${team}/slis.yaml`, [
      openSloV1Sli(`${svc}-availability`, svc, true, `${svc}-prometheus`),
      openSloV1Sli(`${svc}-latency`, svc, false, `${svc}-prometheus`),
    ]);
    const slo = (name: string, timeslices: boolean): SloParameters => ({
      name,
      service: svc,
      indicatorRef: mistake === 7 ? `${name}x` : name,
      target: mistake === 17 && !timeslices ? '99.9' : target,
      timeslices,
      calendar: timeslices && rand() < 0.5,
      window: pick(['7d', '28d', '30d']),
      alertPolicy: `${svc}-fast-burn`,
      prose: JSON.stringify(pick(prose)),
    });
    write(`${team}/slos.yaml`, [
      openSloV1Slo(slo(`${svc}-availability`, false)),
      openSloV1Slo(slo(`${svc}-latency`, true)),
      openSloV1AlertPolicy(`${svc}-fast-burn`, `${svc}-fast`, `${svc}-pager`),
      openSloV1AlertCondition(`${svc}-fast`, '14.4', '1h'),
      openSloV1Target(`${svc}-pager`),
    ]);
    const objectives = Array.from({ length: 1 + int(3) }, () => pick(['99', '99.5', '99.9', '99.95']));
    write(
      `${team}/sloth.yaml`,
      t % 2
        ? [slothPrometheus(`${svc}-sloth`, objectives)]
        : [slothKubernetes(`${svc}-sloth`, `${svc}-sloth`, objectives), slothAlertWindows()],
    );
    write(
      `${team}/other.yaml`,
      t % 3 === 0
        ? [pyrra(`${svc}-pyrra`, svc, pick(['99', '99.5', '95']), pick(['2w', '4w', '28d']), t)]
        : t % 3 === 1
          ? [
              openSloV1AlphaService(`${svc}-v1alpha`),
              openSloV1AlphaSlo(`${svc}-v1alpha`, `${svc}-v1alpha`, target, t % 2 === 0),
            ]
          : [
              openSloV2AlphaService(`${svc}-v2alpha`),
              openSloV2AlphaSlo(`${svc}-v2alpha`, `${svc}-v2alpha`, target, '28d'),
            ],
    );
  }
  writeForeign(dir);
  return paths;
}

// Pasted documents and typed text: drawn once, then picked from by the seeded generator.
const PASTES = fc.sample(documentArb, { seed: SEED + 1, numRuns: 200 }).map((d) => d.text);
const TYPED = fc.sample(insertedTextArb, { seed: SEED + 2, numRuns: 400 });
const BREAKS = ['[', '{', '"', "'", '\t', ': :', '- - ]', 'key: [unclosed', '&a *b', '\u0000', '? '];
const VALUES = [
  '0.999',
  '99.9',
  '0.5',
  '1.5',
  'abc',
  '"0.99"',
  '95',
  '~',
  '[]',
  '28d',
  '1M',
  'Occurrences',
  '',
];

// ---------------------------------------------------------------------------------------------------
// Open editor buffers

interface EditorBuffer {
  uri: string;
  text: string;
  version: number;
  /** Fragments that broke the YAML, newest last, with where they are now (to be removed again). */
  breaks: Array<{ start: number; length: number }>;
}

/** Moves the recorded breaks after an edit of [start, end) by `inserted` characters; drops those it touched. */
function shiftBreaks(buffer: EditorBuffer, start: number, end: number, inserted: number): void {
  buffer.breaks = buffer.breaks
    .filter((b) => b.start + b.length <= start || b.start >= end)
    .map((b) => (b.start >= end ? { ...b, start: b.start + inserted - (end - start) } : b));
}

/** Snaps an offset out of the middle of a CRLF, where no LSP position points. */
const snap = (text: string, offset: number) =>
  text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset;

function change(
  buffer: EditorBuffer,
  start: number,
  end: number,
  insert: string,
): TextDocumentContentChangeEvent {
  const lsp = new LspText(buffer.text);
  const s = snap(buffer.text, start);
  const e = Math.max(s, snap(buffer.text, end));
  const event = { range: { start: lsp.position(s), end: lsp.position(e) }, text: insert };
  buffer.text = buffer.text.slice(0, s) + insert + buffer.text.slice(e);
  shiftBreaks(buffer, s, e, insert.length);
  return event;
}

/** One editor change of a buffer, as the LSP change events it sends. */
function randomEdit(buffer: EditorBuffer): TextDocumentContentChangeEvent[] {
  const text = buffer.text;
  const kind = weighted({
    break: 3,
    repair: buffer.breaks.length ? 4 : 0,
    value: 4,
    type: 3,
    paste: 1,
    cut: 1,
  });
  switch (kind) {
    case 'break': {
      const lsp = new LspText(text);
      const line = int(lsp.lineCount);
      const at = Math.min(text.length, lsp.starts[line]! + int(lsp.lineLength(line) + 1));
      const fragment = pick(BREAKS);
      const event = change(buffer, at, at, fragment);
      buffer.breaks.push({ start: snap(text, at), length: fragment.length });
      return [event];
    }
    case 'repair': {
      const b = buffer.breaks.pop()!;
      return [change(buffer, b.start, b.start + b.length, '')];
    }
    case 'value': {
      // The value of a random `key: value` line, replaced.
      const matches = [...text.matchAll(/^[ -]*[\w.]+: ?([^\n\r]*)$/gm)];
      if (!matches.length) return [change(buffer, text.length, text.length, 'kind: SLO\n')];
      const m = pick(matches);
      const start = m.index! + m[0].length - m[1]!.length;
      return [change(buffer, start, start + m[1]!.length, pick(VALUES))];
    }
    case 'type': {
      const at = int(text.length + 1);
      return [change(buffer, at, at, pick(TYPED))];
    }
    case 'paste':
      return [
        change(
          buffer,
          text.length,
          text.length,
          `${text.endsWith('\n') || !text ? '' : '\n'}---\n${pick(PASTES)}`,
        ),
      ];
    case 'cut': {
      const at = int(text.length + 1);
      return [change(buffer, at, at + 1 + int(200), '')];
    }
  }
}

/** Where requests are worth making: names and references (half the time), anywhere else otherwise. */
function randomPosition(text: string): { line: number; character: number } {
  const lsp = new LspText(text);
  if (rand() < 0.5) {
    const names = [...text.matchAll(/^\s*-?\s*(?:name|service|\w+Ref):[ \t]*(?=\S)/gm)];
    if (names.length) {
      const m = pick(names);
      return lsp.position(m.index! + m[0].length + 1);
    }
  }
  const line = int(lsp.lineCount);
  return { line, character: int(lsp.lineLength(line) + 2) };
}

// ---------------------------------------------------------------------------------------------------
// Measurements

const KINDS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/documentSymbol',
  'textDocument/definition',
  'textDocument/references',
] as const;
type Kind = (typeof KINDS)[number];

interface Stats {
  sent: number;
  answered: number;
  errors: number;
  timeouts: number;
  latencies: number[];
}

const stats = new Map<Kind, Stats>(
  KINDS.map((k) => [k, { sent: 0, answered: 0, errors: 0, timeouts: 0, latencies: [] }]),
);
const errorSamples: string[] = [];

function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(m, 'VmRSS in /proc/<pid>/status');
  return Number(m[1]) / 1024;
}

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function request(client: TestClient, kind: Kind, params: object): Promise<void> {
  const s = stats.get(kind)!;
  s.sent++;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connection.sendRequest(kind, params),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), REQUEST_TIMEOUT_MS);
      }),
    ]);
    s.answered++;
    s.latencies.push(performance.now() - started);
  } catch (err) {
    if (err instanceof Error && err.message === 'timeout') s.timeouts++;
    else {
      s.errors++;
      if (errorSamples.length < 5)
        errorSamples.push(`${kind}: ${err instanceof Error ? err.message : String(err)}`);
    }
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'team-sre-soak-')));
  const startedAll = performance.now();
  let client: StdioTestClient | undefined;
  try {
    const generated = performance.now();
    const files = generateWorkspace(dir);
    const generateMs = performance.now() - generated;

    const indexStarted = performance.now();
    client = await startServer({ workspaceFolder: dir, transport: 'stdio' });
    const first = pathToFileURL(files[Math.floor(files.length / 2)]!).href;
    const buffer: EditorBuffer = {
      uri: first,
      text: readFileSync(new URL(first), 'utf8'),
      version: 1,
      breaks: [],
    };
    const whileIndexing = await editWhileIndexing(client, buffer, () => randomEdit(buffer), {
      indexTimeoutMs: INDEX_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    const indexed = whileIndexing.indexed;
    const indexMs = performance.now() - indexStarted;
    const pid = client.child.pid!;
    const afterIndex = rssMb(pid);
    const samples: Array<{ op: number; mb: number }> = [];

    const closed = files.map((f) => pathToFileURL(f).href);
    const open = new Map<string, EditorBuffer>();
    const counts = { open: 0, change: 0, close: 0, changeEvents: 0 };
    const opsStarted = performance.now();
    let warmupEnded = opsStarted;

    for (let op = 1; op <= OPS; op++) {
      const kind = weighted({
        open: open.size < MAX_OPEN ? 4 : 0,
        close: open.size > 3 ? 3 : 0,
        change: open.size ? 30 : 0,
        request: open.size ? 40 : 0,
      });
      if (kind === 'open') {
        const uri = closed.splice(int(closed.length), 1)[0]!;
        const text = readFileSync(new URL(uri), 'utf8');
        const buffer: EditorBuffer = { uri, text, version: 1, breaks: [] };
        open.set(uri, buffer);
        counts.open++;
        await client.connection.sendNotification('textDocument/didOpen', {
          textDocument: { uri, languageId: 'yaml', version: 1, text },
        });
      } else if (kind === 'close') {
        const buffer = pick([...open.values()]);
        open.delete(buffer.uri);
        closed.push(buffer.uri);
        counts.close++;
        await client.connection.sendNotification('textDocument/didClose', {
          textDocument: { uri: buffer.uri },
        });
      } else if (kind === 'change') {
        const buffer = pick([...open.values()]);
        // Sometimes several changes in one notification, as an editor sends for multi-cursor edits.
        const events = Array.from({ length: rand() < 0.2 ? 2 + int(3) : 1 }, () => randomEdit(buffer)).flat();
        buffer.version++;
        counts.change++;
        counts.changeEvents += events.length;
        await client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: buffer.uri, version: buffer.version },
          contentChanges: events,
        });
      } else {
        const buffer = pick([...open.values()]);
        const method = pick(KINDS);
        const textDocument = { uri: buffer.uri };
        const position = randomPosition(buffer.text);
        await request(
          client,
          method,
          method === 'textDocument/documentSymbol'
            ? { textDocument }
            : method === 'textDocument/references'
              ? { textDocument, position, context: { includeDeclaration: rand() < 0.5 } }
              : { textDocument, position },
        );
      }
      if (op % SAMPLE_EVERY === 0 || op === OPS) samples.push({ op, mb: rssMb(pid) });
      if (op === WARMUP) warmupEnded = performance.now();
      if (op % 5000 === 0) process.stderr.write(`soak: ${op} of ${OPS} operations\n`);
    }

    // Every open buffer's diagnostics must have caught up with its last version: no change was lost.
    const lagging: string[] = [];
    for (const buffer of open.values()) {
      const seen = client.received
        .filter((m) => m.method === 'textDocument/publishDiagnostics')
        .map((m) => m.params as { uri: string; version?: number })
        .some((p) => p.uri === buffer.uri && p.version === buffer.version);
      if (!seen)
        await client
          .diagnostics(buffer.uri, (p) => p.version === buffer.version, REQUEST_TIMEOUT_MS)
          .catch(() => lagging.push(`${buffer.uri} v${buffer.version}`));
    }
    const median = (from: number, to: number) =>
      percentile(
        samples.filter((x) => x.op > from && x.op <= to).map((x) => x.mb),
        50,
      );
    const rss = {
      afterIndex,
      afterWarmup: median(WARMUP, WARMUP + WINDOW),
      end: median(OPS - WINDOW, OPS),
      peak: Math.max(...samples.map((x) => x.mb)),
    };
    const opsMs = performance.now() - opsStarted;
    const alive = client.child.exitCode === null && client.child.signalCode === null;
    const stderr = client.stderr();

    // -------------------------------------------------------------------------------------------------
    // Report

    const fmt = (v: number) => (Number.isNaN(v) ? 'n/a' : v < 10 ? v.toFixed(1) : v.toFixed(0));
    const all = [...stats.values()];
    const total = (k: keyof Omit<Stats, 'latencies'>) => all.reduce((a, s) => a + s[k], 0);
    const growth = rss.end / rss.afterWarmup - 1;
    const failures: string[] = [];
    if (total('errors')) failures.push(`${total('errors')} error responses (${errorSamples.join('; ')})`);
    if (total('timeouts'))
      failures.push(`${total('timeouts')} requests unanswered after ${REQUEST_TIMEOUT_MS} ms`);
    if (lagging.length) failures.push(`diagnostics never caught up for ${lagging.join(', ')}`);
    if (whileIndexing.lagging)
      failures.push(`${whileIndexing.lagging} edits made while indexing got no diagnostics`);
    if (!alive) failures.push('the server exited');
    if (stderr) failures.push(`the server wrote to stderr: ${stderr.slice(0, 500)}`);
    if (!(growth <= RSS_GROWTH_BOUND))
      failures.push(
        `RSS grew ${(growth * 100).toFixed(1)} % after warm-up (bound ${RSS_GROWTH_BOUND * 100} %)`,
      );

    console.log(
      [
        `## Soak: ${OPS} operations on ${FILES} files (seed ${SEED})`,
        '',
        `Node ${process.version}. Workspace generated in ${fmt(generateMs / 1000)} s; ${(indexed.params as { message: string }).message} ` +
          `(${fmt(indexMs / 1000)} s from spawn to the index). Operations: ${fmt(opsMs / 1000)} s — ${counts.open} opens, ` +
          `${counts.change} changes (${counts.changeEvents} content changes, breaking and repairing the YAML), ${counts.close} closes, ` +
          `${total('sent')} requests; at most ${MAX_OPEN} documents open at once.`,
        '',
        `Edits while indexing: one file opened right after \`initialized\`, then ${whileIndexing.latencies.length} edits, one at a time, ` +
          `until the index was built: diagnostics p50 ${fmt(percentile(whileIndexing.latencies, 50))} ms, ` +
          `max ${fmt(Math.max(0, ...whileIndexing.latencies))} ms; ${whileIndexing.lagging} never published.`,
        '',
        '| request | sent | answered | errors | timeouts | p50 (ms) | p99 (ms) | max (ms) |',
        '|---|---:|---:|---:|---:|---:|---:|---:|',
        ...KINDS.map((k) => {
          const s = stats.get(k)!;
          return `| ${k.replace('textDocument/', '')} | ${s.sent} | ${s.answered} | ${s.errors} | ${s.timeouts} | ${fmt(percentile(s.latencies, 50))} | ${fmt(percentile(s.latencies, 99))} | ${fmt(Math.max(...s.latencies))} |`;
        }),
        `| **all** | ${total('sent')} | ${total('answered')} | ${total('errors')} | ${total('timeouts')} | ${fmt(
          percentile(
            all.flatMap((s) => s.latencies),
            50,
          ),
        )} | ${fmt(
          percentile(
            all.flatMap((s) => s.latencies),
            99,
          ),
        )} | ${fmt(Math.max(...all.flatMap((s) => s.latencies)))} |`,
        '',
        '| server RSS | MB |',
        '|---|---:|',
        `| after the index | ${fmt(rss.afterIndex)} |`,
        `| after warm-up: median over operations ${WARMUP + 1}–${WARMUP + WINDOW} (warm-up ended ${fmt((warmupEnded - opsStarted) / 1000)} s in) | ${fmt(rss.afterWarmup)} |`,
        `| end: median over operations ${OPS - WINDOW + 1}–${OPS} | ${fmt(rss.end)} |`,
        `| peak (sampled every ${SAMPLE_EVERY} operations) | ${fmt(rss.peak)} |`,
        `| growth, end vs after warm-up | ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} % |`,
        '',
        `RSS (MB) every ${OPS / 20} operations: ${samples
          .filter((x) => x.op % Math.max(1, Math.floor(OPS / 20)) === 0)
          .map((x) => fmt(x.mb))
          .join(', ')}.`,
        '',
        `Warm-up: the first ${WARMUP} operations (30 %). Pass: no error response, no request unanswered within ${REQUEST_TIMEOUT_MS / 1000} s, ` +
          `the diagnostics of every open document caught up with its last version, the server alive and silent on stderr, ` +
          `and the median RSS over the last ${WINDOW} operations at most ${RSS_GROWTH_BOUND * 100} % above the median over the ${WINDOW} after warm-up (≤ ${fmt(rss.afterWarmup * (1 + RSS_GROWTH_BOUND))} MB).`,
        '',
        failures.length ? `**FAIL**: ${failures.join('; ')}.` : '**PASS**',
        `Total ${fmt((performance.now() - startedAll) / 1000)} s.`,
      ].join('\n'),
    );
    process.exitCode = failures.length ? 1 : 0;
  } finally {
    await client?.close();
    if (KEEP) console.log(`Workspace kept at ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
