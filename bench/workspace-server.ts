// The language servers on the generated 5 000-file workspace: how long our server takes from
// `initialized` to its `teamSre/indexed` notification and what progress it reports on the way, how fast
// an edit made while it is still indexing gets its diagnostics, and the edit latency of both servers on
// one file of that workspace once started.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  cell,
  editLoop,
  fasterCell,
  median,
  ms,
  OPEN_TIMEOUT_MS,
  percentile,
  rssCell,
  rssMb,
  serverDefs,
  Session,
  sleep,
  timedEdit,
  MAX_TIMEOUTS,
  type EditSite,
  type Samples,
} from './session.js';
import type { GeneratedWorkspace } from './workspace.js';

/** Cold starts of our server, each in a fresh process. */
const COLD_RUNS = 3;
/** Servers started to edit while they index. */
const WHILE_INDEXING_RUNS = 2;
/** At most this many edits per run while indexing (a server that never finishes must not hang the bench). */
const MAX_EDITS_WHILE_INDEXING = 400;
/** Between edits while indexing: a fast typist's pace, leaving the server time to index in between. */
const TYPING_GAP_MS = 10;
const EDITS = 20;
const WARMUP_EDITS = 3;
/** The whole index, for a server that reports it. */
const INDEX_TIMEOUT_MS = 60_000;

interface ColdStart {
  /** From sending `initialized` to receiving `teamSre/indexed`, when it came. */
  indexedMs: number | undefined;
  progress: { begin: number; report: number; end: number };
  sloFiles: number | undefined;
  postmortems: number | undefined;
  rss: number | undefined;
}

interface WhileIndexing {
  /** Edits sent before `teamSre/indexed` had arrived, timed to their version's diagnostics. */
  samples: Samples;
  /** Edits sent before `teamSre/indexed` (measured or timed out). */
  during: number;
  indexedMs: number | undefined;
}

export interface WorkspaceRun {
  files: number;
  cold: ColdStart[];
  /** Edit latency on the workspace's edited file, ours once indexed and the peer's. */
  oursEdit: Samples;
  peerEdit: Samples;
  peerRss: number | undefined;
  whileIndexing: WhileIndexing[];
  warnings: string[];
}

const failure = (what: string, session: Session, err: unknown) =>
  `${what} failed: ${err instanceof Error ? err.message : String(err)}` +
  (session.lastStderr ? `\n  stderr: ${session.lastStderr.split('\n').slice(-5).join('\n  ')}` : '');

function editSite(ws: GeneratedWorkspace): EditSite {
  return {
    uri: pathToFileURL(ws.editedFile).href,
    line: ws.editedLine,
    character: ws.editedCharacter,
    value: ws.editedValue,
  };
}

/** One cold start of our server; the first also times edits on the edited file once indexed. */
async function coldStart(root: string, ws: GeneratedWorkspace, out: WorkspaceRun, withEdits: boolean) {
  const session = new Session(serverDefs().ours, true);
  const run: ColdStart = {
    indexedMs: undefined,
    progress: session.progress,
    sloFiles: undefined,
    postmortems: undefined,
    rss: undefined,
  };
  try {
    const initialized = await session.initialize(root);
    if (!(await session.whenIndexed(INDEX_TIMEOUT_MS))) {
      out.warnings.push(`team-sre: no \`teamSre/indexed\` within ${INDEX_TIMEOUT_MS} ms of \`initialized\`.`);
      return run;
    }
    const indexed = session.indexed!;
    run.indexedMs = indexed.at - initialized;
    run.sloFiles = indexed.sloFiles;
    run.postmortems = indexed.postmortems;
    // `$/progress` end is sent just before `teamSre/indexed`; let it arrive before reading memory.
    await sleep(50);
    run.rss = rssMb(session.pid);
    if (withEdits) {
      const site = editSite(ws);
      if (!(await session.open(site.uri, readFileSync(ws.editedFile, 'utf8'))))
        out.warnings.push('team-sre: no diagnostics on opening the edited file of the workspace.');
      out.oursEdit = await editLoop(session, site, EDITS, WARMUP_EDITS);
    }
  } catch (err) {
    out.warnings.push(failure('team-sre cold start', session, err));
  } finally {
    out.cold.push(run);
    await session.stop();
  }
}

/** Opens the edited file right after `initialized` and edits it until the index is built. */
async function editWhileIndexing(root: string, ws: GeneratedWorkspace, out: WorkspaceRun) {
  const session = new Session(serverDefs().ours, true);
  const run: WhileIndexing = { samples: { values: [], timeouts: 0 }, during: 0, indexedMs: undefined };
  try {
    const initialized = await session.initialize(root);
    const site = editSite(ws);
    // Not awaited: the point is to edit before the server has done anything else.
    void session.open(site.uri, readFileSync(ws.editedFile, 'utf8'));
    let version = 1;
    let consecutiveTimeouts = 0;
    while (!session.indexed && run.during < MAX_EDITS_WHILE_INDEXING && consecutiveTimeouts < MAX_TIMEOUTS) {
      run.during++;
      const elapsed = await timedEdit(session, site, ++version);
      if (elapsed === undefined) {
        run.samples.timeouts++;
        consecutiveTimeouts++;
        continue;
      }
      consecutiveTimeouts = 0;
      run.samples.values.push(elapsed);
      await sleep(TYPING_GAP_MS);
    }
    if (await session.whenIndexed(INDEX_TIMEOUT_MS)) run.indexedMs = session.indexed!.at - initialized;
    if (!run.during) out.warnings.push('team-sre: the index was built before the first edit could be sent.');
  } catch (err) {
    out.warnings.push(failure('team-sre edit while indexing', session, err));
  } finally {
    if (!run.samples.values.length) run.samples.note = 'none';
    out.whileIndexing.push(run);
    await session.stop();
  }
}

