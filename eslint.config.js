// ESLint: the import rules of ARCHITECTURE.md (layer boundaries, no cycles), kebab-case files, type-only imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import checkFile from 'eslint-plugin-check-file';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const layer = (target, from, message) => ({ target, from, message });
const features = ['browse', 'metrics', 'embeddings', 'library'];

/** The layer table of ARCHITECTURE.md. Node-only tests of core may also read files through the CLI's fs source. */
const zones = (coreTest) => [
  layer('./src/core', ['./src/workers', './src/data', './src/state', './src/ui', './src/features', './src/app'], 'core is pure: it imports only core.'),
  coreTest
    ? { target: './src/core', from: './src/cli', except: ['./node-source.ts'], message: 'core tests may use only the fs source of the CLI.' }
    : layer('./src/core', ['./src/cli'], 'core is pure: it imports only core.'),
  layer('./src/workers', ['./src/data', './src/state', './src/ui', './src/features', './src/app', './src/cli'], 'workers import only core.'),
  layer('./src/data', ['./src/state', './src/ui', './src/features', './src/app', './src/cli'], 'data imports core and (types of) workers.'),
  layer('./src/state', ['./src/workers', './src/data', './src/ui', './src/features', './src/app', './src/cli'], 'state imports core types only.'),
  layer('./src/ui', ['./src/workers', './src/data', './src/state', './src/features', './src/app', './src/cli'], 'ui imports core types only.'),
  layer('./src/cli', ['./src/data', './src/state', './src/ui', './src/features', './src/app'], 'the CLI is a shell over core and workers/services.'),
  ...features.map((f) => ({ target: `./src/features/${f}`, from: './src/features', except: [`./${f}`], message: 'a feature never imports another feature.' })),
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'public/', 'test-results/', 'playwright-report/', '.bench-out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX, 'check-file': checkFile, 'react-hooks': reactHooks },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.node.json' })] },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'import-x/no-cycle': ['error', { maxDepth: 6 }],
      'check-file/filename-naming-convention': ['error', { '**/*.{ts,tsx}': 'KEBAB_CASE' }, { ignoreMiddleExtensions: true }],
      'check-file/folder-naming-convention': ['error', { 'src/**/': 'KEBAB_CASE' }],
      'import-x/no-restricted-paths': ['error', { zones: zones(false) }],
    },
  },
  {
    // Core must stay runnable in Node, workers and the page: no DOM or Node globals.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'react', 'react-dom'], message: 'core is DOM- and Node-free.' }] }],
    },
  },
  {
    files: ['src/core/**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: zones(true) }] },
  },
);
