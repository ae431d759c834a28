// Renders the diagnostic code catalogue into README.md between its markers (`npm run docs`).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_CODES } from '../src/language/diagnostics/codes.js';

export const START = '<!-- codes:start -->';
export const END = '<!-- codes:end -->';

const GROUPS: Array<[string, string]> = [
  ['SLO0', 'YAML and shape (every format)'],
  ['SLO1', 'OpenSLO'],
  ['SLO2', 'OpenSLO v1alpha'],
  ['SLO3', 'Sloth'],
  ['SLO4', 'Pyrra'],
  ['SLO5', 'PromQL'],
  ['SLO6', 'Lints: likely mistakes the upstream tools accept'],
  ['SLO7', 'Across files'],
  ['SLO8', 'Postmortems (front matter of the Markdown files in postmortem folders)'],
];

const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
const inline = (s: string) => html(s).replace(/`([^`]+)`/g, '<code>$1</code>');

export function renderCatalogue(): string {
  const out: string[] = [START, ''];
  for (const [prefix, title] of GROUPS) {
    const codes = [...ALL_CODES.values()].filter((c) => c.code.startsWith(prefix));
    if (!codes.length) continue;
    out.push(`#### ${title}`, '', '| Code | Severity | Rule | Smallest example |', '|---|---|---|---|');
    for (const c of codes) {
      out.push(
        `| <a id="${c.code.toLowerCase()}"></a>${c.code} | ${c.severity} | **${inline(c.title)}**. ${inline(c.explanation)} | <code>${html(c.example).replace(/\n/g, '<br>').replace(/ {2}/g, '&nbsp;&nbsp;')}</code> |`,
      );
    }
    out.push('');
  }
  out.push(END);
  return out.join('\n');
}

export function withCatalogue(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error('README.md lacks the code catalogue markers');
  return readme.slice(0, start) + renderCatalogue() + readme.slice(end + END.length);
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'README.md');
  writeFileSync(file, withCatalogue(readFileSync(file, 'utf8')));
  console.log(`README.md: ${ALL_CODES.size} diagnostic codes rendered`);
}
