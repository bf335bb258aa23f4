// Type-checked rules catch the most common Bolt bug: an unawaited ack() or write (no-floating-promises).
// The layer rules keep the one-way shape of src/ (README "Architecture") true as the code grows.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Who may not import whom: each zone is "files in `target` must not import from `from`". */
const layers = [
  {
    target: './src/domain',
    from: './src',
    except: ['./domain'],
    message: 'domain/ holds the product’s types and imports nothing of ours.',
  },
  {
    target: './src/services',
    from: ['./src/views', './src/listeners', './src/messages', './src/jobs', './src/sandbox', './src/app.ts'],
    message: 'Use cases speak the domain: they emit announcements (services/ports.ts), never render or listen.',
  },
  {
    target: './src/views',
    from: ['./src/db', './src/listeners', './src/messages', './src/jobs', './src/sandbox'],
    message: 'Views are pure Block Kit over domain types.',
  },
  {
    target: './src/db',
    from: ['./src/services', './src/views', './src/listeners', './src/messages', './src/jobs', './src/sandbox'],
    message: 'db/ is SQL over domain types.',
  },
  {
    target: './src/messages',
    from: ['./src/listeners', './src/jobs', './src/sandbox'],
    message: 'messages/ turns announcements into outbox rows; it knows nothing of listeners or delivery.',
  },
  {
    target: ['./src/domain', './src/services', './src/views', './src/db', './src/messages', './src/jobs', './src/listeners', './src/slack', './src/app.ts', './src/runtime.ts'],
    from: './src/sandbox',
    message: 'Product code never imports the sandbox; only main.ts (the composition root) does.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/sandbox/web/dist/**', '*.config.js', '*.mjs', 'scripts/**/*.mjs', '**/*.mts'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/sandbox/web/**'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layers }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@slack/bolt', message: 'Only listeners/, app.ts and logger.ts speak Bolt.' }] },
      ],
    },
  },
  {
    // Bolt's own world: the listeners, the app and its receivers, and the logger adapter.
    files: ['src/listeners/**', 'src/app.ts', 'src/logger.ts', 'src/slack/**', 'src/server.ts', 'src/sandbox/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The sandbox page (Preact), linted like the rest with its own tsconfig.
    files: ['src/sandbox/web/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: false, project: './src/sandbox/web/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // tests say `rows[0]!` to read as "there is a first row"; the type system does not need it
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
);
