// `npm run bench`: the Team SRE language server against yaml-language-server (validating with
// schemas/openslo-v1.schema.json), each a child process over stdio, never two at once; then the CLI.
// It prints three tables:
//
// 1. Files of 1 to 1000 OpenSLO v1 SLO documents, one file in a workspace of its own: edit latency
//    (didChange → the publishDiagnostics of that version, p50 / p95 of 30 edits), how many times faster
//    ours is than the peer (ratio of the p50s), hover latency (p50 of 30), and each server's RSS.
// 2. A generated 5 000-file workspace (bench/workspace.ts: OpenSLO, Sloth, Pyrra files referencing each
//    other, Kubernetes manifests, workflows): cold start, from `initialized` to our `teamSre/indexed`
//    notification (median of 3 processes), the `$/progress` begin / report / end counted, the RSS once
//    indexed, and the edit latency of both servers on one SLO file of it (the peer indexes nothing, so
//    "—" for the rest); then edit while indexing: that file opened right after `initialized` and edited
//    until `teamSre/indexed` arrives, each edit sent before it timed to its version's diagnostics
//    (bench/workspace-server.ts).
// 3. `team-sre lint <workspace> --format json` against reading and parsing the same files (same walk)
//    with `yaml`'s parseAllDocuments only: whole-process wall time and peak RSS, median of 5 runs each,
//    and the ratio (bench/lint-vs-parse.ts).
//
// Temporary folders are removed; nothing asserts on time, the tables are for reading.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { HoverRequest, type Hover } from 'vscode-languageserver-protocol/node';
import { lintVsParseTable, measureLintVsParse } from './lint-vs-parse.js';
import {
  cell,
  editLoop,
  fasterCell,
  MAX_TIMEOUTS,
  OPEN_TIMEOUT_MS,
  OURS_BIN,
  ROOT,
  rssCell,
  rssMb,
  SCHEMA_FILE,
  serverDefs,
  Session,
  sleep,
  TIMEOUT_MS,
  withTimeout,
  YLS_BIN,
  type Samples,
  type ServerDef,
} from './session.js';
import { measureWorkspace, workspaceTables } from './workspace-server.js';
import { generateWorkspace } from './workspace.js';

const SIZES = [1, 10, 100, 1000];
const EDITS = 30;
const WARMUP_EDITS = 3;
const HOVERS = 30;
/** Whole-process runs of `team-sre lint` and of the parse-only script each. */
const LINT_RUNS = 5;

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
// Measurements

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

    result.edit = await editLoop(
      session,
      { uri, line: w.targetLine, character: w.valueCharacter, value: '0.999' },
      EDITS,
      WARMUP_EDITS,
    );

    let consecutiveTimeouts = 0;
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

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  for (const [what, file] of [
    ['the language server (npm run build)', OURS_BIN],
    ['the schema (npm run build)', SCHEMA_FILE],
    ['yaml-language-server (npm install)', YLS_BIN],
  ] as const)
    if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: ${what}`);

  const { ours: oursDef, peer: peerDef } = serverDefs();
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
  // Other work on the machine skews every figure: the load before and after says how much.
  const loadBefore = loadavg()[0]!;
  for (const documents of SIZES) {
    // One after the other, never side by side: the servers do not compete for the CPU.
    const ours = await measure(oursDef, documents);
    const yls = await measure(peerDef, documents);
    for (const r of [ours, yls]) for (const warning of r.warnings) notes.add(`warning: ${warning}`);
    if (yls.invalidMessage)
      notes.add(
        `yaml-language-server validates with the schema: \`budgetingMethod: Foo\` → "${yls.invalidMessage}"`,
      );
    notes.add(
      `${documents} documents: diagnostics on open: team-sre ${ours.initialDiagnostics ?? '?'}, yaml-language-server ${yls.initialDiagnostics ?? '?'}.`,
    );
    rows.push(
      `| ${documents} | ${workload(documents).lines} | ${cell(ours.edit, true)} | ${cell(yls.edit, true)} | ${fasterCell(ours.edit, yls.edit)} | ${cell(ours.hover, false)} | ${cell(yls.hover, false)} | ${rssCell(ours.rss)} | ${rssCell(yls.rss)} |`,
    );
    process.stderr.write(`bench: ${documents} documents done\n`);
  }

  // The 5 000-file workspace, generated once for the server rows and the lint rows.
  const root = mkdtempSync(path.join(tmpdir(), 'team-sre-bench-workspace-'));
  let workspaceLines: string[];
  let lintLines: string[];
  try {
    const generated = generateWorkspace(root);
    const run = await measureWorkspace(root, generated);
    for (const warning of run.warnings) notes.add(`warning: ${warning}`);
    workspaceLines = workspaceTables(run);
    process.stderr.write('bench: workspace server rows done\n');
    lintLines = lintVsParseTable(await measureLintVsParse(root, LINT_RUNS));
    process.stderr.write('bench: lint rows done\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  console.log(
    [
      `Node ${process.version}, yaml-language-server ${ylsVersion}; ${EDITS} edits (after ${WARMUP_EDITS} unmeasured) and ${HOVERS} hovers per size; ${((performance.now() - started) / 1000).toFixed(0)} s in all; ${cpus().length} cores, load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end.`,
      '',
      '| documents | lines | team-sre edit p50 / p95 (ms) | yaml-language-server edit p50 / p95 (ms) | × faster than the peer | team-sre hover p50 (ms) | yaml-language-server hover p50 (ms) | team-sre RSS (MB) | yaml-language-server RSS (MB) |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `Edit: from \`didChange\` to the \`publishDiagnostics\` of that version (yaml-language-server sends no version: the first one after the change; it validates ${debounce ?? '?'} ms after the last change). × faster: the peer's p50 over ours.`,
      '',
      ...workspaceLines,
      '',
      `\`team-sre lint\` against reading and parsing the same files with \`yaml\` only (whole processes, run in turns):`,
      '',
      ...lintLines,
      '',
      ...[...notes].map((n) => `- ${n}`),
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
