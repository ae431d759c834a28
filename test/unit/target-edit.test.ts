// A new target written as the file writes its own: a percentage or a ratio, in the same quotes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { targetText } from '../../src/language/service.js';

test('a target is rewritten in the style it is written in', () => {
  // Sloth's objective and OpenSLO's targetPercent: a percentage.
  assert.equal(targetText('99.9', 0.999, 0.995), '99.5');
  assert.equal(targetText('99', 0.99, 0.9995), '99.95');
  // OpenSLO's target: a ratio, without binary noise.
  assert.equal(targetText('0.999', 0.999, 0.99), '0.99');
  assert.equal(targetText('0.9', 0.9, 0.7), '0.7');
  // Pyrra's target: a percentage string, quotes kept.
  assert.equal(targetText('"99.9"', 0.999, 0.99), '"99"');
  assert.equal(targetText("'95'", 0.95, 0.975), "'97.5'");
  assert.equal(targetText('not a number', 0.999, 0.99), undefined);
});
