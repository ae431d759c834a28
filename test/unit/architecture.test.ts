import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { SloFormat } from '../../src/language/formats/format.js';
import { FORMAT_LABELS, FORMATS } from '../../src/language/formats/registry.js';

const ROOT = path.join(__dirname, '..', '..');
const FORMATS_DIR = path.join(ROOT, 'src', 'language', 'formats');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [full] : [];
  });
}

/** A format id (`'sloth/k8s'`) or a family id (`'pyrra'`) as a string literal (markdown in messages aside). */
const FORMAT_OR_FAMILY_ID = /(['"])(openslo|sloth|pyrra)(\/[a-z0-9-]+)?\1/;

test('outside formats/, no source file under src/ or webview/ names a format or family id', () => {
  const found = [...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'webview'))]
    .filter((f) => !f.startsWith(FORMATS_DIR + path.sep))
    .filter((f) => FORMAT_OR_FAMILY_ID.test(readFileSync(f, 'utf8')))
    .map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
  // At most two files may (the registry's shared types, were they outside formats/): today none does.
  assert.deepEqual(found, []);
});

test('every format folder exports format objects, and each one is registered', async () => {
  const folders = readdirSync(FORMATS_DIR).filter((name) =>
    statSync(path.join(FORMATS_DIR, name)).isDirectory(),
  );
  assert.deepEqual(folders.sort(), ['openslo-v1', 'openslo-v1alpha', 'openslo-v2alpha', 'pyrra', 'sloth']);
  const exported: unknown[] = [];
  for (const folder of folders) {
    const module = (await import(path.join(FORMATS_DIR, folder, 'index.ts'))) as Record<string, unknown>;
    const formats = Object.values(module).filter(
      (v) => typeof v === 'object' && v !== null && 'ids' in v && 'normalise' in v,
    );
    assert.equal(formats.length, 1, `${folder}/index.ts exports one format object`);
    exported.push(...formats);
  }
  assert.equal(FORMATS.length, folders.length);
  for (const format of exported) assert.ok(FORMATS.includes(format as SloFormat));
});

test('each registered format has the fields of SloFormat, and every format id one home and label', () => {
  const functions = ['specFor', 'objectName', 'objectKind', 'validate', 'normalise', 'liveSpec'] as const;
  const ids: string[] = [];
  for (const format of FORMATS) {
    assert.ok(format.ids.length > 0);
    for (const id of format.ids) {
      ids.push(id);
      assert.equal(typeof format.labels[id], 'string', `label of ${id}`);
    }
    for (const f of functions) assert.equal(typeof format[f], 'function', `${format.ids[0]}: ${f}`);
    assert.ok(format.outline === 'slos' || format.outline === 'objectives');
    assert.ok(Array.isArray(format.snippets));
    assert.ok(format.apiVersions.length > 0);
    for (const v of format.apiVersions) {
      assert.equal(typeof v.value, 'string');
      assert.equal(typeof v.formatOf, 'function');
      for (const kind of v.kinds) {
        const id = v.formatOf(kind);
        if (id !== undefined) assert.ok(format.ids.includes(id), `${v.value} ${kind} → ${id}`);
      }
    }
  }
  assert.deepEqual([...ids].sort(), Object.keys(FORMAT_LABELS).sort());
  assert.equal(new Set(ids).size, ids.length);
});
