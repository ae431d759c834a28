// Sums a V8 `.cpuprofile`'s self time per function and per file and prints the top entries:
// `node --import tsx bench/cpuprofile-top.ts <file.cpuprofile> [count]`.
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, count = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-top.ts <file.cpuprofile> [count]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const perFunction = new Map<string, number>();
/** Time of the samples with the function anywhere on their stack, counted once per sample. */
const inclusive = new Map<string, number>();
const perFile = new Map<string, number>();
let total = 0;
function name(id: number): string {
  const frame = byId.get(id)!.callFrame;
  const where = frame.url ? path.basename(frame.url) : '(native)';
  return `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
}
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  const frame = byId.get(id)!.callFrame;
  const where = frame.url ? path.basename(frame.url) : '(native)';
  const fn = name(id);
  perFunction.set(fn, (perFunction.get(fn) ?? 0) + us);
  perFile.set(where, (perFile.get(where) ?? 0) + us);
  total += us;
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) seen.add(name(n));
  for (const f of seen) inclusive.set(f, (inclusive.get(f) ?? 0) + us);
});
const top = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(count))
    .map(
      ([k, us]) =>
        `${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`,
    );
console.log(
  `total ${(total / 1000).toFixed(0)} ms\n\nself time per function:\n${top(perFunction).join('\n')}`,
);
console.log(`\ntotal time per function (self and callees):\n${top(inclusive).join('\n')}`);
console.log(`\nself time per file:\n${top(perFile).slice(0, 10).join('\n')}`);
