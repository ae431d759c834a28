import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToPreview, type ToPreview } from '../../src/protocol/preview.js';

test('the preview accepts only the updates the extension sends', () => {
  const update: ToPreview = { type: 'update', file: 'slos/checkout.yaml', reports: [], selected: 0 };
  assert.equal(parseToPreview(update), update);
  const broken = { ...update, error: 'Line 3: the YAML does not parse' };
  assert.equal(parseToPreview(broken), broken);
  for (const bad of [
    null,
    'update',
    { type: 'update' },
    { type: 'update', reports: 'none' },
    { type: 'ready' },
    { type: 'run', command: 'rm -rf' },
  ]) {
    assert.equal(parseToPreview(bad), undefined);
  }
});
