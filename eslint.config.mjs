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

/** The import rule of some engines: never vscode, LSP or an adapter, and never the layers named in `above`. */
function layer(engines, above) {
  return {
    files: engines.map((engine) => `src/${engine}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The engines are pure libraries: no vscode import.' }],
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
          ],
        },
      ],
    },
  };
}

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
  layer(ENGINES, []),
  // Below the settings: the language knows no settings module, postmortems or report.
  layer(
    ['language'],
    [
      {
        group: ['**/config/*', '**/postmortem/*', '**/team-report/*'],
        message: 'The language sits below the settings, postmortems and the report.',
      },
    ],
  ),
  // The lowest layer: the budget engine never sees a format, a setting or a server.
  layer(
    ['budget'],
    [
      {
        group: ['**/language/*', '**/config/*', '**/postmortem/*', '**/prometheus/*', '**/team-report/*'],
        message: 'The budget engine is the lowest layer: it never sees a format, a setting or a server.',
      },
    ],
  ),
  // Prometheus rules as data: below the language, which generates them; it knows no format.
  layer(
    ['rules'],
    [
      {
        group: ['**/language/*', '**/config/*', '**/postmortem/*', '**/prometheus/*', '**/team-report/*'],
        message: 'src/rules holds rules as data: it never sees a format, a setting or a server.',
      },
    ],
  ),
  // Text leaving the process: below every layer, it imports none of them.
  layer(
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
