// `npm start`: builds, packages the extension, and opens the example workspace (examples/) in VS Code with it
// installed: the desktop `code` command when there is one, otherwise code-server on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  CACHE,
  ROOT,
  desktopCode,
  installIntoCodeServer,
  packageExtension,
  startCodeServer,
} from './editor.mjs';

const examples = path.join(ROOT, 'examples');
const vsix = packageExtension();
const code = desktopCode();

if (code) {
  console.log(`▶ Installing ${path.basename(vsix)} into VS Code and opening examples/`);
  spawnSync(code, ['--install-extension', vsix, '--force'], { stdio: 'inherit' });
  spawnSync(code, [examples], { stdio: 'inherit' });
} else {
  const extensionsDir = path.join(CACHE, 'start', 'extensions');
  const userDataDir = path.join(CACHE, 'start', 'user-data');
  mkdirSync(extensionsDir, { recursive: true });
  installIntoCodeServer(vsix, extensionsDir);
  console.log('▶ Starting code-server (VS Code in the browser) on 127.0.0.1');
  const server = await startCodeServer({
    folder: examples,
    userDataDir,
    extensionsDir,
    port: Number(process.env.PORT) || undefined,
  });
  console.log(
    `\n  Open ${server.url}\n  examples/mistakes.yaml shows the diagnostics; Ctrl+C stops the editor.\n`,
  );
  const stop = () => {
    server.child.kill();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise((resolve) => server.child.on('exit', resolve));
}
