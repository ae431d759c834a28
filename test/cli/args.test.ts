// The command line as every command reads it: the forms of an option, and the usage errors at its edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseCommandLine } from '../../src/cli/args.js';
import { PROMETHEUS_OPTIONS } from '../../src/cli/prometheus-options.js';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: EXAMPLES, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SPEC = {
  command: 'demo',
  options: {
    name: { type: 'string' },
    kind: { type: 'string', short: 'k', default: 'a', choices: ['a', 'b'] },
    tag: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    ...PROMETHEUS_OPTIONS,
  },
} as const;

const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

test('values: both forms, short options, repeatable options in order, defaults, positionals after --', () => {
  const parsed = parseCommandLine(
    ['--name', 'x', 'one', '--tag=t1', '-kb', '--tag', 't2', '--json', '--', '--two'],
    SPEC,
  );
  assert.deepEqual(parsed.values, {
    name: 'x',
    kind: 'b',
    tag: ['t1', 't2'],
    json: true,
    prometheus: undefined,
    header: [],
    timeout: '10',
  });
  assert.deepEqual(parsed.positionals, ['one', '--two']);
  assert.deepEqual([...parsed.given], ['name', 'tag', 'kind', 'json']);
  assert.equal(parsed.help, false);
  const none = parseCommandLine([], SPEC);
  assert.deepEqual(
    [none.values.kind, none.values.tag, none.values.json, none.values.name, none.given.size],
    ['a', [], false, undefined, 0],
  );
  // A value may start with one dash (a glob, a negative number); `-` alone is a positional.
  assert.deepEqual(parseCommandLine(['--name', '-x', '-'], SPEC).values.name, '-x');
  assert.deepEqual(parseCommandLine(['--name', '-x', '-'], SPEC).positionals, ['-']);
});

test('--help or -h anywhere is the help, whatever else is on the line', () => {
  assert.equal(parseCommandLine(['--bogus', '--help'], SPEC).help, true);
  assert.equal(parseCommandLine(['--name', 'x', '-h', '--name', 'y'], SPEC).help, true);
  // As the value of an option it is that option's (missing) value.
  assert.equal(
    message(() => parseCommandLine(['--name', '--help'], SPEC)),
    '--name needs a value',
  );
});

test('usage errors at the edges, with their exact message', () => {
  const cases: Array<[string[], string]> = [
    [['--bogus'], "unknown option '--bogus' for demo. Run 'team-sre --help'."],
    [['--bogus=1'], "unknown option '--bogus=1' for demo. Run 'team-sre --help'."],
    [['-jx'], "unknown option '-jx' for demo. Run 'team-sre --help'."],
    [['--constructor'], "unknown option '--constructor' for demo. Run 'team-sre --help'."],
    [['--__proto__=x'], "unknown option '--__proto__=x' for demo. Run 'team-sre --help'."],
    [['--name'], '--name needs a value'],
    [['--name='], '--name needs a value'],
    [['--name', ''], '--name needs a value'],
    [['--name', '--json'], '--name needs a value'],
    [['--kind', 'c'], "--kind must be one of a, b, not 'c'"],
    [['-k'], '--kind needs a value'],
    [['--json=yes'], "--json takes no value, not 'yes'"],
    [['--name', 'x', '--name', 'y', '--name', 'z'], '--name is given 3 times; give it once'],
    [['--json', '--json'], '--json is given 2 times; give it once'],
    [['--timeout', '5', '--timeout=6'], '--timeout is given 2 times; give it once'],
  ];
  for (const [args, expected] of cases)
    assert.equal(
      message(() => parseCommandLine(args, SPEC)),
      expected,
      args.join(' '),
    );
  // The first wrong argument is the one reported.
  assert.equal(
    message(() => parseCommandLine(['--name', 'x', '--bogus', '--name', 'y'], SPEC)),
    "unknown option '--bogus' for demo. Run 'team-sre --help'.",
  );
  assert.equal(
    message(() => parseCommandLine(['--name', 'x', '--name', 'y'], { ...SPEC, repeated: 'more than once' })),
    '--name is given more than once; give it once',
  );
  // Repeatable options may be given any number of times.
  assert.deepEqual(parseCommandLine(['--header', 'A: 1', '--header=B: 2'], SPEC).values.header, [
    'A: 1',
    'B: 2',
  ]);
});

