// ESLint: the import rules of ARCHITECTURE.md (layer boundaries, no cycles), kebab-case files, type-only imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import checkFile from 'eslint-plugin-check-file';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const layer = (target, from, message) => ({ target, from, message });
const src = (names) => names.map((n) => `./src/${n}`);

/** Every layer folder under src/ (main.tsx counts as app). */
const LAYERS = ['core', 'figures', 'node', 'workers', 'data', 'state', 'ui', 'features', 'app', 'cli', 'bench'];
/** All layers but `keep`: what a layer that may import only `keep` is forbidden. */
const allBut = (...keep) => src(LAYERS.filter((l) => !keep.includes(l)));

/**
 * The layer table of ARCHITECTURE.md as `import-x/no-restricted-paths` zones, relative to `root`. The feature folders
 * are read from `<root>/src/features`, so a new feature is fenced in the moment its folder exists. `coreTest`: the
 * zones for core's own tests, which may also read files through the Node layer.
 */
export function boundaryZones(root, coreTest) {
  const featuresDir = join(root, 'src/features');
  const features = existsSync(featuresDir) ? readdirSync(featuresDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
  return [
    layer('./src/core', coreTest ? allBut('core', 'node') : allBut('core'), coreTest ? 'core tests import core and the Node layer (src/node) only.' : 'core is pure: it imports only core.'),
    layer('./src/figures', allBut('core', 'figures'), 'figures (chart specs, palette, SVG drawing) import only core: they run in the page and in the CLI.'),
    layer('./src/node', allBut('core', 'node'), 'the Node layer (src/node) imports only core.'),
    layer('./src/workers', allBut('core', 'workers'), 'workers import only core.'),
    layer('./src/data', allBut('core', 'workers', 'data'), 'data imports core and (types of) workers.'),
    layer('./src/state', allBut('core', 'state'), 'state imports core types only.'),
    layer('./src/ui', allBut('core', 'figures', 'ui'), 'ui imports core and figures only.'),
    layer('./src/features', allBut('core', 'figures', 'workers', 'data', 'state', 'ui', 'features'), 'a feature imports core, figures, data, state and ui only.'),
    ...features.map((f) => ({ target: `./src/features/${f}`, from: './src/features', except: [`./${f}`], message: 'a feature never imports another feature.' })),
    layer(['./src/app', './src/main.tsx'], src(['node', 'cli', 'bench']), 'the app shell imports core, data, state, ui and features.'),
    layer('./src/cli', src(['data', 'state', 'ui', 'features', 'app', 'bench']), 'the CLI is a shell over core, figures, workers/services and the Node layer.'),
  ];
}

/**
 * Layers that may hold a worker's type but never its code (only data/ calls `new Worker`, by URL, not by import).
 * The pattern is on the import text, so it also catches `../../workers/x` from any depth.
 */
const noWorkerValues = {
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: [{ regex: '(^|/)workers(/|$)', allowTypeImports: true, message: 'only types of workers/ may be imported here; data/ starts workers by URL.' }] },
  ],
};

/**
 * The whole config for a checkout at `root` (tests lint fixture trees with the same rules).
 * `project`: the tsconfig the import resolver reads (paths, extensions); absent = the resolver's default lookup.
 */
export function overtonConfig(root, project) {
  const zones = (coreTest) => ({ 'import-x/no-restricted-paths': ['error', { basePath: root, zones: boundaryZones(root, coreTest) }] });
  return tseslint.config(
    { ignores: ['dist/', 'dist-cli/', 'dist-bench/', 'node_modules/', 'public/', 'test-results/', 'playwright-report/', '.bench-out/', 'test/fixtures/lint/'] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      files: ['**/*.{ts,tsx}'],
      languageOptions: { globals: { ...globals.browser, ...globals.node } },
      plugins: { 'import-x': importX, 'check-file': checkFile, 'react-hooks': reactHooks },
      settings: {
        // Without extensions + parsers import-x treats .ts files as unparseable, so no-cycle silently sees no edges.
        'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
        'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
        'import-x/resolver-next': [createTypeScriptImportResolver(project ? { project } : {})],
      },
      rules: {
        '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        'react-hooks/rules-of-hooks': 'error',
        'react-hooks/exhaustive-deps': 'warn',
        'import-x/no-cycle': ['error', { maxDepth: 8 }],
        'check-file/filename-naming-convention': ['error', { '**/*.{ts,tsx}': 'KEBAB_CASE' }, { ignoreMiddleExtensions: true }],
        'check-file/folder-naming-convention': ['error', { 'src/**/': 'KEBAB_CASE' }],
        ...zones(false),
      },
    },
    {
      // Plain-JS Node scripts (the CLI launcher, the CLI build, configs).
      files: ['**/*.{js,mjs}'],
      languageOptions: { globals: { ...globals.node } },
    },
    {
      // Tests may run a service directly to compute the numbers a view must show.
      files: ['src/{data,features,app}/**/*.{ts,tsx}', 'src/main.tsx'],
      ignores: ['**/*.test.{ts,tsx}'],
      rules: noWorkerValues,
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
      // Figures draw in the page and in the CLI (react-dom/server only): no DOM renderer, no Node modules.
      files: ['src/figures/**/*.{ts,tsx}'],
      ignores: ['src/figures/**/*.test.{ts,tsx}'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: ['fs', 'path', 'react-dom', 'react-dom/client'].map((name) => ({ name, message: 'figures are DOM- and Node-free (react-dom/server is the one renderer).' })),
            patterns: [{ group: ['node:*'], message: 'figures are DOM- and Node-free.' }],
          },
        ],
      },
    },
    {
      files: ['src/core/**/*.test.ts'],
      rules: zones(true),
    },
  );
}

const root = import.meta.dirname;
export default overtonConfig(root, join(root, 'tsconfig.node.json'));