/** The peer on the same workspace: it indexes nothing, so only its edit latency on the same file. */
async function peerEdits(root: string, ws: GeneratedWorkspace, out: WorkspaceRun) {
  const session = new Session(serverDefs().peer);
  try {
    await session.initialize(root);
    // Let configuration pulls and their revalidations happen before anything is timed.
    await sleep(300);
    const site = editSite(ws);
    if (!(await session.open(site.uri, readFileSync(ws.editedFile, 'utf8'), OPEN_TIMEOUT_MS)))
      out.warnings.push('yaml-language-server: no diagnostics on opening the edited file of the workspace.');
    await session.settle(site.uri, 500);
    out.peerEdit = await editLoop(session, site, EDITS, WARMUP_EDITS);
    out.peerRss = rssMb(session.pid);
  } catch (err) {
    out.warnings.push(failure('yaml-language-server on the workspace', session, err));
  } finally {
    await session.stop();
  }
}

/** Every server row on the workspace at `root`, one server process at a time. */
export async function measureWorkspace(root: string, ws: GeneratedWorkspace): Promise<WorkspaceRun> {
  const out: WorkspaceRun = {
    files: ws.files.length,
    cold: [],
    oursEdit: { values: [], timeouts: 0, note: 'n/a' },
    peerEdit: { values: [], timeouts: 0, note: 'n/a' },
    peerRss: undefined,
    whileIndexing: [],
    warnings: [],
  };
  for (let i = 0; i < COLD_RUNS; i++) await coldStart(root, ws, out, i === 0);
  await peerEdits(root, ws, out);
  for (let i = 0; i < WHILE_INDEXING_RUNS; i++) await editWhileIndexing(root, ws, out);
  return out;
}

const progressCell = (p: ColdStart['progress']) => `${p.begin} / ${p.report} / ${p.end}`;

/** The cold start and edit-while-indexing tables, as Markdown. */
export function workspaceTables(r: WorkspaceRun): string[] {
  const times = r.cold.map((c) => c.indexedMs).filter((v): v is number => v !== undefined);
  const first = r.cold[0];
  const all: Samples = {
    values: r.whileIndexing.flatMap((w) => w.samples.values),
    timeouts: r.whileIndexing.reduce((n, w) => n + w.samples.timeouts, 0),
  };
  const maxCell = (s: Samples) => (s.values.length ? ms(Math.max(...s.values)) : '—');
  const p95Cell = (s: Samples) =>
    s.values.length ? `${ms(percentile(s.values, 50))} / ${ms(percentile(s.values, 95))}` : (s.note ?? 'n/a');
  return [
    `Cold start on ${r.files} files (median of ${COLD_RUNS} server processes; the files are in the OS cache):`,
    '',
    '| server | `initialized` → `teamSre/indexed` (ms) | each run (ms) | `$/progress` begin / report / end | SLO files / postmortems indexed | RSS after indexing (MB) | edit p50 / p95 on one file of the workspace (ms) | × faster than the peer |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    `| team-sre | ${times.length ? ms(median(times)) : 'timeout'} | ${r.cold.map((c) => (c.indexedMs === undefined ? 'timeout' : ms(c.indexedMs))).join(', ')} | ${first ? progressCell(first.progress) : 'n/a'} | ${first?.sloFiles ?? '?'} / ${first?.postmortems ?? '?'} | ${rssCell(first?.rss)} | ${cell(r.oursEdit, true)} | ${fasterCell(r.oursEdit, r.peerEdit)} |`,
    `| yaml-language-server | — | — | — | — | ${rssCell(r.peerRss)} | ${cell(r.peerEdit, true)} | |`,
    '',
    `Edit while indexing: the SLO file opened right after \`initialized\`, then edited (one edit at a time, ${TYPING_GAP_MS} ms apart) until \`teamSre/indexed\` arrives:`,
    '',
    '| run | edits sent before `teamSre/indexed` | didChange → diagnostics of that version p50 / p95 (ms) | max (ms) | timeouts | `teamSre/indexed` after (ms) |',
    '|---|---:|---:|---:|---:|---:|',
    ...r.whileIndexing.map(
      (w, i) =>
        `| ${i + 1} | ${w.during} | ${p95Cell(w.samples)} | ${maxCell(w.samples)} | ${w.samples.timeouts} | ${w.indexedMs === undefined ? 'timeout' : ms(w.indexedMs)} |`,
    ),
    `| all | ${r.whileIndexing.reduce((n, w) => n + w.during, 0)} | ${p95Cell(all)} | ${maxCell(all)} | ${all.timeouts} | |`,
  ];
}
