// Folder boundaries are process boundaries (after VS Code's code-layering rule, much smaller).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'no Node built-ins here' };
const electronPkg = { name: 'electron', message: 'only the Electron shell (electron/main.ts, window/, preload/, shell/) imports electron' };
const noRenderer = { group: ['**/renderer/**'], message: 'the renderer is reached only through the IPC contract in shared/' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronPkg, 'react', 'pg', 'ws'].map((p) => (typeof p === 'string' ? { name: p, message: 'shared/ is pure TypeScript' } : p)),
        patterns: [nodeBuiltins, noRenderer, { group: ['**/electron/**', '**/agent/**'], message: 'shared/ depends on nothing but zod' }],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'localStorage', 'navigator'],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/drivers/**/*.ts', 'electron/web/**/*.ts', 'electron/ipc/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronPkg],
        patterns: [noRenderer],
      }],
    },
  },
  {
    files: ['electron/ipc/**/*.ts'],
    rules: {
      // The IPC registrar takes Pick<IpcMain,…> so it is testable without Electron: type imports only.
      'no-restricted-imports': ['error', { patterns: [noRenderer] }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronPkg],
        patterns: [noRenderer, { group: ['**/drivers/**', '**/agent/**', '**/web/**'], message: 'core knows drivers only through the ClusterDriver interface' }],
      }],
    },
  },
  {
    files: ['agent/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronPkg],
        patterns: [noRenderer, { group: ['**/electron/**'], message: 'the agent runs without the app: share code through shared/ (shared/log, shared/postgres)' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [electronPkg, { name: 'pg', message: 'no database access from the renderer' }, { name: 'ws', message: 'use the browser WebSocket' }],
        patterns: [nodeBuiltins, { group: ['**/electron/**', '**/agent/**'], message: 'the renderer imports only shared/ and its own folders' }],
      }],
    },
  },
);
