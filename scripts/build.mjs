// Bundles the extension host, the language server, the CLI and their web builds (dist/web/) with esbuild, and generates
// schemas/openslo-v1*.schema.json from the OpenSLO v1 field model (scripts/gen-schema.ts) and dist/snippets.json.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: production ? 'none' : 'linked',
  // The extension bundles the example with mistakes, for the walkthrough.
  loader: { '.yaml': 'text' },
};

/** Runs the generators of the schemas and the editor snippets; true when they succeeded. */
function generateSchema() {
  return ['scripts/gen-schema.ts', 'scripts/gen-snippets.ts'].every(
    (script) => spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' }).status === 0,
  );
}

/** In watch mode, the schema follows the server's sources (the field model lives there). */
const schemaPlugin = {
  name: 'openslo-schema',
  setup(build) {
    build.onEnd((result) => {
      if (!result.errors.length) generateSchema();
    });
  },
};

const builds = [
  { entryPoints: { extension: 'src/extension/main.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'src/server/main.ts' }, ...(watch ? { plugins: [schemaPlugin] } : {}) },
  { entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
];

const webview = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: production ? 'none' : 'linked',
  entryPoints: { webview: 'webview/main.ts', 'webview-style': 'webview/style.css' },
};

/**
 * The web extension (github.dev, vscode.dev): the extension for VS Code's web worker extension host and the
 * language server as a web worker. No Node built-in may reach them: esbuild fails on one (platform browser).
 */
const web = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: production ? 'none' : 'linked',
  loader: { '.yaml': 'text' },
  outdir: 'dist/web',
};
const webBuilds = [
  // The web extension host loads the extension as a CommonJS module, as the desktop host does.
  { ...web, format: 'cjs', entryPoints: { extension: 'src/extension/web.ts' }, external: ['vscode'] },
  { ...web, format: 'iife', entryPoints: { server: 'src/server/browser/main.ts' } },
];

const contexts = await Promise.all([
  ...builds.map((b) => esbuild.context({ ...common, ...b, outdir: 'dist' })),
  esbuild.context({ ...webview, outdir: 'dist' }),
  ...webBuilds.map((b) => esbuild.context(b)),
]);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (!generateSchema()) process.exit(1);
}
