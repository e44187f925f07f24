import { builtinModules } from 'node:module'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Node built-ins, written both ways, for the folders that must run without Node (shared, renderer). */
const nodeBuiltins = ['node:*', ...builtinModules]

/** The dependency rule of DESIGN.md, checked by a machine: shared ← core ← (main, server, cli); shared ← preload, renderer. */
const layerRules = [
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'src/shared is pure TypeScript: no Node built-ins.' },
            {
              group: ['electron', 'better-sqlite3', 'react', 'react-dom'],
              message: 'src/shared has no runtime dependencies on hosts.',
            },
            {
              group: [
                '**/core/**',
                '**/main/**',
                '**/renderer/**',
                '**/server/**',
                '**/preload/**',
                '**/cli/**',
              ],
              message: 'src/shared depends on nothing else in the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron'], message: 'The core runs in plain Node: never import electron.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/server/**', '**/preload/**', '**/cli/**'],
              message: 'The core depends only on src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeBuiltins,
              message: 'The renderer has no Node: talk to the engine through lib/api.ts.',
            },
            { group: ['electron', 'better-sqlite3'], message: 'The renderer talks only to the contract.' },
            {
              group: ['**/core/**', '**/main/**', '**/server/**', '**/preload/**', '**/cli/**'],
              message: 'The renderer depends only on src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '**/main/**', '**/renderer/**', '**/server/**', '**/cli/**'],
              message: 'The preload depends only on src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron'], message: 'The browser shell and the CLI run in plain Node.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'Shells depend on core and shared only.',
            },
          ],
        },
      ],
    },
  },
]

export default tseslint.config(
  {
    ignores: [
      '.scratch/**',
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.electron-native/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...layerRules,
)
