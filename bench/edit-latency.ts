// `node scripts/build.mjs && node --import tsx bench/edit-latency.ts [files] [mixed]`: how long an edit waits
// for its diagnostics, on a one-document workspace and while a workspace of generated files (5 000 by default:
// OpenSLO files, or with `mixed` one in ten, among plain YAML and JSON) is being indexed, and how long that cold
// index takes. The built server over stdio, as editors run it.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startServer, type StdioTestClient } from '../test/server/client.js';
import { Doc, sliYaml, sloYaml } from '../test/server/util.js';

const FILES = Number(process.argv[2] ?? 5000);
const MIXED = process.argv[3] === 'mixed';
const EDITS = 20;

/**
 * `files` files, 100 to a folder: SLO files of an SLO and its SLI each (the SLOs of a folder share one SLI
 * name); when mixed, nine in ten are a Kubernetes-like YAML or a JSON configuration instead. The last is an SLO file.
 */
function generate(dir: string, files: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < files; i++) {
    const folder = path.join(dir, `team-${Math.floor(i / 100)}`, 'slos');
    if (i % 100 === 0) mkdirSync(folder, { recursive: true });
    const other = MIXED && i % 10 !== 9 && i !== files - 1;
    const file = path.join(folder, other && i % 2 ? `config-${i}.json` : `slo-${i}.yaml`);
    writeFileSync(
      file,
      !other
        ? `${sloYaml(`slo-${i}`, `sli-${Math.floor(i / 100)}`)}---\n${sliYaml(`sli-${i}`)}`
        : i % 2
          ? JSON.stringify({ name: `config-${i}`, values: [1, 2, 3], nested: { mode: 'prod' } }, null, 2)
          : `name: job-${i}\nimage: registry/app:${i}\nreplicas: 3\nenv:\n  - name: MODE\n    value: prod\n`,
    );
    out.push(file);
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);

/** Edits `doc` `count` times, one at a time, and returns how long each took to be published. */
async function edits(doc: Doc, count: number, stop?: () => boolean): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count && !stop?.(); i++) {
    const started = performance.now();
    await doc.replace('target: 0.99', i % 2 ? 'target: 0.999' : 'target: 0.995');
    await doc.diagnostics(10_000);
    times.push(performance.now() - started);
  }
  return times;
}

async function main(): Promise<void> {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'team-sre-edit-latency-')));
  let client: StdioTestClient | undefined;
  try {
    // One document, nothing else in the workspace.
    mkdirSync(path.join(dir, 'one'));
    writeFileSync(path.join(dir, 'one', 'slo.yaml'), sloYaml('one', 'one-sli'));
    client = await startServer({ workspaceFolder: path.join(dir, 'one'), transport: 'stdio' });
    await client.waitFor('window/logMessage', (m) =>
      /^Indexed/.test((m.params as { message: string }).message),
    );
    const one = new Doc(
      client,
      pathToFileURL(path.join(dir, 'one', 'slo.yaml')).href,
      sloYaml('one', 'one-sli'),
    );
    await one.open();
    await one.diagnostics();
    await edits(one, 5);
    const idle = await edits(one, EDITS);
    await client.close();
    console.log(
      `one document: edit → diagnostics median ${median(idle).toFixed(1)} ms, max ${max(idle).toFixed(1)} ms`,
    );

    const root = path.join(dir, 'many');
    const files = generate(root, FILES);
    const started = performance.now();
    client = await startServer({ workspaceFolder: root, transport: 'stdio' });
    const edited = new Doc(
      client,
      pathToFileURL(files[FILES - 1]!).href,
      sloYaml(`slo-${FILES - 1}`, 'sli-x'),
    );
    await edited.open();
    let indexedAt: number | undefined;
    const indexed = client
      .waitFor('window/logMessage', (m) => /^Indexed/.test((m.params as { message: string }).message), 60_000)
      .then((m) => {
        indexedAt = performance.now();
        return (m.params as { message: string }).message;
      });
    const opened = performance.now();
    await edited.diagnostics(60_000);
    const firstDiagnostics = performance.now() - opened;
    const during = await edits(edited, 1000, () => indexedAt !== undefined);
    const log = await indexed;
    const progress = client.received.filter((m) => m.method === '$/progress').length;
    console.log(`${FILES} files: ${log}`);
    console.log(
      `cold start → Indexed log ${(indexedAt! - started).toFixed(0)} ms (${progress} progress notifications); ` +
        `open document's first diagnostics after ${firstDiagnostics.toFixed(1)} ms`,
    );
    console.log(
      `edits during indexing: ${during.length}, median ${median(during).toFixed(1)} ms, max ${max(during).toFixed(1)} ms`,
    );
    const after = await edits(edited, EDITS);
    console.log(
      `edits after indexing: median ${median(after).toFixed(1)} ms, max ${max(after).toFixed(1)} ms`,
    );
  } finally {
    await client?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
