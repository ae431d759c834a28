// ARCHITECTURE.md and CONTRIBUTING.md stay accurate: every path they name exists, every symbol they name is
// declared, and every script they run is in package.json.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const DOCS = ['ARCHITECTURE.md', 'CONTRIBUTING.md'];

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((entry) => {
    const rel = path.join(dir, entry);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sources(rel);
    return /\.(ts|mjs)$/.test(entry) ? [rel] : [];
  });
}

const code = [...sources('src'), ...sources('webview'), ...sources('test'), ...sources('scripts')]
  .map((f) => readFileSync(path.join(ROOT, f), 'utf8'))
  .join('\n');
const scripts = Object.keys(
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
);

for (const doc of DOCS) {
  describe(doc, () => {
    const text = readFileSync(path.join(ROOT, doc), 'utf8');
    const spans = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

    it('names only paths that exist', () => {
      const paths = spans
        .filter((s) => /^(src|test|webview|scripts|docs|bench|\.vscode|\.ci)\/[\w./<>-]*$/.test(s))
        .filter((s) => !s.includes('<'));
      assert.ok(paths.length > 10, 'the document names the places it describes');
      assert.deepEqual(
        paths.filter((p) => !existsSync(path.join(ROOT, p))),
        [],
      );
    });

    it('names only functions, types and constants that are declared', () => {
      const symbols = spans
        .map((s) => /^([A-Za-z_][\w]*)(\(.*\))?$/.exec(s))
        .filter(
          (m): m is RegExpExecArray => m !== null && (m[2] !== undefined || /[a-z][A-Z]|^[A-Z]/.test(m[1]!)),
        )
        .map((m) => m[1]!)
        .filter(
          (s) => !/^(SLO\w*|RequestType|NotificationType|RequestCancelled|ServerNotInitialized)$/.test(s),
        );
      const declared = (name: string) =>
        new RegExp(
          `(function|class|interface|type|const|let|readonly)\\s+${name}\\b|\\b${name}\\s*[(:=]`,
        ).test(code);
      assert.deepEqual(
        [...new Set(symbols)].filter((s) => !declared(s)),
        [],
      );
    });

    it('runs only npm scripts that exist', () => {
      const used = [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
      assert.deepEqual(
        used.filter((s) => !scripts.includes(s)),
        [],
      );
    });
  });
}
