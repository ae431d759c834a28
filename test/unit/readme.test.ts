import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { withCatalogue } from '../../scripts/render-codes.js';
import { ALL_CODES } from '../../src/language/diagnostics/codes.js';

const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

test('the README holds the current diagnostic code catalogue (run `npm run docs`)', () => {
  assert.equal(readme, withCatalogue(readme));
  for (const code of ALL_CODES.keys())
    assert.ok(readme.includes(`<a id="${code.toLowerCase()}"></a>${code}`), code);
});
