// Bundles the VS Code integration suite (test/vscode) for the extension host: out/vscode-tests/.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: { suite: 'test/vscode/suite/index.ts', run: 'test/vscode/run.ts' },
  outdir: 'out/vscode-tests',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', '@vscode/test-electron'],
  logLevel: 'info',
});
