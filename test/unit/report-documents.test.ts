import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servicesOfLines } from '../../src/team-report/documents.js';

const TEXT = [
  'version: prometheus/v1', // 0: payments
  'service: payments',
  '---',
  'version: prometheus/v1', // 3: search
  'service: search',
  '--- # a comment',
  'apiVersion: openslo/v1', // 6: a document without SLO
  '...',
  'kind: SLO', // 8: two SLOs of two services
].join('\n');

test('a problem belongs to the service of its own document', () => {
  const slos = [
    { line: 1, service: 'payments' },
    { line: 4, service: 'search' },
    { line: 8, service: 'checkout' },
    { line: 8, service: 'billing' },
  ];
  assert.deepEqual(servicesOfLines(TEXT, slos, [0, 1, 2, 3, 4, 5, 6, 7, 8]), [
    'payments',
    'payments',
    'search', // the `---` line starts the next document
    'search',
    'search',
    null, // a document without SLO, in a file of several services
    null,
    null, // several services in one document
    null,
  ]);
});

test('in a file of one service every problem is that service’s; without SLOs, none', () => {
  assert.deepEqual(servicesOfLines(TEXT, [{ line: 1, service: 'payments' }], [0, 4, 6]), [
    'payments',
    'payments',
    'payments',
  ]);
  assert.deepEqual(servicesOfLines(TEXT, [{ line: 1, service: null }], [4]), [null]);
  assert.deepEqual(servicesOfLines('kind: SLO\n', [], [0]), [null]);
});