test('every command: an option given twice where it is not repeatable, a missing value, an unknown option', () => {
  const cases: Array<[string[], string]> = [
    [['lint', '--format', 'json', '--format', 'text'], '--format is given 2 times; give it once'],
    [['lint', '--format'], '--format must be one of text, json, sarif, github'],
    [['lint', '--format='], '--format must be one of text, json, sarif, github'],
    [['lint', '-f', 'xml'], "--format must be one of text, json, sarif, github, not 'xml'"],
    [['lint', '--include'], "--include needs a glob, e.g. --include '**/slos/*.yaml'"],
    [['lint', '--exclude', '--format', 'json'], "--exclude needs a glob, e.g. --exclude '**/slos/*.yaml'"],
    [['lint', '--fix=all'], "unknown option '--fix=all' for lint. Run 'team-sre --help'."],
    [
      ['budget', 'slos/checkout-slos.yaml', '--slo', 'a', '--slo', 'b'],
      '--slo is given 2 times; give it once',
    ],
    [['budget', 'slos/checkout-slos.yaml', '--json', '--json'], '--json is given 2 times; give it once'],
    [['budget', 'slos/checkout-slos.yaml', '--json=yes'], "--json takes no value, not 'yes'"],
    [['budget', 'slos/checkout-slos.yaml', '--slo='], '--slo needs a value'],
    [['budget', 'slos/checkout-slos.yaml', '--at'], '--at needs a value'],
    [
      ['budget', 'slos/checkout-slos.yaml', '--bogus'],
      "unknown option '--bogus' for budget. Run 'team-sre --help'.",
    ],
    [['budget', 'a.yaml', 'b.yaml'], "budget takes one FILE, got 'a.yaml' and 'b.yaml'"],
    [
      ['budget', 'slos/checkout-slos.yaml', '--sloth-period', '1M'],
      "--sloth-period must be a duration such as 30d or 28d, not '1M'",
    ],
    [
      [
        'budget',
        'slos/checkout-slos.yaml',
        '--prometheus',
        'http://127.0.0.1:9',
        '--timeout',
        '1',
        '--timeout',
        '2',
      ],
      '--timeout is given 2 times; give it once',
    ],
    [['postmortem', 'new', '--title', 'x', '--dir='], '--dir needs a value'],
    [
      ['postmortem', 'new', '--title', 'x', '--timeout', '0'],
      '--header and --timeout go with --prometheus URL',
    ],
    [['postmortem', 'index', '--all'], "unknown option '--all' for postmortem index. Run 'team-sre --help'."],
    [['report', '--out='], '--out needs a value'],
    [
      ['report', '--prometheus', 'http://127.0.0.1:9', '--prometheus', 'http://127.0.0.1:9'],
      '--prometheus is given more than once; give it once',
    ],
  ];
  for (const [args, expected] of cases) {
    const r = run(args);
    assert.deepEqual([r.code, r.stderr, r.stdout], [2, `team-sre: ${expected}\n`, ''], args.join(' '));
  }
});

test('every command: --help wins over anything else on the line', () => {
  for (const args of [
    ['lint', '--fix', '--help'],
    ['budget', '-h', 'a.yaml', 'b.yaml'],
    ['postmortem', 'new', '--title', 'x', '--title', 'y', '-h'],
    ['postmortem', 'index', '--help', 'a', 'b'],
    ['report', '--bogus', '--help'],
  ]) {
    const r = run(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /^team-sre \d+\.\d+\.\d+: SLO files/, args.join(' '));
    assert.equal(r.stderr, '');
  }
});

test('lint: -f as --format, and paths after --', () => {
  const r = run(['lint', '-f', 'json', '--', 'slos/checkout-slos.yaml']);
  assert.equal(r.stderr, '');
  assert.ok(Array.isArray(JSON.parse(r.stdout)));
});
