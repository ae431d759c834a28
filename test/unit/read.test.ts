import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeBytes, HEAD_BYTES, readBounded } from '../../src/fs/read.js';
import { findPostmortemDir, realPathOutside } from '../../src/postmortem/node/write.js';
import { readTemplateFiles } from '../../src/postmortem/node/template-files.js';

let dir: string;
before(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'team-sre-read-')));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a regular file within the limit: its text, without a byte-order mark; one byte over: its size and head', () => {
  const file = path.join(dir, 'ten.yaml');
  writeFileSync(file, '\uFEFFkind: SLO\n');
  assert.deepEqual(readBounded(file, 13), { kind: 'text', text: 'kind: SLO\n' });
  assert.deepEqual(readBounded(file, 12), { kind: 'too-large', size: 13, head: 'kind: SLO\n' });
  writeFileSync(file, '');
  assert.deepEqual(readBounded(file, 0), { kind: 'text', text: '' });
});

test('a 3 GB sparse file: its size from fstat and only its first 64 KB read', () => {
  const file = path.join(dir, 'big.yaml');
  writeFileSync(file, 'apiVersion: openslo/v1\n');
  execFileSync('truncate', ['-s', '3G', file]);
  const read = readBounded(file, 2 * 1024 * 1024);
  assert.equal(read.kind, 'too-large');
  if (read.kind !== 'too-large') return;
  assert.equal(read.size, 3 * 1024 ** 3);
  assert.equal(read.head.length, HEAD_BYTES);
  assert.ok(read.head.startsWith('apiVersion: openslo/v1\n\0'));
  assert.equal(describeBytes(read.size), '3.0 GB');
});

test('a FIFO, a link to /dev/zero, a folder: what they are, never read (a FIFO would block)', () => {
  execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
  symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
  mkdirSync(path.join(dir, 'folder.yaml'));
  assert.deepEqual(readBounded(path.join(dir, 'pipe.yaml'), 100), {
    kind: 'not-a-file',
    what: 'a named pipe (FIFO)',
  });
  assert.deepEqual(readBounded(path.join(dir, 'zero.yaml'), 100), {
    kind: 'not-a-file',
    what: 'a character device',
  });
  assert.deepEqual(readBounded(path.join(dir, 'folder.yaml'), 100), { kind: 'not-a-file', what: 'a folder' });
  assert.deepEqual(readBounded(path.join(dir, 'missing.yaml'), 100), { kind: 'error', code: 'ENOENT' });
  // A link to a regular file is read: links are resolved, not refused.
  writeFileSync(path.join(dir, 'target.yaml'), 'kind: SLO\n');
  symlinkSync('target.yaml', path.join(dir, 'link.yaml'));
  assert.deepEqual(readBounded(path.join(dir, 'link.yaml'), 100), { kind: 'text', text: 'kind: SLO\n' });
});

test('folders a symbolic link takes outside the workspace folder are refused', async () => {
  const ws = path.join(dir, 'ws');
  const outside = path.join(dir, 'outside');
  mkdirSync(path.join(outside, 'deep'), { recursive: true });
  mkdirSync(path.join(ws, 'inside'), { recursive: true });
  symlinkSync(outside, path.join(ws, 'postmortems'));
  symlinkSync(path.join(ws, 'inside'), path.join(ws, 'also-inside'));
  assert.equal(await realPathOutside(path.join(ws, 'postmortems'), ws), outside);
  // Below a link, and not created yet: the nearest existing folder decides.
  assert.equal(
    await realPathOutside(path.join(ws, 'postmortems', 'new', 'x'), ws),
    path.join(outside, 'new', 'x'),
  );
  assert.equal(await realPathOutside(path.join(ws, 'also-inside'), ws), undefined);
  assert.equal(await realPathOutside(path.join(ws, 'not-yet'), ws), undefined);
  await assert.rejects(
    findPostmortemDir(undefined, ws),
    new Error(
      `The folder "postmortems" leads outside the workspace folder, to ${outside}, through a symbolic link: Team SRE reads and writes postmortems and templates only inside it.`,
    ),
  );
  mkdirSync(path.join(ws, '.team-sre'));
  symlinkSync(outside, path.join(ws, '.team-sre', 'templates'));
  writeFileSync(path.join(outside, 'ours.md'), '# {{title}}\n');
  assert.deepEqual(await readTemplateFiles(ws, 1000), {
    files: [],
    problems: [
      `'.team-sre/templates' leads outside the workspace folder, to ${outside}, through a symbolic link: its templates are not read`,
    ],
  });
});

test('templates: regular files within the limit are read, the others said', async () => {
  const ws = path.join(dir, 'templates-ws');
  const templates = path.join(ws, '.team-sre', 'templates');
  mkdirSync(templates, { recursive: true });
  writeFileSync(path.join(templates, 'a.md'), '# {{title}}\n');
  writeFileSync(path.join(templates, 'b.md'), `# {{title}}\n${'x'.repeat(2000)}\n`);
  execFileSync('mkfifo', [path.join(templates, 'c.md')]);
  assert.deepEqual(await readTemplateFiles(ws, 1000), {
    files: [{ path: '.team-sre/templates/a.md', text: '# {{title}}\n' }],
    problems: [
      "'.team-sre/templates/b.md' has 2.0 KB, above the 1000 bytes limit of the files read: it is not read",
    ],
  });
});
