// How the browser's server spells the files of a github.dev workspace: one path per file whatever the
// encoding of its URI, paths relative to the workspace folder, and what is outside it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserPaths as p } from '../../src/server/browser/environment.js';

const FOLDER = 'vscode-vfs://github/acme/slos';

test('a URI and its path: the path decoded, the URI written back as VS Code writes it', () => {
  const path = p.uriToPath('vscode-vfs://github/acme/slos/team%20a/checkout%28v2%29.yaml');
  assert.equal(path, 'vscode-vfs://github/acme/slos/team a/checkout(v2).yaml');
  assert.equal(p.uriToPath('vscode-vfs://github/acme/slos/team a/checkout(v2).yaml'), path);
  assert.equal(p.pathToUri(path!), 'vscode-vfs://github/acme/slos/team%20a/checkout%28v2%29.yaml');
  assert.equal(p.uriToPath('untitled:Untitled-1'), undefined);
  assert.equal(p.basename(path!), 'checkout(v2).yaml');
});

test('relative to the workspace folder: inside with /, outside with .. first, the folder itself empty', () => {
  assert.equal(p.relative(FOLDER, `${FOLDER}/slos/a.yaml`), 'slos/a.yaml');
  assert.equal(p.relative(`${FOLDER}/`, `${FOLDER}/a.yaml`), 'a.yaml');
  assert.equal(p.relative(FOLDER, FOLDER), '');
  assert.match(p.relative(FOLDER, 'vscode-vfs://github/acme/slos-other/a.yaml'), /^\.\.\//);
  assert.match(p.relative(FOLDER, 'file:///acme/slos/a.yaml'), /^\.\.\//);
  assert.equal(p.isAbsolute('slos/a.yaml'), false);
  assert.equal(p.isAbsolute(FOLDER), true);
});

test('join: a generated-rules file below the folder', () => {
  assert.equal(p.join(FOLDER, 'slos', '_gen', 'a.yaml'), `${FOLDER}/slos/_gen/a.yaml`);
  assert.equal(p.join(`${FOLDER}/`, './rules/a.yaml'), `${FOLDER}/rules/a.yaml`);
});
