import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    'dist/web/extension.js',
    'dist/web/server.js',
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

// The VSIX `npm run package` makes, from a copy of the sources (its production build must not replace the
// dist/ the other tests run): both builds in it, the desktop's and the browser's, and under 2 MB.
test('the packaged VSIX holds the desktop and the web builds, and weighs less than 2 MB', () => {
  const copy = mkdtempSync(path.join(tmpdir(), 'team-sre-vsix-'));
  try {
    for (const entry of [
      'src',
      'webview',
      'examples',
      'scripts',
      'syntaxes',
      'media',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      '.vscodeignore',
      'package.json',
      'tsconfig.json',
    ])
      cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    const vsix = path.join(copy, 'team-sre.vsix');
    const r = spawnSync(
      process.execPath,
      [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix],
      { cwd: copy, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const listing = spawnSync('unzip', ['-Z1', vsix], { encoding: 'utf8' });
    assert.equal(listing.status, 0, listing.stderr);
    const files = listing.stdout.trim().split('\n');
    for (const file of ['dist/extension.js', 'dist/server.js', 'dist/web/extension.js', 'dist/web/server.js'])
      assert.ok(files.includes(`extension/${file}`), `${file} is in the VSIX`);
    assert.ok(!files.some((f) => f.endsWith('.map')), 'no source map');
    const size = statSync(vsix).size;
    assert.ok(size < 2 * 1024 * 1024, `the VSIX weighs ${size} bytes`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
