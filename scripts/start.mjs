// The main job on the bundled example workspace: build, then check examples/ as CI would.
import { spawnSync } from 'node:child_process';

const step = (what, cmd, args) => {
  console.log(`\n▶ ${what}`);
  return spawnSync(cmd, args, { stdio: 'inherit' }).status;
};

if (
  step('Building the extension, the language server and the CLI', process.execPath, ['scripts/build.mjs']) !==
  0
)
  process.exit(1);
const status = step(
  'team-sre lint examples/  (examples/mistakes.yaml holds deliberate mistakes)',
  process.execPath,
  ['dist/cli.js', 'lint', 'examples'],
);
if (status === 1)
  console.log(
    '\nThe errors above are the deliberate ones of examples/mistakes.yaml; every other example file is clean.',
  );
process.exit(status === 1 || status === 0 ? 0 : (status ?? 1));
