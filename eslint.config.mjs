// Lint for Runlens: typed rules (no floating promises, exhaustive switches) and the layer boundaries of
// docs/architecture.md, enforced with no-restricted-imports so a layer that imports a forbidden one fails `npm run lint`.
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noVscode = {
  paths: [{ name: 'vscode', message: 'Only src/extension may import vscode (see docs/architecture.md).' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', '**/*.mjs', '**/*.js', '**/*.cjs', '*.vsix'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['src/*/lintFixture.ts', 'webview/*/lintFixture.ts'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A union that grows (a new message, a new run status) must be handled wherever it is switched on.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { ...noVscode, patterns: [{ group: ['**/extension/**', '**/webview/**'], message: 'Inner layers never import outer ones.' }] }],
    },
  },
  {
    // Over stdio the server's stdout is the protocol: a stray console.log would corrupt it. Log
    // through connection.console (the client's output channel) instead.
    files: ['src/server/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { ...noVscode, patterns: [{ group: ['**/extension/**', '**/webview/**', '**/cli/**', '**/server/**', '**/protocol/**', '**/views/**'], message: 'src/core imports only src/core: code building protocol payloads belongs in src/views.' }] }],
    },
  },
  {
    // View models: what a tree row or a webview shows, built from core's records in protocol's shapes.
    files: ['src/views/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { ...noVscode, patterns: [{ group: ['**/extension/**', '**/webview/**', '**/cli/**', '**/server/**'], message: 'src/views imports only src/core and src/protocol.' }] }],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: noVscode.paths, patterns: [{ group: ['node:*', '**/core/**', '**/views/**', '**/extension/**', '**/server/**', '**/cli/**', '**/webview/**'], message: 'src/protocol holds wire types only: no node:*, no other layer.' }] }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: noVscode.paths, patterns: [{ group: ['**/src/*', '!**/src/protocol', 'node:*'], message: 'webview/ imports only src/protocol.' }] }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
  },
);
