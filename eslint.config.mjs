import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Pure libraries: no vscode, no LSP, no adapter imports (see ARCHITECTURE.md). */
export const ENGINES = [
  'language',
  'rules',
  'budget',
  'postmortem',
  'prometheus',
  'team-report',
  'config',
  'fs',
];

/**
 * The files that run only under Node (the CLI, the desktop extension and the Node server use them): the disk
 * walk and reads of `src/fs/`, the postmortem writes of `src/postmortem/node/`, the Node server's entry. Every
 * other file of the engines, the server and the extension is in the web builds (github.dev, vscode.dev).
 */
export const NODE_ONLY = [
  'src/fs/read.ts',
  'src/fs/walk.ts',
  'src/postmortem/node/**/*.ts',
  'src/server/main.ts',
  'src/server/environment.ts',
  'src/server/transport.ts',
  'src/extension/main.ts',
  'src/extension/postmortem-disk.ts',
];

const NODE_MESSAGE =
  'This code runs in the browser too (the web extension and its web worker server): no Node built-in. Read files through the host (see ARCHITECTURE.md, "In the browser").';

/** Every Node built-in, as `node:x` and as its bare name (`fs`, `path`, `fs/promises`…). */
const nodeBuiltins = {
  paths: builtinModules.filter((m) => !m.startsWith('_')).map((name) => ({ name, message: NODE_MESSAGE })),
  patterns: [{ group: ['node:*', 'node:*/**'], message: NODE_MESSAGE }],
};

/** Node-only files of some folders: the same layering rule, without the ban on Node built-ins. */
const nodeOnlyIn = (folders) =>
  NODE_ONLY.filter((glob) => folders.some((folder) => glob.startsWith(`src/${folder}/`)));

/**
 * The import rule of some engines: never vscode, LSP or an adapter, never the layers named in `above`, and
 * (but in their Node-only files) never a Node built-in.
 */
function layer(engines, above) {
  const files = engines.map((engine) => `src/${engine}/**/*.ts`);
  const nodeOnly = nodeOnlyIn(engines);
  return [
    { files, rules: engineRule(above, true) },
    ...(nodeOnly.length ? [{ files: nodeOnly, rules: engineRule(above, false) }] : []),
  ];
}

function engineRule(above, web) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          { name: 'vscode', message: 'The engines are pure libraries: no vscode import.' },
          ...(web ? nodeBuiltins.paths : []),
        ],
        patterns: [
          {
            group: [
              '**/server/*',
              '**/cli/*',
              '**/extension/*',
              'vscode-languageserver*',
              'vscode-languageclient*',
            ],
            message: 'Engines do not depend on their adapters (server, CLI, extension) or on LSP.',
          },
          ...above,
          ...(web ? nodeBuiltins.patterns : []),
        ],
      },
    ],
  };
}

/** Nor the globals only Node has: a browser worker has no process, Buffer or setImmediate. */
const webGlobals = {
  files: ['src/**/*.ts'],
  ignores: [...NODE_ONLY, 'src/cli/**'],
  rules: {
    'no-restricted-globals': [
      'error',
      ...[
        'process',
        'Buffer',
        'setImmediate',
        'clearImmediate',
        'require',
        '__dirname',
        '__filename',
        'global',
      ].map((name) => ({ name, message: NODE_MESSAGE })),
    ],
  },
};

/** The server, the extension (outside their Node entries), the backtest and the protocol: no Node built-in. */
const webAdapters = {
  files: ['src/server/**/*.ts', 'src/extension/**/*.ts', 'src/backtest/**/*.ts', 'src/protocol/**/*.ts'],
  ignores: NODE_ONLY,
  rules: { 'no-restricted-imports': ['error', nodeBuiltins] },
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'out/**',
      '.vscode-test/**',
      'test/fixtures/**',
      'examples/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  // The engines are pure libraries: the server, the CLI and the extension are thin adapters around them.
  ...layer(ENGINES, []),
  webAdapters,
  webGlobals,
  // Below the settings: the language knows no settings module, postmortems or report.
  ...layer(
    ['language'],
    [
      {
        group: ['**/config/*', '**/postmortem/*', '**/team-report/*'],
        message: 'The language sits below the settings, postmortems and the report.',
      },
    ],
  ),
  // The lowest layer: the budget engine never sees a format, a setting or a server.
  ...layer(
    ['budget'],
    [
      {
        group: ['**/language/*', '**/config/*', '**/postmortem/*', '**/prometheus/*', '**/team-report/*'],
        message: 'The budget engine is the lowest layer: it never sees a format, a setting or a server.',
      },
    ],
  ),
  // Prometheus rules as data: below the language, which generates them; it knows no format.
  ...layer(
    ['rules'],
    [
      {
        group: ['**/language/*', '**/config/*', '**/postmortem/*', '**/prometheus/*', '**/team-report/*'],
        message: 'src/rules holds rules as data: it never sees a format, a setting or a server.',
      },
    ],
  ),
  // Text leaving the process: below every layer, it imports none of them.
  ...layer(
    ['text'],
    [
      {
        group: [
          '**/language/*',
          '**/budget/*',
          '**/config/*',
          '**/postmortem/*',
          '**/prometheus/*',
          '**/team-report/*',
          '**/fs/*',
          '**/protocol/*',
        ],
        message: 'src/text is the lowest layer: it imports no other.',
      },
    ],
  ),
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
