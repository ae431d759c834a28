// The report of `npm test` and `npm run test:e2e` when nobody watches a terminal (CI, a log file): each failure
// in full — its name, file and line, the error with its diff, and for a file that failed outside any test the
// end of what it wrote to stderr — then one summary line. On a terminal, or with TEAM_SRE_TEST_VERBOSE=1, it is
// node:test's own spec report, test by test.
import { Readable } from 'node:stream';
import { spec } from 'node:test/reporters';
import path from 'node:path';
import { inspect } from 'node:util';

const verbose = () => process.stdout.isTTY || /^(1|true|yes)$/i.test(process.env.TEAM_SRE_TEST_VERBOSE ?? '');

/** How many of a failed file's last stderr lines are shown. */
const STDERR_LINES = 60;
const COUNTS = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo', 'duration_ms'];

/**
 * Where the test failed: the test file's own frame in the error's stack (source-mapped, so right for TypeScript run
 * through a loader too), else where the test was declared.
 */
const where = (data, error) => {
  if (!data.file) return 'unknown file';
  const file = path.relative(process.cwd(), data.file);
  const stack = typeof error?.stack === 'string' ? error.stack : '';
  for (const m of stack.matchAll(/(?:file:\/\/)?(\/[^\s():]+):(\d+):(\d+)/g))
    if (m[1] === data.file) return `${file}:${m[2]}:${m[3]}`;
  return `${file}${data.line ? `:${data.line}:${data.column}` : ''}`;
};

const indent = (text, by = '    ') =>
  text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');

export default async function* compactReporter(source) {
  if (verbose()) {
    yield* Readable.from(source).pipe(new spec());
    return;
  }
  const names = new Map(); // file → names of the tests started, by nesting
  const stderr = new Map(); // file → its last stderr lines
  const counts = {};
  let failures = 0;
  for await (const { type, data } of source) {
    if (type === 'test:start') {
      const stack = names.get(data.file) ?? [];
      stack.length = data.nesting;
      stack.push(data.name);
      names.set(data.file, stack);
    } else if (type === 'test:stderr') {
      const lines = stderr.get(data.file) ?? [];
      lines.push(...data.message.replace(/\n$/, '').split('\n'));
      stderr.set(data.file, lines.slice(-STDERR_LINES));
    } else if (type === 'test:fail') {
      const error = data.details?.error;
      // A parent failing because a subtest failed says nothing the subtest's own failure did not.
      if (error?.failureType === 'subtestsFailed') continue;
      failures++;
      const title =
        data.name === data.file
          ? `${path.relative(process.cwd(), data.file)} (the file failed outside its tests)`
          : [...(names.get(data.file) ?? []).slice(0, data.nesting), data.name].join(' › ');
      const cause = error?.cause ?? error;
      let text = `✖ ${title}\n  ${where(data, cause)}\n`;
      if (cause !== undefined && !(data.name === data.file && cause === 'test failed'))
        text +=
          indent(typeof cause === 'string' ? cause : inspect(cause, { depth: 6, colors: false })) + '\n';
      if (data.name === data.file && stderr.get(data.file)?.length)
        text += `  stderr (last lines):\n${indent(stderr.get(data.file).join('\n'))}\n`;
      yield `${text}\n`;
    } else if (type === 'test:diagnostic' && data.nesting === 0) {
      const [key, value] = data.message.split(' ');
      if (COUNTS.includes(key) && Number.isFinite(Number(value))) counts[key] = Number(value);
    }
  }
  const n = (key) => counts[key] ?? 0;
  const seconds = (n('duration_ms') / 1000).toFixed(1);
  const parts = [`${n('pass')} passed`, `${n('fail')} failed`, `${n('skipped')} skipped`];
  if (n('cancelled')) parts.push(`${n('cancelled')} cancelled`);
  if (n('todo')) parts.push(`${n('todo')} todo`);
  yield (
    `${n('fail') || failures ? '✖' : '✔'} ${n('tests')} tests: ${parts.join(', ')} in ${seconds} s` +
    ` (TEAM_SRE_TEST_VERBOSE=1 lists every test)\n`
  );
}
