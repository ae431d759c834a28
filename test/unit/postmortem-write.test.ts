import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INDEX_MARKER } from '../../src/postmortem/index.js';
import {
  findPostmortemDir,
  updateIndex,
  writeIndex,
  writeNewPostmortem,
} from '../../src/postmortem/node/write.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-postmortem-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the same title and date twice: -2, then -3; the first file is never touched', async (t) => {
  const dir = path.join(tempDir(t), 'postmortems');
  const first = await writeNewPostmortem(dir, '2026-11-03', 'Checkout down', 'first\n');
  assert.equal(first, path.join(dir, '2026-11-03-checkout-down.md'));
  const second = await writeNewPostmortem(dir, '2026-11-03', 'Checkout down', 'second\n');
  const third = await writeNewPostmortem(dir, '2026-11-03', 'Checkout  DOWN!', 'third\n');
  assert.deepEqual(
    [second, third].map((p) => path.basename(p)),
    ['2026-11-03-checkout-down-2.md', '2026-11-03-checkout-down-3.md'],
  );
  assert.deepEqual(
    readdirSync(dir)
      .sort()
      .map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]),
    [
      ['2026-11-03-checkout-down-2.md', 'second\n'],
      ['2026-11-03-checkout-down-3.md', 'third\n'],
      ['2026-11-03-checkout-down.md', 'first\n'],
    ],
  );
});

test('a name taken after the folder was listed is skipped, not overwritten', async (t) => {
  const dir = tempDir(t);
  // Same name in another case: taken on case-insensitive file systems, so skipped everywhere.
  writeFileSync(path.join(dir, '2026-11-03-Checkout-Down.md'), 'theirs\n');
  const mine = await writeNewPostmortem(dir, '2026-11-03', 'Checkout down', 'mine\n');
  assert.equal(path.basename(mine), '2026-11-03-checkout-down-2.md');
  assert.equal(readFileSync(path.join(dir, '2026-11-03-Checkout-Down.md'), 'utf8'), 'theirs\n');
});

test('hostile titles write inside the folder, and no temporary file is left', async (t) => {
  const root = tempDir(t);
  const dir = path.join(root, 'postmortems');
  const titles = [
    '../../etc/passwd',
    'a/b\\c',
    '<script>alert(1)</script>',
    'CON',
    '',
    'x'.repeat(500),
    '🔥',
    '障害: 決済が5xxを返した',
  ];
  const written = [];
  for (const title of titles) written.push(await writeNewPostmortem(dir, '2026-11-03', title, `${title}\n`));
  for (const p of written) assert.equal(path.dirname(p), dir);
  assert.deepEqual(readdirSync(root), ['postmortems']);
  assert.deepEqual(readdirSync(dir).sort(), [
    '2026-11-03-a-b-c.md',
    '2026-11-03-con-postmortem.md',
    '2026-11-03-etc-passwd.md',
    '2026-11-03-postmortem-2.md',
    '2026-11-03-postmortem.md',
    '2026-11-03-script-alert-1-script.md',
    `2026-11-03-${'x'.repeat(60)}.md`,
    '2026-11-03-障害-決済が5xxを返した.md',
  ]);
  await assert.rejects(writeNewPostmortem(dir, '../2026', 'x', ''), RangeError);
  assert.equal(readdirSync(dir).length, 8);
});

test('the index goes to README.md, replacing only an index it generated', async (t) => {
  const dir = tempDir(t);
  const index = `${INDEX_MARKER}\n\n# Postmortems\n`;
  assert.equal(await writeIndex(dir, index), path.join(dir, 'README.md'));
  assert.equal(await writeIndex(dir, `${index}v2\n`), path.join(dir, 'README.md'));
  assert.equal(readFileSync(path.join(dir, 'README.md'), 'utf8'), `${index}v2\n`);
  assert.deepEqual(readdirSync(dir), ['README.md']);
});

test('a README.md the team wrote is left alone: the index goes to INDEX.md; with both, nothing is written', async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, 'README.md'), '# Our postmortems\n\nHow we run them.\n');
  const index = `${INDEX_MARKER}\n\n# Postmortems\n`;
  assert.equal(await writeIndex(dir, index), path.join(dir, 'INDEX.md'));
  assert.equal(readFileSync(path.join(dir, 'README.md'), 'utf8'), '# Our postmortems\n\nHow we run them.\n');
  assert.equal(readFileSync(path.join(dir, 'INDEX.md'), 'utf8'), index);

  writeFileSync(path.join(dir, 'INDEX.md'), 'ours too\n');
  await assert.rejects(
    writeIndex(dir, index),
    /has a README\.md and an INDEX\.md that Team SRE did not generate/,
  );
  assert.equal(readFileSync(path.join(dir, 'INDEX.md'), 'utf8'), 'ours too\n');
  assert.deepEqual(readdirSync(dir).sort(), ['INDEX.md', 'README.md']);
});

test('updating the index of a folder reads its postmortems, not its README.md', async (t) => {
  const dir = tempDir(t);
  writeFileSync(path.join(dir, '2026-11-03-a.md'), '---\ntitle: A\nstatus: final\n---\n');
  writeFileSync(path.join(dir, '2026-11-04-b.md'), '---\ntitle: B\nstatus: draft\n---\n');
  mkdirSync(path.join(dir, 'templates'));
  assert.equal(await updateIndex(dir), path.join(dir, 'README.md'));
  assert.equal(await updateIndex(dir), path.join(dir, 'README.md'));
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
  assert.match(readme, /^2 postmortems, 0 open action items\.$/m);
  assert.deepEqual(
    readme.split('\n').filter((l) => l.startsWith('| 2026')),
    [
      '| 2026-11-04 | [B](2026-11-04-b.md) |  | draft |  | 0 |',
      '| 2026-11-03 | [A](2026-11-03-a.md) |  | final |  | 0 |',
    ],
  );
});

test('the postmortem folder: the nearest one up from the active file, else at the workspace root', async (t) => {
  const root = tempDir(t);
  mkdirSync(path.join(root, 'services', 'checkout', 'postmortems'), { recursive: true });
  mkdirSync(path.join(root, 'services', 'checkout', 'src', 'api'), { recursive: true });
  mkdirSync(path.join(root, 'services', 'search'), { recursive: true });
  const active = path.join(root, 'services', 'checkout', 'src', 'api', 'handler.ts');
  assert.equal(await findPostmortemDir(active, root), path.join(root, 'services', 'checkout', 'postmortems'));
  assert.equal(
    await findPostmortemDir(path.join(root, 'services', 'checkout', 'postmortems', 'x.md'), root),
    path.join(root, 'services', 'checkout', 'postmortems'),
  );
  assert.equal(
    await findPostmortemDir(path.join(root, 'services', 'search', 'a.ts'), root),
    path.join(root, 'postmortems'),
  );
  assert.equal(await findPostmortemDir(undefined, root), path.join(root, 'postmortems'));
  assert.equal(await findPostmortemDir('/elsewhere/file.ts', root), path.join(root, 'postmortems'));
  mkdirSync(path.join(root, 'docs', 'incidents'), { recursive: true });
  assert.equal(await findPostmortemDir(active, root, 'docs/incidents'), path.join(root, 'docs', 'incidents'));
  await assert.rejects(
    findPostmortemDir(active, root, '../outside'),
    /must be a folder inside the workspace folder/,
  );
  await assert.rejects(
    findPostmortemDir(active, root, '/tmp'),
    /must be a folder inside the workspace folder/,
  );
});
