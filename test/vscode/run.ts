// `npm run test:vscode`: the integration suite inside a real VS Code desktop, through @vscode/test-electron.
// Uses VSCODE_EXECUTABLE_PATH when set, otherwise downloads the pinned VS Code (needs network).
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const workspace = path.join(mkdtempSync(path.join(tmpdir(), 'team-sre-vscode-')), 'examples');
  cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  const executable = process.env.VSCODE_EXECUTABLE_PATH;
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'vscode-tests', 'suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    ...(executable ? { vscodeExecutablePath: executable } : { version: '1.91.0' }),
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
