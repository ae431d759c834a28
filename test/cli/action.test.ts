// The GitHub Action (action.yml) and the pre-commit hooks (.pre-commit-hooks.yaml), run as far as they can be
// here: their YAML parses, and every command they run is run on a copy of examples/ with the built CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

interface Step {
  name?: string;
  if?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default: string; required: boolean; description: string }>;
  runs: { using: string; steps: Step[] };
}
interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
  args?: string[];
  additional_dependencies?: string[];
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

function recipe(marker: string): string {
  const m = new RegExp(`<!-- ci:${marker} -->\\s*\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(README);
  assert.ok(m, `the README has the ${marker} recipe`);
  return m[1]!;
}

/** `${{ inputs.x }}` replaced by the input's value, as the runner does. */
function expand(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => {
    assert.ok(name in inputs, `input ${name} is declared`);
    return inputs[name]!;
  });
}

/**
 * The step conditions action.yml uses: `inputs.x == 'v'`, `inputs.x != 'v'` and `!cancelled()`, joined by `&&`.
 * After a failed step, only a step whose condition has `!cancelled()` runs (the others have an implicit success()).
 */
function enabled(step: Step, inputs: Record<string, string>, failed: boolean): boolean {
  const condition = (step.if ?? '').replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, '$1');
  const terms = condition ? condition.split('&&').map((t) => t.trim()) : [];
  if (failed && !terms.includes('!cancelled()')) return false;
  return terms.every((t) => {
    if (t === '!cancelled()') return true;
    const m = /^inputs\.([\w-]+) (==|!=) '([^']*)'$/.exec(t);
    assert.ok(m, `a condition this test reads: ${t}`);
    assert.ok(m[1]! in inputs, `input ${m[1]} is declared`);
    return (inputs[m[1]!] === m[3]) === (m[2] === '==');
  });
}

/** Runs the action's steps as the runner would, the published CLI swapped for the built one; each run's exit code. */
function runAction(with_: Record<string, string>, cwd: string): Array<[string, number | 'uses']> {
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, with_[name] ?? input.default]),
  );
  for (const name of Object.keys(with_)) assert.ok(name in action.inputs, `input ${name} is declared`);
  const results: Array<[string, number | 'uses']> = [];
  let failed = false;
  for (const step of action.runs.steps) {
    if (!enabled(step, inputs, failed)) continue;
    if (step.uses) {
      results.push([step.uses, 'uses']);
      continue;
    }
    assert.equal(step.shell, 'bash');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, inputs)]));
    const published = 'npx --yes "team-sre@$TEAM_SRE_VERSION"';
    assert.ok(step.run!.includes(published), `${step.name} runs the published CLI`);
    const local = step.run!.replaceAll(published, `node ${JSON.stringify(CLI)}`);
    // The runner's bash: `bash --noprofile --norc -eo pipefail {0}`.
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', local], {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    results.push([step.name!, r.status ?? -1]);
    failed ||= r.status !== 0;
  }
  return results;
}

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-action-'));
  cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
  return dir;
}

/** A repository whose SLO files are Sloth's, under slos/, with their rules (and tests) generated into slos/_gen. */
function slothRepository(tests: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-action-'));
  cpSync(path.join(ROOT, 'examples', 'sloth'), path.join(dir, 'slos'), { recursive: true });
  const r = spawnSync(
    process.execPath,
    [CLI, 'rules', '--out', 'slos/_gen', ...(tests ? ['--tests', 'slos/_gen/tests'] : []), 'slos/'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

const sarif = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };

function yamlFiles(dir: string, pattern: RegExp): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => pattern.test(f))
    .sort();
}

test('action.yml: a composite action whose inputs default to the whole repository, SARIF on, this version', () => {
  assert.equal(action.runs.using, 'composite');
  assert.deepEqual(Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default])), {
    paths: '.',
    sarif: 'true',
    'rules-check': '',
    version: VERSION,
  });
  const upload = action.runs.steps.find((s) => s.uses)!;
  assert.equal(upload.uses, 'github/codeql-action/upload-sarif@v3');
  assert.equal(upload.with!.sarif_file, 'team-sre.sarif');
  assert.equal(upload.if, action.runs.steps[0]!.if);
});

test('action.yml with its defaults: the SARIF is written and uploaded, then lint fails the job on errors', () => {
  const dir = workspace();
  try {
    assert.deepEqual(runAction({}, dir), [
      ['SARIF for code scanning', 0],
      ['github/codeql-action/upload-sarif@v3', 'uses'],
      ['Check SLO files and postmortems', 1],
    ]);
    const report = sarif(path.join(dir, 'team-sre.sarif'));
    assert.equal(report.version, '2.1.0');
    assert.equal(report.runs[0]!.results.length, 16);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('action.yml: several paths, no SARIF; a usage error stops the action; the rules check follows a failed lint', () => {
  const dir = workspace();
  try {
    assert.deepEqual(runAction({ paths: 'slos sloth  pyrra', sarif: 'false' }, dir), [
      ['Check SLO files and postmortems', 0],
    ]);
    assert.deepEqual(runAction({ paths: 'missing/' }, dir), [['SARIF for code scanning', 1]]);
    // The rules check runs after a failed lint, so one run reports both.
    assert.deepEqual(runAction({ sarif: 'false', 'rules-check': 'rules/' }, dir), [
      ['Check SLO files and postmortems', 1],
      ['Generated rules are up to date', 1],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the README's action recipe: fresh rules pass, an SLO changed alone fails the rules check", () => {
  const workflow = parse(recipe('action')) as {
    jobs: { slos: { permissions: Record<string, string>; steps: Step[] } };
  };
  const { permissions, steps } = workflow.jobs.slos;
  assert.equal(permissions['security-events'], 'write');
  const step = steps.find((s) => s.uses === './')!;
  const dir = slothRepository(false);
  try {
    assert.deepEqual(runAction(step.with!, dir), [
      ['SARIF for code scanning', 0],
      ['github/codeql-action/upload-sarif@v3', 'uses'],
      ['Check SLO files and postmortems', 0],
      ['Generated rules are up to date', 0],
    ]);
    assert.equal(sarif(path.join(dir, 'team-sre.sarif')).version, '2.1.0');
    const slo = path.join(dir, 'slos', 'payments-api.yaml');
    writeFileSync(slo, readFileSync(slo, 'utf8').replace('objective: 99.95', 'objective: 99.9'));
    assert.deepEqual(runAction(step.with!, dir).at(-1), ['Generated rules are up to date', 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs a hook as pre-commit does: its entry, its args, then the matching files unless pass_filenames is false. */
function runHook(hook: Hook, files: string[], cwd: string): number {
  assert.ok(hook.entry.startsWith('team-sre '), hook.entry);
  const argv = [...hook.entry.split(' ').slice(1), ...(hook.args ?? [])];
  if (hook.pass_filenames !== false) argv.push(...files.filter((f) => new RegExp(hook.files).test(f)));
  return spawnSync(process.execPath, [CLI, ...argv], { cwd, encoding: 'utf8' }).status ?? -1;
}

test('.pre-commit-hooks.yaml: lint on the YAML files of a commit, rules --check with the given args', () => {
  assert.deepEqual(
    hooks.map((h) => [h.id, h.entry, h.language]),
    [
      ['team-sre-lint', 'team-sre lint', 'node'],
      ['team-sre-rules-check', 'team-sre rules --check', 'node'],
    ],
  );
  const [lint, rules] = hooks as [Hook, Hook];
  const dir = workspace();
  try {
    const all = yamlFiles(dir, /./);
    assert.ok(all.includes('postmortems/2026-11-03-checkout-5xx-after-deploy.md'));
    assert.ok(!yamlFiles(dir, new RegExp(lint.files)).some((f) => f.endsWith('.md')));
    assert.equal(runHook(lint, all, dir), 1);
    assert.equal(
      runHook(
        lint,
        all.filter((f) => f.startsWith('slos/')),
        dir,
      ),
      0,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const repo = slothRepository(true);
  try {
    assert.equal(
      runHook({ ...rules, args: ['slos/_gen', '--tests', 'slos/_gen/tests', 'slos/'] }, [], repo),
      0,
    );
    // Without args the check has nothing to compare: a usage error, not a pass.
    assert.equal(runHook(rules, [], repo), 2);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test("the README's pre-commit recipe: the hooks of .pre-commit-hooks.yaml with the npm package, and they run", () => {
  const config = parse(recipe('pre-commit')) as { repos: Array<{ repo: string; hooks: Hook[] }> };
  const local = config.repos.find((r) => r.repo === 'local')!;
  for (const hook of local.hooks) {
    const declared = hooks.find((h) => h.id === hook.id)!;
    assert.deepEqual(
      [hook.entry, hook.language, hook.files, hook.pass_filenames],
      [declared.entry, declared.language, declared.files, declared.pass_filenames],
    );
    assert.deepEqual(hook.additional_dependencies, [`team-sre@${VERSION}`]);
  }
  const repo = slothRepository(true);
  try {
    const files = yamlFiles(repo, /./);
    assert.deepEqual(
      local.hooks.map((h) => runHook(h, files, repo)),
      [0, 0],
    );
    const slo = path.join(repo, 'slos', 'payments-api.yaml');
    writeFileSync(slo, readFileSync(slo, 'utf8').replace('objective: 99.95', 'objective: 99.9'));
    assert.deepEqual(
      local.hooks.map((h) => runHook(h, files, repo)),
      [0, 1],
    );
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});
