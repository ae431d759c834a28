import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Pure libraries: no vscode, no LSP, no adapter imports (see ARCHITECTURE.md). */
export const ENGINES = ['language', 'budget', 'postmortem', 'prometheus', 'team-report', 'config', 'fs'];

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
  {
    // The engines are pure libraries: the server, the CLI and the extension are thin adapters around them.
    files: ENGINES.map((engine) => `src/${engine}/**/*.ts`),
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
          ],
        },
      ],
    },
  },
  {
    // The layers below the settings: the budget engine knows no SLO format, the language knows no settings module.
    files: ['src/budget/**/*.ts', 'src/language/**/*.ts'],
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
            {
              group: ['**/config/*', '**/postmortem/*', '**/team-report/*'],
              message:
                'The language and the budget engine sit below the settings, postmortems and the report.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/budget/**/*.ts'],
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
            {
              group: [
                '**/language/*',
                '**/config/*',
                '**/postmortem/*',
                '**/prometheus/*',
                '**/team-report/*',
              ],
              message:
                'The budget engine is the lowest layer: it never sees a format, a setting or a server.',
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
