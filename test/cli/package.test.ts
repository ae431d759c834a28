import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

// What `npm run package` puts in the VSIX (vsce applies .vscodeignore, an allow-list).
test('the VSIX holds only the bundles, grammar, schemas, snippets, media and the docs', () => {
  const r = spawnSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'ls', '--no-dependencies'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const files = r.stdout.trim().split('\n').sort();
  assert.deepEqual(files, [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/cli.js',
    'dist/extension.js',
    'dist/server.js',
    'dist/snippets.json',
    'dist/webview-style.css',
    'dist/webview.js',
    'media/icon.png',
    'media/walkthrough/1-mistakes.md',
    'media/walkthrough/2-hover.md',
    'media/walkthrough/3-new.md',
    'media/walkthrough/4-ci.md',
    'package.json',
    'schemas/openslo-v1.completion.schema.json',
    'schemas/openslo-v1.schema.json',
    'syntaxes/promql-injection.tmLanguage.json',
  ]);
});
