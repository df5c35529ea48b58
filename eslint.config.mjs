import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'test-results', 'bench/.results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The renderer runs in a sandboxed page: no Node built-ins, no Electron, only the contract.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to main only through the contract.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'No Node built-ins in the renderer.' })),
          ],
          patterns: [
            {
              group: ['**/electron/services/**', '**/electron/store/**', '**/native/**'],
              message: 'The renderer reaches services only through the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // Services and the store run in plain Node (tests, CLI, host): Electron stays in main/preload.
    files: [
      'electron/services/**/*.ts',
      'electron/store/**/*.ts',
      'electron/contract/**/*.ts',
      'electron/host/**/*.ts',
      'electron/cli/**/*.ts',
      'native/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' },
          ],
        },
      ],
    },
  },
  {
    // The npm bin shim is plain CommonJS: it loads the built CLI.
    files: ['bin/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
