// The baseline of `team-sre lint`: the same file walk, each file read and parsed with `yaml`'s
// parseAllDocuments, nothing else. Bundled like dist/cli.js (by bench/lint-vs-parse.ts) so both pay the
// same start-up.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { expandPaths } from '../src/fs/walk.js';
import { DEFAULT_SELECTION } from '../src/language/workspace/files.js';

const files = expandPaths(process.argv.slice(2), DEFAULT_SELECTION);
let documents = 0;
for (const file of files) {
  let text = readFileSync(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = parseAllDocuments(text);
  documents += Array.isArray(parsed) ? parsed.length : 1;
}
process.stdout.write(`${JSON.stringify({ files: files.length, documents })}\n`);
