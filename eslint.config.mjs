import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** `import('x')` and `require('x')` for each module: a dynamic import crosses a boundary as surely as a static one. */
const dynamicImportsOf = (modules, message) =>
  modules.flatMap((name) => [
    { selector: `ImportExpression[source.value='${name}']`, message },
    { selector: `CallExpression[callee.name='require'][arguments.0.value='${name}']`, message },
  ]);

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'test-results', 'bench/.results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Everything but the renderer runs in Node (main, preload, services, CLI, tests, scripts).
    ignores: ['renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
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
            { group: ['electron/*'], message: 'The renderer talks to main only through the contract.' },
            {
              group: ['**/electron/services/**', '**/electron/store/**', '**/native/**'],
              message: 'The renderer reaches services only through the contract.',
            },
          ],
        },
      ],
      // TypeScript sees @types/node everywhere (one tsconfig), so name Node's globals here.
      'no-restricted-globals': [
        'error',
        ...[
          'process',
          'require',
          'module',
          'Buffer',
          'global',
          '__dirname',
          '__filename',
          'setImmediate',
        ].map((name) => ({ name, message: 'No Node globals in the renderer: it runs in a sandboxed page.' })),
      ],
      'no-restricted-syntax': [
        'error',
        ...dynamicImportsOf(['electron'], 'The renderer talks to main only through the contract.'),
        ...dynamicImportsOf(nodeBuiltins, 'No Node built-ins in the renderer.'),
        {
          selector:
            'JSXAttribute[name.name=/^on(TransitionRun|TransitionStart|TransitionCancel|AnimationStart|AnimationIteration)(Capture)?$/]',
          message:
            'The window stops these events before React (shell/motion-events.ts): this prop never fires.',
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
          patterns: [
            {
              group: ['electron/*'],
              message: 'Only electron/main and electron/preload may import electron.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...dynamicImportsOf(['electron'], 'Only electron/main and electron/preload may import electron.'),
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
