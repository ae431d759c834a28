// The CI recipes of the README, run as far as they can be here: their YAML parses, and every command that
// calls team-sre runs on a copy of examples/ with the exit codes and files the pipeline relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..', '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const CLI = `node ${JSON.stringify(path.join(ROOT, 'dist', 'cli.js'))}`;

function recipe(marker: string): string {
  const m = new RegExp(`<!-- ci:${marker} -->\\s*\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(README);
  assert.ok(m, `the README has the ${marker} recipe`);
  return m[1]!;
}

/** Runs one pipeline command with bash -e, as both CI systems do, the published CLI swapped for the built one. */
function run(command: string, cwd: string): number {
  const local = command.replaceAll('npx --yes team-sre@0.1.0', CLI);
  assert.notEqual(local, command, `${command} calls team-sre`);
  const r = spawnSync('bash', ['-e', '-c', local], { cwd, encoding: 'utf8' });
  return r.status ?? -1;
}

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-ci-'));
  cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
  return dir;
}

const sarif = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };

test('GitHub Actions: lint fails the job on errors, SARIF and the report are still produced', () => {
  const workflow = parse(recipe('github')) as {
    jobs: {
      slos: {
        permissions: Record<string, string>;
        steps: Array<{ run?: string; uses?: string; if?: string; with?: Record<string, string> }>;
      };
    };
  };
  const steps = workflow.jobs.slos.steps;
  assert.equal(workflow.jobs.slos.permissions['security-events'], 'write');
  assert.deepEqual(
    steps.filter((s) => s.uses).map((s) => s.uses),
    [
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'github/codeql-action/upload-sarif@v3',
      'actions/upload-artifact@v4',
    ],
  );
  const dir = workspace();
  try {
    const commands = steps.filter((s) => s.run?.includes('team-sre')).map((s) => s.run!);
    assert.equal(commands.length, 3);
    // examples/mistakes.yaml has errors: the check fails the job; the next steps run (if: always()) and succeed.
    assert.deepEqual(
      commands.map((c) => run(c, dir)),
      [1, 0, 0],
    );
    assert.equal(sarif(path.join(dir, 'team-sre.sarif')).version, '2.1.0');
    assert.ok(sarif(path.join(dir, 'team-sre.sarif')).runs[0]!.results.length >= 16);
    assert.equal(
      steps.find((s) => s.uses?.startsWith('github/codeql-action'))!.with!.sarif_file,
      'team-sre.sarif',
    );
    assert.match(readFileSync(path.join(dir, 'slo-report.html'), 'utf8'), /^<!DOCTYPE html>/i);
    assert.equal(
      steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!.with!.path,
      'slo-report.html',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('GitLab CI: the artifacts exist after the script, and the last lint fails the job on errors', () => {
  const pipeline = parse(recipe('gitlab')) as {
    slos: { image: string; script: string[]; artifacts: { when: string; paths: string[] } };
  };
  assert.equal(pipeline.slos.image, 'node:20');
  const dir = workspace();
  try {
    assert.deepEqual(
      pipeline.slos.script.map((c) => run(c, dir)),
      [0, 0, 0, 1],
    );
    for (const file of pipeline.slos.artifacts.paths) assert.ok(existsSync(path.join(dir, file)), file);
    assert.equal(pipeline.slos.artifacts.when, 'always');
    const report = JSON.parse(readFileSync(path.join(dir, 'slo-report.json'), 'utf8')) as object;
    assert.equal(typeof report, 'object');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // A usage error is not taken for "errors found".
  const clean = mkdtempSync(path.join(tmpdir(), 'team-sre-ci-'));
  try {
    assert.equal(
      run('npx --yes team-sre@0.1.0 lint --format sarif missing/ > out.sarif || test $? -eq 1', clean),
      1,
    );
  } finally {
    rmSync(clean, { recursive: true, force: true });
  }
});

test('GitHub Actions, generated rules: fresh rules pass, promtool passes, an SLO changed alone fails', () => {
  const workflow = parse(recipe('rules')) as {
    jobs: { rules: { steps: Array<{ run?: string; uses?: string }> } };
  };
  const steps = workflow.jobs.rules.steps;
  const [guard, ...others] = steps.filter((s) => s.run?.includes('team-sre')).map((s) => s.run!);
  assert.equal(others.length, 0);
  const promtool = steps.find((s) => s.run?.includes('promtool'))!.run!;
  // A repository whose SLO files are Sloth's, under slos/ as the recipe expects.
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-ci-'));
  cpSync(path.join(ROOT, 'examples', 'sloth'), path.join(dir, 'slos'), { recursive: true });
  try {
    // What the README says to run and commit once.
    const generate = guard!.replace('--check', '--out');
    assert.equal(run(generate, dir), 0);
    assert.equal(run(guard!, dir), 0);
    const installed = !spawnSync('promtool', ['--version']).error;
    if (installed) {
      const local = promtool.replaceAll(
        'docker run --rm -v "$PWD:/work" -w /work --entrypoint promtool prom/prometheus:v2.53.0',
        'promtool',
      );
      assert.notEqual(local, promtool);
      assert.equal(spawnSync('bash', ['-e', '-c', local], { cwd: dir }).status, 0);
    }
    const slo = path.join(dir, 'slos', 'payments-api.yaml');
    writeFileSync(slo, readFileSync(slo, 'utf8').replace('objective: 99.95', 'objective: 99.9'));
    assert.equal(run(guard!, dir), 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
