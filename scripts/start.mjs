// `npm start`: builds, packages the extension, and opens a fresh scratch copy of the example workspace
// (examples/, copied to .cache/editor/start/examples) in VS Code with it installed: the desktop `code` command
// when there is one, otherwise code-server on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  CACHE,
  ROOT,
  desktopCode,
  installIntoCodeServer,
  packageExtension,
  startCodeServer,
} from './editor.mjs';
import { exampleHistory, startExampleExporter } from './example-history.mjs';
import { startPrometheus } from './prometheus.mjs';
import { freshExamples } from './scratch-examples.mjs';

const vsix = packageExtension();
const code = desktopCode();
const examples = freshExamples();
const where = `a fresh copy of examples/ in ${path.relative(ROOT, examples)} (made anew at each npm start; the repository's examples/ stay untouched)`;

if (code) {
  console.log(`▶ Installing ${path.basename(vsix)} into VS Code and opening ${where}`);
  spawnSync(code, ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  spawnSync(code, [examples], { stdio: 'inherit' });
} else {
  const extensionsDir = path.join(CACHE, 'start', 'extensions');
  const userDataDir = path.join(CACHE, 'start', 'user-data');
  mkdirSync(extensionsDir, { recursive: true });
  installIntoCodeServer(vsix, extensionsDir);
  console.log(
    '▶ Starting a local Prometheus with a month of made-up metrics for the examples, scraping more every 15 s',
  );
  const prometheusDir = path.join(CACHE, 'start', 'prometheus');
  rmSync(prometheusDir, { recursive: true, force: true });
  const historyEnd = Date.now() / 1000;
  // The history ends now; the exporter goes on with the same counters, so the data stays fresh while it runs.
  const exporter = await startExampleExporter(historyEnd);
  const prometheus = await startPrometheus(prometheusDir, exampleHistory(historyEnd), {
    scrape: { targets: [exporter.target], interval: '15s' },
  });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  mkdirSync(path.dirname(settingsFile), { recursive: true });
  const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8') || '{}') : {};
  writeFileSync(
    settingsFile,
    JSON.stringify({ ...settings, 'teamSre.prometheus.url': prometheus.url }, null, 2),
  );
  console.log(`▶ Starting code-server (VS Code in the browser) on 127.0.0.1, opening ${where}`);
  const server = await startCodeServer({
    folder: examples,
    userDataDir,
    extensionsDir,
    port: Number(process.env.PORT) || undefined,
  });
  console.log(
    `\n  Open ${server.url}\n  Workspace: ${examples} (a scratch copy of examples/, made anew at each npm start)\n  mistakes.yaml shows the diagnostics; the budget preview of slos/ reads its live budget from the demo\n  Prometheus at ${prometheus.url}, which scrapes new samples every 15 s. Ctrl+C stops both.\n`,
  );
  const stop = async () => {
    server.child.kill();
    await prometheus.stop();
    await exporter.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise((resolve) => server.child.on('exit', resolve));
  await prometheus.stop();
  await exporter.stop();
}
